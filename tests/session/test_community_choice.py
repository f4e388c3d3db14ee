"""Chosen community groups are kept in the record; records made before directories
existed still load, with none chosen and no agreement to a referral."""

from __future__ import annotations

import json

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.session.reading import parse_session
from decision_aid.session.state import Session, SessionError
from tests.conftest import MINIMAL, ROOT
from tests.report.fhir.test_referral import WALKS


def test_a_record_made_before_directories_loads_with_none_chosen() -> None:
    data = json.loads((ROOT / "examples" / "knee-osteoarthritis.session.json").read_text())
    data["plan"].pop("community", None)
    data["plan"].pop("community_referral", None)
    record = parse_session(json.dumps(data).encode())
    assert record.plan.community == [] and record.plan.community_referral is False


def test_a_choice_is_kept_once_and_undone() -> None:
    loaded = load_pack(MINIMAL)
    session = Session(loaded.pack, content_hash=loaded.content_hash)
    session.set_community([WALKS])
    session.set_community_referral(True)
    assert session.record.plan.community == [WALKS]
    with pytest.raises(SessionError):
        session.set_community([WALKS, WALKS])
    again = parse_session(session.record.model_dump_json().encode())
    assert again.plan.community == [WALKS] and again.plan.community_referral is True
    session.undo()
    session.undo()
    assert session.record.plan.community == []
