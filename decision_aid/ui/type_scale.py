"""Headings, names and badges that keep their size relative to the text around them.

A widget's font with an explicit point size stops following the application's font, so
a heading set to 1.6 times the text would stay put while View › Larger text doubles the
body, and the hierarchy would turn upside down. :func:`relative_font` stores the factor
instead, and the size is worked out again whenever the application's font changes, the
widget moves or it is shown: the application's size times the factors of the widget and
of every widget around it (the patient's pages carry 1.4).

The application's font change is followed through its ``fontChanged`` signal rather than
each widget's ApplicationFontChange event, which Qt does not send to widgets that have a
style sheet (the grid's "example" badge has one).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

SCALE = "relativeTextScale"
"""Widget property: this widget's text size as a factor of its surroundings'."""
_BOLD = "relativeTextBold"
_ITALIC = "relativeTextItalic"
_EVENTS = (QEvent.Type.ParentChange, QEvent.Type.Show)

W = TypeVar("W", bound=QWidget)


def point_size(widget: QWidget) -> float:
    """The application's text size times the factors of ``widget`` and its ancestors."""
    size = QApplication.font().pointSizeF()
    current: QWidget | None = widget
    while current is not None:
        factor = current.property(SCALE)
        if factor is not None:
            size *= float(factor)
        current = current.parentWidget()
    return size


def apply(widget: QWidget) -> None:
    """Set ``widget``'s font from its stored factor, weight and slant."""
    font = QFont(QApplication.font())
    font.setPointSizeF(point_size(widget))
    bold, italic = widget.property(_BOLD), widget.property(_ITALIC)
    if bold is not None:
        font.setBold(bool(bold))
    if italic is not None:
        font.setItalic(bool(italic))
    if font != widget.font():
        widget.setFont(font)


class _Follower(QObject):
    """Works the fonts out again when anything they depend on changes."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.fontChanged.connect(self.follow_application)

    def follow_application(self, _font: QFont | None = None) -> None:
        for widget in QApplication.allWidgets():
            if widget.property(SCALE) is not None:
                apply(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _EVENTS and isinstance(watched, QWidget):
            apply(watched)
        return False


_FOLLOWER: list[_Follower] = []
"""The one follower, made with the first relative font."""


def relative_font(
    widget: W, factor: float = 1.0, *, bold: bool | None = None, italic: bool | None = None
) -> W:
    """Give ``widget`` text ``factor`` times the size around it, now and after every change.

    ``bold`` and ``italic`` set the weight and slant (None: as the application's font).
    """
    if not _FOLLOWER:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        _FOLLOWER.append(_Follower(app))
    follower = _FOLLOWER[0]
    widget.setProperty(SCALE, factor)
    widget.setProperty(_BOLD, bold)
    widget.setProperty(_ITALIC, italic)
    widget.removeEventFilter(follower)
    widget.installEventFilter(follower)
    apply(widget)
    return widget


def rescale(root: QWidget, factor: float) -> None:
    """Set ``root``'s own text factor to ``factor`` and work out again the fonts of every
    widget inside it that keeps a factor of its own (the others inherit ``root``'s font)."""
    root.setProperty(SCALE, factor)
    apply(root)
    for widget in root.findChildren(QWidget):
        if widget.property(SCALE) is not None:
            apply(widget)
