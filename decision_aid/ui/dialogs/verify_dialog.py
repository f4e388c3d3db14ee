"""Verify a record: does the signed PDF hold, who signed it, and from which pack.

The check runs off the GUI thread through ``verify.verify_pdf`` (looked up on the
module each time, so tests can replace it), with the trust roots from the settings; when
roots are set, a signer they do not trust makes the record NOT OK, as ``report verify``
does. Every signature and time-stamp in the file gets its own box, every answer is words
with a ✓ or ✗ mark, never a colour alone, and the verdict lines say what it means.

Every label that shows text from the file, a certificate or the settings is plain text:
a signer named ``<img src=...>`` is shown as those characters, never rendered.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

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

from decision_aid.i18n import _, current_language, translate
from decision_aid.report.when import clinic_zone, moment_text
from decision_aid.settings import Settings, SettingsError, load_settings, settings_path
from decision_aid.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from decision_aid.report.verify import SignatureCheck, VerifyResult

OK_COLOUR = "#1b5e20"
BAD_COLOUR = "#b00020"
WARN_COLOUR = "#8a5300"
MARK_COLOURS = {"✓": OK_COLOUR, "⚠": WARN_COLOUR, "✗": BAD_COLOUR}
PROVENANCE_KEYS = ("pack", "version", "hash", "published", "review_due", "session")
"""The provenance keys the record carries, in display order (see ``verify.words``)."""
SIDE_BY_SIDE_AT = 36
"""Dialog width, in lines of text, from which labels sit beside their values."""


def _check(path: Path, roots: list[Path]) -> VerifyResult:
    """Off the GUI thread: read the file and verify it."""
    from decision_aid.report import verify

    return verify.verify_pdf(path.read_bytes(), roots)


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets its text as markup."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def when_text(when: datetime, zone: tzinfo) -> str:
    """A date and time in the clinic's time zone, as the record prints it."""
    return moment_text(when, current_language(), zone)


def two_lines(digest: str) -> str:
    """A long 'sha256:<64 hex>' split in the middle of its hex digits, to fit narrow windows."""
    algorithm, sep, hexits = digest.rpartition(":")
    if len(hexits) < 40:
        return digest
    half = len(hexits) // 2
    return f"{algorithm}{sep}{hexits[:half]}\n{hexits[half:]}"


def verdict(result: VerifyResult, zone: tzinfo) -> str:
    """The overall verdict, in words: each line starts with ✓, ⚠ or ✗."""
    from decision_aid.report.verify import Coverage, Kind
    from decision_aid.report.verify.words import change_sentences

    first = result.record_signature
    if first is None:
        return "✗ " + _("This record is not digitally signed: changes to it cannot be detected.")
    if first.kind is not Kind.SIGNATURE:
        return "✗ " + _("The file's first signature is a time-stamp, not the clinic's signature.")
    if not first.sound:
        if first.error is None and first.intact:
            return "✗ " + _("The signature on this record is not valid.")
        return "✗ " + _("This record has been changed after it was signed.")
    if not result.sound:
        if result.changes:
            lines = ["✗ " + _("This record has been changed after it was signed.")]
            return "\n".join(lines + change_sentences(result))
        if any(not later.sound for later in result.later):
            return "✗ " + _("A signature or time-stamp added to this record later does not verify.")
        return "✗ " + _("This record has been changed after it was signed.")
    signer = first.signer or _("an unnamed signer")
    if first.signing_time is not None:
        signed = _("This record is intact and signed by {signer} on {time}.").format(
            signer=signer, time=when_text(first.signing_time, zone)
        )
    else:
        signed = _("This record is intact and signed by {signer}.").format(signer=signer)
    if result.untrusted_refused:
        why = _(
            "Its certificate is not trusted by the trust roots in the settings, so the "
            "record is not accepted."
        )
        return "✗ " + signed + "\n✗ " + why
    lines = ["✓ " + signed]
    if first.coverage is not Coverage.WHOLE_FILE:
        lines.append(
            "✓ " + _("Time-stamps or validation data were added later; they change nothing in it.")
        )
    if not first.trusted:
        lines.append(
            "⚠ "
            + (
                _("The certificate is self-signed (a pilot key) and is not among the trusted ones.")
                if first.self_signed
                else _("The certificate is not among the trusted ones in the settings.")
            )
        )
    return "\n".join(lines)


