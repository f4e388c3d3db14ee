"""A short notice at a field, for an entry the session refused (a limit reached)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMainWindow, QToolTip, QWidget

NOTICE_MS = 10_000
"""How long the notice stays in the status bar."""


def notice(widget: QWidget, text: str) -> None:
    """Show ``text`` just below ``widget`` (and in its window's status bar, if it has one);
    it stays as the widget's tooltip."""
    widget.setToolTip(text)
    QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), text, widget)
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, NOTICE_MS)
