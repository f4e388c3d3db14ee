"""The plan step offers the local groups and services of the clinic's trusted community
directories that match the pack's topics and the patient's language; stale entries are
flagged to staff only; chosen entries and the patient's agreement go into the record."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.directory.available import Available
from decision_aid.directory.load import load_directory
from decision_aid.i18n import _, using
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import apply_language
from decision_aid.ui.steps.community_offer import OfferRow
from decision_aid.ui.steps.community_part import CommunityBox
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


# -- the patient's language, compact entries, keyboard and right to left ---------------


def row_of(step: PlanStep, entry_id: str) -> OfferRow:
    return next(r for r in step.community.rows if r.offer.entry.id == entry_id)


def locale_of(widget: QWidget) -> str:
    """The language a screen reader is told the widget's text is in."""
    shown = QAccessible.queryAccessibleInterface(widget)
    attributes = shown.attributesInterface()
    return attributes.attributeValue(QAccessible.Attribute.Locale).name().split("_")[0]


def test_a_welsh_patient_is_offered_the_entry_in_welsh(qtbot: QtBot, tmp_path: Path) -> None:
    session = knee_session(tmp_path)
    session.set_language("cy")
    step = page(qtbot, session)
    assert offered(step) == ["joint-pain-peer-group"]  # the only one run in Welsh
    row = row_of(step, "joint-pain-peer-group")
    assert row.offer.text_language == "cy" and row.language_note is None
    with using("cy"):
        name = _("{name} (example data)").format(name="Byw'n Dda gyda Phoen yn y Cymalau")
    assert row.box.accessibleName() == name and row.name.words == name
    assert "Dydd Mercher cyntaf y mis" in Shown(row.summary).text()
    assert {locale_of(w) for w in (row.box, row.name, row.summary, row.details)} == {"cy"}
    click(qtbot, row.box)
    [chosen] = session.record.plan.community
    assert chosen.name == "Byw'n Dda gyda Phoen yn y Cymalau"
    assert chosen.how_to_join.startswith("Ffoniwch")


def without_welsh(tmp_path: Path) -> Available:
    """The example directory with no Welsh text for its Welsh-run peer group."""
    folder = unsigned_directory(tmp_path / "dirs")
    path = folder / "directory.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    translations:\n      cy:\n        name: Byw'n Dda")
    path.write_text(text[:start] + text[text.index("  - id: heart-health-cafe") :])
    return Available(directories=[load_directory(folder)])


def test_details_in_another_language_are_said_and_marked(qtbot: QtBot, tmp_path: Path) -> None:
    session = knee_session(tmp_path)
    session.set_language("cy")
    box = CommunityBox(session, without_welsh(tmp_path))
    qtbot.addWidget(box)
    [row] = box.rows
    assert row.offer.text_language == "en" and row.offer.entry.name == "Living Well with Joint Pain"
    assert row.language_note is not None
    with using("cy"):
        said = _("Details in {language}").format(language="English")
    assert said != "Details in English"  # said in the patient's language
    assert Shown(row.language_note).text() == said
    assert locale_of(row.language_note) == "cy"
    assert {locale_of(w) for w in (row.box, row.name, row.summary, row.details)} == {"en"}


def test_the_details_open_behind_a_button_the_keyboard_reaches(
    qtbot: QtBot, tmp_path: Path
) -> None:
    step = page(qtbot, knee_session(tmp_path))
    row = row_of(step, "riverside-walks")
    assert not row.details.isVisible() and "Gentle led walks" not in Shown(row.summary).text()
    assert row.details_button.accessibleName() == "Details of Riverside Health Walks"
    step.activateWindow()
    qtbot.waitActive(step)
    row.box.setFocus()
    qtbot.waitUntil(row.box.hasFocus)
    qtbot.keyClick(row.box, Qt.Key.Key_Tab)
    qtbot.waitUntil(row.details_button.hasFocus)
    qtbot.keyClick(row.details_button, Qt.Key.Key_Space)
    assert row.details.isVisible() and "Gentle led walks" in Shown(row.details).text()
    assert "How to join: Turn up on the day" in Shown(row.details).text()
    qtbot.keyClick(row.details_button, Qt.Key.Key_Space)
    assert not row.details.isVisible()


def test_clicking_an_entrys_name_chooses_it(qtbot: QtBot, tmp_path: Path) -> None:
    session = knee_session(tmp_path)
    step = page(qtbot, session)
    step.activateWindow()
    qtbot.waitActive(step)
    row = row_of(step, "riverside-walks")
    qtbot.mouseClick(row.name, Qt.MouseButton.LeftButton, pos=QPoint(10, row.name.height() // 2))
    assert row.box.isChecked()
    qtbot.waitUntil(row.box.hasFocus)
    assert [c.entry for c in session.record.plan.community] == ["riverside-walks"]
    consent = step.community.consent_row
    qtbot.mouseClick(consent.label, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert session.record.plan.community_referral is True


def test_an_entry_reads_right_to_left_in_arabic(qtbot: QtBot, tmp_path: Path) -> None:
    apply_language("ar")
    try:
        session = knee_session(tmp_path, "[physical-activity]")
        session.set_language("ar")
        step = page(qtbot, session)
        row = row_of(step, "heart-health-cafe")
        assert row.offer.text_language == "ar" and row.offer.entry.cost == "مجاني"
        box, name, button = (
            w.mapTo(step, QPoint(0, 0)).x() for w in (row.box, row.name, row.details_button)
        )
        assert box > name > button  # the box at the start (right), Details at the end (left)
        assert row.name.text().startswith("\u200f")  # laid out right to left, by its box
        assert "dir='rtl'" in row.summary.text()
    finally:
        apply_language("en")
