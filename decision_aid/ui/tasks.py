"""Long work off the GUI thread, through one helper.

``run_task(parent, work, on_done, on_error)`` runs ``work()`` on Qt's thread pool
and calls back on the GUI thread. Pack loading, PDF export and signing go through it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the GUI thread, shown as a message
            self._deliver(self._relay.failed, exc)
        else:
            self._deliver(self._relay.done, result)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        # RuntimeError: the window that asked for the work has closed; nobody waits.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


class Task(QObject):
    """A running piece of work; ``finished`` fires on the GUI thread either way."""

    finished = Signal()

    def __init__(
        self,
        parent: QObject,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        super().__init__(parent)
        self.running = True
        self._relay = _Relay(self)
        self._relay.done.connect(lambda result: self._finish(on_done, result))
        self._relay.failed.connect(lambda exc: self._finish(on_error, exc))
        QThreadPool.globalInstance().start(_Runnable(work, self._relay))

    def _finish(self, callback: Callable[[Any], None], value: Any) -> None:
        self.running = False
        callback(value)
        self.finished.emit()


def run_task(
    parent: QObject,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> Task:
    """Run ``work`` off the GUI thread; call ``on_done(result)`` or ``on_error(exc)`` on it."""
    return Task(parent, work, on_done, on_error)
