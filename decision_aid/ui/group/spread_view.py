"""One concern's spread, for the projector: a bar per step of the scale, its count above
it and the step's words below; or, under the threshold, how many have answered."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QStyle, QWidget

from decision_aid.group.counts import SCALE
from decision_aid.i18n import translate

BAR = QColor("#0072B2")
"""Okabe-Ito blue."""


class SpreadBars(QWidget):
    """Five bars, tallest for the step most people chose; mirrored right to left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: tuple[int, ...] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_counts(self, counts: tuple[int, ...] | None) -> None:
        self.counts = counts
        if counts is None:
            self.setAccessibleName("")
        else:
            words = [translate(step) for step in SCALE]
            self.setAccessibleName(
                ", ".join(f"{w}: {n}" for w, n in zip(words, counts, strict=True))
            )
        self.setVisible(counts is not None)
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("0") * 50, metrics.height() * 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance("0") * 25, metrics.height() * 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not self.counts:
            return
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line = metrics.height()
        frame = self.rect()
        slot = frame.width() / len(self.counts)
        top, bottom = line + 2, frame.height() - line - 4
        most = max(*self.counts, 1)
        for index, count in enumerate(self.counts):
            left = round(index * slot)
            cell = QRect(left, 0, round(slot), frame.height())
            cell = QStyle.visualRect(self.layoutDirection(), frame, cell)
            height = round((bottom - top) * count / most)
            bar = QRect(cell.left() + round(slot * 0.2), bottom - height, round(slot * 0.6), height)
            painter.fillRect(bar, BAR)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(
                QRect(cell.left(), bottom - height - line - 2, cell.width(), line),
                Qt.AlignmentFlag.AlignHCenter,
                str(count),
            )
            words = metrics.elidedText(
                translate(SCALE[index]), Qt.TextElideMode.ElideRight, cell.width() - 4
            )
            painter.drawText(
                QRect(cell.left(), bottom + 2, cell.width(), line),
                Qt.AlignmentFlag.AlignHCenter,
                words,
            )
        painter.end()
