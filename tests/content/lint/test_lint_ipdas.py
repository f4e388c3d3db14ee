"""IPDAS qualifying, certification and screening criteria."""

from __future__ import annotations

from datetime import date

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import (
    FIXTURES,
    MINIMAL,
    SCREENING,
    TODAY,
    Edits,
    MakeDir,
    MakeVariant,
    by_rule,
    only,
)

QUALIFYING: list[tuple[str, Edits, str, str]] = [
    (
        "ipdas.Q1",
        {
            "pack.yaml": [
                ("condition: A made-up condition used only by the tests.", "condition: X.")
            ]
        },
        "condition",
        "the condition is not described",
    ),
    (
        "ipdas.Q2",
        {"pack.yaml": [("decision: Should I take the tablet?", "decision: Tablets?")]},
        "decision",
        "the decision is not stated",
    ),
    (
        "ipdas.Q3",
        {"content.yaml": [("description: You take one tablet each day.", "description: TBD")]},
        "options[0].description",
        "option 'tablet' is not described",
    ),
    (
        "ipdas.Q4",
        {
            "content.yaml": [
                ("benefits: [Fewer bad days.]", "benefits: []"),
                ("kind: benefit", "kind: harm"),
            ]
        },
        "options[0].benefits",
        "option 'tablet' describes no benefits",
    ),
    (
        "ipdas.Q5",
        {
            "content.yaml": [
                ("harms: [More bad days.]", "harms: []"),
                ("kind: harm", "kind: benefit"),
            ]
        },
        "options[1].harms",
        "option 'nothing' describes no harms",
    ),
    (
        "ipdas.Q6",
        {"content.yaml": [("emotional: Some people worry.", "emotional: n/a")]},
        "options[1].living_with.emotional",
        "emotional side of living with option 'nothing'",
    ),
]


@pytest.mark.parametrize(("rule", "edits", "path", "message"), QUALIFYING)
def test_each_qualifying_criterion_fails_as_an_error(
    variant: MakeVariant, rule: str, edits: Edits, path: str, message: str
) -> None:
    problem = only(lint(variant(edits), TODAY), rule)
    assert problem.severity == "error"
    assert problem.path == path
    assert message in problem.message
    assert f"IPDAS {rule[-2:]}" in problem.message


def test_missing_benefits_key_points_at_the_option(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "content.yaml": [
                ("    benefits: [Fewer bad days.]\n", ""),
                ("kind: benefit", "kind: harm"),
            ]
        }
    )
    problem = only(lint(loaded, TODAY), "ipdas.Q4")
    assert problem.line == 3  # the option, since the field is absent


def test_outcomes_of_one_kind_only_are_a_c1_warning(variant: MakeVariant) -> None:
    loaded = variant({"content.yaml": [("kind: harm", "kind: benefit")]})
    problem = only(lint(loaded, TODAY), "ipdas.C1")
    assert problem.severity == "warning"
    assert "every outcome is a benefit; add at least one harm outcome" in problem.message


def test_a_pack_about_harms_only_is_not_blocked() -> None:
    """Author's false positive: 'every outcome is a harm' was an error that blocked a pack
    comparing the harms of two tests; it is a warning the pack can keep, with its reason."""
    problems = lint(load_pack(FIXTURES / "lint" / "harms-only-kept"), TODAY)
    assert [p for p in problems if p.severity in ("error", "warning")] == []
    kept = only(problems, "ipdas.C1")
    assert kept.severity == "info"
    assert kept.message.startswith("kept on purpose (Both tests find the same")
    failing = lint(load_pack(FIXTURES / "lint" / "harms-only"), TODAY)
    assert only(failing, "ipdas.C1").severity == "warning"
    assert [p for p in failing if p.severity == "error"] == []


def test_a_row_marked_as_showing_benefits_describes_them(variant: MakeVariant) -> None:
    """Author's false positive: 'option lists no benefits' fired although a grid row says
    them. The lists are optional (as the schema says); a row marked 'shows' counts."""
    edits = [
        ("benefits: [Fewer bad days.]", "benefits: []"),
        ("kind: benefit", "kind: harm"),
    ]
    assert only(lint(variant({"content.yaml": edits}), TODAY), "ipdas.Q4").severity == "error"
    marked = [
        *edits,
        ("    text: What does it do?\n", "    text: What does it do?\n    shows: [benefits]\n"),
    ]
    assert by_rule(lint(variant({"content.yaml": marked}), TODAY), "ipdas.Q4") == []


def test_a_benefit_outcome_with_a_count_describes_the_benefits(variant: MakeVariant) -> None:
    loaded = variant({"content.yaml": [("benefits: [Fewer bad days.]", "benefits: []")]})
    assert by_rule(lint(loaded, TODAY), "ipdas.Q4") == []


def test_unequal_detail_is_a_balance_warning(variant: MakeVariant) -> None:
    long_harms = (
        "harms: [Some people feel sick for the first few weeks and need to stop for a while, "
        "and a few people get headaches that last all day.]"
    )
    loaded = variant({"content.yaml": [("harms: [Some people feel sick.]", long_harms)]})
    problem = only(lint(loaded, TODAY), "balance")
    assert problem.severity == "warning"
    assert problem.path == "options[0]"
    assert "3 words of benefits and 26 of harms; the harms get much more detail" in (
        problem.message
    )


def test_a_cell_without_citations_fails_c2(variant: MakeVariant) -> None:
    loaded = variant({"content.yaml": [("        citations: [trial]\n", "")]})
    problem = only(lint(loaded, TODAY), "ipdas.C2", "error")
    assert problem.path == "questions[0].answers.tablet"
    assert "the answer for 'tablet' to 'effect' cites no evidence" in problem.message


