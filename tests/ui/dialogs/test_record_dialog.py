"""The record dialog: what it shows, what it asks make_record for, and what it does on failure.

``make_record`` is replaced by a fake here (it is called through the pipeline module);
test_record_dialog_real.py runs the real pipeline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.report import pipeline
from decision_aid.report.longterm import Level, LongTerm
from decision_aid.report.pipeline import HandoutSpec, RecordError, RecordResult, SignSpec
from decision_aid.session.state import Session
from decision_aid.settings import Settings
from decision_aid.ui.dialogs import record_dialog
from decision_aid.ui.dialogs.record_dialog import RecordDialog
from decision_aid.ui.dialogs.record_job import default_record_name
from tests.conftest import MINIMAL
from tests.ui.dialogs.dialog_support import NOW, sign_pad, unnamed_focusable


@dataclass
class FakeMaker:
    """Stands in for pipeline.make_record; remembers each call."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    threads: list[int] = field(default_factory=list)
    fail: Exception | None = None
    gate: threading.Event | None = None

    def __call__(
        self,
        loaded: LoadedPack,
        record: Any,
        out: Path,
        *,
        options: Any,
        sign: SignSpec | None = None,
        fhir: bool = True,
        overwrite: bool = False,
        allow_different_pack: bool = False,
        handout: HandoutSpec | None = None,
        parties: Any = None,
    ) -> RecordResult:
        self.threads.append(threading.get_ident())
        self.calls.append(
            {
                "loaded": loaded,
                "record": record,
                "out": out,
                "options": options,
                "sign": sign,
                "fhir": fhir,
                "overwrite": overwrite,
                "allow_different_pack": allow_different_pack,
                "handout": handout,
            }
        )
        if self.gate is not None:
            assert self.gate.wait(10)
        if self.fail is not None:
            raise self.fail
        out.write_bytes(b"%PDF-1.7 fake\n")
        fhir_out = pipeline.fhir_path_for(out) if fhir else None
        if fhir_out is not None:
            fhir_out.write_text("{}")
        sheet = pipeline.handout_path_for(out) if handout is not None else None
        if sheet is not None:
            sheet.write_bytes(b"%PDF-1.4 fake\n")
        return RecordResult(pdf=out, fhir=fhir_out, signed=sign is not None, handout=sheet)


@pytest.fixture
def maker(monkeypatch: pytest.MonkeyPatch) -> FakeMaker:
    fake = FakeMaker()
    monkeypatch.setattr(pipeline, "make_record", fake)
    return fake


@pytest.fixture
def session() -> Session:
    loaded = load_pack(MINIMAL)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: NOW)


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "clinic.p12"
    path.parent.mkdir()
    path.write_bytes(b"not read by the fake")
    return path


@pytest.fixture
def open_dialog(
    qtbot: QtBot, session: Session, tmp_path: Path
) -> Iterator[Callable[..., RecordDialog]]:
    def make(settings: Settings | None = None) -> RecordDialog:
        if settings is None:
            settings = Settings(organisation="Test clinic", records_dir=tmp_path / "records")
        dialog = RecordDialog(load_pack(MINIMAL), session, settings=settings, clock=lambda: NOW)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    yield make


def finish(qtbot: QtBot, dialog: RecordDialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)


def message(dialog: RecordDialog) -> str:
    return dialog.message.accessibleDescription()


