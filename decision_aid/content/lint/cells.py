"""Grid cells a patient reads at a glance: one or two plain sentences.

An Option Grid cell answers its question in a sentence or two; the figures behind it,
and how a trial measured them, go in the cell's ``detail``, which the screens show when
the cell is opened (with its certainty and sources). Two warnings:

* ``grid.long-cell``: a cell's ``text`` has more than two sentences;
* ``grid.trial-statistics``: a cell's ``text`` gives trial statistics: a change in points
  on a rating scale ("rose by 32.5 points on a 0 to 100 scale"), a decimal, or the terms
  of a statistics report (confidence interval, p value, hazard or odds ratio, mean
  difference, effect size, number needed to treat, statistically significant).

Plain natural frequencies ("44 out of 100 had less pain") are what a cell should give
and are not flagged. The rules read English only; a pack in another source language gets
one info note. Each ``find_*`` function takes one text, so the rules can be tested on
sentences without a pack.
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import is_english, sentences, shorten
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _

MAX_SENTENCES = 2
"""A cell holds at most this many sentences."""

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


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """A warning for each grid cell with more than two sentences or with trial statistics."""
    language = loaded.meta.source_language
    if not is_english(language):
        return [
            loaded.problem(
                "pack",
                ("source_language",),
                _(
                    "grid cells not checked for length and trial statistics in {language}; "
                    "check by hand that each holds one or two plain sentences"
                ).format(language=language),
                severity="info",
                rule="grid.language",
            )
        ]
    out: list[Problem] = []
    for qi, question in enumerate(loaded.content.questions):
        for key, cell in question.answers.items():
            loc = ("questions", qi, "answers", key, "text")
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
            found = find_trial_statistics(cell.text)
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
    return out
