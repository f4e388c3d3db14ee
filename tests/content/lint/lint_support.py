"""Helpers shared by the linter tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from decision_aid.content.errors import Problem, Severity
from decision_aid.content.loader import LoadedPack

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MINIMAL = FIXTURES / "packs" / "minimal"
"""The minimal valid pack shared by every test."""
SCREENING = FIXTURES / "lint" / "screening"
"""A complete screening pack that lints clean."""

Edits = dict[str, list[tuple[str, str]]]
"""Text edits by file: each (old, new) replaces the first occurrence of old."""
MakeVariant = Callable[..., LoadedPack]
MakeDir = Callable[..., Path]

TODAY = date(2026, 3, 1)
"""The injected clock for tests that do not test dates: after published, before review_due."""


def by_rule(problems: list[Problem], rule: str) -> list[Problem]:
    """The problems of one rule."""
    return [p for p in problems if p.rule == rule]


def only(problems: list[Problem], rule: str, severity: Severity | None = None) -> Problem:
    """The single problem of a rule (and severity), failing the test when there is not one."""
    found = [p for p in by_rule(problems, rule) if severity is None or p.severity == severity]
    assert len(found) == 1, f"expected one {rule} problem, got: {[str(p) for p in problems]}"
    return found[0]


def severities(problems: list[Problem], severity: Severity) -> list[Problem]:
    """The problems of one severity."""
    return [p for p in problems if p.severity == severity]
