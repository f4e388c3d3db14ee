"""The Qt binding keeps Python's reference counts intact.

PySide6 6.12.0 dropped a reference to None on every call of a method that
returns nothing; on Python 3.11 that aborts the process after a few thousand
calls. The lock pins a release without the fault, and this test guards it.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot


def test_void_calls_do_not_consume_none(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setMinimumWidth(10)
        painter.fillRect(0, 0, 1, 1, 0)
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100, f"None lost {before - after} references"
