"""The content-pack linter: evidence, risk-communication and readability rules.

Loading (:mod:`decision_aid.content.loader`) already refuses packs that break the format;
the linter reads a valid pack and reports what an author should still fix. Each rule
module has a ``check(loaded, today)`` function returning :class:`Problem` objects with a
``rule`` name; :func:`lint` runs them all. ``today`` is always passed in, so the date
rules can be tested. Nothing here imports Qt.

Rules:

* ``ipdas.Q1``-``Q6``, ``ipdas.C1``-``C6``, ``balance`` (:mod:`.ipdas`), ``ipdas.S1``-``S4``
  (:mod:`.screening`): IPDAS minimum standards;
* ``risk.one-in-x``, ``risk.relative-only``, ``risk.vague-word`` (:mod:`.risk`) and
  ``risk.denominator`` (:mod:`.figures`): honest risk communication;
* ``readability`` (:mod:`.readability`): Flesch-Kincaid grade of English text;
* ``grid.long-cell``, ``grid.trial-statistics`` (:mod:`.cells`): grid cells of one or two
  plain sentences, with trial statistics in the cell's detail;
* ``dates.expired``, ``dates.review-due`` (:mod:`.dates`);
* ``evidence.document``, ``review.example`` (:mod:`.evidence`);
* ``translation.coverage``, ``translation.missing``, ``translation.unknown``,
  ``translation.blank`` (:mod:`.translations`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint import (
    cells,
    dates,
    evidence,
    figures,
    ipdas,
    readability,
    risk,
    screening,
    translations,
)
from decision_aid.content.loader import LoadedPack

Check = Callable[[LoadedPack, date], list[Problem]]

CHECKS: tuple[Check, ...] = (
    ipdas.check,
    screening.check,
    risk.check,
    figures.check,
    readability.check,
    cells.check,
    dates.check,
    evidence.check,
    translations.check,
)
"""Every rule module's check, in the order their problems are reported within a severity."""

_RANK = {"error": 0, "warning": 1, "info": 2}


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, then info; within each, by file and line."""
    return sorted(problems, key=lambda p: (_RANK[p.severity], p.file, p.line or 0))


def lint(loaded: LoadedPack, today: date) -> list[Problem]:
    """Every lint problem of a loaded pack, errors first. ``today`` is the injected clock."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems += check(loaded, today)
    return sort_problems(problems)


__all__ = ["CHECKS", "Check", "lint", "sort_problems"]
