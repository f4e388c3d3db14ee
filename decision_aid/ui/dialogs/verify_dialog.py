"""Verify a record: is the signed PDF intact, who signed it, and from which pack.

The check runs off the GUI thread through ``verify.verify_pdf`` (looked up on the
module each time, so tests can replace it), with the trust roots from the settings.
Every answer is a word with a ✓ or ✗ mark, never a colour alone, and one verdict
line says what it means.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_datetime
from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import N_, _, current_language
from decision_aid.settings import Settings, SettingsError, load_settings
from decision_aid.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from decision_aid.report.verify import VerifyResult

OK_COLOUR = "#1b5e20"
BAD_COLOUR = "#b00020"
WARN_COLOUR = "#8a5300"
PROVENANCE = {
    "pack": N_("Pack"),
    "version": N_("Version"),
    "hash": N_("Content hash"),
    "published": N_("Published"),
    "review_due": N_("Review due"),
    "session": N_("Session"),
}
"""Labels of the provenance keys written by the summary, in display order."""
SIDE_BY_SIDE_AT = 36
"""Dialog width, in lines of text, from which labels sit beside their values."""


def _check(path: Path, roots: list[Path]) -> VerifyResult:
    """Off the GUI thread: read the file and verify it."""
    from decision_aid.report import verify

    return verify.verify_pdf(path.read_bytes(), roots)


def when_text(when: datetime) -> str:
    """A date and time in local time and the current language."""
    return format_datetime(when.astimezone(), format="medium", locale=current_language())


def two_lines(digest: str) -> str:
    """A long 'sha256:<64 hex>' split in the middle of its hex digits, to fit narrow windows."""
    algorithm, sep, hexits = digest.rpartition(":")
    if len(hexits) < 40:
        return digest
    half = len(hexits) // 2
    return f"{algorithm}{sep}{hexits[:half]}\n{hexits[half:]}"


def yes_no(value: bool) -> str:
    return "✓ " + _("Yes") if value else "✗ " + _("No")


def verdict(result: VerifyResult) -> str:
    """The overall verdict, in words: each line starts with ✓, ⚠ or ✗."""
    if not result.signed:
        return "✗ " + _("This record is not digitally signed: changes to it cannot be detected.")
    if not result.intact or not result.whole_file:
        line = "✗ " + _("This record has been changed after it was signed.")
        if result.intact:
            line += " " + _("Content was added to the file after the signature.")
        return line
    if not result.valid:
        return "✗ " + _("The signature on this record is not valid.")
    signer = result.signer or _("an unnamed signer")
    if result.signing_time is not None:
        line = "✓ " + _("This record is intact and signed by {signer} on {time}.").format(
            signer=signer, time=when_text(result.signing_time)
        )
    else:
        line = "✓ " + _("This record is intact and signed by {signer}.").format(signer=signer)
    if result.trusted:
        return line
    why = (
        _("The certificate is self-signed (a pilot key) and is not among the trusted ones.")
        if result.self_signed
        else _("The certificate is not among the trusted ones in the settings.")
    )
    return line + "\n⚠ " + why


class VerifyDialog(QDialog):
    """Choose a PDF and see whether its signature holds, and where its content came from."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        settings_problem = ""
        if settings is None:
            try:
                settings = load_settings()
            except SettingsError as exc:
                settings, settings_problem = Settings(), str(exc)
        self.trust_roots = list(settings.trust_roots)
        self.task: Task | None = None
        self.result_: VerifyResult | None = None
        self.setWindowTitle(_("Verify a record"))
        self.setAccessibleName(_("Verify a record"))

        self.path_edit = QLineEdit(str(path or ""))
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(_("Choose a PDF record to check"))
        self.path_edit.setAccessibleName(_("Record being checked"))
        self.choose_button = QPushButton(_("Choose file…"))
        self.choose_button.setAccessibleName(_("Choose a record to check"))
        self.choose_button.clicked.connect(self.choose)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(_("Record:")))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("Checking"))
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress.hide()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setAccessibleName(_("Verdict"))
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.verdict.setFont(font)

        self.fields: dict[str, QLabel] = {}
        self.forms: list[QFormLayout] = []
        rows = [
            ("signer", _("Signed by")),
            ("time", _("Signing time")),
            ("timestamp", _("Time-stamp (from a server)")),
            ("intact", _("Intact (unchanged since signing)")),
            ("valid", _("Signature made with the certificate's key")),
            ("whole_file", _("Covers the whole file")),
            ("trusted", _("Certificate trusted")),
        ]
        origin = [(key, _(label)) for key, label in PROVENANCE.items()]
        # One label width for both boxes, so their columns line up.
        width = max(self.fontMetrics().horizontalAdvance(t + ":") for _k, t in rows + origin)
        self.label_width = width
        signature = QGroupBox(_("Signature"))
        provenance = QGroupBox(_("Where the content came from"))
        for box, entries in ((signature, rows), (provenance, origin)):
            form = self._form(box)
            for key, text in entries:
                label = QLabel(_("{label}:").format(label=text))
                label.setMinimumWidth(width)
                form.addRow(label, self._field(key, text))
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.setAccessibleName(_("Problems found"))
        problems = QGroupBox(_("Problems found"))
        QVBoxLayout(problems).addWidget(self.problems)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))
        layout = QVBoxLayout(self)
        if settings_problem:
            note = QLabel(
                _("The settings could not be read: {problem}").format(problem=settings_problem)
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        details = QWidget()
        inner = QVBoxLayout(details)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(signature)
        inner.addWidget(provenance)
        inner.addWidget(problems)
        inner.addStretch(1)
        self.details = QScrollArea()
        self.details.setWidgetResizable(True)
        self.details.setFrameShape(QFrame.Shape.NoFrame)
        self.details.setWidget(details)
        self.details.setAccessibleName(_("Details of the check"))
        layout.addLayout(file_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self._clear()
        self._fit(details)
        if path is not None:
            self.check(path)
        else:
            self._set_verdict(_("Choose a PDF record to check its signature."))
            self.choose_button.setDefault(True)
            self.choose_button.setFocus()

    def _fit(self, details: QWidget) -> None:
        """Room for the details and a two-line verdict, when the screen allows."""
        line = self.fontMetrics().lineSpacing()
        wanted = details.sizeHint()
        metrics = self.fontMetrics()
        # Room for a content hash (on two lines) beside its label.
        hash_row = self.label_width + metrics.horizontalAdvance("sha256:" + "0" * 32)
        width = max(wanted.width(), hash_row + line * 4, metrics.averageCharWidth() * 110)
        height = wanted.height() + line * 14
        screen = self.screen().availableGeometry()
        self.resize(min(width, screen.width() * 9 // 10), min(height, screen.height() * 9 // 10))

    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        # Never WrapLongRows: its height depends on the width, which a scroll area ignores.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.forms.append(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Labels beside their values when there is room, else above them."""
        wide = event.size().width() >= self.fontMetrics().lineSpacing() * SIDE_BY_SIDE_AT
        policy = QFormLayout.RowWrapPolicy
        wanted = policy.DontWrapRows if wide else policy.WrapAllRows
        for form in self.forms:
            if form.rowWrapPolicy() != wanted:
                form.setRowWrapPolicy(wanted)
        super().resizeEvent(event)

    def _field(self, key: str, label: str) -> QLabel:
        field = QLabel()  # no word wrap: QFormLayout would cut a wrapped second line
        field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        field.setAccessibleName(label)
        self.fields[key] = field
        return field

    # -- checking --------------------------------------------------------------

    def choose(self) -> None:
        current = self.path_edit.text()
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a record to check"),
            str(Path(current).parent) if current else str(Path.home()),
            _("PDF files (*.pdf);;All files (*)"),
        )
        if chosen:
            self.check(Path(chosen))

    def check(self, path: Path) -> None:
        """Verify ``path`` off the GUI thread; the answer replaces what is shown."""
        if self.task is not None and self.task.running:
            return
        self.path_edit.setText(str(path))
        self._clear()
        self.result_ = None
        self.progress.show()
        self.choose_button.setEnabled(False)
        self._set_verdict(_("Checking {name}…").format(name=path.name))
        roots = list(self.trust_roots)
        self.task = run_task(self, lambda: _check(path, roots), self._done, self._failed)

    def _clear(self) -> None:
        for field in self.fields.values():
            field.setText("—")
        self.problems.setText("—")

    def _set_verdict(self, text: str) -> None:
        """Show the verdict; each line is coloured by its mark (✓, ⚠, ✗), which stays in words."""
        colours = {"✓": OK_COLOUR, "⚠": WARN_COLOUR, "✗": BAD_COLOUR}
        shown = []
        for line in text.splitlines():
            colour = colours.get(line[:1])
            body = html.escape(line)
            shown.append(f"<span style='color:{colour}'>{body}</span>" if colour else body)
        self.verdict.setText("<br>".join(shown))
        self.verdict.setAccessibleDescription(text)

    def _finish(self) -> None:
        self.progress.hide()
        self.choose_button.setEnabled(True)

    def _done(self, result: VerifyResult) -> None:
        self._finish()
        self.result_ = result
        self._set_verdict(verdict(result))
        fields = self.fields
        if result.signed:
            fields["signer"].setText(result.signer or "—")
            fields["time"].setText(when_text(result.signing_time) if result.signing_time else "—")
            stamp = result.timestamp
            fields["timestamp"].setText(when_text(stamp) if stamp else _("None"))
            fields["intact"].setText(yes_no(result.intact))
            fields["valid"].setText(yes_no(result.valid))
            fields["whole_file"].setText(yes_no(result.whole_file))
            trusted = yes_no(result.trusted)
            if result.self_signed:
                trusted += " " + _("(self-signed certificate)")
            fields["trusted"].setText(trusted)
        else:
            for key in ("intact", "valid", "whole_file", "trusted"):
                fields[key].setText("✗ " + _("Not signed"))
        for key in PROVENANCE:
            value = result.provenance.get(key) or "—"
            fields[key].setText(two_lines(value) if key == "hash" else value)
            fields[key].setAccessibleDescription(value)
        if result.problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in result.problems)
            self.problems.setText(f"<ul style='margin:0'>{items}</ul>")
        else:
            self.problems.setText(html.escape(_("None")))
        self.problems.setAccessibleDescription("\n".join(result.problems) or _("None"))

    def _failed(self, exc: Exception) -> None:
        self._finish()
        problem = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        text = _("This file could not be checked: {problem}").format(problem=problem)
        self._set_verdict("✗ " + text)
