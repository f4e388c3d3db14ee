"""One option's picture with its words: beside the picture when there is room, else below.

Words beside an array of 100 keep a whole outcome within one screen's height; an array
of 1000 (with its magnified corner) or a bar needs the width, so words go below. The
choice is made each time the column is laid out, from its width.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from decision_aid.ui.widgets.icon_array import IconArray
from decision_aid.ui.widgets.risk_bar import RiskBar

WORDS_BESIDE = 30
"""Room, in average characters, that the words need to go beside a picture."""
QWIDGETSIZE_MAX = (1 << 24) - 1
"""Qt's largest widget size: no maximum width."""


class FigureColumn(QWidget):
    """One option's picture with its words, beside or below it as the width allows."""

    SPACING = 10

    def __init__(self, picture: IconArray | RiskBar, words: list[QWidget]) -> None:
        super().__init__()
        self.picture = picture
        self.words = QWidget()
        column = QVBoxLayout(self.words)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in words:
            column.addWidget(widget)
        column.addStretch(1)
        self.box = _ArrangingBox(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(self.SPACING)
        self.box.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        self.box.addWidget(self.words, 1)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def natural_width(self) -> int | None:
        """The picture's width at full size, when words may go beside it."""
        if not isinstance(self.picture, IconArray) or self.picture.denominator == 1000:
            return None
        return self.picture.full_width()

    def beside(self, width: int) -> bool:
        """Whether, at this width, the words go beside the picture."""
        natural = self.natural_width()
        room = self.fontMetrics().averageCharWidth() * WORDS_BESIDE
        return natural is not None and width - natural - self.SPACING >= room

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        words = self.words.heightForWidth
        if self.beside(width):
            natural = self.natural_width()
            assert natural is not None
            picture = self.picture.heightForWidth(natural)
            return max(picture, words(width - natural - self.SPACING))
        picture = (
            self.picture.heightForWidth(width)
            if self.picture.hasHeightForWidth()
            else self.picture.sizeHint().height()
        )
        return picture + self.SPACING + words(width)

    def arrange(self, width: int) -> None:
        """Words beside or below the picture, for this width (before the box lays out)."""
        beside = self.beside(width)
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self.box.direction() == direction:
            return
        self.box.setDirection(direction)
        natural = self.natural_width()
        if beside and natural is not None:
            self.picture.setFixedWidth(natural)
        else:
            self.picture.setMinimumWidth(0)
            self.picture.setMaximumWidth(QWIDGETSIZE_MAX)


class _ArrangingBox(QBoxLayout):
    """A box that asks its column which way to run each time it is laid out."""

    def __init__(self, column: FigureColumn) -> None:
        super().__init__(QBoxLayout.Direction.TopToBottom, column)
        self.column = column

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        self.column.arrange(rect.width())
        super().setGeometry(rect)