def _settings_or_problem() -> tuple[Settings, str]:
    """The saved settings, or the defaults and a plain sentence saying why they are not used."""
    try:
        return load_settings(), ""
    except SettingsError as exc:
        return Settings(), str(exc)
    except (OSError, ValueError) as exc:  # e.g. a settings file that is not UTF-8
        return Settings(), _("{path} cannot be read ({reason}); fix or delete the file.").format(
            path=settings_path(), reason=type(exc).__name__
        )


class SignatureBox(QGroupBox):
    """One signature's or time-stamp's result, row by row, in plain words."""

    ROWS = (
        "signer",
        "time",
        "timestamp",
        "status",
        "coverage",
        "changes",
        "certification",
        "trusted",
    )

    def __init__(self, title: str, label_width: int, dialog: VerifyDialog) -> None:
        super().__init__(title)
        self.fields: dict[str, QLabel] = {}
        form = dialog.new_form(self)
        for key, text in self.labels():
            label = plain_label(_("{label}:").format(label=text))
            label.setMinimumWidth(label_width)
            field = plain_label("—")  # no word wrap: QFormLayout would cut a second line
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setAccessibleName(text)
            self.fields[key] = field
            form.addRow(label, field)

    @classmethod
    def labels(cls) -> list[tuple[str, str]]:
        names = {
            "signer": _("Signed by"),
            "time": _("Signing time"),
            "timestamp": _("Time-stamp (from a server)"),
            "status": _("Status"),
            "coverage": _("Covers"),
            "changes": _("Changes after it"),
            "certification": _("Certification"),
            "trusted": _("Certificate trusted"),
        }
        return [(key, names[key]) for key in cls.ROWS]

    def show_check(self, check: SignatureCheck, zone: tzinfo) -> None:
        from decision_aid.report.verify import Kind
        from decision_aid.report.verify import words as w
        from decision_aid.report.verify.result import ALLOWED_CHANGES

        def mark(good: bool, text: str) -> str:
            return ("✓ " if good else "✗ ") + text

        fields = self.fields
        fields["signer"].setText(check.signer or "—")
        fields["time"].setText(when_text(check.signing_time, zone) if check.signing_time else "—")
        stamp = check.timestamp
        fields["timestamp"].setText(when_text(stamp, zone) if stamp else _("None"))
        fields["status"].setText(mark(check.sound, w.validity_text(check)))
        fields["coverage"].setText(w.coverage_text(check))
        allowed = check.changes in ALLOWED_CHANGES
        fields["changes"].setText(mark(allowed, w.changes_text(check)))
        certified = w.certification_text(check) if check.kind is Kind.SIGNATURE else "—"
        fields["certification"].setText(certified)
        fields["trusted"].setText(mark(check.trusted, w.trust_text(check)))


