"""The content-pack linter: evidence, risk-communication and readability rules.

Loading (:mod:`decision_aid.content.loader`) already refuses packs that break the format;
the linter reads a valid pack and reports what an author should still fix. Each rule
module has a ``check(loaded, today)`` function returning :class:`Problem` objects with a
``rule`` name; :func:`lint` runs them all. ``today`` is always passed in, so the date
rules can be tested. Nothing here imports Qt.

Rules:

* ``ipdas.Q1``-``Q6``, ``ipdas.C1``-``C6``, ``balance`` (:mod:`.ipdas`), ``ipdas.S1``-``S4``
  (:mod:`.screening`): whether what the IPDAS minimum standards need is present, with
  one summary note, ``ipdas.present``;
* ``risk.one-in-x``, ``risk.relative-only``, ``risk.vague-word`` (:mod:`.risk`);
  ``risk.denominator``, ``risk.valence``, ``risk.no-data``, ``risk.zero-count``,
  ``risk.range-edge``, ``risk.repeated-time-frame`` (:mod:`.figures`); ``risk.horizon``,
  ``balance.figures``, ``evidence.disagreement`` (:mod:`.outcomes`): honest risk
  communication;
* ``readability``, ``readability.summary`` (:mod:`.readability`): three reading-grade
  formulas on English text; ``plain.jargon``, ``glossary.unused`` (:mod:`.jargon`);
* ``text.placeholder`` (:mod:`.placeholders`): filler instead of text, in any language;
  ``template.text``: a template's instruction in square brackets not yet replaced;
* ``grid.long-cell``, ``grid.trial-statistics`` (:mod:`.cells`): grid cells of one or two
  plain sentences, with trial statistics in the cell's detail;
* ``dates.expired``, ``dates.review-due`` (:mod:`.dates`);
* ``evidence.document``, ``references.http``, ``review.example`` (:mod:`.evidence`);
  ``review.sign-off``, ``changelog.version`` (:mod:`.review`);
* ``translation.coverage``, ``translation.missing``, ``translation.unknown``,
  ``translation.same`` (:mod:`.translations`); ``translation.stale``,
  ``translation.no-hashes``, ``translation.unchecked``, ``translation.hash`` (:mod:`.stale`);
  ``translation.numbers`` (:mod:`.numbers`);
* ``lint.exception`` (:mod:`.exceptions`): the pack's warnings kept on purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint import (
    cells,
    dates,
    evidence,
    exceptions,
    figures,
    ipdas,
    jargon,
    numbers,
    outcomes,
    placeholders,
    readability,
    review,
    risk,
    screening,
    stale,
    translations,
)
from decision_aid.content.loader import LoadedPack

Check = Callable[[LoadedPack, date], list[Problem]]

CHECKS: tuple[Check, ...] = (
    ipdas.check,
    screening.check,
    placeholders.check,
    risk.check,
    figures.check,
    outcomes.check,
    readability.check,
    jargon.check,
    cells.check,
    dates.check,
    evidence.check,
    review.check,
    translations.check,
    stale.check,
    numbers.check,
)
"""Every rule module's check, in the order their problems are reported within a severity."""

_RANK = {"error": 0, "warning": 1, "info": 2}


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first, then warnings, then info; within each, by file and line."""
    return sorted(problems, key=lambda p: (_RANK[p.severity], p.file, p.line or 0))


def _without_repeats(problems: list[Problem]) -> list[Problem]:
    """A placeholder an IPDAS criterion already reports at the same place is said once."""
    criteria = {
        (p.file, p.path) for p in problems if p.rule.startswith("ipdas.") and p.severity == "error"
    }
    return [
        p for p in problems if not (p.rule == "text.placeholder" and (p.file, p.path) in criteria)
    ]


def lint(loaded: LoadedPack, today: date) -> list[Problem]:
    """Every lint problem of a loaded pack, errors first. ``today`` is the injected clock."""
    problems: list[Problem] = []
    for check in CHECKS:
        problems += check(loaded, today)
    problems = exceptions.apply(loaded, _without_repeats(problems))
    problems.append(ipdas.present_summary(loaded, problems))
    return sort_problems(problems)


__all__ = ["CHECKS", "Check", "lint", "sort_problems"]