def test_shows_what_will_be_created_in_a_gps_words(
    open_dialog: Callable[..., RecordDialog],
) -> None:
    """Archival PDF, electronic record copy, signing certificate; the technical names
    (PDF/A, FHIR, PKCS#12) only in the details line."""
    dialog = open_dialog()
    what = dialog.what.text()
    assert "archival PDF" in what and "electronic copy of the record inside it" in what
    assert "electronic record copy beside it, for the record system" in what
    assert ".fhir.json" in what
    for technical in ("PDF/A", "FHIR", "PKCS", "JSON", "bundle"):
        assert technical not in what.replace(".fhir.json", "")
    details = dialog.details.text()
    assert "PDF/A-3b" in details and "FHIR R4 bundle" in details and "PKCS#12" in details
    dialog.pdfa1_check.setChecked(True)
    assert "inside it" not in dialog.what.text()
    assert "PDF/A-1b, without attachments" in dialog.details.text()
    dialog.fhir_check.setChecked(False)
    assert "electronic record copy" not in dialog.what.text()
    assert "FHIR" not in dialog.details.text()
    visible = [w.text() for w in dialog.findChildren(QAbstractButton)]
    visible += [w.placeholderText() for w in dialog.findChildren(QLineEdit)]
    assert not [t for t in visible if any(x in t for x in ("PDF/A", "FHIR", "PKCS"))]
    assert dialog.windowTitle() == "Create the record"
    labels = [label.text() for label in dialog.findChildren(type(dialog.what))]
    assert any("The summary is not confirmed yet" in text for text in labels)


def test_the_take_home_sheet_is_asked_for(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker
) -> None:
    dialog = open_dialog()
    assert not dialog.handout_check.isChecked() and not dialog.identifiers_check.isEnabled()
    dialog.handout_check.setChecked(True)
    assert ".take-home.pdf" in dialog.what.text()
    assert dialog.identifiers_check.isEnabled() and not dialog.identifiers_check.isChecked()
    dialog.create_record()
    finish(qtbot, dialog)
    assert maker.calls[0]["handout"] == HandoutSpec(identifiers=False)
    assert "Take-home sheet:" in message(dialog)
    second = open_dialog()
    second.handout_check.setChecked(True)
    second.identifiers_check.setChecked(True)
    second.create_record()
    finish(qtbot, second)
    assert maker.calls[1]["handout"] == HandoutSpec(identifiers=True)


def test_default_file_name_and_folder(
    open_dialog: Callable[..., RecordDialog], session: Session, tmp_path: Path
) -> None:
    short = session.record.id[:8]
    assert default_record_name("minimal", session.record.id, NOW) == (
        f"minimal-2026-11-25-{short}.pdf"
    )
    assert default_record_name("knee", "example-knee", NOW) == "knee-2026-11-25-example.pdf"
    dialog = open_dialog()
    expected = tmp_path / "records" / f"minimal-2026-11-25-{short}.pdf"
    assert dialog.output_edit.text() == str(expected)
    # A second record the same day does not collide with the first.
    expected.parent.mkdir()
    expected.write_bytes(b"first")
    again = open_dialog()
    assert again.output_edit.text() == str(expected.with_name(f"minimal-2026-11-25-{short}-2.pdf"))


def test_default_folder_is_documents(open_dialog: Callable[..., RecordDialog]) -> None:
    dialog = open_dialog(Settings())
    assert Path(dialog.output_edit.text()).parent == Path.home() / "Documents"


def test_signing_choice_follows_the_settings(
    open_dialog: Callable[..., RecordDialog], key: Path
) -> None:
    draft = open_dialog(Settings())
    assert draft.draft_radio.isChecked()
    assert not draft.passphrase_edit.isEnabled()
    assert draft.key_edit.text() == ""
    signing = open_dialog(Settings(signing_key=key, tsa_url="http://tsa.example"))
    assert signing.sign_radio.isChecked()
    assert signing.key_edit.text() == str(key)
    assert signing.passphrase_edit.isEnabled()
    assert signing.passphrase_edit.echoMode() == signing.passphrase_edit.EchoMode.Password
    assert "http://tsa.example" in signing.timestamp.text()
    signing.draft_radio.setChecked(True)
    assert not signing.passphrase_edit.isEnabled()


def test_every_control_is_named(open_dialog: Callable[..., RecordDialog], qtbot: QtBot) -> None:
    dialog = open_dialog()
    sign_pad(qtbot, dialog.patient_pad)
    assert unnamed_focusable(dialog) == []


