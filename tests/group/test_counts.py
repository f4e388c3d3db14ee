"""The group's counts: anonymity rules, the threshold, one count per ballot."""

from __future__ import annotations

import dataclasses

import pytest

from decision_aid.group.counts import GroupCounts, GroupError, clean_text

CONCERNS = ("pain", "time")
OPTIONS = ("surgery", "physio")


def _counts(threshold: int = 5) -> GroupCounts:
    return GroupCounts(CONCERNS, OPTIONS, threshold=threshold)


def _send(counts: GroupCounts, ratings: dict[str, int], leaning: str | None = None) -> None:
    counts.send(counts.issue_ballot(), ratings, leaning)


def test_token_has_at_least_128_bits_and_differs_per_session() -> None:
    first, second = _counts(), _counts()
    assert len(first.token) >= 43  # 32 bytes, URL-safe base64
    assert first.token != second.token
    assert first.token_matches(first.token)
    assert not first.token_matches(second.token)


def test_spread_hidden_below_threshold_and_shown_at_it() -> None:
    counts = _counts(threshold=5)
    for value in (0, 1, 2, 3):
        _send(counts, {"pain": value})
    pain = counts.spreads()[0]
    assert pain.answered == 4
    assert pain.shown is None
    _send(counts, {"pain": 4})
    pain = counts.spreads()[0]
    assert pain.shown == (1, 1, 1, 1, 1)
    time = counts.spreads()[1]
    assert time.answered == 0 and time.shown is None


def test_spread_changes_only_in_steps_of_the_threshold() -> None:
    counts = _counts(threshold=3)
    for _n in range(3):
        _send(counts, {"pain": 2})
    assert counts.spreads()[0].shown == (0, 0, 3, 0, 0)
    _send(counts, {"pain": 4})  # one more: showing it would single this person out
    assert counts.spreads()[0].shown == (0, 0, 3, 0, 0)
    assert counts.spreads()[0].answered == 4
    _send(counts, {"pain": 0})
    _send(counts, {"pain": 0})
    assert counts.spreads()[0].shown == (2, 0, 3, 0, 1)


def test_a_ballot_counts_once_and_a_replay_is_refused() -> None:
    counts = _counts(threshold=3)
    ballot = counts.issue_ballot()
    counts.send(ballot, {"pain": 1}, None)
    with pytest.raises(GroupError):
        counts.send(ballot, {"pain": 1}, None)
    assert counts.spreads()[0].answered == 1
    assert counts.participants == 1


def test_unknown_ballot_concern_leaning_and_off_scale_ratings_are_refused() -> None:
    counts = _counts()
    with pytest.raises(GroupError):
        counts.send("made-up", {"pain": 1}, None)
    for ratings, leaning in (
        ({"nope": 1}, None),
        ({"pain": 5}, None),
        ({"pain": -1}, None),
        ({"pain": True}, None),
        ({"pain": 1.0}, None),
        ({}, "option:nope"),
        ({}, None),
    ):
        ballot = counts.issue_ballot()
        with pytest.raises(GroupError):
            counts.send(ballot, ratings, leaning)  # type: ignore[arg-type]
        counts.send(ballot, {"pain": 0}, None)  # a refused send leaves the ballot usable
    assert counts.spreads()[0].answered == 7


def test_nothing_per_participant_is_kept_after_counting() -> None:
    counts = _counts(threshold=3)
    ballot = counts.issue_ballot()
    counts.send(ballot, {"pain": 1, "time": 3}, "option:surgery")
    kept = repr(vars(counts))
    assert ballot not in kept
    assert not counts._pending


def test_leanings_shown_only_when_revealed_and_over_the_threshold() -> None:
    counts = _counts(threshold=3)
    for leaning in ("option:surgery", "option:physio"):
        _send(counts, {}, leaning)
    counts.reveal_leanings()
    assert counts.leanings() is None  # two people: under the threshold
    _send(counts, {}, "unsure")
    assert counts.leanings() == {"option:surgery": 1, "option:physio": 1, "unsure": 1}
    counts.reveal_leanings(False)
    assert counts.leanings() is None


def test_show_of_hands_adds_to_the_same_counts() -> None:
    counts = _counts(threshold=5)
    counts.add_hands("pain", 3, 4)
    assert counts.spreads()[0].shown is None
    counts.add_hands("pain", 4, 2)
    counts.add_hands_leaning("option:physio", 6)
    counts.add_hands_people(6)
    counts.reveal_leanings()
    assert counts.spreads()[0].shown == (0, 0, 0, 4, 2)
    assert counts.leanings() == {"option:surgery": 0, "option:physio": 6, "unsure": 0}
    assert counts.participants == 6
    for bad in (0, -1, 1001):
        with pytest.raises(GroupError):
            counts.add_hands("pain", 1, bad)
    with pytest.raises(GroupError):
        counts.add_hands("pain", 5, 1)


def test_questions_are_cleaned_hideable_and_capped() -> None:
    counts = _counts()
    first = counts.ask("  Is\u202e it\nsafe?\x00 ")
    assert first.text == "Is it safe?"
    second = counts.ask("<b>How long</b>?")
    counts.hide_question(first.number)
    assert [q.text for q in counts.questions()] == ["<b>How long</b>?"]
    assert len(counts.questions(include_hidden=True)) == 2
    assert dataclasses.asdict(second) == {"number": 2, "text": "<b>How long</b>?", "hidden": False}
    for bad in ("", "   \x00", "x" * 501):
        with pytest.raises(GroupError):
            counts.ask(bad)


def test_closed_session_refuses_everything_and_forgets_ballots() -> None:
    counts = _counts()
    ballot = counts.issue_ballot()
    counts.close()
    with pytest.raises(GroupError):
        counts.send(ballot, {"pain": 1}, None)
    with pytest.raises(GroupError):
        counts.ask("Still there?")
    with pytest.raises(GroupError):
        counts.issue_ballot()
    assert counts.closed


def test_clean_text_removes_controls_and_bidi_overrides() -> None:
    assert clean_text("a\u200fb\u202ac\td") == "abc d"
