"""CollaboRATE answered at the kiosk: the consultation keeps the code it gave (through
saving, recovery and undo), takes the answers once, marked as the kiosk's, and keeps its
draft after the summary is confirmed while the answers may still come."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.session.model import awaiting_kiosk
from decision_aid.session.state import Session, SessionError
from decision_aid.session.store import DraftStore
from tests.conftest import MINIMAL

T0 = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
CODE = "K7M4XP"
ANSWERS = {"explained": 8, "listened": 9, "included": None}


def session(when: datetime = T0) -> Session:
    loaded = load_pack(MINIMAL)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: when)


def given(when: datetime = T0) -> Session:
    made = session(when)
    made.give_kiosk_code(CODE, T0, T0 + timedelta(hours=24))
    return made


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "data" / "drafts", tmp_path / "config" / "draft.key")


def test_the_code_is_kept_and_not_undone() -> None:
    made = session()
    made.rate("avoid-tablets", 2)
    topics: list[str] = []
    made.subscribe(topics.append)
    made.give_kiosk_code(CODE, T0, T0 + timedelta(hours=24))
    assert topics == ["collaborate"] and made.dirty
    made.undo()  # the rating goes; the code given stays
    kiosk = made.record.collaborate.kiosk
    assert kiosk is not None and kiosk.code == CODE and kiosk.answered is None
    assert made.record.ratings == []


def test_a_code_that_is_not_one_is_refused() -> None:
    with pytest.raises(SessionError, match="not a kiosk code"):
        session().give_kiosk_code("K7M4XO", T0, T0 + timedelta(hours=1))


def test_the_answers_fill_the_items_marked_as_the_kiosks() -> None:
    made = given()
    made.set_collaborate("explained", 3)  # answered in the patient's view before
    answered = T0 + timedelta(hours=1)
    made.fill_from_kiosk(CODE, ANSWERS, answered)
    c = made.record.collaborate
    assert (c.explained, c.listened, c.included) == (8, 9, None)
    assert c.kiosk is not None and c.kiosk.answered == answered and made.answered_at_kiosk
    with pytest.raises(SessionError, match="privately at the kiosk"):
        made.set_collaborate("included", 9)
    with pytest.raises(SessionError, match="read in already"):
        made.fill_from_kiosk(CODE, ANSWERS, answered)
    made.undo()  # back before "explained = 3": the kiosk's answers are not undone
    assert made.record.collaborate == c


def test_answers_for_another_code_are_refused() -> None:
    with pytest.raises(SessionError, match="did not give the kiosk code AAAAAA"):
        given().fill_from_kiosk("AAAAAA", ANSWERS, T0)
    with pytest.raises(SessionError, match="did not give"):
        session().fill_from_kiosk(CODE, ANSWERS, T0)
    with pytest.raises(SessionError):
        given().fill_from_kiosk(CODE, {"explained": 12}, T0)


def test_the_code_survives_a_draft_save_and_recovery(store: DraftStore) -> None:
    made = given()
    path = store.save(made.record)
    store.release(made.record.id)
    again = store.load(path)
    assert again.collaborate.kiosk == made.record.collaborate.kiosk


def test_waiting_lasts_until_answers_could_no_longer_arrive() -> None:
    record = given().record
    assert awaiting_kiosk(record, T0)
    assert awaiting_kiosk(record, T0 + timedelta(hours=47))  # answered late, not read yet
    assert not awaiting_kiosk(record, T0 + timedelta(hours=48))
    assert not awaiting_kiosk(session().record, T0)
    made = given()
    made.fill_from_kiosk(CODE, ANSWERS, T0)
    assert not awaiting_kiosk(made.record, T0)


def test_a_finished_consultation_keeps_its_draft_while_waiting(store: DraftStore) -> None:
    now = datetime.now(UTC)
    made = session(now)
    made.give_kiosk_code(CODE, now, now + timedelta(hours=24))
    made.finish()
    path = store.save(made.record)
    assert path.exists()
    store.release(made.record.id)
    assert [d.id for d in store.unfinished()] == [made.record.id]
    made.fill_from_kiosk(CODE, ANSWERS, now)
    store.save(made.record)
    assert not path.exists()  # answered: finished like any other


def test_a_finished_consultation_whose_code_lapsed_keeps_no_draft(store: DraftStore) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=3)
    made = session(long_ago)
    made.give_kiosk_code(CODE, long_ago, long_ago + timedelta(hours=24))
    made.finish()
    assert not store.save(made.record).exists()
