"""What changes between the options: compared with 'no treatment', in colour and words."""

from __future__ import annotations

from decision_aid.content.loader import load_pack
from decision_aid.content.model import Outcome
from decision_aid.content.risk_difference import (
    change_of,
    comparator,
    compare_count,
    difference_sentence,
    differences,
    outcome_zoom,
    valence_text,
)
from tests.conftest import SHIPPED

STATINS = load_pack(SHIPPED / "statins-primary-prevention").content
PSA = load_pack(SHIPPED / "psa-screening").content
KNEE = load_pack(SHIPPED / "knee-osteoarthritis").content


def shown(content, outcome_id: str, group: str | None = None) -> Outcome:  # type: ignore[no-untyped-def]
    pack_outcome = next(o for o in content.outcomes if o.id == outcome_id)
    outcome = pack_outcome.stratum(content.baseline_group(group))
    assert outcome is not None
    return outcome


def test_the_statin_spares_three_people_at_a_risk_of_10_and_six_at_20() -> None:
    for group, spared in (("qrisk-10", 3), ("qrisk-20", 6)):
        heart = shown(STATINS, "heart-stroke", group)
        assert comparator(STATINS.options, heart) == "no-statin"
        [diff] = differences(STATINS.options, heart).values()
        assert (diff.option, diff.comparator, diff.count, diff.more) == (
            "statin",
            "no-statin",
            spared,
            False,
        )
        assert diff.change == "gain"  # fewer people with a bad event
    heart = shown(STATINS, "heart-stroke", "qrisk-10")
    [diff] = differences(STATINS.options, heart).values()
    assert difference_sentence(diff, "Take a statin", heart.event) == (
        "3 people will not get heart disease (such as a heart attack or angina) or have a "
        "stroke because of “Take a statin”. Without it, they would."
    )


def test_more_people_with_a_bad_event_is_a_loss_and_said_so() -> None:
    diabetes = shown(STATINS, "type-2-diabetes")
    [diff] = differences(STATINS.options, diabetes).values()
    assert (diff.count, diff.more, diff.change) == (1, True, "loss")
    assert difference_sentence(diff, "Take a statin", diabetes.event) == (
        "1 person will be diagnosed with type 2 diabetes because of “Take a statin”. "
        "Without it, they would not."
    )
    death = shown(PSA, "prostate-cancer-death")
    [diff] = differences(PSA.options, death).values()
    assert difference_sentence(diff, "Have a PSA test", death.event) == (
        "1 person will not die from prostate cancer because of “Have a PSA test”. "
        "Without it, they would."
    )


def test_more_people_with_a_good_event_is_a_gain() -> None:
    knee = shown(KNEE, "own_knee_5y")
    assert knee.event_valence == "good"
    assert comparator(KNEE.options, knee) == "carry_on"
    diffs = differences(KNEE.options, knee)
    assert list(diffs) == ["exercise"]  # the options with no figure make no difference
    assert (diffs["exercise"].count, diffs["exercise"].change) == (4, "gain")
    assert change_of("good", more=False) == "loss"
    assert change_of(None, more=True) is None


def test_no_difference_when_the_no_treatment_option_has_no_figure_or_the_same() -> None:
    revision = shown(KNEE, "revision_10y")
    assert comparator(KNEE.options, revision) is None
    assert differences(KNEE.options, revision) == {}
    assert compare_count(KNEE.options, revision) is None
    aches = shown(STATINS, "muscle-aches")
    assert differences(STATINS.options, aches) == {}
    assert compare_count(STATINS.options, aches) == 27


def test_valence_in_a_word_and_a_harm_counts_as_bad_when_unsaid() -> None:
    assert valence_text("good") == "A good outcome"
    assert valence_text("bad") == "A bad outcome"
    assert valence_text(None) == ""
    knee = shown(KNEE, "own_knee_5y")
    unsaid = knee.model_copy(update={"valence": None})
    assert unsaid.event_valence is None
    harm = shown(KNEE, "death_45d").model_copy(update={"valence": None})
    assert harm.event_valence == "bad"


def test_one_zoom_for_every_picture_of_an_outcome() -> None:
    false_alarm = shown(PSA, "false-alarm")  # 178 (125 to 200); no figure without the test
    assert outcome_zoom(PSA.options, false_alarm) == 2
    assert outcome_zoom(PSA.options, shown(PSA, "prostate-cancer-death")) == 1
    assert outcome_zoom(STATINS.options, shown(STATINS, "heart-stroke", "qrisk-10")) == 0
