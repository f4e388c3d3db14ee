"""Windows open no larger than the screen they open on.

A 1366×768 laptop is still common in clinics; a window taller than its screen hides its
own Back and Next buttons below the taskbar.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyle, QWidget


def available(widget: QWidget) -> QSize:
    """The room for a window's content on ``widget``'s screen: the screen less its panels
    (the taskbar, a dock) and the window's own title bar and frame."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry().size()
    style = widget.style()
    title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, widget)
    frame = 2 * style.pixelMetric(QStyle.PixelMetric.PM_MdiSubWindowFrameWidth, None, widget)
    return QSize(max(1, room.width() - frame), max(1, room.height() - title - frame))


def open_size(widget: QWidget, width: int, height: int) -> QSize:
    """``width`` × ``height``, made smaller where the screen is smaller."""
    room = available(widget)
    return QSize(min(width, room.width()), min(height, room.height()))
