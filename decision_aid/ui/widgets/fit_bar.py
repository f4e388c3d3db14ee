"""A balance for one option: what pulls the patient away from it, and what pulls towards it.

From a line in the middle, a hatched vermillion bar grows to the left for the reasons to
avoid the option and a blue bar to the right for the reasons to choose it, each as long
as its share of the most it could be (see :mod:`decision_aid.session.scoring`). Mirrored
right to left. No numbers: the words beside it carry the meaning, the picture shows the
balance at a glance (as the Ottawa Personal Decision Guide weighs reasons to choose
against reasons to avoid).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QStyle, QWidget

CHOOSE = QColor("#0072B2")
"""Okabe-Ito blue: the reasons to choose the option."""
AVOID = QColor("#D55E00")
"""Okabe-Ito vermillion, hatched: the reasons to avoid it."""


class FitBar(QWidget):
    """Two bars from a centre line: reasons to avoid (leading side), to choose (trailing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.towards: float | None = None
        self.away: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_pulls(self, towards: float | None, away: float | None) -> None:
        """The shares (0 to 1) of the reasons to choose and to avoid; None: not rated."""
        self.towards, self.away = towards, away
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("0") * 30, round(metrics.height() * 1.2))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("0") * 12, round(metrics.height() * 1.2))

    def bars(self) -> tuple[QRect, QRect]:
        """Where the (avoid, choose) bars are drawn, in widget coordinates, mirrored
        right to left; empty rectangles when there is nothing to draw."""
        frame = self.rect().adjusted(0, 0, -1, -1)
        centre = frame.center().x()
        half = frame.width() / 2
        inner = frame.adjusted(0, 2, 0, -2)
        away = round((self.away or 0) * half)
        towards = round((self.towards or 0) * half)
        avoid = QRect(centre - away, inner.top(), away, inner.height())
        choose = QRect(centre, inner.top(), towards, inner.height())
        return (
            QStyle.visualRect(self.layoutDirection(), frame, avoid),
            QStyle.visualRect(self.layoutDirection(), frame, choose),
        )

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        frame = self.rect().adjusted(0, 0, -1, -1)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.setBrush(self.palette().base())
        painter.drawRect(frame)
        avoid, choose = self.bars()
        if not choose.isEmpty():
            painter.setPen(QPen(CHOOSE.darker(140), 1))
            painter.setBrush(CHOOSE)
            painter.drawRect(choose)
        if not avoid.isEmpty():
            painter.setPen(QPen(AVOID.darker(140), 1))
            painter.setBrush(AVOID)
            painter.drawRect(avoid)
            painter.setBrush(QBrush(QColor("white"), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(avoid)
        painter.setPen(QPen(self.palette().windowText().color(), 2))
        centre = frame.center().x()
        painter.drawLine(centre, 0, centre, self.height())
        painter.end()


class Swatch(QWidget):
    """A small square filled as one side of the bar, to key a list of reasons to it."""

    def __init__(self, choose: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choose = choose
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        side = round(self.fontMetrics().height() * 0.8)
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        box = self.rect().adjusted(0, 0, -1, -1)
        colour = CHOOSE if self.choose else AVOID
        painter.setPen(QPen(colour.darker(140), 1))
        painter.setBrush(colour)
        painter.drawRect(box)
        if not self.choose:
            painter.setBrush(QBrush(QColor("white"), Qt.BrushStyle.BDiagPattern))
            painter.drawRect(box)
        painter.end()
