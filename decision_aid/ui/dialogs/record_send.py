"""The record dialog's "Send to EHR…": the record's FHIR copy, to the record system.

Once the record is made, the button sends its electronic copy to the FHIR server named
in the settings (``fhir.server``), with the settings' token, off the GUI thread, with a
busy bar and then the result in words: accepted (how many resources were new, how many
were there already), or not, with the reason and the server's own words for a refusal;
the record then waits in the queue, and is sent again with the button (or with
``decision-aid report send --retry``). A record that must not be sent (an unfinished
consultation, no patient identifier) says why before anything is sent.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _
from decision_aid.i18n.bidi import LRI, PDI
from decision_aid.report.fhir.client import Outcome
from decision_aid.report.fhir.config import FhirSettings
from decision_aid.report.fhir.outbox import (
    Queued,
    QueueError,
    default_queue_dir,
    deliver,
    enqueue,
    load_bundle,
    outcome_lines,
    read_token,
)
from decision_aid.ui.plain_text import escaped, rich_label
from decision_aid.ui.tasks import Task, run_task

OK_COLOUR = "#1b5e20"
ERROR_COLOUR = "#b00020"
_LTR_RUN = re.compile(r"'decision-aid [^']+'|(?:https?://|/)[^\s()'\u2066-\u2069]+")
"""A command, a file path or an address: kept left to right inside Arabic text."""


def _isolated(text: str) -> str:
    return _LTR_RUN.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", text)


def send_record(path: Path, fhir: FhirSettings) -> tuple[Outcome, Queued]:
    """Off the GUI thread: queue the record's FHIR copy for the server, then send it."""
    if not fhir.server:
        raise QueueError(
            _(
                "No record system is set: ask whoever looks after this computer to set "
                "'fhir.server' in the settings. The record's electronic copy is kept as {path}."
            ).format(path=path)
        )
    bundle = load_bundle(path)
    token = read_token(fhir.token, fhir.token_file)
    queued = enqueue(fhir.queue or default_queue_dir(), fhir.server, bundle, datetime.now(UTC))
    return deliver(queued, token=token, ca_file=fhir.ca_file), queued


class SendPanel(QWidget):
    """The button, the busy bar and the result; hidden until there is a record to send."""

    sent = Signal(object)
    """Emitted with the :class:`Outcome` of each send."""

    def __init__(self, fhir: FhirSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fhir = fhir
        self.path: Path | None = None
        self.task: Task | None = None
        self.button = QPushButton(_("Send to EHR…"))
        self.button.setAccessibleName(_("Send the record to the electronic health record"))
        server = fhir.server or _("none set")
        self.button.setToolTip(
            _("Send the electronic record copy to the record system ({server})").format(
                server=server
            )
        )
        self.button.clicked.connect(self.send)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("Sending"))
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress.hide()
        self.result = rich_label(wrap=True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setAccessibleName(_("Result of sending"))
        self.result.hide()
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.progress, 1)
        row.addStretch(1)
        # Never shorter than the result needs: the form above scrolls instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.result)
        self.hide()

    def offer(self, path: Path) -> None:
        """There is a record copy at ``path``: show the button."""
        self.path = path
        self.show()

    @property
    def busy(self) -> bool:
        return self.task is not None and self.task.running

    def send(self) -> None:
        if self.path is None or self.busy:
            return
        path = self.path
        self.button.setEnabled(False)
        self.progress.show()
        self._show(
            _("Sending the record to {server}…").format(server=self.fhir.server or "?"), None
        )
        self.task = run_task(self, lambda: send_record(path, self.fhir), self._done, self._failed)

    def _show(self, text: str, ok: bool | None) -> None:
        lines = escaped(_isolated(text))
        if ok is None:
            self.result.setText(lines)
        else:
            mark, colour = ("✓", OK_COLOUR) if ok else ("✗", ERROR_COLOUR)
            self.result.setText(f"<span style='color:{colour}'><b>{mark}</b> {lines}</span>")
        self.result.setAccessibleDescription(text)
        self.result.show()

    def _done(self, result: tuple[Outcome, Queued]) -> None:
        outcome, queued = result
        self.progress.hide()
        lines = outcome_lines(outcome, None)
        if not outcome.accepted:
            lines.append(
                _(
                    "The record is kept in the queue until the record system accepts it: "
                    "press Try again later."
                )
            )
        if outcome.accepted:
            lines.insert(0, _("Sent to {server}.").format(server=queued.server))
            self.button.setText(_("Sent"))
        else:
            self.button.setText(_("Try again"))
            self.button.setEnabled(True)
        self._show("\n".join(lines), outcome.accepted)
        self.sent.emit(outcome)

    def _failed(self, exc: Exception) -> None:
        self.progress.hide()
        self.button.setEnabled(True)
        if isinstance(exc, QueueError):
            text = str(exc)
        else:
            text = _("The record could not be sent: {problem}").format(problem=exc)
        self._show(text, False)
