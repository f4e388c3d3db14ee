"""Typing a kiosk code without a keyboard: a large keypad of the code's own characters.

The keypad has only the 27 characters a code can hold (decision_aid.kiosk.codes: the
digits and 17 letters), so nothing else can be typed, and Delete. It always runs left to
right, as the code does. A keyboard works too, and is as forgiving as the clinician's
dialog (small letters, and O for 0, I or L for 1 and so on); any other key does nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QWidget

from decision_aid.i18n import _, ngettext
from decision_aid.kiosk.codes import ALPHABET, LENGTH, code_char
from decision_aid.ui.kiosk.parts import BigButton, Screen, set_words, words
from decision_aid.ui.type_scale import relative_font

COLUMNS = 7
"""Keys in a row: 27 characters and Delete make four full rows."""
DELETE = "delete"
SHOWN_SCALE = 2.4
"""The code typed so far, relative to the kiosk's text."""
BLANK = "_"


THIN = "\u2009"


def grouped(typed: str) -> str:
    """'K 7 M   4 _ _': the code typed so far in its two groups, a line for each character
    to come, thin spaces between the characters so that the lines stay apart."""
    padded = typed.ljust(LENGTH, BLANK)
    half = LENGTH // 2
    return f"{THIN.join(padded[:half])}   {THIN.join(padded[half:])}"


class CodePad(QWidget):
    """The code's characters and Delete; ``changed(code)`` after every key."""

    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        self.code = ""
        self.keys: dict[str, BigButton] = {}
        order = "1234567890" + "".join(c for c in ALPHABET if c.isalpha())
        for index, key in enumerate([*order, DELETE]):
            button = BigButton(_("Delete") if key == DELETE else key, scale=1.3)
            if key != DELETE:
                button.setAccessibleName(key)
            button.clicked.connect(lambda _checked=False, k=key: self.press(k))
            self.keys[key] = button
            grid.addWidget(button, index // COLUMNS, index % COLUMNS)

    def press(self, key: str) -> None:
        """A key of the pad (a code character, or DELETE)."""
        if key == DELETE:
            self.code = self.code[:-1]
        elif key in ALPHABET and len(self.code) < LENGTH:
            self.code += key
        self.changed.emit(self.code)

    def clear(self) -> None:
        self.code = ""
        self.changed.emit(self.code)


class CodeScreen(Screen):
    """ "Type your code": the keypad, the code typed so far, and Next, which asks the
    controller to check it (``submitted(code)``) instead of moving on by itself."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__(_("Type your code"))
        self.content.addWidget(
            words(
                _(
                    "Type the code your clinician gave you, then tap Next. It has 6 letters "
                    "and numbers."
                )
            )
        )
        self.shown_code = QLabel()
        self.shown_code.setTextFormat(Qt.TextFormat.PlainText)
        self.shown_code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shown_code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        relative_font(self.shown_code, SHOWN_SCALE, bold=True)
        self.message = words(bold=True)
        self.message.hide()
        # The code typed so far and what is wrong with it stay in sight above the keypad,
        # which scrolls when the text is large.
        outer = self.layout()
        assert isinstance(outer, QBoxLayout)
        at = outer.indexOf(self.area)
        outer.insertWidget(at, self.message)
        outer.insertWidget(at, self.shown_code)
        self.pad = CodePad()
        self.pad.changed.connect(self._changed)
        self.content.addWidget(self.pad)
        self.content.addStretch(1)
        self.next_button.clicked.disconnect(self.next)
        self.next_button.clicked.connect(self.submit)
        self._changed("")

    def _changed(self, code: str) -> None:
        self.shown_code.setText(grouped(code))
        left = LENGTH - len(code)
        spoken = " ".join(code)
        self.shown_code.setAccessibleName(
            ngettext(
                "{code}: {count} more character to type",
                "{code}: {count} more characters to type",
                left,
            ).format(code=spoken, count=left)
            if left
            else spoken
        )
        self.message.hide()

    @property
    def code(self) -> str:
        return self.pad.code

    def submit(self) -> None:
        """Next: a whole code goes to the controller; a short one gets a plain message."""
        if len(self.code) < LENGTH:
            self.show_message(
                ngettext(
                    "A code has 6 letters and numbers. You have typed {count}.",
                    "A code has 6 letters and numbers. You have typed {count}.",
                    len(self.code),
                ).format(count=len(self.code))
            )
            return
        self.submitted.emit(self.code)

    def show_message(self, text: str) -> None:
        set_words(self.message, text)
        self.message.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if key == Qt.Key.Key_Backspace:
            self.pad.press(DELETE)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif (char := code_char(event.text())) is not None:
            self.pad.press(char)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
