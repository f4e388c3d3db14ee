"""The desktop app's way of saying that the audit trail could not note an event.

The audit trail reports a failure once until the log works again (see
:mod:`decision_aid.audit`); this shows that report as a warning window that does not
block the work, over whichever window is active. Reports may come from any thread
(packs open, records are made off the GUI thread): a queued signal brings them here.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from decision_aid import audit
from decision_aid.i18n import _
from decision_aid.ui.plain_text import message_box


class AuditNotice(QObject):
    """Shows each audit-trail report in a warning window."""

    reported = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.shown: list[QMessageBox] = []

    def _show(self, text: str) -> None:
        box = message_box(
            QApplication.activeWindow(),
            QMessageBox.Icon.Warning,
            _("Audit trail"),
            text,
        )
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: self.shown.remove(box))
        self.shown.append(box)
        box.show()


def install(app: QApplication) -> AuditNotice:
    """Report the audit trail's problems in warning windows for the rest of the run."""
    notice = AuditNotice(app)
    audit.set_reporter(notice.reported.emit)
    return notice
