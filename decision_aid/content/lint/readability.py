"""Reading grade of the English text, by three formulas (via textstat).

Patient text should read at about grade 8 or below. One formula can be tuned to: a text
written to Flesch-Kincaid's limit may score grade 9 to 12 by others. So every English
text of at least ``MIN_WORDS`` words is measured three ways:

* Flesch-Kincaid grade (syllables per word, words per sentence);
* Coleman-Liau index (letters per word, sentences per word);
* Automated Readability Index, ARI (characters per word, words per sentence).

``readability`` warns when at least ``FORMULAS_OVER`` of the three are above grade 8,
and gives all three. One note per pack (rule ``readability.summary``) gives the median
and highest grade of each formula. Only English is measured: the formulas are
English-specific, so other source languages and every translation get an info note.

textstat is imported on first use, not with the linter. Its first grade loads the CMU
pronouncing dictionary (a few tenths of a second, once per process). textstat is pinned
to a release that ships that dictionary; later 0.7 releases download it through NLTK at
run time, which a linter must never do (a test blocks the network to prove it).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import is_english, located_strings, word_count
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _

MAX_GRADE = 8.0
"""Highest acceptable reading grade."""
FORMULAS_OVER = 2
"""A text is too hard when this many of the three formulas put it above ``MAX_GRADE``."""
MIN_WORDS = 9
"""Shorter texts are not measured: the formulas mean little on a few words."""
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""Web and e-mail addresses (a support resource's contact): not words, so not measured."""


@dataclass(frozen=True)
class Grades:
    """A text's reading grade by each formula."""

    flesch_kincaid: float
    coleman_liau: float
    ari: float

    def values(self) -> tuple[float, float, float]:
        return (self.flesch_kincaid, self.coleman_liau, self.ari)

    def over(self, limit: float = MAX_GRADE) -> int:
        """How many of the three formulas put the text above ``limit``."""
        return sum(grade > limit for grade in self.values())


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of an English text."""
    import textstat  # type: ignore[import-untyped]

    return float(textstat.flesch_kincaid_grade(text))


def reading_grades(text: str) -> Grades:
    """The three reading grades of an English text, each rounded to one decimal."""
    import textstat

    return Grades(
        round(float(textstat.flesch_kincaid_grade(text)), 1),
        round(float(textstat.coleman_liau_index(text)), 1),
        round(float(textstat.automated_readability_index(text)), 1),
    )


def _not_measured(loaded: LoadedPack, part: str, loc: tuple[str, ...], locale: str) -> Problem:
    return loaded.problem(
        part,
        loc,
        _(
            "reading grade not measured for {locale}; ask a native speaker to check the text "
            "is plain"
        ).format(locale=locale),
        severity="info",
        rule="readability",
    )


def _summary(loaded: LoadedPack, measured: list[Grades]) -> Problem:
    def column(index: int) -> tuple[str, str]:
        grades = [g.values()[index] for g in measured]
        return f"{statistics.median(grades):.1f}", f"{max(grades):.1f}"

    (fk_median, fk_high), (cl_median, cl_high), (ari_median, ari_high) = (
        column(0),
        column(1),
        column(2),
    )
    return loaded.problem(
        "pack",
        ("source_language",),
        _(
            "reading grades of {n} English texts (median, highest): Flesch-Kincaid "
            "{fk_median}, {fk_high}; Coleman-Liau {cl_median}, {cl_high}; ARI {ari_median}, "
            "{ari_high}"
        ).format(
            n=len(measured),
            fk_median=fk_median,
            fk_high=fk_high,
            cl_median=cl_median,
            cl_high=cl_high,
            ari_median=ari_median,
            ari_high=ari_high,
        ),
        severity="info",
        rule="readability.summary",
    )


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """A warning for each long English text that two formulas put above grade 8; info for
    the pack's grades and for languages that are not measured."""
    out: list[Problem] = []
    language = loaded.meta.source_language
    if is_english(language):
        measured: list[Grades] = []
        for item in located_strings(loaded):
            text = ADDRESS.sub("", item.text)
            if word_count(text) < MIN_WORDS:
                continue
            grades = reading_grades(text)
            measured.append(grades)
            if grades.over() >= FORMULAS_OVER:
                out.append(
                    loaded.problem(
                        item.part,
                        item.loc,
                        _(
                            "reading grade above {limit} by {count} of 3 formulas "
                            "(Flesch-Kincaid {fk}, Coleman-Liau {cl}, ARI {ari}); use "
                            "shorter sentences and everyday words"
                        ).format(
                            limit=f"{MAX_GRADE:.0f}",
                            count=grades.over(),
                            fk=f"{grades.flesch_kincaid:.1f}",
                            cl=f"{grades.coleman_liau:.1f}",
                            ari=f"{grades.ari:.1f}",
                        ),
                        severity="warning",
                        rule="readability",
                    )
                )
        if measured:
            out.append(_summary(loaded, measured))
    else:
        out.append(_not_measured(loaded, "pack", ("source_language",), language))
    for locale in loaded.translations:
        out.append(_not_measured(loaded, locale, ("locale",), locale))
    return out
