"""Autosave: a draft of the consultation is written soon after every change.

The first change starts a single-shot timer (``delay_ms``, well under the 30 s the
record may be behind); when it fires the draft is written, encrypted and atomically,
through the session store. ``flush()`` writes at once (on quit and step changes).

The first save locks the draft for this window (``session.draft_lock``). A save the
store refuses, whether the disk is full, the draft key is missing while other drafts wait
for it, or the draft is open in another window, is reported through ``failed`` and retried;
the consultation stays open and nothing is lost.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from decision_aid.i18n import _
from decision_aid.session.state import Session
from decision_aid.session.store import DraftError, DraftStore
from decision_aid.ui.binding import SessionBinding

AUTOSAVE_DELAY_MS = 5_000
"""How long after a change the draft is written."""


class Autosaver(QObject):
    """Writes the session's draft after changes; reports success and failure as signals."""

    saved = Signal()
    failed = Signal(str)

    def __init__(
        self,
        binding: SessionBinding,
        store: DraftStore,
        delay_ms: int = AUTOSAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.binding = binding
        self.store = store
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        binding.changed.connect(self._changed)
        self.last_error: str | None = None

    @property
    def session(self) -> Session:
        return self.binding.session

    def _changed(self, _topic: str) -> None:
        if self.session.record.finished is not None:
            self.flush()
        elif not self.timer.isActive():
            self.timer.start()

    def flush(self) -> bool:
        """Write the draft now if anything changed; True when nothing is left unsaved."""
        self.timer.stop()
        if not self.session.dirty:
            return True
        try:
            self.store.save(self.session.record)
        except DraftError as exc:
            self.last_error = str(exc)
            self.failed.emit(
                _(
                    "Could not save the consultation: {problem}. It stays open; nothing is lost."
                ).format(problem=exc)
            )
            self.timer.start()
            return False
        self.last_error = None
        self.session.mark_saved()
        self.saved.emit()
        return True
