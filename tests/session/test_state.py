"""Session: every change is validated, stamped, announced, and can be undone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.session.model import (
    STEPS,
    KnowledgeAnswer,
    OwnConcern,
    Person,
    Rating,
    SessionRecord,
    Supporter,
)
from decision_aid.session.state import UNDO_LIMIT, Session, SessionError
from tests.conftest import MINIMAL, SHIPPED

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
T1 = T0 + timedelta(minutes=3)
KNEE = SHIPPED / "knee-osteoarthritis"


@dataclass
class Clock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Setup:
    session: Session
    clock: Clock
    heard: list[str]


def start(path: Path = MINIMAL) -> Setup:
    loaded = load_pack(path)
    clock = Clock()
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=clock)
    heard: list[str] = []
    session.subscribe(heard.append)
    return Setup(session, clock, heard)


@pytest.fixture
def minimal() -> Setup:
    return start(MINIMAL)


@pytest.fixture
def knee() -> Setup:
    return start(KNEE)


def state(record: SessionRecord) -> dict[str, Any]:
    """The record without its change time, for before/after comparisons."""
    return record.model_dump(exclude={"updated"})


# -- a new session ---------------------------------------------------------------------


def test_a_new_session_records_the_pack_and_the_start(minimal: Setup) -> None:
    loaded = load_pack(MINIMAL)
    record = minimal.session.record
    assert (record.pack.id, record.pack.version, record.pack.language) == (
        "minimal",
        "0.1.0",
        "en",
    )
    assert record.pack.content_hash == loaded.content_hash
    assert record.started == record.updated == T0
    assert record.step == "grid"
    assert record.finished is None
    assert not minimal.session.dirty
    assert not minimal.session.can_undo and not minimal.session.can_redo


def test_a_recovered_record_is_used_as_it_is(minimal: Setup) -> None:
    minimal.session.rate("avoid-tablets", 3)
    saved = SessionRecord.model_validate_json(minimal.session.record.model_dump_json())
    loaded = load_pack(MINIMAL)
    again = Session(loaded.pack, content_hash=loaded.content_hash, record=saved)
    assert again.record is saved
    assert again.importance("avoid-tablets") == 3


def test_a_record_of_another_pack_is_refused(minimal: Setup) -> None:
    knee = load_pack(KNEE)
    with pytest.raises(SessionError, match="for pack 'minimal', not 'knee-osteoarthritis'"):
        Session(knee.pack, content_hash=knee.content_hash, record=minimal.session.record)


# -- every undoable change -------------------------------------------------------------

Change = Callable[[Session], object]
Check = Callable[[SessionRecord], bool]

UNDOABLE: list[tuple[str, Change, str, Check]] = [
    (
        "hide option",
        lambda s: s.set_option_hidden("injection", True),
        "hidden",
        lambda r: r.hidden_options == ["injection"],
    ),
    (
        "hide row",
        lambda s: s.set_row_hidden("recovery", True),
        "hidden",
        lambda r: r.hidden_rows == ["recovery"],
    ),
    (
        "risk view",
        lambda s: s.set_risk_view("revision_10y", "bar"),
        "risk_views",
        lambda r: r.risk_views == {"revision_10y": "bar"},
    ),
    (
        "rate",
        lambda s: s.rate("lasting", 3),
        "ratings",
        lambda r: r.ratings == [Rating(concern_id="lasting", importance=3)],
    ),
    (
        "own concern",
        lambda s: s.add_own_concern("Being able to garden", 4),
        "ratings",
        lambda r: (
            r.own_concerns == [OwnConcern(id="own-1", text="Being able to garden", importance=4)]
        ),
    ),
    (
        "knowledge",
        lambda s: s.answer_knowledge("revision", "four"),
        "knowledge",
        lambda r: r.knowledge == [KnowledgeAnswer(question_id="revision", choice_id="four")],
    ),
    (
        "sure",
        lambda s: s.answer_sure("understand", True),
        "sure",
        lambda r: r.sure.understand is True and r.sure.sure is None,
    ),
    (
        "leaning",
        lambda s: s.set_leaning("option:exercise"),
        "plan",
        lambda r: r.plan.leaning == "option:exercise",
    ),
    (
        "questions",
        lambda s: s.set_questions(["  How long will it take?  ", "", "   "]),
        "plan",
        lambda r: r.plan.questions == ["How long will it take?"],
    ),
    (
        "supporters",
        lambda s: s.set_supporters([Supporter(name="Sam", relationship="family")]),
        "plan",
        lambda r: [p.name for p in r.plan.supporters] == ["Sam"],
    ),
    (
        "resources",  # kept in the pack's order, whatever order they were ticked in
        lambda s: s.set_resources(["nhs_weight", "versus_arthritis"]),
        "plan",
        lambda r: r.plan.resources == ["versus_arthritis", "nhs_weight"],
    ),
    (
        "next steps",
        lambda s: s.set_next_steps("  Book physiotherapy.  "),
        "plan",
        lambda r: r.plan.next_steps == "Book physiotherapy.",
    ),
    (
        "follow-up",
        lambda s: s.set_follow_up(date(2026, 12, 9)),
        "plan",
        lambda r: r.plan.follow_up == date(2026, 12, 9),
    ),
    (
        "patient",
        lambda s: s.set_patient(Person(name="Ann")),
        "people",
        lambda r: r.patient == Person(name="Ann"),
    ),
    (
        "clinician",
        lambda s: s.set_clinician(Person(name="Dr Bell", role="GP")),
        "people",
        lambda r: r.clinician is not None and r.clinician.role == "GP",
    ),
    (
        "collaborate",
        lambda s: s.set_collaborate("listened", 7),
        "collaborate",
        lambda r: r.collaborate.listened == 7 and r.collaborate.explained is None,
    ),
]


@pytest.mark.parametrize(
    ("change", "topic", "check"),
    [case[1:] for case in UNDOABLE],
    ids=[case[0] for case in UNDOABLE],
)
def test_each_change_is_stamped_announced_and_undoable(
    knee: Setup, change: Change, topic: str, check: Check
) -> None:
    session = knee.session
    before = state(session.record)
    knee.clock.now = T1

    change(session)
    assert knee.heard == [topic]
    assert check(session.record)
    assert session.record.updated == T1
    assert session.dirty
    assert session.can_undo and not session.can_redo

    # The same change again is no change (adding a concern twice adds two, of course).
    if not session.record.own_concerns:
        change(session)
        assert knee.heard == [topic]

    session.undo()
    assert state(session.record) == before
    assert knee.heard == [topic, "all"]
    assert not session.can_undo and session.can_redo

    session.redo()
    assert check(session.record)
    assert knee.heard == [topic, "all", "all"]
    assert session.can_undo and not session.can_redo


def test_mark_saved_clears_dirty(minimal: Setup) -> None:
    minimal.session.rate("avoid-tablets", 2)
    assert minimal.session.dirty
    minimal.session.mark_saved()
    assert not minimal.session.dirty


def test_unsubscribe_stops_the_announcements(minimal: Setup) -> None:
    other: list[str] = []
    unsubscribe = minimal.session.subscribe(other.append)
    minimal.session.rate("avoid-tablets", 2)
    unsubscribe()
    minimal.session.rate("avoid-tablets", 3)
    assert other == ["ratings"]
    assert minimal.heard == ["ratings", "ratings"]


# -- steps -------------------------------------------------------------------------------


def test_go_to_moves_between_steps_and_is_not_undoable(minimal: Setup) -> None:
    session = minimal.session
    assert session.previous_step() is None
    assert session.next_step() == "risks"
    minimal.clock.now = T1
    session.go_to("values")
    assert session.record.step == "values"
    assert session.record.updated == T1
    assert minimal.heard == ["step"]
    assert (session.previous_step(), session.next_step()) == ("risks", "check")
    session.go_to("values")
    assert minimal.heard == ["step"]
    assert not session.can_undo
    session.go_to("afterwards")
    assert session.next_step() is None
    assert STEPS[-1] == "afterwards"


# -- hiding --------------------------------------------------------------------------------


def test_hiding_and_showing_options_and_rows(knee: Setup) -> None:
    session = knee.session
    session.set_option_hidden("injection", True)
    session.set_option_hidden("carry_on", True)
    assert session.visible_options() == ["exercise", "replacement"]
    session.set_option_hidden("injection", False)
    assert session.visible_options() == ["exercise", "injection", "replacement"]
    assert session.record.hidden_options == ["carry_on"]
    session.set_row_hidden("benefit", True)
    assert session.visible_rows()[0] == "how_long"
    session.set_row_hidden("benefit", False)
    assert session.visible_rows()[0] == "benefit"
    assert knee.heard == ["hidden"] * 5


def test_the_last_visible_option_and_row_stay(minimal: Setup) -> None:
    session = minimal.session
    session.set_option_hidden("tablet", True)
    with pytest.raises(SessionError, match="at least one option stays visible"):
        session.set_option_hidden("nothing", True)
    assert session.visible_options() == ["nothing"]
    with pytest.raises(SessionError, match="at least one row stays visible"):
        session.set_row_hidden("effect", True)  # the minimal pack has one row
    assert session.visible_rows() == ["effect"]
    assert minimal.heard == ["hidden"]


def test_the_risk_group_is_chosen_once_recorded_and_undoable() -> None:
    statins = start(SHIPPED / "statins-primary-prevention")
    session = statins.session
    assert session.risk_group is None
    statins.clock.now = T1
    session.set_risk_group("qrisk-20")
    assert session.record.risk_group == "qrisk-20"
    assert statins.heard == ["risk_group"]
    assert session.record.updated == T1
    session.set_risk_group("qrisk-20")  # the same choice again is no change
    assert statins.heard == ["risk_group"]
    with pytest.raises(SessionError, match="no baseline group 'qrisk-15'"):
        session.set_risk_group("qrisk-15")
    assert session.record.risk_group == "qrisk-20"
    session.undo()
    assert session.risk_group is None
    session.redo()
    assert session.risk_group == "qrisk-20"
    again = SessionRecord.model_validate_json(session.record.model_dump_json())
    assert again.risk_group == "qrisk-20"
    session.set_risk_group(None)
    assert session.risk_group is None


def test_risk_view_defaults_to_icons(minimal: Setup) -> None:
    assert minimal.session.risk_view("bad-days") == "icons"
    minimal.session.set_risk_view("bad-days", "words")
    assert minimal.session.risk_view("bad-days") == "words"
    assert minimal.session.risk_view("sickness") == "icons"


# -- values ------------------------------------------------------------------------------


def test_rating_and_clearing_a_concern(minimal: Setup) -> None:
    session = minimal.session
    assert session.importance("avoid-tablets") is None
    session.rate("avoid-tablets", 0)
    assert session.importance("avoid-tablets") == 0
    session.rate("avoid-tablets", 4)
    assert session.record.ratings == [Rating(concern_id="avoid-tablets", importance=4)]
    session.rate("avoid-tablets", None)
    assert session.record.ratings == []
    assert minimal.heard == ["ratings"] * 3


def test_own_concerns_ids_fares_and_removal(minimal: Setup) -> None:
    session = minimal.session
    first = session.add_own_concern("Fewer bad days at work")
    second = session.add_own_concern("Not feeling sick", 1)
    assert (first, second) == ("own-1", "own-2")
    assert session.importance(first) == 2  # the default
    session.rate(first, 4)
    assert session.importance(first) == 4
    session.set_own_fare(first, "tablet", 2)
    session.set_own_fare(first, "nothing", -1)
    assert session.record.own_concerns[0].fares == {"tablet": 2, "nothing": -1}
    session.set_own_fare(first, "tablet", 2)  # unchanged: no announcement
    session.remove_own_concern(first)
    assert [c.id for c in session.record.own_concerns] == ["own-2"]
    session.remove_own_concern("own-9")  # already gone: nothing happens
    assert session.add_own_concern("Cost") == "own-1"  # the freed id is reused
    assert minimal.heard == ["ratings"] * 7


def test_own_concern_ids_never_clash_with_the_packs(make_pack: Callable[..., Path]) -> None:
    path = make_pack(edits={"content.yaml": [("id: avoid-tablets", "id: own-1")]})
    setup = start(path)
    assert setup.session.add_own_concern("Cost") == "own-2"
    setup.session.rate("own-1", 3)  # the pack's concern
    assert setup.session.record.ratings == [Rating(concern_id="own-1", importance=3)]


def test_an_own_concern_cannot_be_cleared(minimal: Setup) -> None:
    own = minimal.session.add_own_concern("Cost")
    with pytest.raises(SessionError, match="remove it instead"):
        minimal.session.rate(own, None)
    assert minimal.session.importance(own) == 2


# -- check, plan, afterwards -----------------------------------------------------------------


def test_knowledge_answers_change_and_clear(minimal: Setup) -> None:
    session = minimal.session
    assert session.answer("k1") is None
    session.answer_knowledge("k1", "a")
    session.answer_knowledge("k1", "b")
    assert session.answer("k1") == "b"
    assert len(session.record.knowledge) == 1
    session.answer_knowledge("k1", None)
    assert session.record.knowledge == []
    assert minimal.heard == ["knowledge"] * 3


def test_sure_items_are_answered_one_by_one(minimal: Setup) -> None:
    session = minimal.session
    for item in ("sure", "understand", "risk_benefit", "encouragement"):
        session.answer_sure(item, True)  # type: ignore[arg-type]
    session.answer_sure("risk_benefit", False)
    session.answer_sure("encouragement", None)
    sure = session.record.sure
    assert (sure.sure, sure.understand, sure.risk_benefit, sure.encouragement) == (
        True,
        True,
        False,
        None,
    )
    assert minimal.heard == ["sure"] * 6


@pytest.mark.parametrize("leaning", ["option:tablet", "unsure", "later", None])
def test_every_kind_of_leaning(minimal: Setup, leaning: str | None) -> None:
    minimal.session.set_leaning("option:nothing")
    minimal.session.set_leaning(leaning)
    assert minimal.session.record.plan.leaning == leaning


def test_the_follow_up_can_be_cleared(minimal: Setup) -> None:
    minimal.session.set_follow_up(date(2027, 1, 5))
    minimal.session.set_follow_up(None)
    assert minimal.session.record.plan.follow_up is None
    assert minimal.heard == ["plan", "plan"]


# -- bad input is refused and changes nothing ------------------------------------------------

BAD: list[tuple[str, Change, str]] = [
    ("option", lambda s: s.set_option_hidden("pill", True), "no option 'pill'"),
    ("row", lambda s: s.set_row_hidden("cost", True), "no row 'cost'"),
    ("outcome", lambda s: s.set_risk_view("death", "bar"), "no outcome 'death'"),
    ("risk group", lambda s: s.set_risk_group("higher"), "no baseline group 'higher'"),
    ("step", lambda s: s.go_to("library"), "no step 'library'"),
    ("concern", lambda s: s.rate("cost", 2), "no concern 'cost'"),
    ("clear unknown concern", lambda s: s.rate("cost", None), "no concern 'cost'"),
    ("own concern", lambda s: s.set_own_fare("own-9", "tablet", 1), "no own concern 'own-9'"),
    ("fare option", lambda s: s.set_own_fare("own-1", "pill", 1), "no option 'pill'"),
    ("question", lambda s: s.answer_knowledge("k9", "a"), "no knowledge question 'k9'"),
    ("choice", lambda s: s.answer_knowledge("k1", "z"), "no choice 'z' for question 'k1'"),
    ("leaning option", lambda s: s.set_leaning("option:pill"), "no option 'pill'"),
    ("resource", lambda s: s.set_resources(["helpline", "gym"]), "no support resource 'gym'"),
    ("collaborate item", lambda s: s.set_collaborate("liked", 3), "no CollaboRATE item 'liked'"),
    ("sure item", lambda s: s.answer_sure("happy", True), "no SURE item 'happy'"),
    # Values the record refuses: a SessionError too, and no undo step is left behind.
    ("importance 5", lambda s: s.rate("avoid-tablets", 5), "importance"),
    ("own importance 7", lambda s: s.rate("own-1", 7), "importance"),
    ("fare 3", lambda s: s.set_own_fare("own-1", "tablet", 3), "fares.tablet"),
    ("blank own concern", lambda s: s.add_own_concern("   "), "text"),
    ("leaning word", lambda s: s.set_leaning("maybe"), "leaning"),
    ("long question", lambda s: s.set_questions(["x" * 501]), "questions"),
    ("collaborate 10", lambda s: s.set_collaborate("listened", 10), "listened"),
    ("sure word", lambda s: s.answer_sure("sure", "yes"), "sure"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("change", "words"), [case[1:] for case in BAD], ids=[case[0] for case in BAD]
)
def test_bad_input_is_refused_and_changes_nothing(
    minimal: Setup, change: Change, words: str
) -> None:
    session = minimal.session
    session.add_own_concern("Cost")
    session.mark_saved()
    before = session.record.model_dump()
    minimal.heard.clear()
    minimal.clock.now = T1

    with pytest.raises(SessionError, match=words):
        change(session)
    assert session.record.model_dump() == before
    assert minimal.heard == []
    assert not session.dirty
    session.undo()  # undoes adding the concern, not a refused change
    assert session.record.own_concerns == []
    assert not session.can_undo


# -- undo and redo ---------------------------------------------------------------------------


def test_undo_and_redo_walk_the_history(minimal: Setup) -> None:
    session = minimal.session
    session.rate("avoid-tablets", 1)
    session.rate("avoid-tablets", 2)
    session.rate("avoid-tablets", 3)
    session.undo()
    session.undo()
    assert session.importance("avoid-tablets") == 1
    session.redo()
    assert session.importance("avoid-tablets") == 2
    session.set_leaning("unsure")  # a new change forgets what could be redone
    assert not session.can_redo
    session.redo()
    assert session.importance("avoid-tablets") == 2
    session.undo()
    session.undo()
    session.undo()
    assert session.importance("avoid-tablets") is None
    assert session.record.plan.leaning is None
    before = len(minimal.heard)
    session.undo()  # nothing left: nothing happens
    assert len(minimal.heard) == before


def test_undo_stamps_the_time(minimal: Setup) -> None:
    minimal.session.rate("avoid-tablets", 1)
    minimal.clock.now = T1
    minimal.session.undo()
    assert minimal.session.record.updated == T1
    assert minimal.session.dirty


def test_what_was_shown_survives_undo(minimal: Setup) -> None:
    session = minimal.session
    session.rate("avoid-tablets", 3)
    minimal.clock.now = T1
    session.mark_shown("values")
    session.undo()
    assert session.record.ratings == []
    assert [(s.step, s.at) for s in session.record.shown] == [("values", T1)]
    session.redo()
    assert session.importance("avoid-tablets") == 3
    assert len(session.record.shown) == 1


def test_finishing_survives_undo(minimal: Setup) -> None:
    session = minimal.session
    session.rate("avoid-tablets", 3)
    minimal.clock.now = T1
    session.finish()
    session.undo()
    assert session.record.ratings == []
    assert session.record.finished == T1


def test_the_history_is_limited(minimal: Setup) -> None:
    session = minimal.session
    for n in range(UNDO_LIMIT + 5):
        session.set_next_steps(f"step {n}")
    undone = 0
    while session.can_undo:
        session.undo()
        undone += 1
    assert undone == UNDO_LIMIT
    assert session.record.plan.next_steps == "step 4"


# -- what was shown, and finishing ------------------------------------------------------------


def test_mark_shown_records_what_and_when_without_repeats(minimal: Setup) -> None:
    session = minimal.session
    session.mark_shown("grid", "row:effect")
    session.mark_shown("grid", "row:effect")  # still on screen: not a new entry
    minimal.clock.now = T1
    session.mark_shown("risks", "outcome:bad-days", "icons")
    session.mark_shown("risks", "outcome:bad-days", "bar")  # another view is another entry
    session.mark_shown("risks", "outcome:bad-days", "bar")
    session.mark_shown("grid", "row:effect")  # back again later: a new entry
    shown = [(s.step, s.item, s.view, s.at) for s in session.record.shown]
    assert shown == [
        ("grid", "row:effect", None, T0),
        ("risks", "outcome:bad-days", "icons", T1),
        ("risks", "outcome:bad-days", "bar", T1),
        ("grid", "row:effect", None, T1),
    ]
    assert minimal.heard == ["shown"] * 4
    assert session.record.updated == T1
    assert not session.can_undo  # it happened: not undoable


def test_finish_stamps_once(minimal: Setup) -> None:
    minimal.clock.now = T1
    minimal.session.finish()
    assert minimal.session.record.finished == T1
    assert minimal.session.record.updated == T1
    minimal.clock.now = T1 + timedelta(hours=1)
    minimal.session.finish()
    assert minimal.session.record.finished == T1
    assert minimal.heard == ["finished"]


def test_patient_language_localizes_the_pack_and_survives_undo() -> None:
    from decision_aid.content.loader import load_pack
    from decision_aid.content.model import TranslationFile
    from tests.conftest import MINIMAL

    loaded = load_pack(MINIMAL)
    welsh = TranslationFile(
        format_version=1,
        locale="cy",
        status="draft",
        strings={"options.tablet.name": "Cymryd y dabled"},
    )
    session = Session(loaded.pack, content_hash=loaded.content_hash, translations={"cy": welsh})
    heard: list[str] = []
    session.subscribe(heard.append)
    assert session.languages() == ["en", "cy"]
    assert session.language == "en"
    session.set_language("cy")
    assert session.pack.content.options[0].name == "Cymryd y dabled"
    assert session.pack.content.options[1].name == "No tablet"  # falls back
    assert session.record.pack.language == "cy"
    assert heard == ["language"]
    session.rate("avoid-tablets", 3)
    session.undo()
    assert session.language == "cy"
    with pytest.raises(SessionError, match="no 'pl' translation"):
        session.set_language("pl")
    session.set_language("en")
    assert session.pack is session.source_pack
