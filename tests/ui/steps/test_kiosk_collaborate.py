"""The consultation's side of CollaboRATE at the kiosk: a code given and kept, the answers
read in with the clinic's key, marked as the kiosk's, never shown to the clinician, and
removed from the spool once saved."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.kiosk.codes import on_screen
from decision_aid.kiosk.collaborate import KioskAnswers, put_answers
from decision_aid.kiosk.keys import load_public_key, make_key_pair
from decision_aid.kiosk.spool import Spool
from decision_aid.session.model import now_utc
from decision_aid.session.state import Session
from decision_aid.settings import Settings, save_settings, settings_path
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.patient_window import PatientWindow
from decision_aid.ui.steps.afterwards_step import AfterwardsStep
from decision_aid.ui.steps.kiosk_collaborate import KioskCollaboratePanel
from tests.conftest import MINIMAL
from tests.kiosk.conftest import PASSPHRASE
from tests.ui.consult_support import store_in

ANSWERS = {"explained": 2, "listened": 8, "included": None}


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    private, public = make_key_pair(tmp_path / "keys", PASSPHRASE)
    (tmp_path / "spool").mkdir()
    save_settings(
        Settings(
            kiosk_spool=tmp_path / "spool",
            kiosk_public_key=public,
            kiosk_private_key=private,
            time_zone="Europe/London",
        )
    )
    return Spool(tmp_path / "spool")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> ConsultationWindow:
    return at_afterwards(qtbot, tmp_path)


def at_afterwards(qtbot: QtBot, tmp_path: Path) -> ConsultationWindow:
    loaded = load_pack(MINIMAL)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=now_utc)
    made = ConsultationWindow(loaded, session, store_in(tmp_path))
    qtbot.addWidget(made)
    made.show()
    made.go_to("afterwards")
    return made


def panel_of(window: ConsultationWindow) -> KioskCollaboratePanel:
    page = window.current_page()
    assert isinstance(page, AfterwardsStep) and page.kiosk is not None
    return page.kiosk


def answer_at_kiosk(spool: Spool, code: str, answers: dict[str, int | None]) -> None:
    public = load_public_key(spool.folder.parent / "keys" / "kiosk-handover.pub")
    put_answers(spool, code, KioskAnswers(answered=now_utc(), **answers), public)


def shown_text(widget: QWidget) -> str:
    return "\n".join(w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget))


def test_the_clinician_gives_a_code(window: ConsultationWindow, spool: Spool) -> None:
    panel = panel_of(window)
    assert panel.give_button.isVisibleTo(panel) and not panel.code.isVisibleTo(panel)
    panel.give_button.click()
    kiosk = window.session.record.collaborate.kiosk
    assert kiosk is not None and kiosk.answered is None
    assert kiosk.expires - kiosk.issued == spool.keep
    assert [p.name for p in spool.folder.iterdir()] == [f"{kiosk.code}.collaborate-wait"]
    assert panel.code.text() == on_screen(kiosk.code)
    assert panel.until.text().startswith("Valid until ")
    assert panel.status.text() == "Waiting for the patient's answers from the kiosk."
    assert not panel.give_button.isVisibleTo(panel) and panel.read_button.isVisibleTo(panel)
    assert panel.timer.isActive()


def test_without_a_spool_it_says_which_setting(window: ConsultationWindow) -> None:
    panel = panel_of(window)
    panel.give_button.click()
    assert window.session.record.collaborate.kiosk is None
    assert "'kiosk_spool'" in panel.problem.text() and str(settings_path()) in panel.problem.text()


def test_the_answers_are_read_in_and_never_shown(
    qtbot: QtBot, window: ConsultationWindow, spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = panel_of(window)
    panel.give_button.click()
    kiosk = window.session.record.collaborate.kiosk
    assert kiosk is not None
    answer_at_kiosk(spool, kiosk.code, ANSWERS)
    panel.check()
    assert panel.status.text() == "The patient has answered at the kiosk: read their answers in."
    monkeypatch.setattr(KioskCollaboratePanel, "ask_passphrase", lambda _self: "not it")
    panel.read_button.click()
    assert "passphrase" in panel.problem.text()
    assert (spool.folder / f"{kiosk.code}.collaborate").exists()
    monkeypatch.setattr(KioskCollaboratePanel, "ask_passphrase", lambda _self: PASSPHRASE.decode())
    panel.read_button.click()
    record = window.session.record
    c = record.collaborate
    assert (c.explained, c.listened, c.included) == (2, 8, None)
    assert c.kiosk is not None and c.kiosk.answered is not None
    assert [p.name for p in spool.folder.iterdir()] == [f"{kiosk.code}.collaborate-opened"]
    assert "removed from the spool" in window.statusBar().currentMessage()
    page = window.current_page()
    assert isinstance(page, AfterwardsStep)
    assert page.progress.text() == (
        "The patient answered 2 of the three questions privately at the kiosk."
    )
    text = shown_text(page)
    assert re.search(r"\b[28]\b", text.replace("2 of the three", "")) is None
    assert not panel.read_button.isVisibleTo(panel) and not panel.give_button.isVisibleTo(panel)
    assert not panel.timer.isActive()
    window.undo()  # nothing to undo the answers with
    assert window.session.record.collaborate == c
    # The patient's view shows their own answers, as given, and that they came from the kiosk.
    patient = PatientWindow(window.binding)
    qtbot.addWidget(patient)
    mirror = patient.pages["afterwards"]
    assert isinstance(mirror, AfterwardsStep)
    assert mirror.scales["listened"].value() == 8
    assert not mirror.scales["listened"].isEnabled()
    assert mirror.kiosk_note is not None
    assert mirror.kiosk_note.text() == "You answered these questions privately at the kiosk."


def test_the_patients_view_gives_the_code_while_it_waits(
    qtbot: QtBot, window: ConsultationWindow, spool: Spool
) -> None:
    panel_of(window).give_button.click()
    kiosk = window.session.record.collaborate.kiosk
    assert kiosk is not None
    patient = PatientWindow(window.binding)
    qtbot.addWidget(patient)
    mirror = patient.pages["afterwards"]
    assert isinstance(mirror, AfterwardsStep) and mirror.kiosk_note is not None
    assert on_screen(kiosk.code) in mirror.kiosk_note.text()
    assert "I have seen my clinician" in mirror.kiosk_note.text()


def test_the_code_survives_closing_and_recovery(
    qtbot: QtBot, window: ConsultationWindow, spool: Spool, tmp_path: Path
) -> None:
    panel_of(window).give_button.click()
    window.session.finish()  # the summary confirmed: the draft stays while answers may come
    code = window.session.record.collaborate.kiosk.code  # type: ignore[union-attr]
    window.close()
    assert window.autosaver is not None
    window.autosaver.store.release(window.session.record.id)  # as the library does on close
    store = store_in(tmp_path)
    drafts = store.unfinished()
    assert [d.id for d in drafts] == [window.session.record.id]
    record = store.load(drafts[0].path)
    assert record.collaborate.kiosk is not None and record.collaborate.kiosk.code == code


def test_without_a_code_the_step_needs_no_record_date_formats(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The record's date formats load Babel and its locale data (megabytes): a consultation
    # with no kiosk code never shows one, so it must not load them.
    monkeypatch.setitem(sys.modules, "decision_aid.report.when", None)  # importing it fails
    made = at_afterwards(qtbot, tmp_path)
    panel = panel_of(made)
    panel.refresh()
    assert not panel.code.isVisible()
