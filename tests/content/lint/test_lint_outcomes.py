"""Outcomes side by side: one horizon, figures for both sides, both sources shown."""

from __future__ import annotations

from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import FIXTURES, TODAY, MakeVariant, by_rule, only

LINT = FIXTURES / "lint"
SICK_TABLET = "tablet: {count: 10, out_of: 100, over: 1 year}"
SICK_NOTHING = "nothing: {count: 2, out_of: 100, over: 1 year}"

BASELINE = """baseline:
  measure: How many bad weeks a person had last year.
  groups:
    - {id: low, label: Few bad weeks}
    - {id: high, label: Many bad weeks}
outcomes:
  - id: bad-days
    event: have a bad week
    kind: benefit
    valence: bad
    groups:
      low:
        reference_class: people with few bad weeks
        figures:
          tablet: {count: 20, out_of: 100, over: 1 year, range: {low: 15, high: 25}}
          nothing: {count: 30, out_of: 100, over: 1 year}
      high:
        reference_class: people with many bad weeks
        figures:
          tablet: {count: 40, out_of: 100, over: 2 years, range: {low: 35, high: 45}}
          nothing: {count: 60, out_of: 100, over: 2 years}
"""
BAD_DAYS = """outcomes:
  - id: bad-days
    event: have a bad week
    kind: benefit
    valence: bad
    reference_class: test readers
    figures:
      tablet: {count: 20, out_of: 100, over: 1 year, range: {low: 15, high: 25}}
      nothing: {count: 30, out_of: 100, over: 1 year}
    certainty: moderate
    citations: [trial]
"""


def test_a_harm_over_another_time_frame_is_a_horizon_warning() -> None:
    problem = only(lint(load_pack(LINT / "horizon-fails"), TODAY), "risk.horizon")
    assert problem.path == "outcomes[1]"
    assert problem.message.startswith(
        "outcome 'sickness' is counted over 4 years, but 'bad-days', shown with it on the "
        "risks step, over 1 year"
    )


def test_horizons_are_compared_within_each_baseline_group(variant: MakeVariant) -> None:
    """A grouped outcome is shown with the others for the chosen group only."""
    loaded = variant(
        {
            "content.yaml": [
                (BAD_DAYS, BASELINE + "    certainty: moderate\n    citations: [trial]\n")
            ]
        }
    )
    problems = by_rule(lint(loaded, TODAY), "risk.horizon")
    assert [p.path for p in problems] == ["outcomes[1]"]
    assert "for group 'high', over 2 years" in problems[0].message


def test_benefits_in_figures_and_harms_in_words_is_a_warning() -> None:
    problem = only(lint(load_pack(LINT / "figures-balance-fails"), TODAY), "balance.figures")
    assert problem.path == "options[0]"
    assert "its benefits have figures but its harms are given in words only" in problem.message


def test_harms_in_figures_and_benefits_in_words_is_a_warning(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "content.yaml": [
                (
                    "tablet: {count: 20, out_of: 100, over: 1 year, range: {low: 15, high: 25}}",
                    "tablet: {no_data: No trial has counted this.}",
                )
            ]
        }
    )
    problem = only(lint(loaded, TODAY), "balance.figures")
    assert "its harms have figures but its benefits are given in words only" in problem.message


def test_the_no_treatment_option_is_not_weighed(variant: MakeVariant) -> None:
    loaded = variant({"content.yaml": [(SICK_NOTHING, "nothing: {no_data: Not counted for it.}")]})
    assert by_rule(lint(loaded, TODAY), "balance.figures") == []


def test_a_note_that_follows_one_source_asks_to_show_both() -> None:
    problem = only(lint(load_pack(LINT / "disagreement-fails"), TODAY), "evidence.disagreement")
    assert problem.path == "outcomes[0].note"
    assert "its note says the sources differ ('We follow')" in problem.message
    assert "sources_disagree" in problem.message


def test_a_marked_disagreement_needs_the_other_figures() -> None:
    loaded = load_pack(LINT / "disagreement-unshown-fails")
    problem = only(lint(loaded, TODAY), "evidence.disagreement")
    assert problem.path == "outcomes[0].sources_disagree"
    assert "'review' gives other figures; show both" in problem.message


def test_a_disagreement_shown_passes() -> None:
    loaded = load_pack(LINT / "disagreement-passes")
    assert by_rule(lint(loaded, TODAY), "evidence.disagreement") == []
    marked = loaded.content.outcomes[0].sources_disagree
    assert marked is not None and marked.other_figures is not None
