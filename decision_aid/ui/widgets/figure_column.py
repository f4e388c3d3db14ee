"""One option's picture with its words, arranged in the width the column has.

The first words are the figure's sentence; the others (what changes, what a striped icon
means) follow it. Three arrangements, chosen each time the column is laid out, from its
width and the picture's width at its height limit (a picture made smaller to fit the
screen leaves its words more room):

* **beside**: every word beside the picture, when they get ``WORDS_BESIDE`` characters a
  line there;
* **sentence beside**: the sentence beside the picture and the rest below both, when only
  the narrower ``SENTENCE_BESIDE`` characters fit beside it (a picture made small for a
  screen full of options);
* **below**: everything under the picture. Arrays of 1000 (with their magnified corner)
  and bars need the width, so their words always go below.

Words beside an array of 100 keep a whole outcome within one screen's height.

The picture never gives way to its words: every part gets its height for its width, and
a column laid out shorter than that (a page with no room to scroll) cuts the end of its
words, so the pictures of one outcome, side by side, keep identical sizes whatever their
words.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from decision_aid.ui.widgets.icon_array import IconArray
from decision_aid.ui.widgets.risk_bar import RiskBar

WORDS_BESIDE = 30
"""Room, in average characters a line, that all the words need to go beside a picture."""
SENTENCE_BESIDE = 18
"""Room, in average characters a line, that the sentence alone needs beside a picture."""


class Arrangement(Enum):
    BESIDE = "beside"
    SENTENCE_BESIDE = "sentence beside"
    BELOW = "below"


def _bottom(parts: list[tuple[QWidget, QRect]]) -> int:
    return max(rect.bottom() for _part, rect in parts)


def _height(widget: QWidget, width: int) -> int:
    """``widget``'s height at ``width`` (its size hint's when it has no height for width)."""
    if widget.hasHeightForWidth():
        height = widget.heightForWidth(width)
        if height >= 0:
            return height
    return widget.sizeHint().height()


class FigureColumn(QWidget):
    """One option's picture with its words, beside or below it as the width allows."""

    SPACING = 10
    """Pixels between the picture and its words."""
    WORDS_SPACING = 2
    """Pixels between the sentence and the words after it."""

    def __init__(self, picture: IconArray | RiskBar, words: list[QWidget]) -> None:
        super().__init__()
        if not words:
            raise ValueError("a picture needs its sentence")
        self.picture = picture
        self.sentence = words[0]
        self.rest = QWidget(self)  # a child from the start: never a window of its own
        column = QVBoxLayout(self.rest)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.WORDS_SPACING)
        for widget in words[1:]:
            column.addWidget(widget)
        self.has_rest = len(words) > 1
        self.rest.setVisible(self.has_rest)
        layout = _FigureLayout(self)
        for part in (picture, self.sentence, self.rest):
            layout.addWidget(part)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def natural_width(self) -> int | None:
        """The picture's width at full size within its height limit, when words may go
        beside it."""
        if not isinstance(self.picture, IconArray) or self.picture.denominator == 1000:
            return None
        return self.picture.full_width()

    def allowed(self, width: int) -> list[Arrangement]:
        """The arrangements whose words beside the picture get their room at this width."""
        natural = self.natural_width()
        if natural is None:
            return [Arrangement.BELOW]
        room = (width - natural - self.SPACING) / max(1, self.fontMetrics().averageCharWidth())
        allowed = [Arrangement.BESIDE] if room >= WORDS_BESIDE else []
        if room >= SENTENCE_BESIDE:
            allowed.append(Arrangement.SENTENCE_BESIDE)
        return [*allowed, Arrangement.BELOW]

    def arrangement(self, width: int) -> Arrangement:
        """How the picture and its words go at this width: of the arrangements with room,
        the shortest (all beside, then the sentence beside, then below, when equal)."""
        return self._plan(QRect(0, 0, width, 0))[0]

    def beside(self, width: int) -> bool:
        """Whether, at this width, all the words go beside the picture."""
        return self.arrangement(width) is Arrangement.BESIDE

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return _bottom(self.parts(QRect(0, 0, width, 0))) + 1

    def parts(self, rect: QRect) -> list[tuple[QWidget, QRect]]:
        """Where the picture and its words go in ``rect`` (left to right), each at its
        height for its width, whatever the height of ``rect``."""
        return self._plan(rect)[1]

    def _plan(self, rect: QRect) -> tuple[Arrangement, list[tuple[QWidget, QRect]]]:
        plans = [(how, self._arranged(how, rect)) for how in self.allowed(rect.width())]
        return min(plans, key=lambda plan: _bottom(plan[1]))

    def _arranged(self, how: Arrangement, rect: QRect) -> list[tuple[QWidget, QRect]]:
        x, y, width = rect.x(), rect.y(), rect.width()
        natural = self.natural_width()
        if how is Arrangement.BELOW or natural is None:
            picture = QRect(x, y, width, self._picture_height(width))
            sentence = QRect(x, picture.bottom() + 1 + self.SPACING, width, 0)
            sentence.setHeight(_height(self.sentence, width))
            rest = QRect(x, sentence.bottom() + 1 + self.WORDS_SPACING, width, 0)
        else:
            picture = QRect(x, y, natural, self._picture_height(natural))
            side = width - natural - self.SPACING
            left = x + natural + self.SPACING
            sentence = QRect(left, y, side, _height(self.sentence, side))
            if how is Arrangement.BESIDE:
                rest = QRect(left, sentence.bottom() + 1 + self.WORDS_SPACING, side, 0)
            else:
                top = max(picture.bottom(), sentence.bottom()) + 1 + self.SPACING
                rest = QRect(x, top, width, 0)
        parts = [(self.picture, picture), (self.sentence, sentence)]
        if self.has_rest:
            rest.setHeight(_height(self.rest, rest.width()))
            parts.append((self.rest, rest))
        return parts

    def _picture_height(self, width: int) -> int:
        if self.picture.hasHeightForWidth():
            return self.picture.heightForWidth(width)
        return self.picture.sizeHint().height()


class _FigureLayout(QLayout):
    """Places a column's picture and words where :meth:`FigureColumn.parts` says."""

    def __init__(self, column: FigureColumn) -> None:
        super().__init__(column)
        self.column = column
        self.setContentsMargins(0, 0, 0, 0)
        self._items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.column.heightForWidth(width)

    def minimumHeightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self.column.heightForWidth(width)

    def _parts(self) -> list[QWidget]:
        column = self.column
        return [column.picture, column.sentence, *([column.rest] if column.has_rest else [])]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = max(part.sizeHint().width() for part in self._parts())
        return QSize(width, self.column.heightForWidth(width))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """As a column of its parts: the widest part, the parts' least heights together."""
        hints = [part.minimumSizeHint() for part in self._parts()]
        spacing = self.column.SPACING + self.column.WORDS_SPACING * (len(hints) - 2)
        return QSize(max(h.width() for h in hints), sum(h.height() for h in hints) + spacing)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        direction = self.column.layoutDirection()
        for part, place in self.column.parts(rect):
            part.setGeometry(QStyle.visualRect(direction, rect, place))
