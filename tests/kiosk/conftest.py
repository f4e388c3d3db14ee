"""Shared set-up for the kiosk tests: a clinic key pair and a patient's session."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from decision_aid.kiosk.keys import make_key_pair
from decision_aid.session.model import (
    OwnConcern,
    PackRef,
    Person,
    Plan,
    Rating,
    SessionRecord,
    Supporter,
    Sure,
)

PASSPHRASE = b"a clinic passphrase"
CANARY = "CANARY-7f3a9c-question"
"""Typed into a question: it must never be readable in the spool."""
NAME = "CANARY-Name-Jones"
IDENTIFIER = "CANARY-NHS-9434765919"
BORN = date(1951, 3, 17)
T0 = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    """(private key, public key) of a clinic, made with PASSPHRASE."""
    return make_key_pair(tmp_path / "keys", PASSPHRASE)


@pytest.fixture
def spool_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "spool"
    folder.mkdir()
    return folder


def patient_record() -> SessionRecord:
    """A consultation with every patient-prepared part filled in, and identifiers."""
    return SessionRecord(
        id="session-CANARY-id",
        pack=PackRef(
            id="minimal",
            version="1.0.0",
            content_hash="sha256:" + "ab" * 32,
            language="en",
        ),
        started=T0,
        updated=T0,
        patient=Person(name=NAME, identifier=IDENTIFIER, birth_date=BORN),
        clinician=Person(name="CANARY-Dr-Who", identifier="CANARY-GMC-1234567", role="GP"),
        ratings=[Rating(concern_id="avoid-tablets", importance=4)],
        own_concerns=[OwnConcern(id="own-1", text="Looking after my garden", importance=3)],
        sure=Sure(sure=True, understand=False, risk_benefit=True, encouragement=None),
        plan=Plan(
            leaning="unsure",
            questions=[CANARY, "How long is the recovery?"],
            supporters=[Supporter(name="My daughter", relationship="family", note="drives")],
            next_steps="CANARY-next-steps",
        ),
    )
