"""A bar from -1 to +1 picturing how well an option fits what matters to a patient."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from decision_aid.i18n.bidi import LRI, PDI

GOOD = QColor("#0072B2")
"""Okabe-Ito blue: the option serves what matters."""
POOR = QColor("#D55E00")
"""Okabe-Ito vermillion, hatched: it works against it."""
AXIS = (f"{LRI}−1{PDI}", "0", f"{LRI}+1{PDI}")
"""The axis labels, left to right. Isolated, so that right-to-left text keeps each sign
before its number (it drew "1−" in Arabic)."""


class FitBar(QWidget):
    """A horizontal bar from -1 to +1 with a centre line at 0; the text beside it carries
    the meaning, the bar only pictures it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fit: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_fit(self, fit: float | None) -> None:
        self.fit = fit
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("0") * 30, metrics.height() * 2 + 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("0") * 14, metrics.height() * 2 + 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        metrics = self.fontMetrics()
        text_colour = self.palette().windowText().color()
        side = metrics.horizontalAdvance("+1")
        left, right = side, self.width() - side - 1
        height = metrics.height()
        centre = (left + right) // 2
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.setBrush(self.palette().base())
        painter.drawRect(left, 0, right - left, height)
        if self.fit is not None:
            end = centre + round(self.fit * (right - left) / 2)
            x, width = min(centre, end), abs(end - centre)
            colour = GOOD if self.fit >= 0 else POOR
            painter.setPen(QPen(colour.darker(140), 1))
            painter.setBrush(colour)
            painter.drawRect(x, 2, width, height - 4)
            if self.fit < 0:
                painter.setBrush(QBrush(QColor("white"), Qt.BrushStyle.BDiagPattern))
                painter.drawRect(x, 2, width, height - 4)
        painter.setPen(QPen(text_colour, 2))
        painter.drawLine(centre, -1, centre, height + 2)
        painter.setPen(text_colour)
        baseline = height + 4 + metrics.ascent()
        for text, x in zip(AXIS, (left, centre, right), strict=True):
            painter.drawText(x - metrics.horizontalAdvance(text) // 2, baseline, text)
        painter.end()
