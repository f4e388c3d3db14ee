"""A horizontal bar: the count as a share of the whole group, the bar view of a risk.

It uses the icon array's colours and patterns: solid in the event's colour for the
people who have the event, solid in the changed colour with white dots for the people
whose outcome differs from the comparison option, striped for the range (arrays of
100 only, as in the icon array), hollow for the rest. Ticks every tenth of the
denominator help reading it. Its text alternative is the same sentence as the icon
array's.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from decision_aid.content.icon_layout import UNAFFECTED_COLOUR, Palette, draws_range, palette
from decision_aid.content.risk_text import count_sentence
from decision_aid.i18n import _
from decision_aid.ui.plain_text import tooltip
from decision_aid.ui.widgets.icon_array import BACKGROUND

STRIPE_STEP = 7
"""Pixels between the stripes of a range segment."""
DOT_STEP = 8
"""Pixels between the white dots of a changed segment."""


class RiskBar(QWidget):
    """``count`` out of ``denominator`` as a bar, with an optional ``low``..``high`` range.

    ``compare``: the count of the option compared with; the share between the two is
    drawn as changed people.
    """

    def __init__(
        self,
        count: int,
        denominator: int,
        *,
        low: int | None = None,
        high: int | None = None,
        compare: int | None = None,
        colours: Palette | None = None,
        event: str | None = None,
        over: str | None = None,
        extra: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0 <= count <= denominator:
            raise ValueError(f"count {count} is not within 0..{denominator}")
        self.count = count
        self.denominator = denominator
        ranged = draws_range(denominator)
        self.low = count if low is None or not ranged else low
        self.high = count if high is None or not ranged else high
        self.compare = count if compare is None else compare
        self.colours = colours or palette(None)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(
            _("Bar of {count} out of {denominator}").format(count=count, denominator=denominator)
        )
        sentence = count_sentence(count, denominator, event=event, over=over, low=low, high=high)
        self.setAccessibleDescription(f"{sentence} {extra}".strip())
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
        if self.isRightToLeft():
            return self.width() - x
        return x

    def _span(self, start: int, end: int) -> QRectF:
        """The part of the bar from ``start`` to ``end`` people (either direction)."""
        bar = self.bar_rect()
        x0, x1 = sorted((self._x(start), self._x(end)))
        return QRectF(x0, bar.top(), x1 - x0, bar.height())

    def bar_rect(self) -> QRectF:
        return QRectF(1, 1, self.width() - 2, self._bar_height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._stale = True
        super().resizeEvent(event)

    def _segment_stripes(self, start: int, end: int) -> list[QLineF]:
        span = self._span(start, end)
        x0, x1 = span.left(), span.right()
        lines = []
        x = x0 - span.height()
        while x < x1:
            line = QLineF(x, span.bottom(), x + span.height(), span.top())
            # Clip the stripe to the segment.
            left, right = max(line.x1(), x0), min(line.x2(), x1)
            if right > left:
                slope = line.dy() / line.dx()
                y_left = line.y1() + (left - line.x1()) * slope
                y_right = line.y1() + (right - line.x1()) * slope
                lines.append(QLineF(left, y_left, right, y_right))
            x += STRIPE_STEP
        return lines

    @property
    def changed(self) -> tuple[int, int]:
        """The people drawn as changed: from one count to the other (empty when equal)."""
        return min(self.count, self.compare), max(self.count, self.compare)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        solid_to = max(self.count, self.compare)
        if self._stale:
            self._stripes = (
                self._segment_stripes(self.low, self.count),
                self._segment_stripes(self.count, self.high),
            )
            self._stale = False
        colour, changed = QColor(self.colours.event), QColor(self.colours.changed)
        bar = self.bar_rect()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(bar, BACKGROUND)
        if self.count:
            # At least one pixel, so a small count never looks like none.
            span = self._span(0, min(self.count, self.compare) or self.count)
            painter.fillRect(span.adjusted(0, 0, max(0.0, 1.0 - span.width()), 0), colour)
        start, end = self.changed
        if end > start:
            span = self._span(start, end)
            painter.fillRect(span.adjusted(0, 0, max(0.0, 1.0 - span.width()), 0), changed)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BACKGROUND)
            radius = max(1.5, span.height() / 8)
            x = span.left() + DOT_STEP / 2
            while x < span.right():
                painter.drawEllipse(QPointF(x, span.center().y()), radius, radius)
                x += DOT_STEP
        if self.high > solid_to:
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self._span(solid_to, self.high))
        stripe_pen = QPen(BACKGROUND, 2)
        painter.setPen(stripe_pen)
        painter.drawLines(self._stripes[0])
        stripe_pen.setColor(BACKGROUND if self.high <= solid_to else colour)
        painter.setPen(stripe_pen)
        painter.drawLines(self._stripes[1])
        painter.setPen(QPen(QColor(UNAFFECTED_COLOUR), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bar)
        # Ticks every tenth, below the bar.
        for tenth in range(11):
            x = bar.left() + bar.width() * tenth / 10
            length = 6 if tenth in (0, 5, 10) else 3
            painter.drawLine(QLineF(x, bar.bottom(), x, bar.bottom() + length))
        painter.end()
