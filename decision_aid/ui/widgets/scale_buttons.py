"""Five radio buttons for how much something matters, with a clear focus ring."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from decision_aid.i18n import N_, _, translate
from decision_aid.ui.theme import target_height

IMPORTANCE = (N_("Not at all"), N_("A little"), N_("Somewhat"), N_("A lot"), N_("Extremely"))
"""The five steps of the importance scale, 0 to 4."""


class ScaleButton(QRadioButton):
    """A radio button without text, centred in its cell, with a clear focus ring.

    Without text the style draws no focus rectangle, so the ring is drawn here; the
    whole cell is clickable, which also gives a larger target.
    """

    def _indicator(self) -> QRect:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        style = self.style()
        width = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, option, self)
        height = style.pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorHeight, option, self)
        rect = QRect(0, 0, width, height)
        rect.moveCenter(self.rect().center())
        return rect

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        side = max(target_height(self), round(self.fontMetrics().height() * 1.6))
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def hitButton(self, pos: QPoint) -> bool:  # noqa: N802 - Qt override
        return self.rect().contains(pos)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.rect = self._indicator()
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorRadioButton, option)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)
        painter.end()


class ImportanceButtons(QObject):
    """Five radio buttons, 'Not at all' to 'Extremely', for one concern."""

    chosen = Signal(int)

    def __init__(self, concern: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[ScaleButton] = []
        for value, label in enumerate(IMPORTANCE):
            button = ScaleButton(parent)
            button.setAccessibleName(
                _("{concern}: {importance}").format(concern=concern, importance=translate(label))
            )
            button.setToolTip(translate(label))
            self.group.addButton(button, value)
            self.buttons.append(button)
        self.group.idClicked.connect(self.chosen)

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def set_value(self, value: int | None) -> None:
        if value == self.value():
            return
        with QSignalBlocker(self.group):
            if value is None:
                self.group.setExclusive(False)
                for button in self.buttons:
                    button.setChecked(False)
                self.group.setExclusive(True)
            else:
                self.buttons[value].setChecked(True)
