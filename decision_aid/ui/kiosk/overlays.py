"""What covers the whole kiosk screen for a moment: the idle warning, "Start again?", and
the staff PIN keypad. Each is a panel inside the kiosk's window (never a separate dialog
window), and catches every touch until it is answered. The patient's panels have their
own "Read aloud" (the screen's own is covered); the staff keypad has none."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from decision_aid.i18n import _, ngettext
from decision_aid.ui.kiosk.parts import BigButton, SpeakerButton, set_words, title, words

SHADE = QColor(0, 0, 0, 150)


class Overlay(QWidget):
    """A panel in the middle of a shaded window; it follows the window's size.

    With ``speaker``, "Read aloud" beside the heading emits ``read_aloud``; ``shown_or_hidden``
    is emitted whenever the panel comes or goes (reading stops then)."""

    read_aloud = Signal()
    shown_or_hidden = Signal()

    def __init__(self, parent: QWidget, heading: str, *, speaker: bool = True) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        outer.addStretch(1)
        self.panel = QFrame(self)
        self.panel.setFrameShape(QFrame.Shape.Box)
        self.panel.setAutoFillBackground(True)
        self.panel.setMaximumWidth(900)
        self.layout_ = QVBoxLayout(self.panel)
        self.layout_.setContentsMargins(32, 32, 32, 32)
        self.layout_.setSpacing(20)
        self.heading = title(heading)
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.heading, 1)
        self.speaker: SpeakerButton | None = None
        if speaker:
            self.speaker = SpeakerButton()
            self.speaker.clicked.connect(self.read_aloud)
            top.addWidget(self.speaker, 0, Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(top)
        if self.speaker is not None:
            self.layout_.addWidget(self.speaker.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.panel, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def open(self) -> None:
        parent = self.parentWidget()
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.shown_or_hidden.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self.shown_or_hidden.emit()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), SHADE)
        painter.end()


class IdleWarning(Overlay):
    """ "Are you still there?", the seconds left, and a large "I'm still here"."""

    still_here = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, _("Are you still there?"))
        self.message = words()
        self.layout_.addWidget(self.message)
        self.countdown = words(scale=2.5, bold=True)
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(self.countdown)
        self.button = BigButton(_("I'm still here"), scale=1.4)
        self.button.setMinimumHeight(120)
        self.button.clicked.connect(self.still_here)
        self.layout_.addWidget(self.button)

    def set_seconds(self, seconds: int) -> None:
        set_words(
            self.message,
            ngettext(
                "No one has touched the screen for a while. In {seconds} second, everything "
                "chosen and typed here will be cleared, so that the next person cannot see "
                "it. Tap the button to carry on.",
                "No one has touched the screen for a while. In {seconds} seconds, everything "
                "chosen and typed here will be cleared, so that the next person cannot see "
                "it. Tap the button to carry on.",
                seconds,
            ).format(seconds=seconds),
        )
        set_words(self.countdown, str(seconds))


class RestartConfirm(Overlay):
    """ "Start again?" with "Yes, start again" and "No, go back"."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, _("Start again?"))
        self.layout_.addWidget(
            words(_("Everything you chose and typed here will be cleared. This cannot be undone."))
        )
        row = QHBoxLayout()
        row.setSpacing(24)
        self.no = BigButton(_("No, go back"))
        self.yes = BigButton(_("Yes, start again"))
        self.no.clicked.connect(self.cancelled)
        self.yes.clicked.connect(self.confirmed)
        row.addWidget(self.no)
        row.addWidget(self.yes)
        self.layout_.addLayout(row)


KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "delete", "0", "ok")


class StaffPin(Overlay):
    """A keypad for the staff PIN; ``entered(pin)`` on OK, ``cancelled`` on Cancel."""

    entered = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, _("Staff only"), speaker=False)
        self.pin = ""
        self.layout_.addWidget(words(_("Enter the staff PIN to leave the kiosk.")))
        self.dots = words(scale=2.0, bold=True)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(self.dots)
        self.message = words()
        self.layout_.addWidget(self.message)
        pad = QWidget()
        pad.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        grid = QGridLayout(pad)
        grid.setSpacing(12)
        self.keys: dict[str, BigButton] = {}
        names = {"delete": _("Delete"), "ok": _("OK")}
        for index, key in enumerate(KEYS):
            button = BigButton(names.get(key, key), scale=1.3)
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            self.keys[key] = button
            grid.addWidget(button, index // 3, index % 3)
        self.layout_.addWidget(pad)
        self.cancel = BigButton(_("Cancel"))
        self.cancel.clicked.connect(self._cancel)
        self.layout_.addWidget(self.cancel)

    def open(self) -> None:
        self.clear()
        set_words(self.message, "")
        super().open()

    def clear(self) -> None:
        self.pin = ""
        set_words(self.dots, "")

    def press(self, key: str) -> None:
        if key == "delete":
            self.pin = self.pin[:-1]
        elif key == "ok":
            pin, self.pin = self.pin, ""
            self.entered.emit(pin)
        elif len(self.pin) < 20:
            self.pin += key
        set_words(self.dots, "●" * len(self.pin))
        self.dots.setAccessibleName(
            ngettext("{count} digit", "{count} digits", len(self.pin)).format(count=len(self.pin))
        )

    def show_message(self, text: str) -> None:
        set_words(self.message, text)

    def _cancel(self) -> None:
        self.clear()
        self.hide()
        self.cancelled.emit()
