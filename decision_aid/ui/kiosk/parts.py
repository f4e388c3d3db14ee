"""The kiosk's building blocks: large words, large buttons, and the frame of every screen.

Every control is at least ``TARGET`` pixels each way (a finger, not a mouse pointer);
text wraps instead of being cut; nothing shows a tooltip. The frame of a journey screen
is its progress ("Step 3 of 12"), its title and "Read aloud", its content (scrolling when
it is taller than the screen, by dragging or with a wide scroll bar), and Back, Start
again and Next.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QScroller,
    QSizePolicy,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _
from decision_aid.ui.kiosk.script import silent
from decision_aid.ui.plain_text import plain_label, typed
from decision_aid.ui.type_scale import relative_font

TARGET = 64
"""Least width and height of a kiosk control, in pixels (WCAG asks for 44)."""
SCROLL_BAR = 48
"""Width of a scroll bar a finger can hold."""
TEXT_SCALE = 1.5
"""The kiosk's text, relative to the application's."""
TITLE_SCALE = 1.35
"""A screen's title, relative to the kiosk's text."""
HIGH_CONTRAST = "kioskHighContrast"
"""Window property: True while the patient has the high-contrast look on."""
BLACK = QColor("#000000")
WHITE = QColor("#FFFFFF")
YELLOW = QColor("#FFFF00")
"""Behind what is chosen in high contrast (19:1 against black words)."""
FOCUS = QColor("#00FFFF")
"""The outline of the control in focus in high contrast."""
MUTED = QColor("#C8C8C8")
"""Placeholder and unavailable words in high contrast: still 12:1 against black."""
BORDER = 3
FOCUS_BORDER = 6
MAX_TYPED = 200
"""Most characters typed into one field (a question, a concern, a name)."""


def high_contrast(widget: QWidget) -> bool:
    """True while the window of ``widget`` has the high-contrast look on."""
    return bool(widget.window().property(HIGH_CONTRAST))


def outline(painter: QPainter, widget: QWidget, fill: QColor) -> None:
    """High contrast: ``fill`` inside a white border, thick cyan when in focus, dashed grey
    when unavailable."""
    focused = widget.hasFocus()
    width = FOCUS_BORDER if focused else BORDER
    pen = QPen(FOCUS if focused else WHITE, width)
    if not widget.isEnabled():
        pen = QPen(MUTED, BORDER, Qt.PenStyle.DashLine)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(pen)
    painter.setBrush(fill)
    half = width / 2
    painter.drawRoundedRect(widget.rect().toRectF().adjusted(half, half, -half, -half), 8, 8)


def words(text: str = "", *, scale: float = 1.0, bold: bool = False) -> QLabel:
    """Wrapped plain text, its accessible name the text itself."""
    label = plain_label(text, wrap=True)
    label.setAccessibleName(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    if scale != 1.0 or bold:
        relative_font(label, scale, bold=bold)
    return label


def title(text: str = "") -> QLabel:
    label = words(text, scale=TITLE_SCALE, bold=True)
    label.setAccessibleName(text)
    return label


def set_words(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setAccessibleName(text)


class BigButton(QPushButton):
    """A push button with wrapped text, at least ``TARGET`` pixels each way.

    The text is drawn by a label inside, so long words in any language wrap instead of
    being cut, and is never read as a keyboard shortcut.
    """

    def __init__(self, text: str = "", *, checkable: bool = False, scale: float = 1.0) -> None:
        super().__init__()
        self.setCheckable(checkable)
        self.setAutoDefault(False)
        self.label = plain_label(wrap=True, parent=self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        if scale != 1.0:
            relative_font(self.label, scale)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.set_text(text)
        self.toggled.connect(self.follow_look)

    def follow_look(self) -> None:
        """Dark words on the bright background of a chosen button in high contrast."""
        high = bool(self.window().property(HIGH_CONTRAST))
        role = QPalette.ColorRole.WindowText
        if high and self.isChecked():
            role = QPalette.ColorRole.HighlightedText
        self.label.setForegroundRole(role)
        self.update()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        # A button chosen before it was put in the window learns the look here.
        self.follow_look()
        super().showEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not high_contrast(self):
            super().paintEvent(event)
            return
        painter = QPainter(self)
        outline(painter, self, YELLOW if self.isChecked() else BLACK)
        painter.end()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)

    def text_shown(self) -> str:
        return self.label.text()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = self.layout().sizeHint()
        return QSize(max(TARGET, hint.width()), max(TARGET, hint.height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # Room for the longest word: a wrapped label cannot break inside one, and a
        # narrower button cut "Ychydig" in half at 200 % on a portrait screen.
        margins = self.layout().contentsMargins()
        word = self.label.minimumSizeHint().width() + margins.left() + margins.right()
        return QSize(max(TARGET, min(self.layout().minimumSize().width(), max(160, word))), TARGET)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(TARGET, self.layout().totalHeightForWidth(width))


class SpeakerIcon(QWidget):
    """A loudspeaker with two sound waves, as tall as a line of the button's words, in
    their colour; the waves point the way the text runs (left in Arabic)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        side = round(self.fontMetrics().height() * 1.3)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        side = float(min(self.width(), self.height()))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate((self.width() - side) / 2, (self.height() - side) / 2)
        if self.isRightToLeft():
            painter.translate(side, 0)
            painter.scale(-1, 1)
        colour = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRect(QRectF(0.06 * side, 0.36 * side, 0.2 * side, 0.28 * side))
        cone = [(0.26, 0.36), (0.5, 0.14), (0.5, 0.86), (0.26, 0.64)]
        painter.drawPolygon(QPolygonF([QPointF(x * side, y * side) for x, y in cone]))
        pen = QPen(colour, 0.08 * side)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for radius in (0.16, 0.32):
            left, top, across = (0.56 - radius) * side, (0.5 - radius) * side, 2 * radius * side
            painter.drawArc(QRectF(left, top, across, across), -50 * 16, 100 * 16)
        painter.end()


