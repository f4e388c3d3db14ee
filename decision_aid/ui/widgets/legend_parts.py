"""The parts of a risk picture's legend that follow the text size.

* :class:`LegendIcon`: one icon of an icon array on its own, as tall as the text beside it
  (a line, or a line and a third), drawn again whenever that text's size changes, so that
  View › Larger text grows the legend with the words.
* :class:`LegendText`: a wrapping label that asks for the room to say its words on one
  line, so that a legend's entries stand on one line when the width allows (a wrapping
  label's own wish is about 40 characters, which breaks a long event in two).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from decision_aid.content.icon_layout import CellState, Palette
from decision_aid.ui.plain_text import PlainLabel
from decision_aid.ui.widgets.icon_array import IconArray

LEAST_ICON = 18
"""A legend icon is never smaller than this (pixels)."""


class LegendIcon(QLabel):
    """One icon in ``state``'s look, ``lines`` times the height of a line of text."""

    def __init__(
        self,
        state: CellState,
        colours: Palette,
        *,
        person: bool,
        lines: float = 1.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.state = state
        self.colours = colours
        self.person = person
        self.lines = lines
        self._draw()

    def icon_size(self) -> int:
        """The icon's side in pixels at the current text size."""
        return max(LEAST_ICON, int(self.fontMetrics().height() * self.lines))

    def _draw(self) -> None:
        size = self.icon_size()
        pixmap = self.pixmap()
        if not pixmap.isNull() and pixmap.width() == size:
            return
        self.setPixmap(IconArray.swatch(self.state, self.colours, size, person=self.person))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FontChange:
            self._draw()
        super().changeEvent(event)


class LegendText(PlainLabel):
    """Plain words that wrap only when one line does not fit."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self.setText(text)
        self.setAccessibleName(text)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        margins = self.contentsMargins()
        line = self.fontMetrics().boundingRect(self.text()).width()
        # A pixel to spare: the text layout rounds where the metrics do not.
        width = line + margins.left() + margins.right() + 2 * self.margin() + 2
        if width <= hint.width():
            return hint
        return QSize(width, self.heightForWidth(width))
