"""Warnings a pack keeps on purpose (``lint_exceptions``), each with its reason, never hidden.

An exception names a rule and where (the field path the linter prints, or its start:
``outcomes[2]`` covers ``outcomes[2].figures.no-test.count``). A warning it matches is
reported as a note that starts with 'kept on purpose' and gives the reason, and counts
as kept, not as a warning. Errors are never kept: an exception that matches one is an
error itself (``lint.exception``), and so is one without a reason of a few words. An
exception that matches nothing is a warning, so stale ones are removed.
"""

from __future__ import annotations

from dataclasses import replace

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import too_thin
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model_parts import LintException
from decision_aid.i18n import _

MIN_REASON_WORDS = 4
"""Fewest words a reason needs: enough for a reviewer to judge it."""


def covers(exception: LintException, problem: Problem) -> bool:
    """Whether ``exception`` names this problem's rule and place."""
    if problem.rule != exception.rule:
        return False
    at = exception.at
    path = problem.path
    return path == at or path.startswith((at + ".", at + "["))


def apply(loaded: LoadedPack, problems: list[Problem]) -> list[Problem]:
    """The problems with every kept warning turned into a note, plus the exceptions' own."""
    exceptions = loaded.content.lint_exceptions
    if not exceptions:
        return problems
    used = [False] * len(exceptions)
    out: list[Problem] = []
    for problem in problems:
        index = next((i for i, e in enumerate(exceptions) if covers(e, problem)), None)
        if index is None or problem.severity == "info":
            out.append(problem)
            continue
        used[index] = True
        if problem.severity == "error":
            out.append(problem)
            out.append(
                loaded.problem(
                    "content",
                    ("lint_exceptions", index),
                    _(
                        "'{rule}' at '{at}' is an error, and errors cannot be kept; fix it "
                        "and remove this exception"
                    ).format(rule=problem.rule, at=problem.path),
                    rule="lint.exception",
                )
            )
            continue
        reason = exceptions[index].reason
        out.append(
            replace(
                problem,
                severity="info",
                kept=True,
                message=_("kept on purpose ({reason}): {message}").format(
                    reason=reason, message=problem.message
                ),
            )
        )
    for index, exception in enumerate(exceptions):
        if too_thin(exception.reason, MIN_REASON_WORDS):
            out.append(
                loaded.problem(
                    "content",
                    ("lint_exceptions", index, "reason"),
                    _(
                        "the reason for keeping '{rule}' says too little; say in a sentence "
                        "why the warning does not apply here"
                    ).format(rule=exception.rule),
                    rule="lint.exception",
                )
            )
        if not used[index]:
            out.append(
                loaded.problem(
                    "content",
                    ("lint_exceptions", index),
                    _(
                        "no '{rule}' warning at '{at}' to keep; the pack changed, so remove "
                        "this exception or fix its rule and place"
                    ).format(rule=exception.rule, at=exception.at),
                    severity="warning",
                    rule="lint.exception",
                )
            )
    return out


def kept(problems: list[Problem]) -> int:
    """How many warnings a pack keeps on purpose."""
    return sum(p.kept for p in problems)