class SpeakerButton(BigButton):
    """ "Read aloud", with a loudspeaker; "Stop reading" while its screen is read.

    ``message`` is where it says, in words, why it cannot read (no voice for the
    language, no speech on this kiosk); the screen puts it under the button's row.
    Neither is ever read aloud itself."""

    def __init__(self) -> None:
        super().__init__()
        self.icon = SpeakerIcon(self)
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        layout.setSpacing(10)
        layout.insertWidget(0, self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        self.message = words(bold=True)
        self.message.hide()
        silent(self)
        silent(self.message)
        self.reading = False
        self.set_reading(False)

    def set_reading(self, on: bool) -> None:
        """ "Stop reading" while reading, else "Read aloud"."""
        self.reading = on
        self.set_text(_("Stop reading") if on else _("Read aloud"))
        self.updateGeometry()  # the new words may need more room

    def show_message(self, lines: list[str]) -> None:
        """Say ``lines`` under the button, one a line, each in its own direction (an Arabic
        line on the welcome keeps its full stop at its end); none hides the message."""
        set_words(self.message, "\n".join(typed(line) for line in lines))
        self.message.setVisible(bool(lines))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # The loudspeaker and the longest word, side by side.
        return QSize(max(TARGET, self.layout().minimumSize().width()), TARGET)


class TypingField(QLineEdit):
    """A line of typing, with a white border in high contrast."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if high_contrast(self):
            painter = QPainter(self)
            outline(painter, self, QColor(0, 0, 0, 0))
            painter.end()


def typing_field(placeholder: str) -> QLineEdit:
    """An optional line of typing: large, no context menu, no drag and drop, limited."""
    field = TypingField()
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(placeholder)
    field.setMaxLength(MAX_TYPED)
    field.setMinimumHeight(TARGET)
    field.setDragEnabled(False)
    field.setAcceptDrops(False)
    field.setClearButtonEnabled(False)
    field.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
    return field


def typed_text(text: str) -> str:
    """What a patient typed, in its own direction wherever it is shown."""
    return typed(" ".join(text.split()))


class WideScrollBar(QScrollBar):
    """A vertical scroll bar a finger can hold."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(SCROLL_BAR, super().sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not high_contrast(self):
            super().paintEvent(event)
            return
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        handle = self.style().subControlRect(
            QStyle.ComplexControl.CC_ScrollBar, option, QStyle.SubControl.SC_ScrollBarSlider, self
        )
        painter = QPainter(self)
        painter.fillRect(self.rect(), BLACK)
        painter.setPen(QPen(WHITE, 2))
        painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.fillRect(handle.adjusted(6, 6, -6, -6), WHITE)
        painter.end()


def scrolling(content: QWidget, *, touch: bool = True) -> QScrollArea:
    """``content`` in a frameless area that scrolls by dragging or by a wide bar.

    ``touch=False`` leaves dragging to :func:`grab_touch` (Qt's first scroller costs
    about 14 ms, which the kiosk's first frame does without)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setVerticalScrollBar(WideScrollBar(Qt.Orientation.Vertical))
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    if touch:
        grab_touch(area)
    return area


def grab_touch(area: QScrollArea) -> None:
    """Let a finger drag ``area``'s content."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)


class Screen(QWidget):
    """One kiosk screen: progress, title and "Read aloud", content, and Back / Start
    again / Next.

    ``back``, ``restart``, ``next`` and ``read_aloud`` are emitted for the controller; a
    screen never moves on, nor speaks, by itself. ``content`` is where a screen puts what
    it shows.
    """

    back = Signal()
    restart = Signal()
    next = Signal()
    read_aloud = Signal()

    def __init__(
        self, heading: str, *, has_back: bool = True, has_next: bool = True, touch: bool = True
    ) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(12)
        top = QHBoxLayout()
        self.progress_text = words()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(16)
        top.addWidget(self.progress_text)
        top.addWidget(self.progress, 1)
        outer.addLayout(top)
        self.progress_text.hide()
        self.progress.hide()
        self.heading = title(heading)
        self.speaker = SpeakerButton()
        self.speaker.clicked.connect(self.read_aloud)
        head = QHBoxLayout()
        head.setSpacing(24)
        head.addWidget(self.heading, 1)
        head.addWidget(self.speaker, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)
        outer.addWidget(self.speaker.message)
        self.content_widget = QWidget()
        self.content = QVBoxLayout(self.content_widget)
        self.content.setContentsMargins(0, 0, 0, 0)
        self.content.setSpacing(16)
        self.area = scrolling(self.content_widget, touch=touch)
        outer.addWidget(self.area, 1)
        bar = QHBoxLayout()
        bar.setSpacing(24)
        self.back_button = BigButton(_("Back"))
        self.restart_button = BigButton(_("Start again"))
        self.next_button = BigButton(_("Next"))
        for button in (self.back_button, self.restart_button, self.next_button):
            button.setMinimumWidth(200)
        self.back_button.clicked.connect(self.back)
        self.restart_button.clicked.connect(self.restart)
        self.next_button.clicked.connect(self.next)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.restart_button)
        bar.addStretch(1)
        bar.addWidget(self.next_button)
        self.back_button.setVisible(has_back)
        self.next_button.setVisible(has_next)
        outer.addLayout(bar)

    def set_progress(self, number: int, total: int) -> None:
        """Show "Step number of total" (journey screens only)."""
        text = _("Step {number} of {total}").format(number=number, total=total)
        set_words(self.progress_text, text)
        self.progress.setRange(0, total)
        self.progress.setValue(number)
        self.progress.setAccessibleName(text)
        self.progress_text.show()
        self.progress.show()

    def shown(self) -> None:
        """Called each time the screen comes up: refresh what depends on other screens."""

    def leaving(self) -> None:
        """Called before another screen comes up: write what is still only in a widget."""


class Choices(QWidget):
    """Large buttons of which one at most is chosen; ``chosen(key)`` on every tap.

    ``across``: side by side (a scale, Yes and No) rather than one under another."""

    chosen = Signal(object)

    def __init__(self, items: list[tuple[object, str]], *, across: bool = False) -> None:
        super().__init__()
        layout: QHBoxLayout | QVBoxLayout = QHBoxLayout(self) if across else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[object, BigButton] = {}
        for key, text in items:
            button = BigButton(text, checkable=True)
            self.group.addButton(button)
            button.clicked.connect(lambda _checked=False, k=key: self.chosen.emit(k))
            self.buttons[key] = button
            layout.addWidget(button)

    def set_value(self, key: object) -> None:
        """Show ``key`` as chosen (None, or a key not listed: none chosen)."""
        self.group.setExclusive(False)
        for candidate, button in self.buttons.items():
            button.setChecked(candidate == key and key is not None)
        self.group.setExclusive(True)
