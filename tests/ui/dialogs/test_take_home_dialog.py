"""The take-home sheet from the summary step: saved as a PDF, printed through Qt's print
support, in the patient's language, with identifiers only when ticked."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from decision_aid.session.model import Person
from decision_aid.session.state import Session
from decision_aid.settings import Settings
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.dialogs.take_home_dialog import TakeHomeDialog, handout_html
from decision_aid.ui.steps.summary_step import SummaryStep
from tests.report.common import pages_text
from tests.ui.dialogs.dialog_support import NOW, example_session, unnamed_focusable


def open_dialog(qtbot: QtBot, session: Session, tmp_path: Path) -> TakeHomeDialog:
    settings = Settings(organisation="Test clinic", records_dir=tmp_path)
    dialog = TakeHomeDialog(session, settings=settings, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_save_as_pdf_without_identifiers(qtbot: QtBot, tmp_path: Path) -> None:
    _loaded, session = example_session()
    session.set_patient(Person(name="Jane Doe", identifier="Clinic 123456"))
    dialog = open_dialog(qtbot, session, tmp_path)
    assert unnamed_focusable(dialog) == []
    assert dialog.default_path().parent == tmp_path
    assert not dialog.identifiers_check.isChecked()
    target = tmp_path / "sheet.pdf"
    dialog.save(target)
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)
    assert dialog.message.accessibleDescription() == f"The take-home sheet was saved: {target}"
    pages = pages_text(target)
    assert len(pages) == 1 and "What we talked about today" in pages[0]
    assert "Jane Doe" not in pages[0] and "Clinic 123456" not in pages[0]
    dialog.identifiers_check.setChecked(True)
    dialog.save(target)
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)
    assert "Jane Doe" in pages_text(target)[0]


def test_a_folder_that_cannot_be_written_is_said_plainly(qtbot: QtBot, tmp_path: Path) -> None:
    _loaded, session = example_session()
    dialog = open_dialog(qtbot, session, tmp_path)
    target = tmp_path / "missing" / "sheet.pdf"
    dialog.save(target)
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running)
    text = dialog.message.accessibleDescription()
    assert text.startswith(f"{target} could not be written:") and "✗" in dialog.message.text()
    assert not target.exists() and dialog.save_button.isEnabled()


def test_printed_through_the_print_dialog(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loaded, session = example_session()
    dialog = open_dialog(qtbot, session, tmp_path)
    target = tmp_path / "printed.pdf"

    def accept(self: QPrintDialog) -> int:
        printer: QPrinter = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    dialog.print_button.click()
    text = " ".join(pages_text(target))
    assert "What we talked about today" in text and "Where to get support" in text
    assert dialog.message.accessibleDescription() == "The take-home sheet was sent to the printer."


def test_printed_right_to_left_in_arabic(qtbot: QtBot, tmp_path: Path) -> None:
    loaded, example = example_session("psa-screening")
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        record=example.record,
        clock=lambda: NOW,
        translations=loaded.translations,
    )
    session.set_language("ar")
    session.record.plan.next_steps = "اتصل بالرقم 0808 808 00 00 أو زر https://example.org/help/"
    dialog = open_dialog(qtbot, session, tmp_path)
    markup = handout_html(dialog.words(), right_to_left=True)
    assert markup.startswith("<div dir='rtl'>")
    assert "\u20660808 808 00 00\u2069" in markup  # kept in order inside Arabic
    assert "\u2066https://example.org/help/\u2069" in markup
    assert session.pack.meta.decision in markup
    document = dialog.document()
    assert document.defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft


def test_the_summary_step_opens_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _loaded, session = example_session()
    page = SummaryStep(SessionBinding(session))
    qtbot.addWidget(page)
    opened: list[TakeHomeDialog] = []
    monkeypatch.setattr(TakeHomeDialog, "exec", lambda self: opened.append(self) or 0)
    button = next(b for b in page.findChildren(QPushButton) if b.text() == "Take-home sheet…")
    button.click()
    assert len(opened) == 1 and opened[0].session is session
