"""Warnings kept on purpose: shown with their reason, never hidden, never for errors."""

from __future__ import annotations

from decision_aid.content.errors import Problem
from decision_aid.content.lint import lint
from decision_aid.content.lint.exceptions import covers, kept
from decision_aid.content.model_parts import LintException
from tests.content.lint.lint_support import TODAY, MakeVariant, by_rule, only

RANGE = ", range: {low: 15, high: 25}"


def exceptions(*items: tuple[str, str, str]) -> str:
    lines = ["lint_exceptions:"]
    for rule, at, reason in items:
        lines += [f"  - rule: {rule}", f"    at: '{at}'", f"    reason: {reason}"]
    return "\n".join(lines) + "\nreferences:\n"


def test_a_kept_warning_becomes_a_note_with_its_reason(variant: MakeVariant) -> None:
    reason = "The trial gave no interval; its authors call the figures precise."
    loaded = variant(
        {
            "content.yaml": [
                (RANGE, ""),
                ("references:\n", exceptions(("ipdas.C5", "outcomes", reason))),
            ]
        }
    )
    problems = lint(loaded, TODAY)
    note = only(problems, "ipdas.C5")
    assert note.severity == "info"
    assert note.message.startswith(f"kept on purpose ({reason}): no figure has a range")
    assert kept(problems) == 1
    assert [p for p in problems if p.severity != "info"] == []


def test_an_error_cannot_be_kept(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "content.yaml": [
                ("description: You take one tablet each day.", "description: Pill."),
                (
                    "references:\n",
                    exceptions(("ipdas.Q3", "options[0]", "We describe it in the grid instead.")),
                ),
            ]
        }
    )
    problems = lint(loaded, TODAY)
    assert only(problems, "ipdas.Q3").severity == "error"
    problem = only(problems, "lint.exception")
    assert problem.severity == "error"
    assert problem.path == "lint_exceptions[0]"
    assert "errors cannot be kept" in problem.message


def test_an_exception_that_matches_nothing_is_a_warning(variant: MakeVariant) -> None:
    stale = exceptions(("risk.horizon", "outcomes[1]", "The trial reported one year only."))
    problem = only(
        lint(variant({"content.yaml": [("references:\n", stale)]}), TODAY), "lint.exception"
    )
    assert problem.severity == "warning"
    assert "no 'risk.horizon' warning at 'outcomes[1]' to keep" in problem.message


def test_a_reason_must_say_why(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "content.yaml": [
                (RANGE, ""),
                ("references:\n", exceptions(("ipdas.C5", "outcomes", "ok"))),
            ]
        }
    )
    problems = by_rule(lint(loaded, TODAY), "lint.exception")
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].path == "lint_exceptions[0].reason"


def test_a_place_covers_what_is_under_it_only() -> None:
    problem = Problem("content.yaml", 1, "outcomes[1].figures.a.count", "m", "warning", "risk.x")
    assert covers(LintException(rule="risk.x", at="outcomes[1]", reason="r"), problem)
    assert covers(LintException(rule="risk.x", at="outcomes[1].figures", reason="r"), problem)
    assert not covers(LintException(rule="risk.y", at="outcomes[1]", reason="r"), problem)
    other = Problem("content.yaml", 1, "outcomes[10].figures", "m", "warning", "risk.x")
    assert not covers(LintException(rule="risk.x", at="outcomes[1]", reason="r"), other)
