"""The hand-over: only the patient's answers, never who they are; sealed, and refused when
changed or opened with the wrong key."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from decision_aid.kiosk.handover import (
    MAGIC,
    DamagedError,
    HandoverContent,
    WrongKeyError,
    content_bytes,
    handover_from_record,
    prepared_parts,
    record_from_handover,
    seal,
    unseal,
)
from decision_aid.kiosk.keys import load_private_key, load_public_key, make_key_pair
from decision_aid.kiosk.sealing import HEADER, seal_bytes
from decision_aid.session.model import CommunityChoice, SessionRecord
from tests.kiosk.conftest import (
    CANARY,
    IDENTIFIER,
    NAME,
    PASSPHRASE,
    T0,
    patient_record,
)

CODE = "K7M4XP"


def test_the_model_has_no_place_for_who_the_patient_is() -> None:
    fields = set(HandoverContent.model_fields)
    assert not fields & {"patient", "clinician", "id", "name", "identifier", "birth_date"}
    assert fields == {
        "format_version",
        "pack",
        "prepared",
        "ratings",
        "own_concerns",
        "questions",
        "supporters",
        "community",
        "leaning",
        "sure",
    }
    # A chosen group or service is the directory's words about it, never the patient's.
    assert set(CommunityChoice.model_fields) == {
        "directory",
        "directory_version",
        "entry",
        "name",
        "organisation",
        "when",
        "where",
        "how_to_join",
        "contact",
        "example",
    }


def test_identifiers_in_the_session_never_reach_the_hand_over() -> None:
    content = handover_from_record(patient_record(), T0)
    text = content.model_dump_json()
    for secret in (NAME, IDENTIFIER, "1951-03-17", "CANARY-Dr-Who", "CANARY-GMC", "session-"):
        assert secret not in text
    assert "CANARY-next-steps" not in text  # the clinician's plan is not the patient's
    assert CANARY in text  # the patient's question is


def test_a_hand_over_with_an_identifier_is_refused() -> None:
    data = handover_from_record(patient_record(), T0).model_dump()
    data["patient"] = {"name": NAME}
    with pytest.raises(ValueError, match="patient"):
        HandoverContent.model_validate(data)


def test_the_consultation_made_from_it_has_the_answers_marked_as_the_patients() -> None:
    source = patient_record()
    content = handover_from_record(source, T0)
    record = record_from_handover(content, T0 + timedelta(hours=1))
    assert record.patient is None and record.clinician is None
    assert record.id != source.id
    assert record.ratings == source.ratings
    assert [c.text for c in record.own_concerns] == ["Looking after my garden"]
    assert record.plan.questions == source.plan.questions
    assert record.plan.supporters == source.plan.supporters
    assert record.plan.leaning == "unsure" and record.plan.next_steps == ""
    assert record.sure == source.sure
    assert record.kiosk is not None
    assert record.kiosk.prepared == T0 and record.kiosk.opened == T0 + timedelta(hours=1)
    assert record.kiosk.parts == [
        "ratings",
        "own_concerns",
        "questions",
        "supporters",
        "leaning",
        "sure",
    ]


def test_only_the_parts_filled_in_are_named() -> None:
    record = patient_record()
    record.plan = record.plan.model_copy(update={"supporters": [], "leaning": None})
    assert prepared_parts(handover_from_record(record, T0)) == [
        "ratings",
        "own_concerns",
        "questions",
        "sure",
    ]


def _sealed(keys: tuple[Path, Path]) -> bytes:
    content = handover_from_record(patient_record(), T0)
    return seal(content, load_public_key(keys[1]), CODE, T0)


def test_sealed_bytes_hold_no_readable_answer(keys: tuple[Path, Path]) -> None:
    data = _sealed(keys)
    for secret in (CANARY, "garden", "My daughter", "avoid-tablets", "minimal"):
        assert secret.encode() not in data
        assert secret.encode("utf-16-le") not in data
    assert len(data) % 1024 == (HEADER.size + 32 + 16) % 1024  # padded: the size says little


def test_sealed_bytes_open_with_the_clinics_key(keys: tuple[Path, Path]) -> None:
    private = load_private_key(keys[0], PASSPHRASE)
    content = unseal(_sealed(keys), private, Path("x"), CODE, keys[0])
    assert content == handover_from_record(patient_record(), T0)


def test_every_changed_byte_is_refused(keys: tuple[Path, Path]) -> None:
    data = _sealed(keys)
    private = load_private_key(keys[0], PASSPHRASE)
    for at in [*range(8, HEADER.size), HEADER.size, HEADER.size + 40, len(data) - 1]:
        changed = bytearray(data)
        changed[at] ^= 0x01
        with pytest.raises((DamagedError, WrongKeyError)) as caught:
            unseal(bytes(changed), private, Path("spool/K7M4XP.handover"), CODE, keys[0])
        assert "spool/K7M4XP.handover" in str(caught.value)


def test_a_cut_short_file_is_refused(keys: tuple[Path, Path]) -> None:
    private = load_private_key(keys[0], PASSPHRASE)
    data = _sealed(keys)
    for size in (0, 10, HEADER.size, len(data) - 1):
        with pytest.raises(DamagedError, match="kept as it is"):
            unseal(data[:size], private, Path("f"), CODE, keys[0])


def test_a_renamed_file_is_refused(keys: tuple[Path, Path]) -> None:
    private = load_private_key(keys[0], PASSPHRASE)
    with pytest.raises(DamagedError, match="the code in the file"):
        unseal(_sealed(keys), private, Path("f"), "AAAAAA", keys[0])


def test_another_clinics_key_is_refused_by_name(keys: tuple[Path, Path], tmp_path: Path) -> None:
    other, _public = make_key_pair(tmp_path / "other", PASSPHRASE)
    with pytest.raises(WrongKeyError, match="sealed for another clinic key") as caught:
        unseal(_sealed(keys), load_private_key(other, PASSPHRASE), Path("f"), CODE, other)
    assert str(other) in str(caught.value)


WALKS = CommunityChoice(
    directory="example-community",
    directory_version="1.0.0",
    entry="riverside-walks",
    name="Riverside Health Walks",
    organisation="Riverside Voluntary Action (fictional)",
    when="Tuesdays and Fridays, 10am to 11am",
    where="Riverside Library steps",
    how_to_join="Turn up on the day.",
    contact="01632 960101 · https://walks.example.org",
    example=True,
)


def _with_walks() -> SessionRecord:
    record = patient_record()
    record.plan = record.plan.model_copy(update={"community": [WALKS], "community_referral": True})
    return record


def test_chosen_groups_travel_and_are_chosen_but_not_referred_in_the_consultation() -> None:
    content = handover_from_record(_with_walks(), T0)
    assert content.community == [WALKS]
    assert "community_referral" not in content.model_dump_json()  # the clinician asks
    record = record_from_handover(content, T0 + timedelta(hours=1))
    assert record.plan.community == [WALKS] and record.plan.community_referral is False
    assert record.kiosk is not None and "community" in record.kiosk.parts
    assert record.kiosk.parts.index("supporters") < record.kiosk.parts.index("community")
    assert "community" not in prepared_parts(handover_from_record(patient_record(), T0))


def test_chosen_groups_are_sealed_unreadable_and_open_again(keys: tuple[Path, Path]) -> None:
    content = handover_from_record(_with_walks(), T0)
    data = seal(content, load_public_key(keys[1]), CODE, T0)
    for secret in (b"Riverside", b"01632", b"riverside-walks"):
        assert secret not in data
    private = load_private_key(keys[0], PASSPHRASE)
    assert unseal(data, private, Path("x"), CODE, keys[0]).community == [WALKS]


OLD_PAYLOAD = {
    "format_version": 1,
    "pack": {
        "id": "minimal",
        "version": "1.0.0",
        "content_hash": "sha256:" + "ab" * 32,
        "language": "en",
    },
    "prepared": "2026-12-04T09:30:00Z",
    "ratings": [{"concern_id": "avoid-tablets", "importance": 4}],
    "own_concerns": [],
    "questions": ["How long is the recovery?"],
    "supporters": [],
    "leaning": "unsure",
    "sure": {"sure": True, "understand": None, "risk_benefit": None, "encouragement": None},
}
"""A hand-over as the kiosk sealed it before it offered local groups and services."""


def test_a_hand_over_sealed_before_groups_were_offered_still_opens(
    keys: tuple[Path, Path],
) -> None:
    plain = json.dumps(OLD_PAYLOAD).encode()
    data = seal_bytes(plain, load_public_key(keys[1]), CODE, T0, MAGIC)
    private = load_private_key(keys[0], PASSPHRASE)
    content = unseal(data, private, Path("spool/K7M4XP.handover"), CODE, keys[0])
    assert content.community == [] and content.questions == ["How long is the recovery?"]
    record = record_from_handover(content, T0)
    assert record.plan.community == [] and record.kiosk is not None
    assert "community" not in record.kiosk.parts


def test_with_nothing_chosen_the_payload_is_as_before() -> None:
    """A clinic computer not yet updated opens a hand-over in which no group was chosen."""
    plain = json.loads(content_bytes(handover_from_record(patient_record(), T0)))
    assert set(plain) == set(OLD_PAYLOAD)
    chosen = json.loads(content_bytes(handover_from_record(_with_walks(), T0)))
    assert set(chosen) == {*OLD_PAYLOAD, "community"}
