"""The record and verify dialogs over the real pipeline: build, sign, write, verify."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.report.keys import create_self_signed
from decision_aid.report.pipeline import fhir_path_for
from decision_aid.settings import Settings
from decision_aid.ui.dialogs.record_dialog import RecordDialog
from decision_aid.ui.dialogs.verify_dialog import VerifyDialog
from tests.ui.dialogs.dialog_support import example_session, sign_pad

PASSPHRASE = "pilot passphrase"


def now() -> datetime:
    # Real time: the pilot certificate is valid from the moment it is made.
    return datetime.now(UTC)


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "dr-jones.p12"
    path.parent.mkdir()
    create_self_signed(path, "Dr Ada Jones", PASSPHRASE.encode())
    return path


@pytest.fixture
def record_dialog(qtbot: QtBot, tmp_path: Path) -> Callable[[Settings], RecordDialog]:
    def make(settings: Settings) -> RecordDialog:
        loaded, session = example_session("knee-osteoarthritis")
        dialog = RecordDialog(loaded, session, settings=settings, clock=now)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return make


def create(qtbot: QtBot, dialog: RecordDialog) -> None:
    dialog.create_record()
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running, timeout=30000)


def verify(qtbot: QtBot, path: Path, roots: list[Path] | None = None) -> VerifyDialog:
    dialog = VerifyDialog(path, settings=Settings(trust_roots=roots or []))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running, timeout=30000)
    return dialog


def test_an_unsigned_record_end_to_end(
    qtbot: QtBot, record_dialog: Callable[[Settings], RecordDialog], tmp_path: Path
) -> None:
    dialog = record_dialog(Settings(organisation="Riverside Practice", records_dir=tmp_path))
    sign_pad(qtbot, dialog.patient_pad)
    out = Path(dialog.output_edit.text())
    create(qtbot, dialog)
    assert dialog.result_ is not None, dialog.message.accessibleDescription()
    assert dialog.result_.pdf == out
    assert not dialog.result_.signed
    assert out.read_bytes().startswith(b"%PDF")
    bundle = json.loads(fhir_path_for(out).read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    assert "It is not signed digitally" in dialog.message.accessibleDescription()
    checked = verify(qtbot, out)
    assert checked.verdict.accessibleDescription().startswith(
        "✗ This record is not digitally signed"
    )
    assert checked.fields["pack"].text() == "knee-osteoarthritis"


def test_a_signed_record_verifies_and_a_changed_one_does_not(
    qtbot: QtBot, record_dialog: Callable[[Settings], RecordDialog], tmp_path: Path, key: Path
) -> None:
    dialog = record_dialog(Settings(signing_key=key, records_dir=tmp_path))
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    out = Path(dialog.output_edit.text())
    create(qtbot, dialog)
    assert dialog.result_ is not None, dialog.message.accessibleDescription()
    assert dialog.result_.signed
    assert "It is signed digitally." in dialog.message.accessibleDescription()

    checked = verify(qtbot, out)
    lines = checked.verdict.accessibleDescription().splitlines()
    assert lines[0].startswith("✓ This record is intact and signed by Dr Ada Jones")
    assert lines[1].startswith("⚠ The certificate is self-signed")
    assert checked.fields["status"].text() == "✓ valid"
    assert checked.fields["coverage"].text() == "the whole file"
    assert checked.fields["pack"].text() == "knee-osteoarthritis"

    appended = tmp_path / "appended.pdf"
    appended.write_bytes(out.read_bytes() + b"\n% added after signing\n")
    changed = verify(qtbot, appended)
    assert changed.verdict.accessibleDescription().startswith(
        "✗ This record has been changed after it was signed"
    )


def test_a_wrong_passphrase_writes_nothing_signed(
    qtbot: QtBot, record_dialog: Callable[[Settings], RecordDialog], tmp_path: Path, key: Path
) -> None:
    dialog = record_dialog(Settings(signing_key=key, records_dir=tmp_path))
    sign_pad(qtbot, dialog.clinician_pad)
    qtbot.keyClicks(dialog.passphrase_edit, "not it")
    out = Path(dialog.output_edit.text())
    create(qtbot, dialog)
    assert dialog.result_ is None
    text = dialog.message.accessibleDescription()
    assert "The record was not signed" in text
    assert "unsigned draft" in text
    assert not out.exists()
    assert out.with_name(out.stem + ".unsigned.pdf").exists()
    assert dialog.passphrase_edit.text() == ""
    assert dialog.focusWidget() is dialog.passphrase_edit
    assert not dialog.clinician_pad.is_empty()
    # Retry with the right passphrase: the record is made.
    qtbot.keyClicks(dialog.passphrase_edit, PASSPHRASE)
    create(qtbot, dialog)
    assert dialog.result_ is not None and dialog.result_.signed
    assert out.exists()
