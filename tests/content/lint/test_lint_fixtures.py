"""Each rule on framing, figures and plain words: its failing fixture fails, its passing one passes.

The fixtures are made by ``tests/fixtures/make_lint_fixtures.py``; each says in its
``pack.yaml`` what it shows.
"""

from __future__ import annotations

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import FIXTURES, TODAY, by_rule

LINT = FIXTURES / "lint"

FAILING: list[tuple[str, str, str, int]] = [
    ("horizon-fails", "risk.horizon", "warning", 1),
    ("figures-balance-fails", "balance.figures", "warning", 1),
    ("range-edge-fails", "risk.range-edge", "warning", 1),
    ("disagreement-fails", "evidence.disagreement", "warning", 1),
    ("disagreement-unshown-fails", "evidence.disagreement", "warning", 1),
    ("zero-count-fails", "risk.zero-count", "warning", 1),
    ("repeated-time-frame-fails", "risk.repeated-time-frame", "warning", 1),
    ("long-cell-fails", "grid.long-cell", "warning", 1),
    ("placeholder-en-fails", "text.placeholder", "error", 1),
    ("placeholder-ar-fails", "text.placeholder", "error", 1),
    ("placeholder-cy-fails", "text.placeholder", "error", 1),
    ("jargon-fails", "plain.jargon", "warning", 2),
    ("glossary-translation-fails", "glossary.translation", "warning", 1),
    ("harms-only", "ipdas.C1", "warning", 1),
    ("http-reference", "references.http", "warning", 1),
]
PASSING: list[tuple[str, str]] = [
    ("horizon-passes", "risk.horizon"),
    ("figures-balance-passes", "balance.figures"),
    ("range-edge-passes", "risk.range-edge"),
    ("disagreement-passes", "evidence.disagreement"),
    ("zero-by-definition-passes", "risk.zero-count"),
    ("zero-events-passes", "risk.zero-count"),
    ("repeated-time-frame-passes", "risk.repeated-time-frame"),
    ("long-cell-passes", "grid.long-cell"),
    ("placeholder-passes", "text.placeholder"),
    ("jargon-passes", "plain.jargon"),
    ("glossary-translation-passes", "glossary.translation"),
    ("glossary-translation-passes", "translation.unknown"),
    ("jargon-passes", "glossary.unused"),
    ("new-author-passes", "references.http"),
]
CLEAN = [
    "horizon-passes",
    "figures-balance-passes",
    "range-edge-passes",
    "disagreement-passes",
    "zero-by-definition-passes",
    "zero-events-passes",
    "repeated-time-frame-passes",
    "long-cell-passes",
    "jargon-passes",
    "new-author-passes",
    "harms-only-kept",
    "format-extras",
]
"""Fixtures with no error and no warning at all."""


@pytest.mark.parametrize(("name", "rule", "severity", "count"), FAILING)
def test_failing_fixture_fails_its_rule(name: str, rule: str, severity: str, count: int) -> None:
    found = [p for p in by_rule(lint(load_pack(LINT / name), TODAY), rule)]
    assert [p.severity for p in found] == [severity] * count, [str(p) for p in found]


@pytest.mark.parametrize(("name", "rule"), PASSING)
def test_passing_fixture_passes_its_rule(name: str, rule: str) -> None:
    assert by_rule(lint(load_pack(LINT / name), TODAY), rule) == []


@pytest.mark.parametrize("name", CLEAN)
def test_clean_fixture_has_no_error_or_warning(name: str) -> None:
    problems = lint(load_pack(LINT / name), TODAY)
    assert [str(p) for p in problems if p.severity != "info"] == []