class VerifyDialog(QDialog):
    """Choose a PDF and see whether its signatures hold, and where its content came from."""

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
            settings, settings_problem = _settings_or_problem()
        self.settings_problem = settings_problem
        self.trust_roots = list(settings.trust_roots)
        self.zone = clinic_zone(settings.time_zone)
        self.task: Task | None = None
        self.result_: VerifyResult | None = None
        self.forms: list[QFormLayout] = []
        self.later_boxes: list[SignatureBox] = []
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
        file_row.addWidget(plain_label(_("Record:")))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("Checking"))
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress.hide()
        self.verdict = QWidget()
        self.verdict.setAccessibleName(_("Verdict"))
        self.verdict_lines = QVBoxLayout(self.verdict)
        self._verdict_labels: list[QLabel] = []
        self.verdict_lines.setContentsMargins(0, 0, 0, 0)

        origin = [(key, translate(label)) for key, label in _provenance_labels()]
        texts = [text for _key, text in SignatureBox.labels() + origin]
        # One label width for every box, so their columns line up.
        self.label_width = max(self.fontMetrics().horizontalAdvance(t + ":") for t in texts)
        self.record_box = SignatureBox(_("The record's signature"), self.label_width, self)
        self.fields: dict[str, QLabel] = dict(self.record_box.fields)
        self.later_group = QGroupBox(_("Added after the record was signed"))
        self.later_layout = QVBoxLayout(self.later_group)
        self.later_group.hide()
        provenance = QGroupBox(_("Where the content came from"))
        form = self.new_form(provenance)
        for key, text in origin:
            label = plain_label(_("{label}:").format(label=text))
            label.setMinimumWidth(self.label_width)
            field = plain_label("—")
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            field.setAccessibleName(text)
            self.fields[key] = field
            form.addRow(label, field)
        self.problems = plain_label()
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setAccessibleName(_("Problems found"))
        problems = QGroupBox(_("Problems found"))
        QVBoxLayout(problems).addWidget(self.problems)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(_("Close"))
        layout = QVBoxLayout(self)
        self.settings_note = plain_label(
            _("The settings could not be read, so no trust roots are used: {problem}").format(
                problem=settings_problem
            )
        )
        self.settings_note.setWordWrap(True)
        self.settings_note.setVisible(bool(settings_problem))
        layout.addWidget(self.settings_note)
        details = QWidget()
        inner = QVBoxLayout(details)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.record_box)
        inner.addWidget(self.later_group)
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

    def new_form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        # Never WrapLongRows: its height depends on the width, which a scroll area ignores.
        form.setRowWrapPolicy(self._wrap_policy(self.width()))
        self.forms.append(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _wrap_policy(self, width: int) -> QFormLayout.RowWrapPolicy:
        wide = width >= self.fontMetrics().lineSpacing() * SIDE_BY_SIDE_AT
        policy = QFormLayout.RowWrapPolicy
        return policy.DontWrapRows if wide else policy.WrapAllRows

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """Labels beside their values when there is room, else above them."""
        wanted = self._wrap_policy(event.size().width())
        for form in self.forms:
            if form.rowWrapPolicy() != wanted:
                form.setRowWrapPolicy(wanted)
        super().resizeEvent(event)

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
        for box in self.later_boxes:
            self.later_layout.removeWidget(box)
            box.deleteLater()
        self.later_boxes = []
        self.later_group.hide()
        self.problems.setText("—")

    def _set_verdict(self, text: str) -> None:
        """One plain-text line each, coloured by its mark (✓, ⚠, ✗), which stays in words."""
        # The labels are kept in a list, not read back through the layout's items: a
        # QLayoutItem reached from Python outlives its C++ object
        # (tests/ui/test_layout_items.py says how).
        for old in self._verdict_labels:
            self.verdict_lines.removeWidget(old)
            old.deleteLater()
        self._verdict_labels = []
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        for line in text.splitlines():
            label = plain_label(line)
            label.setWordWrap(True)
            colour = MARK_COLOURS.get(line[:1])
            if colour:  # a verdict; the lines without a mark explain the one above
                label.setFont(font)
                label.setStyleSheet(f"color: {colour}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(_("Verdict"))
            self.verdict_lines.addWidget(label)
            self._verdict_labels.append(label)
        self.verdict.setAccessibleDescription(text)

    def verdict_labels(self) -> list[QLabel]:
        """The verdict's lines as shown."""
        return list(self._verdict_labels)

    def _finish(self) -> None:
        self.progress.hide()
        self.choose_button.setEnabled(True)

    def _done(self, result: VerifyResult) -> None:
        from decision_aid.report.verify import words as w

        self._finish()
        self.result_ = result
        self._set_verdict(verdict(result, self.zone))
        first = result.record_signature
        if first is not None:
            self.record_box.show_check(first, self.zone)
        else:
            for key in ("status", "changes", "trusted"):
                self.fields[key].setText("✗ " + _("Not signed"))
        total = len(result.signatures)
        for index, check in enumerate(result.later, start=1):
            role = w.role_text(check, index)
            title = _("Signature {number} of {total}: {role}").format(
                number=index + 1, total=total, role=role
            )
            box = SignatureBox(title, self.label_width, self)
            box.show_check(check, self.zone)
            self.later_boxes.append(box)
            self.later_layout.addWidget(box)
        self.later_group.setVisible(bool(self.later_boxes))
        for key in PROVENANCE_KEYS:
            value = result.provenance.get(key) or "—"
            self.fields[key].setText(two_lines(value) if key == "hash" else value)
            self.fields[key].setAccessibleDescription(value)
        problems = result.problems
        self.problems.setText("\n".join("• " + p for p in problems) if problems else _("None"))
        self.problems.setAccessibleDescription("\n".join(problems) or _("None"))

    def _failed(self, exc: Exception) -> None:
        self._finish()
        problem = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        text = _("This file could not be checked: {problem}").format(problem=problem)
        self._set_verdict("✗ " + text)


def _provenance_labels() -> list[tuple[str, str]]:
    from decision_aid.report.verify.words import PROVENANCE_LABELS

    return [(key, PROVENANCE_LABELS[key]) for key in PROVENANCE_KEYS]