def test_create_unsigned_off_the_gui_thread(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker, session: Session
) -> None:
    before = session.record.model_dump_json()
    dialog = open_dialog()
    sign_pad(qtbot, dialog.patient_pad)
    out = Path(dialog.output_edit.text())
    with qtbot.waitSignal(dialog.created) as created:
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert maker.threads[0] != threading.get_ident()
    call = maker.calls[0]
    assert call["out"] == out
    assert call["sign"] is None
    assert call["fhir"] is True
    assert call["overwrite"] is False
    assert call["record"] == session.record
    assert call["record"] is not session.record
    options = call["options"]
    assert options.created == NOW
    assert options.organisation == "Test clinic"
    assert options.pdfa == "3b"
    assert options.locale == "en"
    assert set(options.signatures) == {"patient"}  # the clinician's pad is empty
    assert options.signatures["patient"].startswith(b"\x89PNG")
    result = created.args[0]
    assert result.pdf == out and out.exists()
    text = message(dialog)
    assert f"The record was created: {out}" in text
    assert "not signed digitally" in text
    assert "Electronic record copy:" in text
    assert "✓" in dialog.message.text()
    assert not dialog.create_button.isEnabled()
    assert dialog.open_button.isVisible()
    assert dialog.close_button.text() == "Close"
    assert session.record.model_dump_json() == before


def test_pdfa1_and_no_fhir_are_passed_on(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker
) -> None:
    dialog = open_dialog()
    dialog.pdfa1_check.setChecked(True)
    dialog.fhir_check.setChecked(False)
    dialog.create_record()
    finish(qtbot, dialog)
    call = maker.calls[0]
    assert call["options"].pdfa == "1b"
    assert call["fhir"] is False
    assert call["options"].signatures == {}
    assert "Electronic record copy:" not in message(dialog)


def test_busy_while_working_and_cannot_be_closed(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker
) -> None:
    maker.gate = threading.Event()
    dialog = open_dialog()
    dialog.create_record()
    assert dialog.progress.isVisible()
    assert "Creating the record" in dialog.message.text()
    assert not dialog.create_button.isEnabled()
    assert not dialog.form.isEnabled()
    dialog.reject()
    assert dialog.isVisible()
    dialog.create_record()  # a second click while busy starts nothing
    maker.gate.set()
    finish(qtbot, dialog)
    assert not dialog.progress.isVisible()
    assert len(maker.calls) == 1


def test_signing_passes_key_and_clears_the_passphrase(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker, key: Path
) -> None:
    dialog = open_dialog(Settings(signing_key=key, tsa_url="http://tsa.example"))
    qtbot.keyClicks(dialog.passphrase_edit, "correct horse")
    dialog.create_record()
    assert dialog.passphrase_edit.text() == ""  # cleared as soon as it is used
    finish(qtbot, dialog)
    assert maker.calls[0]["sign"] == SignSpec(
        p12=key,
        passphrase=b"correct horse",
        tsa_url="http://tsa.example",
        level=Level.B_T,  # the settings name no level: B-T with a time-stamp server
        long_term=LongTerm((), 15),
    )
    assert "It is signed digitally." in message(dialog)


def test_wrong_passphrase_keeps_everything_for_a_retry(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker, key: Path
) -> None:
    from decision_aid.report.sign import SigningError

    dialog = open_dialog(Settings(signing_key=key))
    sign_pad(qtbot, dialog.patient_pad)
    sign_pad(qtbot, dialog.clinician_pad)
    qtbot.keyClicks(dialog.passphrase_edit, "wrong")
    try:
        raise SigningError("The passphrase does not open the key file.")
    except SigningError as cause:
        failure = RecordError("The record was not signed: the passphrase does not open it.")
        failure.__cause__ = cause
    maker.fail = failure
    dialog.create_record()
    finish(qtbot, dialog)
    assert "The record was not signed" in message(dialog)
    assert "✗" in dialog.message.text()
    assert dialog.isVisible()
    assert dialog.passphrase_edit.text() == ""
    assert dialog.focusWidget() is dialog.passphrase_edit
    assert not dialog.patient_pad.is_empty() and not dialog.clinician_pad.is_empty()
    assert dialog.create_button.isEnabled() and dialog.form.isEnabled()
    maker.fail = None
    qtbot.keyClicks(dialog.passphrase_edit, "right")
    dialog.create_record()
    finish(qtbot, dialog)
    assert maker.calls[-1]["sign"].passphrase == b"right"
    assert set(maker.calls[-1]["options"].signatures) == {"patient", "clinician"}
    assert "The record was created" in message(dialog)


