"""Open from kiosk with a CollaboRATE code: the answers go into the consultation that gave
it, whether it is open or only a draft on this computer; elsewhere they stay in the spool."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.kiosk.collaborate import KioskAnswers, give_code, put_answers
from decision_aid.kiosk.keys import load_public_key, make_key_pair
from decision_aid.kiosk.spool import Spool
from decision_aid.session.model import now_utc
from decision_aid.settings import Settings, save_settings
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.dialogs import kiosk_answers
from decision_aid.ui.dialogs.kiosk_open_dialog import KioskOpenDialog
from decision_aid.ui.library_window import LibraryWindow
from decision_aid.ui.steps.afterwards_step import AfterwardsStep
from tests.conftest import MINIMAL
from tests.kiosk.conftest import PASSPHRASE
from tests.ui.consult_support import store_in

ANSWERS = {"explained": 9, "listened": 9, "included": 4}


@pytest.fixture
def spool(tmp_path: Path) -> Spool:
    private, public = make_key_pair(tmp_path / "keys", PASSPHRASE)
    (tmp_path / "spool").mkdir()
    save_settings(
        Settings(kiosk_spool=tmp_path / "spool", kiosk_public_key=public, kiosk_private_key=private)
    )
    return Spool(tmp_path / "spool")


@pytest.fixture
def library(qtbot: QtBot, tmp_path: Path) -> LibraryWindow:
    root = tmp_path / "library"
    root.mkdir()
    shutil.copytree(MINIMAL, root / "minimal")
    window = LibraryWindow(
        [root], today=lambda: date(2026, 6, 1), store=store_in(tmp_path), clock=now_utc
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    return window


def open_consultation(qtbot: QtBot, library: LibraryWindow) -> ConsultationWindow:
    entry = library.entry_for("minimal")
    assert entry is not None and library.open_entry(entry)
    qtbot.waitUntil(lambda: len(library.consultations) == 1)
    consultation = library.consultations[0]
    qtbot.addWidget(consultation)
    return consultation


def give_and_answer(consultation: ConsultationWindow) -> str:
    consultation.go_to("afterwards")
    page = consultation.current_page()
    assert isinstance(page, AfterwardsStep) and page.kiosk is not None
    page.kiosk.give_button.click()
    kiosk = consultation.session.record.collaborate.kiosk
    assert kiosk is not None
    spool = page.kiosk._spool(page.kiosk._settings())
    public = load_public_key(spool.folder.parent / "keys" / "kiosk-handover.pub")
    put_answers(spool, kiosk.code, KioskAnswers(answered=now_utc(), **ANSWERS), public)
    return kiosk.code


def open_from_kiosk(monkeypatch: pytest.MonkeyPatch, library: LibraryWindow, typed: str) -> None:
    def exec_(dialog: KioskOpenDialog) -> int:
        dialog.code.setText(typed)
        dialog.passphrase.setText(PASSPHRASE.decode())
        dialog.try_open()
        return int(dialog.result())

    monkeypatch.setattr(KioskOpenDialog, "exec", exec_)
    library.open_from_kiosk()


def filled(consultation: ConsultationWindow) -> bool:
    c = consultation.session.record.collaborate
    answered = c.kiosk is not None and c.kiosk.answered is not None
    return answered and (c.explained, c.listened, c.included) == (9, 9, 4)


def test_into_the_open_consultation_that_gave_the_code(
    qtbot: QtBot, library: LibraryWindow, spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    consultation = open_consultation(qtbot, library)
    code = give_and_answer(consultation)
    open_from_kiosk(monkeypatch, library, code.lower())
    assert filled(consultation)
    assert [p.name for p in spool.folder.iterdir()] == [f"{code}.collaborate-opened"]
    assert "removed from the spool" in consultation.statusBar().currentMessage()
    assert len(library.consultations) == 1


def test_into_the_draft_of_a_closed_consultation(
    qtbot: QtBot, library: LibraryWindow, spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    consultation = open_consultation(qtbot, library)
    code = give_and_answer(consultation)
    record_id = consultation.session.record.id
    consultation.session.finish()
    consultation.close()
    assert library.consultations == []
    open_from_kiosk(monkeypatch, library, code)
    qtbot.waitUntil(lambda: len(library.consultations) == 1)
    reopened = library.consultations[0]
    qtbot.addWidget(reopened)
    assert reopened.session.record.id == record_id and filled(reopened)
    qtbot.waitUntil(lambda: not (spool.folder / f"{code}.collaborate").exists())
    reopened.close()
    assert library.store is not None and library.store.unfinished() == []  # done with


def test_a_code_no_consultation_here_gave_keeps_the_answers(
    qtbot: QtBot, library: LibraryWindow, spool: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = give_code(spool)
    public = load_public_key(spool.folder.parent / "keys" / "kiosk-handover.pub")
    put_answers(spool, code, KioskAnswers(answered=now_utc(), **ANSWERS), public)
    told: list[str] = []
    monkeypatch.setattr(kiosk_answers, "_tell", lambda _w, text: told.append(text))
    open_from_kiosk(monkeypatch, library, code)
    assert told and "No consultation on this computer gave the kiosk code" in told[0]
    assert library.consultations == []
    assert (spool.folder / f"{code}.collaborate").exists()


def test_a_code_not_answered_yet_is_said_in_the_dialog(qtbot: QtBot, spool: Spool) -> None:
    code = give_code(spool)
    dialog = KioskOpenDialog()
    qtbot.addWidget(dialog)
    dialog.code.setText(code)
    dialog.passphrase.setText(PASSPHRASE.decode())
    dialog.try_open()
    assert "has not answered at the kiosk" in dialog.problem.text()
    assert dialog.answers is None and dialog.opened is None
