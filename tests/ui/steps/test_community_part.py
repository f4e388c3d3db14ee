"""The plan step offers the local groups and services of the clinic's trusted community
directories that match the pack's topics and the patient's language; stale entries are
flagged to staff only; chosen entries and the patient's agreement go into the record."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.plan_step import PlanStep
from tests.content.trust.support import unsigned_copy
from tests.directory.support import unsigned_directory
from tests.ui.steps.test_plan_step import Shown, click

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def knee_session(tmp_path: Path, topics: str = "[pain, joints-and-mobility]") -> Session:
    folder = unsigned_copy(tmp_path)
    meta = folder / "pack.yaml"
    text = re.sub(r"^community_topics: .*\n", "", meta.read_text(), flags=re.M)
    meta.write_text(text.replace("\nkind: ", f"\ncommunity_topics: {topics}\nkind: ", 1))
    loaded = load_pack(folder)
    return Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        clock=lambda: NOW,
        translations=loaded.translations,
    )


def page(qtbot: QtBot, session: Session, *, patient: bool = False) -> PlanStep:
    made = PlanStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(made)
    made.resize(1100, 900)
    made.show()
    qtbot.waitExposed(made)
    return made


def offered(step: PlanStep) -> list[str]:
    return [offer.entry.id for offer, _box in step.community.boxes]


def test_entries_matching_the_packs_topics_and_language_are_offered(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = knee_session(tmp_path / "en")
    assert offered(page(qtbot, session)) == ["riverside-walks", "joint-pain-peer-group"]
    polish = knee_session(tmp_path / "pl")
    polish.set_language("pl")
    assert offered(page(qtbot, polish)) == ["riverside-walks"]  # the only one run in Polish


def test_a_pack_without_topics_shows_no_community_box(qtbot: QtBot, tmp_path: Path) -> None:
    session = knee_session(tmp_path, "[]")
    step = page(qtbot, session)
    assert offered(step) == [] and not step.community.isVisible()
    assert not step.community.consent.isVisible()


def test_a_stale_entry_is_flagged_to_staff_only(qtbot: QtBot, tmp_path: Path) -> None:
    session = knee_session(tmp_path)
    step = page(qtbot, session)
    [note] = step.community.stale_notes
    assert "more than 12 months ago" in note.text() and "2024" in note.text()
    box = dict((o.entry.id, b) for o, b in step.community.boxes)["joint-pain-peer-group"]
    click(qtbot, box)
    mirror = page(qtbot, session, patient=True)
    shown = Shown(mirror.patient_labels["community"]).text()
    assert "Living Well with Joint Pain" in shown and "01632 960202" in shown
    assert "12 months" not in shown and not hasattr(mirror, "community")


def test_choosing_writes_the_record_and_consent_needs_a_choice(
    qtbot: QtBot, tmp_path: Path
) -> None:
    session = knee_session(tmp_path)
    step = page(qtbot, session)
    consent = step.community.consent
    assert not consent.isEnabled()
    box = dict((o.entry.id, b) for o, b in step.community.boxes)["riverside-walks"]
    click(qtbot, box)
    [chosen] = session.record.plan.community
    assert chosen.directory == "example-community" and chosen.entry == "riverside-walks"
    assert chosen.contact == "01632 960101 · https://walks.example.org" and chosen.example
    assert consent.isEnabled() and not session.record.plan.community_referral
    click(qtbot, consent)
    assert session.record.plan.community_referral is True
    session.undo()
    session.undo()
    assert session.record.plan.community == [] and not box.isChecked()


def test_an_unsigned_directory_is_not_offered_and_staff_are_told(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "more"
    unsigned_directory(extra, ("id: example-community", "id: unsigned-one"), name="unsigned-one")
    monkeypatch.setenv("DECISION_AID_DIRECTORIES", os.fspath(extra))
    step = page(qtbot, knee_session(tmp_path))
    assert offered(step) == ["riverside-walks", "joint-pain-peer-group"]
    assert any("not signed by a publisher" in p.message for p in step.community.available.refused)
