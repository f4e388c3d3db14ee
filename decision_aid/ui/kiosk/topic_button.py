"""A topic on the kiosk's welcome: the pack's picture beside its title and decision.

The picture is one of the app's own (:mod:`decision_aid.ui.widgets.topic_pictures`), named
by the pack; it grows with the patient's text size, follows the high-contrast look, and
sits on the leading side of the words (the right in Arabic). It is part of the button, so
tapping the picture chooses the topic, and a screen reader hears the words alone.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QWidget

from decision_aid.ui.kiosk.parts import BLACK, TARGET, WHITE, BigButton, high_contrast
from decision_aid.ui.widgets.topic_pictures import paint_topic

INK = QColor("#0b2a4a")
"""The picture's lines in the normal look (13:1 against its disc)."""
DISC = QColor("#e8f1fb")
"""The disc behind the picture in the normal look."""
PICTURE_LINES = 3.0
"""The picture's side, in lines of the text beside it."""
PICTURE_MIN = 64
PICTURE_MAX = 160
"""The picture's side stays within these many pixels, whatever the text size."""
GAP = 20
"""Pixels between the picture and the words."""


class TopicPicture(QWidget):
    """A topic picture, sized to the text around it, in the window's look."""

    def __init__(self, name: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        """The picture's name, as the pack gives it (None: the neutral default)."""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def side(self) -> int:
        lines = round(PICTURE_LINES * self.fontMetrics().height())
        return max(PICTURE_MIN, min(PICTURE_MAX, lines))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.side(), self.side())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        area = QRectF(self.rect())
        if high_contrast(self):
            paint_topic(painter, area, self.name, ink=WHITE, back=BLACK, ring=WHITE)
        else:
            paint_topic(painter, area, self.name, ink=INK, back=DISC)
        painter.end()


class TopicButton(BigButton):
    """A large button: the topic's picture, then its title and decision."""

    def __init__(self, text: str, icon: str | None) -> None:
        super().__init__(text)
        self.picture = TopicPicture(icon, self)
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        layout.setSpacing(GAP)
        layout.insertWidget(0, self.picture, 0, Qt.AlignmentFlag.AlignVCenter)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        layout = self.layout()
        margins = layout.contentsMargins()
        beside = self.picture.side() + GAP
        word = self.label.minimumSizeHint().width() + margins.left() + margins.right() + beside
        width = max(TARGET, min(layout.minimumSize().width(), max(160 + beside, word)))
        height = max(TARGET, self.picture.side() + margins.top() + margins.bottom())
        return QSize(width, height)
