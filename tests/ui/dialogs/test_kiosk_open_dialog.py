"""Open from kiosk: the code from the patient's slip starts their consultation, with their
answers filled in and marked; the hand-over leaves the spool only once it has started."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.i18n.bidi import strip_isolates
from decision_aid.kiosk.handover import handover_from_record
from decision_aid.kiosk.keys import load_public_key, make_key_pair
from decision_aid.kiosk.spool import Spool
from decision_aid.settings import Settings, save_settings
from decision_aid.ui.dialogs import kiosk_open_dialog
from decision_aid.ui.dialogs.kiosk_open_dialog import KioskOpenDialog
from decision_aid.ui.library_window import LibraryWindow
from decision_aid.ui.steps.summary_step import summary_html
from tests.conftest import MINIMAL
from tests.kiosk.conftest import CANARY, NAME, PASSPHRASE, T0, patient_record
from tests.ui.consult_support import store_in


@pytest.fixture
def clinic(tmp_path: Path) -> Spool:
    """Keys, a spool and the settings naming them; returns the spool."""
    private, public = make_key_pair(tmp_path / "keys", PASSPHRASE)
    (tmp_path / "spool").mkdir()
    save_settings(
        Settings(kiosk_spool=tmp_path / "spool", kiosk_public_key=public, kiosk_private_key=private)
    )
    return Spool(tmp_path / "spool")


def seal_one(spool: Spool, pack_id: str = "minimal") -> str:
    record = patient_record()
    loaded = load_pack(MINIMAL)
    ref = record.pack.model_copy(update={"id": pack_id, "content_hash": loaded.content_hash})
    record.pack = ref
    public = load_public_key(spool.folder.parent / "keys" / "kiosk-handover.pub")
    return spool.put(handover_from_record(record, T0), public)


def test_the_code_field_is_forgiving(qtbot: QtBot, clinic: Spool) -> None:
    dialog = KioskOpenDialog()
    qtbot.addWidget(dialog)
    dialog.code.setText("k7m-4xp")
    assert strip_isolates(dialog.reading.text()) == "Read as: K7M\u00a04XP"
    dialog.code.setText("o1s zb g")
    assert strip_isolates(dialog.reading.text()) == "Read as: 015\u00a0286"
    assert dialog.code.font().pointSizeF() > dialog.font().pointSizeF() * 2


@pytest.mark.parametrize(
    ("typed", "passphrase", "words"),
    [
        ("K7M4", PASSPHRASE, "6 characters; 4 were typed"),
        ("AAAAAA", PASSPHRASE, "There is no hand-over AAA AAA"),
        (None, b"not it", "passphrase for the clinic's private key"),
    ],
)
def test_a_failure_is_said_in_the_dialog_and_the_hand_over_kept(
    qtbot: QtBot, clinic: Spool, typed: str | None, passphrase: bytes, words: str
) -> None:
    code = seal_one(clinic)
    dialog = KioskOpenDialog()
    qtbot.addWidget(dialog)
    dialog.code.setText(typed or code)
    dialog.passphrase.setText(passphrase.decode())
    dialog.try_open()
    assert words in dialog.problem.text()
    assert not dialog.problem.isHidden()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert (clinic.folder / f"{code}.handover").exists()


def test_an_unset_computer_says_which_settings(qtbot: QtBot) -> None:
    dialog = KioskOpenDialog()
    qtbot.addWidget(dialog)
    dialog.code.setText("AAAAAA")
    dialog.try_open()
    assert "'kiosk_spool'" in dialog.problem.text()


def _library(qtbot: QtBot, tmp_path: Path, with_pack: bool = True) -> LibraryWindow:
    root = tmp_path / "library"
    root.mkdir()
    if with_pack:
        shutil.copytree(MINIMAL, root / "minimal")
    window = LibraryWindow([root], today=lambda: date(2026, 6, 1), store=store_in(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    return window


def _answer(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    """The dialog, when shown, gets ``typed`` and the passphrase, and Open is pressed."""

    def exec_(dialog: KioskOpenDialog) -> int:
        dialog.code.setText(typed)
        dialog.passphrase.setText(PASSPHRASE.decode())
        dialog.try_open()
        return int(dialog.result())

    monkeypatch.setattr(KioskOpenDialog, "exec", exec_)


def test_open_from_kiosk_starts_the_consultation_with_the_patients_answers(
    qtbot: QtBot, tmp_path: Path, clinic: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = seal_one(clinic)
    window = _library(qtbot, tmp_path)
    _answer(monkeypatch, f" {code.lower()[:3]}-{code.lower()[3:]} ")
    menu = window.menuBar().actions()[0].menu()
    action = next(a for a in menu.actions() if a.text() == "Open from &kiosk…")
    action.trigger()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    consultation = window.consultations[0]
    qtbot.addWidget(consultation)
    record = consultation.session.record
    assert record.plan.questions[0] == CANARY
    assert record.ratings[0].concern_id == "avoid-tablets" and record.plan.leaning == "unsure"
    assert record.patient is None and record.kiosk is not None
    notes = [
        label.text()
        for label in consultation.findChildren(QLabel)
        if label.text().startswith("Prepared by the patient at the kiosk")
    ]
    assert len(notes) == 1 and "ratings of what matters" in notes[0]
    assert "Prepared by the patient at the kiosk" in summary_html(consultation.session)
    assert NAME not in summary_html(consultation.session)
    qtbot.waitUntil(lambda: not (clinic.folder / f"{code}.handover").exists())
    assert (clinic.folder / f"{code}.opened").exists()
    assert "removed from the spool" in window.statusBar().currentMessage()
    consultation.close()


def test_a_pack_not_in_the_library_keeps_the_hand_over(
    qtbot: QtBot, tmp_path: Path, clinic: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = seal_one(clinic)
    window = _library(qtbot, tmp_path, with_pack=False)
    told: list[str] = []
    monkeypatch.setattr(kiosk_open_dialog, "_tell", lambda _w, text: told.append(text))
    _answer(monkeypatch, code)
    window.open_from_kiosk()
    assert told and "not in the library" in told[0] and "kept" in told[0]
    assert window.consultations == []
    assert (clinic.folder / f"{code}.handover").exists()


def test_a_hand_over_that_does_not_fit_the_pack_is_kept(
    qtbot: QtBot, tmp_path: Path, clinic: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = patient_record()
    record.ratings[0].concern_id = "no-such-concern"
    loaded = load_pack(MINIMAL)
    record.pack = record.pack.model_copy(update={"content_hash": loaded.content_hash})
    public = load_public_key(clinic.folder.parent / "keys" / "kiosk-handover.pub")
    code = clinic.put(handover_from_record(record, T0), public)
    window = _library(qtbot, tmp_path)
    _answer(monkeypatch, code)
    window.open_from_kiosk()
    qtbot.waitUntil(window.banner.isVisible)
    assert "The kiosk hand-over does not fit this pack" in window.banner.message.text()
    assert window.consultations == []
    assert (clinic.folder / f"{code}.handover").exists()


def test_a_consultation_that_cannot_be_saved_keeps_the_hand_over(
    qtbot: QtBot, tmp_path: Path, clinic: Spool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.ui.autosave import Autosaver

    code = seal_one(clinic)
    window = _library(qtbot, tmp_path)
    monkeypatch.setattr(Autosaver, "flush", lambda _self: False)
    _answer(monkeypatch, code)
    window.open_from_kiosk()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    consultation = window.consultations[0]
    qtbot.addWidget(consultation)
    qtbot.waitUntil(lambda: "kept in the spool" in window.statusBar().currentMessage())
    assert (clinic.folder / f"{code}.handover").exists()
    monkeypatch.setattr(consultation, "confirm_close_unsaved", lambda _problem: True)
    consultation.close()
