"""Grid cells a patient reads at a glance: one or two plain sentences.

An Option Grid cell answers its question in a sentence or two; the figures behind it,
and how a trial measured them, go in the cell's ``detail``, which the screens show when
the cell is opened (with its certainty and sources). Two warnings:

* ``grid.long-cell``: a cell's ``text`` has more than two sentences, or more than
  ``MAX_WORDS`` words (in the source language and in every translation);
* ``grid.trial-statistics``: a cell's ``text`` gives trial statistics: a change in points
  on a rating scale ("rose by 32.5 points on a 0 to 100 scale"), a decimal, or the terms
  of a statistics report (confidence interval, p value, hazard or odds ratio, mean
  difference, effect size, number needed to treat, statistically significant).

Plain natural frequencies ("44 out of 100 had less pain") are what a cell should give
and are not flagged. Sentences and words are counted in any language; trial statistics
are found in English only, and a pack in another source language gets one info note for
them. Each ``find_*`` function takes one text, so the rules can be tested on sentences
without a pack.
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import Loc, is_english, sentences, shorten, word_count
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _

MAX_SENTENCES = 2
"""A cell holds at most this many sentences."""
MAX_WORDS = 50
"""A cell holds at most this many words, in any language (Option Grid cells hold about 25;
translations run longer than English)."""

_RANGE = r"\d+\s*(?:to|-|–)\s*\d+"
_STATISTICS = re.compile(
    "|".join(
        (
            r"\b\d+(?:\.\d+)?\s+points?\b",
            rf"\bscale\s+(?:of\s+|from\s+)?{_RANGE}\b",
            rf"\b{_RANGE}\s+(?:point\s+)?scale\b",
            r"(?<![\d.,])\d+\.\d+(?![\d.])",
            r"\bconfidence\s+intervals?\b|\b95\s*%\s*CI\b|\bCI\b",
            r"\bp\s*[<=>≤]\s*0?\.\d+",
            r"\bp[- ]values?\b",
            r"\b(?:hazard|odds|risk|rate)\s+ratios?\b",
            r"\b(?:standardi[sz]ed\s+)?mean\s+differences?\b|\bSMD\b",
            r"\beffect\s+sizes?\b",
            r"\bnumbers?\s+needed\s+to\s+(?:treat|harm)\b|\bNN[TH]\b",
            r"\bstatistically\s+(?:significant|significantly)\b",
        )
    ),
    re.IGNORECASE,
)


def find_trial_statistics(text: str) -> list[str]:
    """The trial statistics in a text: scale points, decimals and statistics terms."""
    return [match.group(0) for match in _STATISTICS.finditer(text)]


def sentence_count(text: str) -> int:
    """How many sentences a text has (split at '.', '!' or '?' before a space)."""
    return len(sentences(text))


def _too_many_words(loaded: LoadedPack, part: str, loc: Loc, text: str, what: str) -> list[Problem]:
    count = word_count(text)
    if count <= MAX_WORDS:
        return []
    return [
        loaded.problem(
            part,
            loc,
            _(
                "{what} has {count} words; keep a cell to {limit} words or fewer, in one or "
                "two plain sentences, and move the rest to its 'detail'"
            ).format(what=what, count=count, limit=MAX_WORDS),
            severity="warning",
            rule="grid.long-cell",
        )
    ]


def _translated_cells(loaded: LoadedPack) -> list[Problem]:
    """Cells of every translation that are too long to read at a glance."""
    out: list[Problem] = []
    for locale, translation in loaded.translations.items():
        for key, text in translation.strings.items():
            parts = key.split(".")
            if len(parts) == 5 and parts[0] == "questions" and parts[4] == "text":
                what = _("the {locale} answer for '{option}' to '{question}'").format(
                    locale=locale, option=parts[3], question=parts[1]
                )
                out += _too_many_words(loaded, locale, ("strings", key), text, what)
    return out


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """A warning for each grid cell too long to read at a glance or with trial statistics."""
    language = loaded.meta.source_language
    english = is_english(language)
    out: list[Problem] = []
    if not english:
        out.append(
            loaded.problem(
                "pack",
                ("source_language",),
                _(
                    "grid cells not checked for trial statistics in {language}; check by "
                    "hand that each gives plain figures, not a trial's statistics"
                ).format(language=language),
                severity="info",
                rule="grid.language",
            )
        )
    for qi, question in enumerate(loaded.content.questions):
        for key, cell in question.answers.items():
            loc = ("questions", qi, "answers", key, "text")
            what = _("the answer for '{option}' to '{question}'").format(
                option=key, question=question.id
            )
            out += _too_many_words(loaded, "content", loc, cell.text, what)
            count = sentence_count(cell.text)
            if count > MAX_SENTENCES:
                out.append(
                    loaded.problem(
                        "content",
                        loc,
                        _(
                            "the answer for '{option}' to '{question}' has {count} sentences; "
                            "keep a cell to one or two plain sentences and move the rest to "
                            "its 'detail', shown when the cell is opened"
                        ).format(option=key, question=question.id, count=count),
                        severity="warning",
                        rule="grid.long-cell",
                    )
                )
            found = find_trial_statistics(cell.text) if english else []
            if found:
                out.append(
                    loaded.problem(
                        "content",
                        loc,
                        _(
                            "the answer for '{option}' to '{question}' gives trial statistics "
                            "('{phrase}' in '{text}'); say what it means in plain words and "
                            "move the figures to the cell's 'detail'"
                        ).format(
                            option=key,
                            question=question.id,
                            phrase=found[0],
                            text=shorten(cell.text, 40),
                        ),
                        severity="warning",
                        rule="grid.trial-statistics",
                    )
                )
    return out + _translated_cells(loaded)