def test_a_write_failure_is_shown_and_the_dialog_stays(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker
) -> None:
    maker.fail = RecordError("/x/y.pdf could not be written: No space left on device.")
    dialog = open_dialog()
    dialog.create_record()
    finish(qtbot, dialog)
    assert message(dialog) == "/x/y.pdf could not be written: No space left on device."
    assert dialog.focusWidget() is dialog.output_edit
    assert dialog.create_button.isEnabled()


def test_an_unexpected_error_is_worded(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker
) -> None:
    maker.fail = ValueError("bad font")
    dialog = open_dialog()
    dialog.create_record()
    finish(qtbot, dialog)
    assert message(dialog) == "The record could not be created: bad font"


def test_an_incomplete_form_is_explained(
    open_dialog: Callable[..., RecordDialog], maker: FakeMaker, key: Path, tmp_path: Path
) -> None:
    dialog = open_dialog(Settings(signing_key=key))
    dialog.create_record()
    assert message(dialog) == "Enter the passphrase of the signing certificate."
    assert dialog.focusWidget() is dialog.passphrase_edit
    dialog.passphrase_edit.setText("x")
    dialog.key_edit.setText(str(tmp_path / "missing.p12"))
    dialog.create_record()
    assert "was not found" in message(dialog)
    assert dialog.focusWidget() is dialog.key_edit
    dialog.key_edit.clear()
    dialog.create_record()
    assert message(dialog) == "Choose the signing certificate file, or choose not to sign."
    dialog.draft_radio.setChecked(True)
    dialog.output_edit.clear()
    dialog.create_record()
    assert message(dialog) == "Choose where to save the record."
    assert maker.calls == []


def test_a_name_without_pdf_gets_it(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker, tmp_path: Path
) -> None:
    dialog = open_dialog()
    dialog.output_edit.setText(str(tmp_path / "record"))
    dialog.create_record()
    finish(qtbot, dialog)
    assert maker.calls[0]["out"] == tmp_path / "record.pdf"


@pytest.mark.parametrize("answer", ["no", "yes"])
def test_an_existing_file_is_replaced_only_when_asked(
    qtbot: QtBot,
    open_dialog: Callable[..., RecordDialog],
    maker: FakeMaker,
    *,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    answer: str,
) -> None:
    target = tmp_path / "old.pdf"
    target.write_bytes(b"old")
    asked: list[str] = []

    def question(_parent: object, _icon: object, _title: str, text: str, **_kw: object) -> object:
        asked.append(text)
        buttons = QMessageBox.StandardButton
        return buttons.Yes if answer == "yes" else buttons.No

    monkeypatch.setattr(record_dialog, "ask", question)
    dialog = open_dialog()
    dialog.output_edit.setText(str(target))
    dialog.create_record()
    assert asked == [f"{target} already exists. Replace it?"]
    if answer == "no":
        assert dialog.task is None and maker.calls == []
        assert target.read_bytes() == b"old"
    else:
        finish(qtbot, dialog)
        assert maker.calls[0]["overwrite"] is True


