"""What the running kiosk's window looks like, for IT checks: ``DECISION_AID_KIOSK_REPORT``.

When that variable names a file, the kiosk writes there, once its window is on the
screen, the window's and the screen's geometry, whether one covers the other, and the
window's state (JSON; a compositor such as cage may present it maximized).
Nothing of the patient's is in it. It lets an IT admin, or a test under the real
compositor, see that the kiosk covers the whole screen.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QSaveFile, QTimer
from PySide6.QtWidgets import QWidget

VARIABLE = "DECISION_AID_KIOSK_REPORT"
POLL_MS = 100


def window_report(window: QWidget) -> dict[str, object]:
    """The window's and its screen's geometry, and its full-screen state."""
    screen = window.screen().geometry()
    frame = window.frameGeometry()
    return {
        "window": [frame.x(), frame.y(), frame.width(), frame.height()],
        "screen": [screen.x(), screen.y(), screen.width(), screen.height()],
        "covers_screen": frame == screen,
        "full_screen": window.isFullScreen(),
        "maximized": window.isMaximized(),
        "platform": os.environ.get("QT_QPA_PLATFORM", ""),
    }


def watch(current: Callable[[], QWidget], parent: QObject) -> QTimer | None:
    """Write the report once the window ``current()`` returns is exposed; None when not asked.

    ``current`` is called each time (the kiosk builds a new window after every wipe).
    """
    target = os.environ.get(VARIABLE)
    if not target:
        return None
    timer = QTimer(parent)
    timer.setInterval(POLL_MS)

    def poll() -> None:
        window = current()
        handle = window.windowHandle()
        if handle is None or not handle.isExposed():
            return
        timer.stop()
        out = QSaveFile(target)
        if out.open(QSaveFile.OpenModeFlag.WriteOnly):
            out.write((json.dumps(window_report(window)) + "\n").encode())
            out.commit()

    timer.timeout.connect(poll)
    timer.start()
    return timer
