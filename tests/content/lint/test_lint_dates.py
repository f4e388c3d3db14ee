"""Expiry and review dates against the injected clock (minimal pack: review due
2027-01-10, expires 2028-01-10)."""

from __future__ import annotations

from datetime import date

from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import MINIMAL, by_rule, only


def test_an_expired_pack_is_an_error() -> None:
    problems = lint(load_pack(MINIMAL), date(2028, 1, 11))
    problem = only(problems, "dates.expired")
    assert problem.severity == "error"
    assert problem.path == "expires"
    assert "the pack expired on 2028-01-10" in problem.message
    assert by_rule(problems, "dates.review-due") == []


def test_a_pack_is_not_expired_on_its_last_day() -> None:
    assert by_rule(lint(load_pack(MINIMAL), date(2028, 1, 10)), "dates.expired") == []


def test_an_overdue_review_is_a_warning() -> None:
    problem = only(lint(load_pack(MINIMAL), date(2027, 1, 12)), "dates.review-due")
    assert problem.severity == "warning"
    assert problem.path == "review_due"
    assert "was due on 2027-01-10 (2 days ago)" in problem.message


def test_a_review_due_within_60_days_is_info() -> None:
    problem = only(lint(load_pack(MINIMAL), date(2026, 12, 1)), "dates.review-due")
    assert problem.severity == "info"
    assert "is due in 40 days (2027-01-10)" in problem.message


def test_a_review_due_today_is_info() -> None:
    problem = only(lint(load_pack(MINIMAL), date(2027, 1, 10)), "dates.review-due")
    assert problem.severity == "info"
    assert "is due today" in problem.message


def test_a_distant_review_is_not_mentioned() -> None:
    problems = lint(load_pack(MINIMAL), date(2026, 11, 10))
    assert by_rule(problems, "dates.review-due") == []
    assert by_rule(problems, "dates.expired") == []
