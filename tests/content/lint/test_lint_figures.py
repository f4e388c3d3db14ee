"""Figures one by one: a bare 0, a best estimate at its range's end, a repeated time frame."""

from __future__ import annotations

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.lint.figures import at_range_edge, repeated_time_frame, zero_problem
from decision_aid.content.loader import load_pack
from decision_aid.content.model import Figure
from tests.content.lint.lint_support import FIXTURES, TODAY, MakeVariant, by_rule, only

LINT = FIXTURES / "lint"
SICK_NOTHING = "nothing: {count: 2, out_of: 100, over: 1 year}"


def figure(**fields: object) -> Figure:
    return Figure.model_validate({"out_of": 100, "over": "1 year", **fields})


def test_a_bare_zero_asks_whether_it_is_by_definition() -> None:
    problem = only(lint(load_pack(LINT / "zero-count-fails"), TODAY), "risk.zero-count")
    assert problem.path == "outcomes[1].figures.nothing.count"
    assert "If it is 0 by definition" in problem.message
    assert "'does_not_apply: true'" in problem.message
    assert "'zero_events'" in problem.message


@pytest.mark.parametrize(
    ("fields", "flagged"),
    [
        ({"count": 0}, True),
        ({"count": 0, "range": {"low": 0, "high": 2}}, False),
        ({"count": 0, "zero_events": {"studied": 300, "up_to": 1}}, False),
        ({"count": 3}, False),
    ],
)
def test_zero_problem(fields: dict[str, object], flagged: bool) -> None:
    assert zero_problem(figure(**fields)) is flagged


def test_zero_by_definition_is_no_data_that_does_not_apply() -> None:
    loaded = load_pack(LINT / "zero-by-definition-passes")
    problems = lint(loaded, TODAY)
    assert by_rule(problems, "risk.zero-count") == []
    assert by_rule(problems, "risk.no-data") == [], "no evidence is missing: it cannot happen"
    nothing = loaded.content.outcomes[1].figures
    assert nothing is not None and nothing["nothing"].does_not_apply


@pytest.mark.parametrize(
    ("count", "low", "high", "edge"),
    [
        (15, 15, 25, True),
        (25, 15, 25, True),
        (20, 15, 25, False),
        (0, 0, 3, False),
        (5, 5, 5, False),
    ],
)
def test_at_range_edge(count: int, low: int, high: int, edge: bool) -> None:
    assert at_range_edge(figure(count=count, range={"low": low, "high": high})) is edge


def test_a_best_estimate_at_the_end_of_its_range_is_a_warning() -> None:
    problem = only(lint(load_pack(LINT / "range-edge-fails"), TODAY), "risk.range-edge")
    assert problem.path == "outcomes[0].figures.tablet.range"
    assert "the best estimate for 'tablet', 15, is at an end of its own range 15 to 25" in (
        problem.message
    )


@pytest.mark.parametrize(
    ("event", "over", "words"),
    [
        ("die within 30 days", "30 days", "30 days"),
        ("die in the 30-day period", "30 days", "30-day"),
        ("need a second operation within ten years", "10 years", "ten years"),
        ("have a stroke within a year", "1 year", "a year"),
        ("have a stroke", "10 years", None),
        ("score 10 points higher", "1 year", None),
    ],
)
def test_repeated_time_frame(event: str, over: str, words: str | None) -> None:
    assert repeated_time_frame(event, over) == words


def test_a_time_frame_repeated_in_the_event_is_a_warning() -> None:
    """Author's false negative: 'over 30 days ... die within 30 days' was not caught."""
    problem = only(
        lint(load_pack(LINT / "repeated-time-frame-fails"), TODAY), "risk.repeated-time-frame"
    )
    assert problem.path == "outcomes[1].event"
    assert "repeats the time frame ('1 year')" in problem.message


def test_a_translated_event_that_repeats_the_number_is_a_warning(variant: MakeVariant) -> None:
    translation = (
        "format_version: 1\nlocale: cy\nstatus: draft\nstrings:\n"
        "  outcomes.sickness.event: teimlo'n sâl o fewn 1 flwyddyn\n"
    )
    problem = only(
        lint(variant(files={"translations/cy.yaml": translation}), TODAY),
        "risk.repeated-time-frame",
    )
    assert problem.file.endswith("translations/cy.yaml")
    assert problem.path == "strings.outcomes.sickness.event"


def test_zero_events_bound_keeps_the_denominator_advice_quiet(variant: MakeVariant) -> None:
    zero = "nothing: {count: 0, out_of: 100, over: 1 year, zero_events: {studied: 300, up_to: 1}}"
    loaded = variant({"content.yaml": [(SICK_NOTHING, zero)]})
    assert by_rule(lint(loaded, TODAY), "risk.denominator") == []
