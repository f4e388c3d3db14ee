"""A horizontal bar: the count as a share of the whole group, the bar view of a risk.

It uses the icon array's colours and patterns: solid for the best estimate, striped
for the range either side of it, hollow for the rest. Ticks every tenth of the
denominator help reading it. Its text alternative is the same sentence as the
icon array's.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from decision_aid.content.risk_text import count_sentence
from decision_aid.i18n import _
from decision_aid.ui.plain_text import tooltip
from decision_aid.ui.widgets.icon_array import (
    AFFECTED_COLOURS,
    BACKGROUND,
    UNAFFECTED_COLOUR,
    Kind,
)

STRIPE_STEP = 7
"""Pixels between the stripes of a range segment."""


class RiskBar(QWidget):
    """``count`` out of ``denominator`` as a bar, with an optional ``low``..``high`` range."""

    def __init__(
        self,
        count: int,
        denominator: int,
        *,
        low: int | None = None,
        high: int | None = None,
        kind: Kind = "harm",
        event: str | None = None,
        over: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0 <= count <= denominator:
            raise ValueError(f"count {count} is not within 0..{denominator}")
        self.count = count
        self.denominator = denominator
        self.low = count if low is None else low
        self.high = count if high is None else high
        self.kind: Kind = kind
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(
            _("Bar of {count} out of {denominator}").format(count=count, denominator=denominator)
        )
        self.setAccessibleDescription(
            count_sentence(count, denominator, event=event, over=over, low=low, high=high)
        )
        self.setToolTip(tooltip(self.accessibleDescription()))
        self._stripes: tuple[list[QLineF], list[QLineF]] = ([], [])
        self._stale = True

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(300, self._bar_height() + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(100, self._bar_height() + 8)

    def _bar_height(self) -> int:
        return max(18, self.fontMetrics().height() + 6)

    def _x(self, value: int) -> float:
        width = self.width() - 2
        x = 1 + width * value / self.denominator
        return x

    def bar_rect(self) -> QRectF:
        return QRectF(1, 1, self.width() - 2, self._bar_height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._stale = True
        super().resizeEvent(event)

    def _segment_stripes(self, start: int, end: int) -> list[QLineF]:
        bar = self.bar_rect()
        x0, x1 = self._x(start), self._x(end)
        lines = []
        x = x0 - bar.height()
        while x < x1:
            line = QLineF(x, bar.bottom(), x + bar.height(), bar.top())
            # Clip the stripe to the segment.
            left, right = max(line.x1(), x0), min(line.x2(), x1)
            if right > left:
                slope = line.dy() / line.dx()
                y_left = line.y1() + (left - line.x1()) * slope
                y_right = line.y1() + (right - line.x1()) * slope
                lines.append(QLineF(left, y_left, right, y_right))
            x += STRIPE_STEP
        return lines

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self._stripes = (
                self._segment_stripes(self.low, self.count),
                self._segment_stripes(self.count, self.high),
            )
            self._stale = False
        colour = AFFECTED_COLOURS[self.kind]
        bar = self.bar_rect()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(bar, BACKGROUND)
        solid_end = self._x(self.count)
        if self.count:
            # At least one pixel, so a small count never looks like none.
            painter.fillRect(
                QRectF(bar.left(), bar.top(), max(1.0, solid_end - bar.left()), bar.height()),
                colour,
            )
        if self.high > self.count:
            maybe = QRectF(solid_end, bar.top(), self._x(self.high) - solid_end, bar.height())
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(maybe)
        stripe_pen = QPen(BACKGROUND, 2)
        painter.setPen(stripe_pen)
        painter.drawLines(self._stripes[0])
        stripe_pen.setColor(colour)
        painter.setPen(stripe_pen)
        painter.drawLines(self._stripes[1])
        painter.setPen(QPen(UNAFFECTED_COLOUR, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bar)
        # Ticks every tenth, below the bar.
        for tenth in range(11):
            x = bar.left() + bar.width() * tenth / 10
            length = 6 if tenth in (0, 5, 10) else 3
            painter.drawLine(QLineF(x, bar.bottom(), x, bar.bottom() + length))
        painter.end()