def test_browse_for_key_and_output(
    qtbot: QtBot,
    open_dialog: Callable[..., RecordDialog],
    monkeypatch: pytest.MonkeyPatch,
    key: Path,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(key), ""))
    )
    chosen = tmp_path / "elsewhere" / "r.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    dialog = open_dialog(Settings())
    qtbot.mouseClick(dialog.key_button, Qt.MouseButton.LeftButton)
    assert dialog.key_edit.text() == str(key)
    assert dialog.sign_radio.isChecked()
    qtbot.mouseClick(dialog.output_button, Qt.MouseButton.LeftButton)
    assert dialog.output_edit.text() == str(chosen)
    assert "r.fhir.json" in dialog.what.text()


# -- the pack the patient was shown ------------------------------------------------------------


@pytest.fixture
def changed(make_pack) -> LoadedPack:  # type: ignore[no-untyped-def]
    """The minimal pack with its decision reworded: not the pack the session was shown."""
    folder = make_pack(
        edits={"pack.yaml": [("Should I take the tablet?", "Should I take the pill?")]}
    )
    return load_pack(folder)


def open_changed(
    qtbot: QtBot, session: Session, loaded: LoadedPack, tmp_path: Path
) -> RecordDialog:
    settings = Settings(organisation="Test clinic", records_dir=tmp_path / "records")
    dialog = RecordDialog(
        loaded,
        session,
        settings=settings,
        clock=lambda: NOW,
        roots=[loaded.source.location.parent],
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_changed_pack_is_named_and_the_record_refused(
    qtbot: QtBot, session: Session, changed: LoadedPack, tmp_path: Path, maker: FakeMaker
) -> None:
    dialog = open_changed(qtbot, session, changed, tmp_path)
    note = dialog.difference_note.text()
    assert session.record.pack.content_hash in note and changed.content_hash in note
    assert dialog.difference_note.textFormat() == Qt.TextFormat.PlainText
    assert dialog.allow_check is not None and not dialog.allow_check.isChecked()
    dialog.create_record()
    finish(qtbot, dialog)
    assert maker.calls == []  # nothing was made
    text = message(dialog)
    assert "The record was not made" in text and changed.content_hash in text
    assert "Make it from the pack open now" in text
    assert dialog.focusWidget() is dialog.allow_check
    assert dialog.create_button.isEnabled()


def test_a_changed_pack_is_used_only_when_ticked(
    qtbot: QtBot, session: Session, changed: LoadedPack, tmp_path: Path, maker: FakeMaker
) -> None:
    dialog = open_changed(qtbot, session, changed, tmp_path)
    assert dialog.allow_check is not None
    dialog.allow_check.setChecked(True)
    dialog.create_record()
    finish(qtbot, dialog)
    call = maker.calls[0]
    assert call["allow_different_pack"] is True
    assert call["loaded"].content_hash == changed.content_hash


def test_the_version_shown_is_taken_from_the_pack_store(
    qtbot: QtBot, session: Session, changed: LoadedPack, tmp_path: Path, maker: FakeMaker
) -> None:
    from decision_aid.content.store import PackStore, default_store_dir

    shown = load_pack(MINIMAL)
    PackStore(default_store_dir()).keep(shown)
    dialog = open_changed(qtbot, session, changed, tmp_path)
    dialog.create_record()
    finish(qtbot, dialog)
    call = maker.calls[0]
    assert call["loaded"].content_hash == shown.content_hash
    assert call["allow_different_pack"] is False
    assert "The record was created" in message(dialog)


def test_the_same_pack_asks_nothing(open_dialog: Callable[..., RecordDialog]) -> None:
    dialog = open_dialog()
    assert dialog.difference is None and dialog.allow_check is None


def test_a_logo_that_is_not_an_image_is_named(
    qtbot: QtBot, open_dialog: Callable[..., RecordDialog], maker: FakeMaker, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_text("not a picture")
    dialog = open_dialog(Settings(logo=logo, records_dir=tmp_path / "records"))
    dialog.create_record()
    finish(qtbot, dialog)
    text = message(dialog)
    assert str(logo) in text and "PNG or JPEG" in text and "<_io" not in text
    assert maker.calls == []
