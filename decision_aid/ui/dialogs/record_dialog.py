"""Create the record of a consultation: the archival PDF, signed, its electronic copy for
the record system, and the patient's take-home sheet.

The dialog shows what will be made, in the words a GP uses ("archival PDF", "electronic
record copy", "signing certificate"; the technical names, PDF/A, FHIR and PKCS#12, stay
in a details line), takes the handwritten signatures, the signing certificate (from the
settings, or chosen here) and its passphrase, and where to save. The
work runs off the GUI thread (``record_job.make_record``).

The record is made from the pack the patient was shown. When the pack open now differs
(a recovered consultation whose pack has changed), the dialog says so, and the work
looks the version shown up in the library and then in the pack store; when neither has
it, the record is refused, unless "make it from the pack open now" is ticked, and then
every page carries a banner naming both packs. The passphrase is never stored: the
field is cleared as soon as the work starts. A failure (a wrong passphrase, a
folder that cannot be written) is shown in the dialog, which stays open so nothing
typed or drawn is lost. The consultation itself is never changed.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _
from decision_aid.report import pipeline
from decision_aid.report.fhir.bundle import Parties
from decision_aid.report.pack_check import PackDifference, pack_difference
from decision_aid.report.pipeline import (
    HandoutSpec,
    PackMismatch,
    RecordError,
    RecordResult,
    SignSpec,
)
from decision_aid.session.state import Session
from decision_aid.settings import Settings, SettingsError, load_settings
from decision_aid.ui.dialogs.record_job import (
    RecordJob,
    allow_label,
    default_record_name,
    documents_folder,
    free_record_path,
    make_record,
    signing_failed,
)
from decision_aid.ui.dialogs.record_outputs import RecordOutputs
from decision_aid.ui.dialogs.record_send import SendPanel
from decision_aid.ui.plain_text import ask, plain_label, rich_label
from decision_aid.ui.tasks import Task, run_task
from decision_aid.ui.widgets.signature_pad import SignaturePad

OK_COLOUR = "#1b5e20"
ERROR_COLOUR = "#b00020"


class _PadsBox(QGroupBox):
    """The two signature pads: side by side when there is room, else one above the other."""

    SIDE_BY_SIDE_AT = 36
    """Width, in lines of text, from which the pads sit side by side."""

    def __init__(self, title: str, *pads: SignaturePad) -> None:
        super().__init__(title)
        self.pads = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.pads.setSpacing(self.fontMetrics().lineSpacing() * 2)
        for pad in pads:
            self.pads.addWidget(pad)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        wide = event.size().width() >= self.fontMetrics().lineSpacing() * self.SIDE_BY_SIDE_AT
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.pads.direction() != direction:
            self.pads.setDirection(direction)
        super().resizeEvent(event)


class RecordDialog(QDialog):
    """Make the PDF record (and FHIR copy) of one consultation."""

    created = Signal(object)
    """Emitted with the :class:`RecordResult` once the files are written."""

    def __init__(
        self,
        loaded: LoadedPack,
        session: Session,
        *,
        settings: Settings | None = None,
        clock: Callable[[], datetime] | None = None,
        roots: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.loaded = loaded
        self.session = session
        if roots is None:
            from decision_aid.content.library import default_pack_dirs

            roots = default_pack_dirs()
        self.roots = list(roots)
        """Pack folders searched for the version shown, when the pack open differs."""
        self.difference: PackDifference | None = pack_difference(loaded, session.record)
        self._clock = clock or (lambda: datetime.now().astimezone())
        self.task: Task | None = None
        self.result_: RecordResult | None = None
        settings_problem = ""
        if settings is None:
            try:
                settings = load_settings()
            except SettingsError as exc:
                settings, settings_problem = Settings(), str(exc)
        self.settings = settings
        self.setWindowTitle(_("Create the record"))
        self.setAccessibleName(_("Create the record"))

        content = QWidget()
        body = QVBoxLayout(content)
        notes = []
        if settings_problem:
            notes.append(
                _("The settings could not be read: {problem}").format(problem=settings_problem)
            )
        if session.record.finished is None:
            notes.append(
                _("The summary is not confirmed yet: the record shows the consultation as it is.")
            )
        for note in notes:
            body.addWidget(self._note(note))
        self.allow_check: QCheckBox | None = None
        if self.difference is not None:
            body.addWidget(self._build_difference(self.difference))
        body.addWidget(self._build_what())
        body.addWidget(self._build_pads(), 1)
        body.addWidget(self._build_signing())
        body.addWidget(self._build_output())
        self.form = QScrollArea()
        self.form.setWidgetResizable(True)
        self.form.setFrameShape(QFrame.Shape.NoFrame)
        self.form.setWidget(content)
        self.form.setAccessibleName(_("Record options"))

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("Working"))
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress.hide()
        self.message = rich_label(wrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(_("Status"))
        self.message.hide()

        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton(_("Create record"))
        self.create_button.setAccessibleName(_("Create record"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_record)
        self.open_button = QPushButton(_("Open the record"))
        self.open_button.setAccessibleName(_("Open the record"))
        self.open_button.clicked.connect(self.open_record)
        self.close_button = QPushButton(_("Cancel"))
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.reject)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.hide()  # after addButton, which shows it

        self.send_panel = SendPanel(self.settings.fhir)

        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.send_panel)
        layout.addWidget(self.buttons)
        self._update_what()
        self._update_signing()
        self._fit(content)

    # -- building --------------------------------------------------------------

    def _fit(self, content: QWidget) -> None:
        """Big enough to show the whole form without scrolling, when the screen allows."""
        wanted = content.sizeHint()
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        width = wanted.width() + margins.left() + margins.right() + bar
        width = max(width, self.fontMetrics().averageCharWidth() * 110)
        extra = self.buttons.sizeHint().height() + self.fontMetrics().lineSpacing() * 4
        height = wanted.height() + margins.top() + margins.bottom() + extra
        screen = self.screen().availableGeometry()
        self.resize(min(width, screen.width() * 9 // 10), min(height, screen.height() * 9 // 10))

    @staticmethod
    def _note(text: str) -> QLabel:
        label = plain_label(text, wrap=True)
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setMargin(6)
        return label

    def _build_difference(self, difference: PackDifference) -> QGroupBox:
        """What differs from the pack shown, and the choice to make the record anyway."""
        box = QGroupBox(_("The pack has changed since the patient saw it"))
        layout = QVBoxLayout(box)
        text = _(
            "The patient was shown {id} version {shown} (content hash {shown_hash}). The "
            "pack open now is version {used} (content hash {used_hash}). The record is made "
            "from the version shown, found in the library or the pack store; if neither has "
            "it, the record is not made."
        ).format(
            id=difference.pack_id,
            shown=difference.shown_version,
            shown_hash=difference.shown_hash,
            used=difference.used_version,
            used_hash=difference.used_hash,
        )
        label = self._note(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.difference_note = label
        self.allow_check = QCheckBox(allow_label())
        self.allow_check.setAccessibleName(_("Make it from the pack open now"))
        self.allow_check.setToolTip(
            _("Every page of the record then says that it differs from the pack shown.")
        )
        layout.addWidget(label)
        layout.addWidget(self.allow_check)
        return box

    def _build_what(self) -> QGroupBox:
        self.outputs = RecordOutputs()
        self.outputs.changed.connect(self._update_what)
        outputs = self.outputs  # the dialog's own names for its choices, as before
        self.what, self.details = outputs.what, outputs.details
        self.pdfa1_check, self.fhir_check = outputs.pdfa1_check, outputs.fhir_check
        self.handout_check, self.identifiers_check = (
            outputs.handout_check,
            outputs.identifiers_check,
        )
        return outputs

    def _build_pads(self) -> QGroupBox:
        self.patient_pad = SignaturePad(_("Patient's signature"))
        self.clinician_pad = SignaturePad(_("Clinician's signature"))
        return _PadsBox(
            _("Handwritten signatures (optional)"), self.patient_pad, self.clinician_pad
        )

    def _build_signing(self) -> QGroupBox:
        box = QGroupBox(_("Digital signature"))
        grid = QGridLayout(box)
        self.sign_radio = QRadioButton(_("Sign digitally with this signing certificate:"))
        self.sign_radio.setAccessibleName(_("Sign digitally with a signing certificate"))
        self.draft_radio = QRadioButton(_("Do not sign digitally (draft only)"))
        self.draft_radio.setAccessibleName(_("Do not sign digitally (draft only)"))
        group = QButtonGroup(self)
        group.addButton(self.sign_radio)
        group.addButton(self.draft_radio)
        self.key_edit = QLineEdit(str(self.settings.signing_key or ""))
        self.key_edit.setAccessibleName(_("Signing certificate file"))
        self.key_edit.setPlaceholderText(_("The signing certificate file (.p12)"))
        self.key_button = QPushButton(_("Browse…"))
        self.key_button.setAccessibleName(_("Choose the signing certificate file"))
        self.key_button.clicked.connect(self.choose_key)
        self.passphrase_label = plain_label(_("&Passphrase:"))
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(_("Passphrase of the signing certificate"))
        self.passphrase_edit.setToolTip(_("Used once to sign; never stored."))
        self.passphrase_label.setBuddy(self.passphrase_edit)
        tsa = self.settings.tsa_url
        self.timestamp = plain_label(
            _("Time-stamped by {server}.").format(server=tsa)
            if tsa
            else _("No time-stamp server is set: the signature carries the computer's time."),
            wrap=True,
        )
        grid.addWidget(self.sign_radio, 0, 0, 1, 3)
        grid.addWidget(plain_label(_("Certificate:")), 1, 0)
        grid.addWidget(self.key_edit, 1, 1)
        grid.addWidget(self.key_button, 1, 2)
        grid.addWidget(self.passphrase_label, 2, 0)
        grid.addWidget(self.passphrase_edit, 2, 1, 1, 2)
        grid.addWidget(self.timestamp, 3, 1, 1, 2)
        grid.addWidget(self.draft_radio, 4, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, self.fontMetrics().averageCharWidth() * 4)
        (self.sign_radio if self.settings.signing_key else self.draft_radio).setChecked(True)
        self.sign_radio.toggled.connect(self._update_signing)
        return box

    def _build_output(self) -> QGroupBox:
        box = QGroupBox(_("Save as"))
        row = QHBoxLayout(box)
        folder = self.settings.records_dir or documents_folder()
        record = self.session.record
        name = default_record_name(record.pack.id, record.id, self._clock().astimezone())
        self.output_edit = QLineEdit(str(free_record_path(folder / name)))
        self.output_edit.setAccessibleName(_("File to save the record as"))
        self.output_edit.textChanged.connect(self._update_what)
        self.output_button = QPushButton(_("Choose…"))
        self.output_button.setAccessibleName(_("Choose where to save the record"))
        self.output_button.clicked.connect(self.choose_output)
        row.addWidget(self.output_edit, 1)
        row.addWidget(self.output_button)
        return box

    # -- reacting to the form --------------------------------------------------

    def _update_what(self) -> None:
        self.outputs.describe(self.output_path())

    def _update_signing(self) -> None:
        signing = self.sign_radio.isChecked()
        # Browse… stays available: choosing a key switches to signing.
        for widget in (self.key_edit, self.passphrase_edit, self.timestamp):
            widget.setEnabled(signing)
        self.passphrase_label.setEnabled(signing)

    def output_path(self) -> Path | None:
        text = self.output_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def choose_key(self) -> None:
        current = self.key_edit.text().strip()
        start = str(Path(current).parent) if current else str(Path.home())
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the signing certificate"),
            start,
            _("Signing certificates (*.p12 *.pfx);;All files (*)"),
        )
        if chosen:
            self.key_edit.setText(chosen)
            self.sign_radio.setChecked(True)
            self.passphrase_edit.setFocus()

    def choose_output(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the record as"),
            self.output_edit.text(),
            _("PDF files (*.pdf)"),
            options=QFileDialog.Option.DontConfirmOverwrite,  # asked on Create
        )
        if chosen:
            self.output_edit.setText(chosen)

    # -- creating --------------------------------------------------------------

    def _problem(self, text: str, focus: QWidget | None = None) -> None:
        self.show_message(text, ok=False)
        if focus is not None:
            focus.setFocus()

    def show_message(self, text: str, *, ok: bool) -> None:
        """Show a result or a problem, marked with ✓ or ✗ (not by colour alone)."""
        mark, colour = ("✓", OK_COLOUR) if ok else ("✗", ERROR_COLOUR)
        lines = "<br>".join(html.escape(line) for line in text.splitlines())
        self.message.setText(f"<span style='color:{colour}'><b>{mark}</b> {lines}</span>")
        self.message.setAccessibleDescription(text)
        self.message.show()

    def _sign_spec(self) -> SignSpec | bool | None:
        """The signing request; False (and a message) when the form is incomplete."""
        if not self.sign_radio.isChecked():
            return None
        key_text = self.key_edit.text().strip()
        if not key_text:
            self._problem(
                _("Choose the signing certificate file, or choose not to sign."), self.key_edit
            )
            return False
        key = Path(key_text).expanduser()
        if not key.is_file():
            self._problem(
                _("The signing certificate {path} was not found.").format(path=key),
                self.key_edit,
            )
            return False
        if not self.passphrase_edit.text():
            self._problem(
                _("Enter the passphrase of the signing certificate."), self.passphrase_edit
            )
            return False
        passphrase = self.passphrase_edit.text().encode("utf-8")
        self.passphrase_edit.clear()
        from decision_aid.report.longterm import from_settings

        level, long_term = from_settings(self.settings)
        return SignSpec(key, passphrase, self.settings.tsa_url, level, long_term)

    def create_record(self) -> None:
        """Check the form, then make the record off the GUI thread."""
        if self.task is not None and self.task.running:
            return
        out = self.output_path()
        if out is None:
            self._problem(_("Choose where to save the record."), self.output_edit)
            return
        overwrite = False
        wanted = [out]
        if self.fhir_check.isChecked():
            wanted.append(pipeline.fhir_path_for(out))
        if self.handout_check.isChecked():
            wanted.append(pipeline.handout_path_for(out))
        taken = [p for p in wanted if p.exists()]
        if taken:
            answer = ask(
                self,
                QMessageBox.Icon.Question,
                _("Replace the file?"),
                _("{path} already exists. Replace it?").format(path=taken[0]),
                buttons=QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                default=QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.output_edit.setFocus()
                return
            overwrite = True
        sign = self._sign_spec()
        if sign is False:
            return
        assert sign is None or isinstance(sign, SignSpec)
        signatures = {
            who: pad.to_png()
            for who, pad in (("patient", self.patient_pad), ("clinician", self.clinician_pad))
            if not pad.is_empty()
        }
        job = RecordJob(
            loaded=self.loaded,
            record=self.session.record.model_copy(deep=True),
            out=out,
            created=self._clock(),
            organisation=self.settings.organisation,
            logo=self.settings.logo,
            pdfa="1b" if self.pdfa1_check.isChecked() else "3b",
            signatures=signatures,
            sign=sign,
            fhir=self.fhir_check.isChecked(),
            overwrite=overwrite,
            roots=tuple(self.roots),
            allow_different_pack=self.allow_check is not None and self.allow_check.isChecked(),
            time_zone=self.settings.time_zone,
            handout=(
                HandoutSpec(identifiers=self.identifiers_check.isChecked())
                if self.handout_check.isChecked()
                else None
            ),
            parties=Parties.from_settings(self.settings.organisation, self.settings.fhir),
        )
        self._set_busy(True, signing=sign is not None)
        self.task = run_task(self, lambda: make_record(job), self._done, self._failed)

    def _set_busy(self, busy: bool, *, signing: bool = False) -> None:
        for widget in (self.form, self.create_button, self.close_button):
            widget.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            text = (
                _("Creating the record: building the PDF and signing it…")
                if signing
                else _("Creating the record: building the PDF…")
            )
            self.message.setText(text)
            self.message.setAccessibleDescription(text)
            self.message.show()

    def _done(self, result: RecordResult) -> None:
        self._set_busy(False)
        self.result_ = result
        lines = [_("The record was created: {path}").format(path=result.pdf)]
        if result.fhir is not None:
            lines.append(_("Electronic record copy: {path}").format(path=result.fhir))
        if result.handout is not None:
            lines.append(_("Take-home sheet: {path}").format(path=result.handout))
        if result.signed:
            lines.append(_("It is signed digitally."))
        else:
            lines.append(_("It is not signed digitally: keep it as a draft."))
        if result.unsigned_draft is not None:
            lines.append(_("Unsigned draft: {path}").format(path=result.unsigned_draft))
        if result.different_pack is not None:
            lines.append(
                _("It was made from a pack other than the one shown, and says so on every page.")
            )
        self.show_message("\n".join(lines), ok=True)
        self.form.setEnabled(False)
        self.create_button.setEnabled(False)
        self.open_button.show()
        if result.fhir is not None:
            self.send_panel.offer(result.fhir)
        self.close_button.setText(_("Close"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.created.emit(result)

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, RecordError):
            text = str(exc)
        else:
            text = _("The record could not be created: {problem}").format(problem=exc)
        self.passphrase_edit.clear()
        focus: QWidget = self.passphrase_edit if signing_failed(exc) else self.output_edit
        if isinstance(exc.__cause__, PackMismatch) and self.allow_check is not None:
            focus = self.allow_check
        self._problem(text, focus)

    def open_record(self) -> None:
        if self.result_ is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_.pdf)))

    # -- closing ---------------------------------------------------------------

    def reject(self) -> None:
        if (self.task is not None and self.task.running) or self.send_panel.busy:
            return  # the files are being written; closing waits for the result
        self.passphrase_edit.clear()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if (self.task is not None and self.task.running) or self.send_panel.busy:
            event.ignore()
            return
        super().closeEvent(event)
