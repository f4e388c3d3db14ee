"""Reading grade of the English text (Flesch-Kincaid grade, via textstat).

Patient text should read at about grade 8 or below. Only English is measured: the
formula is English-specific, so other source languages and every translation get an
info note instead.

textstat is imported on first use, not with the linter. Its first grade loads the CMU
pronouncing dictionary (a few tenths of a second, once per process). textstat is pinned
to a release that ships that dictionary; later 0.7 releases download it through NLTK at
run time, which a linter must never do (a test blocks the network to prove it).
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import is_english, located_strings, word_count
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _

MAX_GRADE = 8.0
"""Highest acceptable reading grade."""
MIN_WORDS = 9
"""Shorter texts are not measured: the formula means little on a few words."""
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""Web and e-mail addresses (a support resource's contact): not words, so not measured."""


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of an English text."""
    import textstat  # type: ignore[import-untyped]

    return float(textstat.flesch_kincaid_grade(text))


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


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """A warning for each long English text above grade 8; info for other languages."""
    out: list[Problem] = []
    language = loaded.meta.source_language
    if is_english(language):
        for item in located_strings(loaded):
            text = ADDRESS.sub("", item.text)
            if word_count(text) < MIN_WORDS:
                continue
            grade = round(reading_grade(text), 1)
            if grade > MAX_GRADE:
                out.append(
                    loaded.problem(
                        item.part,
                        item.loc,
                        _(
                            "reading grade {grade} is above {limit}; use shorter "
                            "sentences and everyday words"
                        ).format(grade=f"{grade:.1f}", limit=f"{MAX_GRADE:.0f}"),
                        severity="warning",
                        rule="readability",
                    )
                )
    else:
        out.append(_not_measured(loaded, "pack", ("source_language",), language))
    for locale in loaded.translations:
        out.append(_not_measured(loaded, locale, ("locale",), locale))
    return out
