"""A check box whose words wrap onto more lines.

A QCheckBox's own text never wraps, so a long name (a Welsh programme's name, a sentence
of consent) makes the page wider than a laptop's screen. Here the box has no text of its
own: its accessible name is the whole text, and beside it a wrapping label shows the text
and toggles the box when clicked, as the box's own text would. Keyboard focus and the
state are the box's; a layout mirrors the pair in right-to-left languages.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent, QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from decision_aid.ui.plain_text import PlainLabel

LRM, RLM = "\u200e", "\u200f"


class _ClickToggles(QObject):
    """A left click released on the label toggles the box (unless it is disabled)."""

    def __init__(self, label: QLabel, box: QCheckBox) -> None:
        super().__init__(label)
        self.box = box
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and isinstance(watched, QLabel)
            and watched.rect().contains(event.position().toPoint())
            and self.box.isEnabled()
        ):
            self.box.click()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        return super().eventFilter(watched, event)


class BoxText(PlainLabel):
    """A check box's words: shown as written, wrapped, and laid out in the direction of
    the page, as a check box lays out its own text. A label would turn a line that starts
    with a Latin letter left to right in an Arabic page, and move it away from its box."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = box
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self.words = text
        self._show()
        self._line_up()

    def _show(self) -> None:
        self.setText((RLM if self.isRightToLeft() else LRM) + self.words)

    def _line_up(self) -> None:
        """The first line level with the box, which is taller than a line of text."""
        top = max(0, (self.box.sizeHint().height() - self.fontMetrics().height()) // 2)
        if self.contentsMargins().top() != top:
            self.setContentsMargins(0, top, 0, 0)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._show()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._line_up()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._line_up()
        super().showEvent(event)


def check_and_label(text: str, parent: QWidget | None = None) -> tuple[QCheckBox, BoxText]:
    """A check box named ``text`` and a wrapping label showing ``text`` as written, which
    toggles the box when clicked. Lay them out side by side (see :class:`WrappedCheck`)."""
    box = QCheckBox(parent)
    box.setAccessibleName(text)
    label = BoxText(text, box, parent)
    label.setAccessibleName(text)
    _ClickToggles(label, box)
    return box, label


class WrappedCheck(QWidget):
    """A check box and its wrapping label, side by side (mirrored right to left)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box, self.label = check_and_label(text, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
