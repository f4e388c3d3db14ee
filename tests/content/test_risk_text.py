"""The words of a risk figure: who, how many out of how many, over what time."""

from __future__ import annotations

from decision_aid.content.loader import load_pack
from decision_aid.content.risk_text import (
    certainty_text,
    count_sentence,
    figure_sentence,
    no_data_text,
    outcome_heading,
    reference_text,
    short_citation,
    short_count,
    time_frame_text,
)
from tests.conftest import FIXTURES, MINIMAL, SHIPPED


def test_time_frames_in_words() -> None:
    assert time_frame_text("10 years") == "10 years"
    assert time_frame_text("1 year") == "1 year"
    assert time_frame_text("45 days") == "45 days"
    assert time_frame_text("1 week") == "1 week"
    assert time_frame_text("12 months") == "12 months"


def test_count_sentence_with_and_without_range() -> None:
    assert count_sentence(6, 100, event="have a stroke", over="10 years", low=6, high=8) == (
        "Out of 100 people like you, over 10 years, 6 will have a stroke, and 94 will not. "
        "The evidence says it could be anywhere from 6 to 8."
    )
    # A range that is only the count itself adds nothing.
    assert count_sentence(1, 1000, event="die", over="1 year", low=1, high=1) == (
        "Out of 1000 people like you, over 1 year, 1 will die, and 999 will not."
    )
    assert count_sentence(3, 100) == "Out of 100 people, 3 are affected and 97 are not."
    assert count_sentence(1, 100) == "Out of 100 people, 1 is affected and 99 are not."


def test_figure_sentences_from_a_pack(make_pack) -> None:  # type: ignore[no-untyped-def]
    content = load_pack(MINIMAL).content
    bad_days = content.outcomes[0].stratum(None)
    assert bad_days is not None
    assert figure_sentence(bad_days, bad_days.figures["tablet"]) == (
        "Out of 100 people like you, over 1 year, 20 will have a bad week, and 80 will not. "
        "The evidence says it could be anywhere from 15 to 25."
    )
    edited = make_pack(
        "nodata",
        {
            "content.yaml": [
                (
                    "nothing: {count: 30, out_of: 100, over: 1 year}",
                    "nothing: {no_data: Nobody has studied this.}",
                )
            ]
        },
    )
    outcome = load_pack(edited).content.outcomes[0].stratum(None)
    assert outcome is not None
    assert figure_sentence(outcome, outcome.figures["nothing"]) == (
        "No figure for this option. Nobody has studied this."
    )
    assert no_data_text("Why.") == "No figure for this option. Why."


def test_headings_reference_class_and_certainty() -> None:
    content = load_pack(SHIPPED / "statins-primary-prevention").content
    outcome = content.outcomes[0].stratum(content.baseline_group("qrisk-10"))
    assert outcome is not None
    assert outcome_heading(outcome).startswith("How many will get heart disease")
    assert outcome_heading(outcome).endswith("?")
    text = reference_text(outcome)
    assert outcome.reference_class.rstrip(".") in text
    assert "out of 100 people, over 10 years." in text
    assert ".." not in text
    assert certainty_text("moderate") == "Certainty of the evidence: moderate"
    assert certainty_text("very low") == "Certainty of the evidence: very low"
    assert short_count(6, 100) == "6 out of 100"


def test_short_citations() -> None:
    assert (
        short_citation(
            "Skou ST, Roos EM, Laursen MB. A randomized, controlled trial of total knee "
            "replacement. N Engl J Med. 2015;373(17):1597-1606."
        )
        == "Skou ST et al., 2015"
    )
    assert (
        short_citation("Test Trial Group. A made-up trial. Test Journal. 2020.")
        == "Test Trial Group, 2020"
    )
    assert short_citation("Someone. No year here.") == "Someone"


def test_a_figure_says_how_it_was_got_beside_its_count() -> None:
    """An assumed figure looked the same as a measured one on screen and in the record."""
    from decision_aid.content.model import Figure

    outcome = load_pack(MINIMAL).content.outcomes[0].stratum(None)
    assert outcome is not None
    measured = Figure(count=20, out_of=100, over="1 year", basis="measured")
    assumed = Figure(count=30, out_of=100, over="1 year", basis="assumed")
    estimated = Figure(count=30, out_of=100, over="1 year", basis="estimated")
    assert figure_sentence(outcome, measured).endswith(" This figure was counted in studies.")
    assert figure_sentence(outcome, assumed).endswith(
        " This figure is an assumption, not a measurement."
    )
    assert "worked out from study results" in figure_sentence(outcome, estimated)


def test_a_zero_a_study_saw_says_the_most_it_could_be() -> None:
    """A '0 will die' had no caveat; the pack states the bound, the app works nothing out."""
    from decision_aid.content.model import Figure

    outcome = load_pack(MINIMAL).content.outcomes[1].stratum(None)
    assert outcome is not None
    zero = Figure.model_validate(
        {"count": 0, "out_of": 1000, "over": "1 year", "zero_events": {"studied": 1447, "up_to": 3}}
    )
    assert figure_sentence(outcome, zero) == (
        "Out of 1000 people like you, over 1 year, 0 will feel sick, and 1000 will not. "
        "None of the 1,447 people studied had this, so it could still be up to 3 out of 1000."
    )


def test_other_sources_figures_are_shown_beside_the_pictures() -> None:
    loaded = load_pack(FIXTURES / "lint" / "disagreement-passes")
    outcome = loaded.content.outcomes[0].stratum(None)
    assert outcome is not None
    assert reference_text(outcome).endswith(
        "Other sources give other figures: A review gives 22 out of 100 with the tablet."
    )
