"""A consultation started from a kiosk hand-over says so; older records stay valid."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from decision_aid.i18n import using
from decision_aid.session.model import KioskHandover, SessionRecord
from decision_aid.session.reading import parse_session
from decision_aid.session.summary_text import kiosk_text
from tests.conftest import ROOT

PREPARED = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


def test_a_record_made_before_hand_overs_existed_still_reads() -> None:
    data = json.loads((ROOT / "examples" / "knee-osteoarthritis.session.json").read_text())
    data.pop("kiosk", None)
    record = parse_session(json.dumps(data).encode())
    assert record.kiosk is None


def test_the_hand_over_mark_survives_a_save() -> None:
    data = json.loads((ROOT / "examples" / "knee-osteoarthritis.session.json").read_text())
    record = SessionRecord.model_validate(data)
    record.kiosk = KioskHandover(prepared=PREPARED, opened=PREPARED, parts=["ratings", "sure"])
    again = parse_session(record.model_dump_json().encode())
    assert again.kiosk == record.kiosk


def test_one_line_names_what_the_patient_prepared() -> None:
    handover = KioskHandover(
        prepared=PREPARED, opened=PREPARED, parts=["ratings", "questions", "sure"]
    )
    with using("en"):
        text = kiosk_text(handover, "4 December 2026, 09:30 GMT")
    assert text == (
        "Prepared by the patient at the kiosk (4 December 2026, 09:30 GMT): ratings of what "
        "matters, questions and SURE answers."
    )
    with using("en"):
        empty = kiosk_text(KioskHandover(prepared=PREPARED, opened=PREPARED), "then")
    assert "nothing was filled in" in empty


def test_the_line_is_in_the_patients_language() -> None:
    handover = KioskHandover(prepared=PREPARED, opened=PREPARED, parts=["ratings", "questions"])
    for code in ("cy", "pl", "ar"):
        with using(code):
            text = kiosk_text(handover, "T")
        assert "Prepared by the patient" not in text and "T" in text
