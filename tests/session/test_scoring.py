"""Scores, checked against arithmetic done by hand (written out beside each case).

fit_o = sum_c(w_c * s_{c,o}) / (2 * sum_c(w_c)), with w the patient's importance (0-4)
and s how option o fares on concern c (-2..+2); see decision_aid/session/scoring.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.session.model import Rating, Sure
from decision_aid.session.scoring import (
    DRIVERS,
    LEANING_GAP,
    KnowledgeScore,
    OptionFit,
    SureScore,
    best_fitting,
    collaborate_top_box,
    knowledge_score,
    leaning_differs,
    option_fits,
    sure_score,
)
from decision_aid.session.state import Session
from tests.conftest import MINIMAL, SHIPPED

CLOCK = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def session_for(pack: str, ratings: dict[str, int] | None = None) -> Session:
    loaded = load_pack(MINIMAL if pack == "minimal" else SHIPPED / pack)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: CLOCK)
    for concern, importance in (ratings or {}).items():
        session.rate(concern, importance)
    return session


def fits_of(session: Session) -> dict[str, float | None]:
    return {f.option_id: f.fit for f in option_fits(session.pack.content, session.record)}


def drivers_of(session: Session) -> dict[str, list[tuple[str, int]]]:
    return {
        f.option_id: [(d.concern_id, d.weight) for d in f.drivers]
        for f in option_fits(session.pack.content, session.record)
    }


# -- option_fits -------------------------------------------------------------------------


def test_two_concerns_with_importances_4_and_1() -> None:
    # Statins pack: lower-risk fares statin +2, no-statin -1;
    #               no-daily-tablet fares statin -2, no-statin +2.
    # Importances 4 and 1, so sum(w) = 5 and the divisor is 2 * 5 = 10.
    # statin:    4 * 2 + 1 * (-2) =  8 - 2 =  6  ->  6 / 10 =  0.6
    # no-statin: 4 * (-1) + 1 * 2 = -4 + 2 = -2  -> -2 / 10 = -0.2
    session = session_for("statins-primary-prevention", {"lower-risk": 4, "no-daily-tablet": 1})
    assert fits_of(session) == pytest.approx({"statin": 0.6, "no-statin": -0.2})
    # Drivers, largest |w * s| first: statin 8 (lower-risk), -2 (no-daily-tablet);
    # no-statin -4 (lower-risk), 2 (no-daily-tablet).
    assert drivers_of(session) == {
        "statin": [("lower-risk", 8), ("no-daily-tablet", -2)],
        "no-statin": [("lower-risk", -4), ("no-daily-tablet", 2)],
    }
    first = option_fits(session.pack.content, session.record)[0].drivers[0]
    assert (first.concern, first.importance, first.score) == (
        "Lowering my chance of a heart attack or stroke as much as I can",
        4,
        2,
    )


def test_reasons_to_choose_and_to_avoid_each_option() -> None:
    # As above: statin is pulled towards by lower-risk (4 * 2 = 8) and away by
    # no-daily-tablet (1 * 2 = 2); no-statin towards by no-daily-tablet (1 * 2 = 2) and
    # away by lower-risk (4 * 1 = 4). Each pull is a share of 2 * 5 = 10, and the fit is
    # their difference.
    session = session_for("statins-primary-prevention", {"lower-risk": 4, "no-daily-tablet": 1})
    statin, no_statin = option_fits(session.pack.content, session.record)
    assert [d.concern_id for d in statin.towards] == ["lower-risk"]
    assert [d.concern_id for d in statin.away] == ["no-daily-tablet"]
    assert (statin.pull_towards, statin.pull_away) == pytest.approx((0.8, 0.2))
    assert [d.concern_id for d in no_statin.towards] == ["no-daily-tablet"]
    assert [d.concern_id for d in no_statin.away] == ["lower-risk"]
    assert (no_statin.pull_towards, no_statin.pull_away) == pytest.approx((0.2, 0.4))
    for fit in (statin, no_statin):
        assert fit.fit == pytest.approx(fit.pull_towards - fit.pull_away)  # type: ignore[operator]


def test_fits_reach_minus_one_and_plus_one() -> None:
    # Only no-daily-tablet, importance 3: statin 3 * (-2) / (2 * 3) = -1, no-statin 3 * 2 / 6 = +1.
    session = session_for("statins-primary-prevention", {"no-daily-tablet": 3})
    assert fits_of(session) == {"statin": -1.0, "no-statin": 1.0}


def test_four_options_six_concerns_and_at_most_three_drivers() -> None:
    # Knee pack. Importances: avoid_surgery 4, most_relief 3, quick_relief 1, low_risk 2,
    # low_effort 0, lasting 2; sum(w) = 12, divisor 24.
    # exercise    (fares 2, 1, -1, 2, -2, 1):  8 + 3 - 1 + 4 + 0 + 2 = 16 -> 16/24 =  2/3
    # injection   (fares 2, -1, 2, 1, 1, -2):  8 - 3 + 2 + 2 + 0 - 4 =  5 ->  5/24
    # replacement (fares -2, 2, -2, -2, -1, 2): -8 + 6 - 2 - 4 + 0 + 4 = -4 -> -4/24 = -1/6
    # carry_on    (fares 2, -1, -1, 2, 2, 0):  8 - 3 - 1 + 4 + 0 + 0 =  8 ->  8/24 =  1/3
    session = session_for(
        "knee-osteoarthritis",
        {
            "avoid_surgery": 4,
            "most_relief": 3,
            "quick_relief": 1,
            "low_risk": 2,
            "low_effort": 0,
            "lasting": 2,
        },
    )
    fits = option_fits(session.pack.content, session.record)
    assert [f.option_id for f in fits] == ["exercise", "injection", "replacement", "carry_on"]
    assert [f.fit for f in fits] == pytest.approx([16 / 24, 5 / 24, -4 / 24, 8 / 24])
    # Drivers: the DRIVERS (3) largest |w * s|; importance 0 and fare 0 never drive;
    # equal sizes are ordered by concern id ('lasting' before 'low_risk').
    assert DRIVERS == 3
    assert drivers_of(session) == {
        "exercise": [("avoid_surgery", 8), ("low_risk", 4), ("most_relief", 3)],
        "injection": [("avoid_surgery", 8), ("lasting", -4), ("most_relief", -3)],
        "replacement": [("avoid_surgery", -8), ("most_relief", 6), ("lasting", 4)],
        "carry_on": [("avoid_surgery", 8), ("low_risk", 4), ("most_relief", -3)],
    }
    assert best_fitting(fits) == ["exercise"]


def test_nothing_rated_gives_no_fit() -> None:
    session = session_for("psa-screening")
    fits = option_fits(session.pack.content, session.record)
    assert fits == [OptionFit("psa-test", None, ()), OptionFit("no-test", None, ())]
    assert best_fitting(fits) == []


def test_everything_rated_not_at_all_gives_no_fit() -> None:
    # sum(w) = 0: the fit is undefined, not 0.
    session = session_for("psa-screening", {"find-early": 0, "know-more": 0})
    assert fits_of(session) == {"psa-test": None, "no-test": None}


def test_a_concern_of_no_importance_counts_nowhere() -> None:
    # Statins: lower-risk 0, habits-first 2 (statin 0, no-statin +1); sum(w) = 2, divisor 4.
    # statin: 0 * 2 + 2 * 0 = 0 -> 0.0, and nothing drives it.
    # no-statin: 0 * (-1) + 2 * 1 = 2 -> 2 / 4 = 0.5, driven by habits-first alone.
    session = session_for("statins-primary-prevention", {"lower-risk": 0, "habits-first": 2})
    assert fits_of(session) == {"statin": 0.0, "no-statin": 0.5}
    assert drivers_of(session) == {"statin": [], "no-statin": [("habits-first", 2)]}


def test_own_concerns_count_and_ties_are_all_best() -> None:
    # Minimal pack: avoid-tablets (tablet -2, nothing +2), importance 2, plus the patient's
    # own concern, importance 4, that the tablet serves well (+2); 'nothing' is left out (0).
    # sum(w) = 6, divisor 12.
    # tablet:  2 * (-2) + 4 * 2 = -4 + 8 = 4 -> 4/12 = 1/3
    # nothing: 2 * 2 + 4 * 0    =  4       -> 4/12 = 1/3   (a tie)
    session = session_for("minimal", {"avoid-tablets": 2})
    own = session.add_own_concern("Fewer bad days at work", 4)
    session.set_own_fare(own, "tablet", 2)
    fits = option_fits(session.pack.content, session.record)
    assert [f.fit for f in fits] == pytest.approx([1 / 3, 1 / 3])
    assert drivers_of(session) == {
        "tablet": [("own-1", 8), ("avoid-tablets", -4)],
        "nothing": [("avoid-tablets", 4)],
    }
    assert fits[0].drivers[0].concern == "Fewer bad days at work"
    assert best_fitting(fits) == ["tablet", "nothing"]


def test_ratings_of_unknown_concerns_are_ignored() -> None:
    # A record can hold a rating the pack no longer has (e.g. a recovered draft).
    session = session_for("minimal", {"avoid-tablets": 1})
    session.record.ratings = [*session.record.ratings, Rating(concern_id="gone", importance=4)]
    # Only avoid-tablets counts: tablet 1 * (-2) / 2 = -1, nothing 1 * 2 / 2 = +1.
    assert fits_of(session) == {"tablet": -1.0, "nothing": 1.0}


def test_best_fitting_ties_within_rounding() -> None:
    fits = [
        OptionFit("a", 0.1 + 0.2, ()),
        OptionFit("b", 0.3, ()),
        OptionFit("c", 0.29, ()),
        OptionFit("d", None, ()),
    ]
    assert best_fitting(fits) == ["a", "b"]


# -- leaning_differs ---------------------------------------------------------------------


def test_leaning_differs_at_a_gap_of_exactly_a_quarter() -> None:
    # Statins: lower-risk 3, avoid-side-effects 3, habits-first 3, fewer-appointments 1;
    # sum(w) = 10, divisor 20.
    # statin:    3*2 + 3*(-1) + 3*0 + 1*(-1) = 6 - 3 + 0 - 1 = 2 -> 2/20 = 0.10
    # no-statin: 3*(-1) + 3*2 + 3*1 + 1*1   = -3 + 6 + 3 + 1 = 7 -> 7/20 = 0.35
    # Gap 0.35 - 0.10 = 0.25 = LEANING_GAP, so leaning to the statin differs. (In floats
    # 0.35 - 0.1 is 0.2499999..., which scoring.py used to miss: fixed with a tolerance.)
    session = session_for(
        "statins-primary-prevention",
        {"lower-risk": 3, "avoid-side-effects": 3, "habits-first": 3, "fewer-appointments": 1},
    )
    fits = option_fits(session.pack.content, session.record)
    assert [f.fit for f in fits] == pytest.approx([0.10, 0.35])
    assert LEANING_GAP == 0.25
    assert leaning_differs(fits, "option:statin")
    assert not leaning_differs(fits, "option:no-statin")


@pytest.mark.parametrize(
    ("best", "chosen", "differs"),
    [
        (0.5, 0.25, True),  # gap 0.25: differs
        (0.5, 0.26, False),  # gap 0.24: close enough
        (1.0, -1.0, True),  # gap 2
        (0.5, 0.5, False),  # the chosen one is the best
    ],
)
def test_leaning_differs_gap(best: float, chosen: float, differs: bool) -> None:
    fits = [OptionFit("a", best, ()), OptionFit("b", chosen, ())]
    assert leaning_differs(fits, "option:b") is differs


def test_leaning_that_is_not_an_option_or_has_no_fit_never_differs() -> None:
    fits = [OptionFit("a", 1.0, ()), OptionFit("b", -1.0, ()), OptionFit("c", None, ())]
    for leaning in (None, "unsure", "later", "option:c", "option:gone"):
        assert not leaning_differs(fits, leaning)
    nothing_rated = [OptionFit("a", None, ()), OptionFit("b", None, ())]
    assert not leaning_differs(nothing_rated, "option:b")


# -- knowledge, SURE, CollaboRATE --------------------------------------------------------


def test_knowledge_score() -> None:
    # Statins: 4 questions; how-many-helped's answer is 'four', muscle-aches-cause's 'both'.
    session = session_for("statins-primary-prevention")
    content = session.pack.content
    assert knowledge_score(content, session.record) == KnowledgeScore(0, 0, 4)
    session.answer_knowledge("how-many-helped", "four")  # right
    session.answer_knowledge("muscle-aches-cause", "only-statin")  # wrong
    assert knowledge_score(content, session.record) == KnowledgeScore(1, 2, 4)
    session.answer_knowledge("muscle-aches-cause", "both")
    session.answer_knowledge("start-later", "yes")
    session.answer_knowledge("habits-matter", "yes")
    assert knowledge_score(content, session.record) == KnowledgeScore(4, 4, 4)
    session.answer_knowledge("habits-matter", None)  # cleared
    assert knowledge_score(content, session.record) == KnowledgeScore(3, 3, 4)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ((True, True, True, True), SureScore(4, False)),  # 4 yes: no decisional conflict
        ((True, True, False, True), SureScore(3, True)),  # 3 yes: conflict
        ((True, False, False, False), SureScore(1, True)),
        ((False, False, False, False), SureScore(0, True)),
        ((True, True, True, None), SureScore(None, None)),  # unanswered: no score yet
        ((None, None, None, None), SureScore(None, None)),
    ],
)
def test_sure_score(answers: tuple[bool | None, ...], expected: SureScore) -> None:
    sure = Sure(
        sure=answers[0], understand=answers[1], risk_benefit=answers[2], encouragement=answers[3]
    )
    assert sure_score(sure) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ((9, 9, 9), 1),  # every item at the top box
        ((9, 9, 8), 0),
        ((0, 0, 0), 0),
        ((9, 9, None), None),  # not all answered yet
        ((None, None, None), None),
    ],
)
def test_collaborate_top_box(items: tuple[int | None, ...], expected: int | None) -> None:
    session = session_for("minimal")
    for name, value in zip(("explained", "listened", "included"), items, strict=True):
        session.set_collaborate(name, value)
    assert collaborate_top_box(session.record) == expected
