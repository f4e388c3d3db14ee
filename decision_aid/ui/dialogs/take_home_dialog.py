"""The patient's take-home sheet, from the summary step: saved as a PDF, or printed.

One page in the patient's language (``report.handout_text``): what was discussed, what
matters to them, their questions, what happens next and where to get support. It is
not the clinical record: it is not signed, and carries the patient's name, identifier
and date of birth only when the clinician ticks the box. "Save as PDF…" writes the same
PDF as ``report build --handout`` (built off the GUI thread, written with QSaveFile);
"Print…" opens the system's print dialog and prints the same words, laid out by Qt.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSaveFile, Qt
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _, is_right_to_left, native_name, using
from decision_aid.i18n.bidi import isolate_ltr_runs
from decision_aid.report.handout_text import Handout, HandoutOptions, Line, handout_text
from decision_aid.session.state import Session
from decision_aid.settings import Settings, SettingsError, load_settings
from decision_aid.ui.plain_text import plain_label
from decision_aid.ui.tasks import Task, run_task

OK_COLOUR = "#1b5e20"
ERROR_COLOUR = "#b00020"


def handout_html(words: Handout, *, right_to_left: bool) -> str:
    """The sheet as HTML for Qt's printing: every string escaped, phone numbers and web
    addresses kept in order inside right-to-left text."""

    def text(value: str) -> str:
        return html.escape(isolate_ltr_runs(value))

    def line(item: Line) -> str:
        head = text(item.text)
        if item.lead:
            head = _("{name}: {description}").format(
                name=f"<b>{text(item.lead)}</b>", description=head
            )
        return "<br>".join((head, *(text(detail) for detail in item.details)))

    direction = "rtl" if right_to_left else "ltr"
    parts = [
        f"<h1 style='color:#1F3A5F'>{text(words.title)}</h1>",
        f"<p><b>{text(words.decision)}</b><br>{text(words.when)}</p>",
    ]
    if words.patient:
        pairs = " · ".join(f"{text(k)}: <b>{text(v)}</b>" for k, v in words.patient)
        parts.append(f"<p>{pairs}</p>")
    if words.example:
        parts.append(f"<p style='background:#FFF4DC'>{text(words.example)}</p>")
    for part in words.parts:
        parts.append(f"<h3 style='color:#1F3A5F'>{text(part.heading)}</h3>")
        if part.listed:
            parts.append("<ul>" + "".join(f"<li>{line(i)}</li>" for i in part.lines) + "</ul>")
        else:
            parts += [f"<p>{line(i)}</p>" for i in part.lines]
    parts += [f"<p style='color:#505050'><small>{text(n)}</small></p>" for n in words.notes]
    return f"<div dir='{direction}'>" + "".join(parts) + "</div>"


class TakeHomeDialog(QDialog):
    """Save or print the patient's take-home sheet."""

    def __init__(
        self,
        session: Session,
        *,
        settings: Settings | None = None,
        clock: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        if settings is None:
            try:
                settings = load_settings()
            except SettingsError:
                settings = Settings()
        self.settings = settings
        self._clock = clock or (lambda: datetime.now().astimezone())
        self.task: Task | None = None
        self.setWindowTitle(_("Take-home sheet"))
        self.setAccessibleName(_("Take-home sheet"))
        language = session.record.pack.language
        intro = plain_label(
            _(
                "A one-page sheet for the patient to keep, in {language}: what you discussed, "
                "what matters to them, their questions, what happens next and where to get "
                "support. It is not the clinical record and is not signed."
            ).format(language=native_name(language.split("_")[0])),
            wrap=True,
        )
        self.identifiers_check = QCheckBox(
            _("Put the patient's name, identifier and date of birth on the sheet")
        )
        self.identifiers_check.setAccessibleName(
            _("Put the patient's name, identifier and date of birth on the take-home sheet")
        )
        patient = session.record.patient
        known = patient is not None and any((patient.name, patient.identifier, patient.birth_date))
        self.identifiers_check.setEnabled(known)
        if not known:
            self.identifiers_check.setToolTip(_("No patient details were entered."))
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.setAccessibleName(_("Save the take-home sheet as a PDF"))
        self.save_button.clicked.connect(self.choose_and_save)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setAccessibleName(_("Print the take-home sheet"))
        self.print_button.clicked.connect(self.print_sheet)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.message = plain_label(wrap=True)
        self.message.setAccessibleName(_("Status"))
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.identifiers_check)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    # -- the sheet ---------------------------------------------------------------

    def options(self) -> HandoutOptions:
        from decision_aid.report.when import clinic_zone

        record = self.session.record
        return HandoutOptions(
            created=record.finished or self._clock(),
            language=record.pack.language,
            time_zone=clinic_zone(self.settings.time_zone),
            organisation=self.settings.organisation,
            identifiers=self.identifiers_check.isChecked(),
        )

    def words(self) -> Handout:
        """The sheet's words, in the patient's language."""
        options = self.options()
        with using(options.language.split("_")[0]):
            return handout_text(self.session.pack, self.session.record, options)

    def default_path(self) -> Path:
        from decision_aid.ui.dialogs.record_job import documents_folder

        record = self.session.record
        folder = self.settings.records_dir or documents_folder()
        day = self.options().created.date().isoformat()
        return folder / f"{record.pack.id}-{day}-take-home.pdf"

    # -- saving ------------------------------------------------------------------

    def choose_and_save(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the take-home sheet as"), str(self.default_path()), _("PDF files (*.pdf)")
        )
        if chosen:
            self.save(Path(chosen))

    def save(self, path: Path) -> None:
        """Build the sheet off the GUI thread, then write it to ``path``."""
        if self.task is not None and self.task.running:
            return
        from decision_aid.report.handout import build_handout

        pack, record, options = self.session.pack, self.session.record.model_copy(), self.options()
        self.save_button.setEnabled(False)
        self.task = run_task(
            self,
            lambda: build_handout(pack, record, options),
            lambda data: self._write(path, data),
            self._failed,
        )

    def _write(self, path: Path, data: bytes) -> None:
        self.save_button.setEnabled(True)
        target = QSaveFile(str(path))
        if not (target.open(QSaveFile.OpenModeFlag.WriteOnly) and target.write(data) == len(data)):
            target.cancelWriting()
            self._show(
                _("{path} could not be written: {reason}").format(
                    path=path, reason=target.errorString()
                ),
                ok=False,
            )
            return
        if not target.commit():
            self._show(
                _("{path} could not be written: {reason}").format(
                    path=path, reason=target.errorString()
                ),
                ok=False,
            )
            return
        self._show(_("The take-home sheet was saved: {path}").format(path=path), ok=True)

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self._show(
            _("The take-home sheet could not be made: {problem}").format(problem=exc), ok=False
        )

    # -- printing ----------------------------------------------------------------

    def document(self) -> QTextDocument:
        """The sheet as a Qt document, right to left for a right-to-left language."""
        right_to_left = is_right_to_left(self.session.record.pack.language)
        document = QTextDocument(self)
        option = document.defaultTextOption()
        direction = (
            Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
        )
        option.setTextDirection(direction)
        option.setAlignment(
            Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft
        )
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        document.setDefaultTextOption(option)
        document.setHtml(handout_html(self.words(), right_to_left=right_to_left))
        return document

    def print_sheet(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the take-home sheet"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        self.document().print_(printer)
        self._show(_("The take-home sheet was sent to the printer."), ok=True)

    # -- messages ----------------------------------------------------------------

    def _show(self, text: str, *, ok: bool) -> None:
        """A result or a problem, marked with ✓ or ✗ (not by colour alone)."""
        mark, colour = ("✓", OK_COLOUR) if ok else ("✗", ERROR_COLOUR)
        self.message.setText(f"{mark} {text}")
        self.message.setStyleSheet(f"color: {colour}")
        self.message.setAccessibleDescription(text)
        self.message.show()
