"""Qt side of a session: a signal per change, so widgets can bind to the model.

Widgets never own consultation state. They read from ``binding.session`` and call
its methods; ``binding.changed(topic)`` tells them when to refresh.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from decision_aid.session.state import Session


class SessionBinding(QObject):
    """Wraps a :class:`Session`; emits ``changed(topic)`` after each change."""

    changed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.subscribe(self.changed.emit)

    def detach(self) -> None:
        """Stop relaying changes (before the session is replaced)."""
        self._unsubscribe()