def test_an_unused_reference_is_a_c2_warning(variant: MakeVariant) -> None:
    extra = (
        "  - id: spare\n"
        "    citation: Nobody. An uncited paper. 2019.\n"
        "    url: https://example.org/spare\n"
    )
    loaded = variant({"content.yaml": [("references:\n", "references:\n" + extra)]})
    problem = only(lint(loaded, TODAY), "ipdas.C2", "warning")
    assert problem.path == "references[0].id"
    assert "reference 'spare' is never cited" in problem.message


def test_a_publication_date_in_the_future_fails_c3(variant: MakeVariant) -> None:
    problem = only(lint(variant(), date(2026, 1, 9)), "ipdas.C3")
    assert problem.severity == "error"
    assert "published 2026-01-10 is in the future (today is 2026-01-09)" in problem.message


def test_a_thin_update_policy_fails_c4(variant: MakeVariant) -> None:
    loaded = variant({"pack.yaml": [("update_policy: Checked every year.", "update_policy: Yes.")]})
    problem = only(lint(loaded, TODAY), "ipdas.C4")
    assert problem.path == "update_policy"


def test_no_range_and_no_note_is_a_c5_warning(variant: MakeVariant) -> None:
    loaded = variant({"content.yaml": [(", range: {low: 15, high: 25}", "")]})
    problem = only(lint(loaded, TODAY), "ipdas.C5")
    assert problem.severity == "warning"
    assert "no figure has a range" in problem.message


@pytest.mark.parametrize(
    "note",
    [
        "The true figure is uncertain; small trials only.",
        "Certainty: observational data, few events.",
        "Low certainty (GRADE).",
    ],
)
def test_a_note_on_uncertainty_satisfies_c5(variant: MakeVariant, note: str) -> None:
    """Author's false positive: 'Certainty: observational... few events' was not seen."""
    note = f"    note: '{note}'\n  - id: sickness"
    loaded = variant(
        {"content.yaml": [(", range: {low: 15, high: 25}", ""), ("  - id: sickness", note)]}
    )
    assert by_rule(lint(loaded, TODAY), "ipdas.C5") == []


def test_a_zero_event_bound_satisfies_c5(variant: MakeVariant) -> None:
    zero = "nothing: {count: 0, out_of: 100, over: 1 year, zero_events: {studied: 300, up_to: 1}}"
    loaded = variant(
        {
            "content.yaml": [
                (", range: {low: 15, high: 25}", ""),
                ("nothing: {count: 2, out_of: 100, over: 1 year}", zero),
            ]
        }
    )
    assert by_rule(lint(loaded, TODAY), "ipdas.C5") == []


def test_ipdas_criteria_are_reported_as_present_not_met(variant: MakeVariant) -> None:
    summary = only(lint(variant(), TODAY), "ipdas.present")
    assert summary.severity == "info"
    assert summary.message.startswith("IPDAS: 12 of 12 criteria present (Q1, Q2")
    assert "'present' means the fields a criterion needs are filled in" in summary.message
    assert " met" not in summary.message
    loaded = variant({"pack.yaml": [("decision: Should I take the tablet?", "decision: TBD")]})
    summary = only(lint(loaded, TODAY), "ipdas.present")
    assert "11 of 12 criteria present" in summary.message
    assert "not present: Q2" in summary.message


def test_a_placeholder_funding_source_fails_c6(variant: MakeVariant) -> None:
    loaded = variant({"pack.yaml": [("funding: No external funding.", "funding: TBD")]})
    problem = only(lint(loaded, TODAY), "ipdas.C6")
    assert "'TBD' does not name a funding source" in problem.message


def test_a_screening_pack_without_screening_is_a_load_error(pack_dir: MakeDir) -> None:
    folder = pack_dir({"pack.yaml": [("kind: treatment", "kind: screening")]})
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert any("screening" in p.message for p in caught.value.problems)


SCREENING_LINES = {
    "measures": "The scan measures the size of the growth in your tummy.",
    "if_positive": "You are offered a second scan and a talk with a specialist.",
    "if_negative": "You are not offered another scan for five years.",
    "overdiagnosis": (
        "Some growths the scan finds would never have caused harm. People may still have "
        "treatment for them."
    ),
}


@pytest.mark.parametrize(
    ("code", "field"),
    [("S1", "measures"), ("S2", "if_positive"), ("S3", "if_negative"), ("S4", "overdiagnosis")],
)
def test_each_screening_criterion_fails_when_too_thin(
    variant: MakeVariant, code: str, field: str
) -> None:
    line = f"  {field}: {SCREENING_LINES[field]}"
    loaded = variant({"content.yaml": [(line, f"  {field}: To do.")]}, base=SCREENING)
    problem = only(lint(loaded, TODAY), f"ipdas.{code}", "error")
    assert problem.path == f"screening.{field}"
    assert f"'screening.{field}' is missing or too short" in problem.message


def test_a_screening_pack_without_an_overdiagnosis_outcome_is_warned(
    variant: MakeVariant,
) -> None:
    event = "event: are treated for a growth that would never have caused harm"
    loaded = variant({"content.yaml": [(event, "event: feel sore after the scan")]}, base=SCREENING)
    problem = only(lint(loaded, TODAY), "ipdas.S4")
    assert problem.severity == "warning"
    assert "no outcome gives the figures for overdiagnosis" in problem.message


def test_treatment_packs_skip_the_screening_criteria() -> None:
    problems = lint(load_pack(MINIMAL), TODAY)
    assert not [p for p in problems if p.rule.startswith("ipdas.S")]
