"""One editor per kind of field: text, a line, a choice, a date, a list of texts ...

Each editor shows one value of the document and says when the author changed it
(``edited(value, typing)``); it never writes to the document itself. ``typing`` is a key
that stays the same while the author types into the field without leaving it, so the
workbench makes one undo step of it; it is None for a choice or a tick.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QRect, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QRegularExpressionValidator,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from decision_aid.authoring.document import MISSING
from decision_aid.i18n import _
from decision_aid.ui.author.schema import FieldSpec
from decision_aid.ui.plain_text import literal_ampersands

_stays = itertools.count(1)


MIN_LINES = 2
MAX_LINES = 10
"""A text field is as tall as its text, within these many lines."""


class _Unfinished:
    def __repr__(self) -> str:
        return "UNFINISHED"


UNFINISHED = _Unfinished()
"""What a field holds while the author is still typing it (a '-' before a number)."""


class FieldEditor(QWidget):
    """The common part: the value shown, and the signal for the author's changes.

    Each kind of field says how it shows a value and reads it back (:meth:`set_value`
    and :meth:`parsed`); a kind that leaves one out is refused when it is defined."""

    edited = Signal(object, object)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [
            name
            for name in ("set_value", "parsed")
            if getattr(cls, name) is getattr(FieldEditor, name)
        ]
        if missing:
            raise TypeError(f"{cls.__name__} must define {' and '.join(missing)}")

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.stay = 0
        """Counts the author's stays in this field (a focus in starts a new one)."""

    def set_value(self, value: Any) -> None:
        """Show ``value`` (MISSING: nothing) without saying it was edited."""

    def parsed(self) -> Any:
        """The value the field shows, as it would be saved (UNFINISHED: not one yet)."""

    def refresh(self, value: Any) -> None:
        """Show ``value`` unless the field shows it already (then the author's way of
        writing it, a line being started or a space, stays as it is)."""
        shown = self.parsed()
        if isinstance(shown, date):
            shown = shown.isoformat()
        if shown is UNFINISHED or shown != value:
            self.set_value(value)

    def focus_widget(self) -> QWidget:
        """The widget that takes the keyboard focus."""
        return self

    def typing_key(self) -> object:
        return (id(self), self.stay)

    def began(self) -> None:
        self.stay = next(_stays)

    def _emit(self, value: Any, typing: bool = True) -> None:
        self.edited.emit(value, self.typing_key() if typing else None)


def _window_undo(event: QEvent) -> bool:
    """True for Undo or Redo pressed in a text field: left to the window's undo history,
    which holds every edit of the pack (the field's own history would bypass it)."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    return event.matches(QKeySequence.StandardKey.Undo) or event.matches(
        QKeySequence.StandardKey.Redo
    )


class _Line(QLineEdit):
    focused = Signal()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.focused.emit()
        super().focusInEvent(event)

    def event(self, event: QEvent) -> bool:
        if _window_undo(event):
            event.ignore()
            return False
        return super().event(event)


class _Text(QPlainTextEdit):
    focused = Signal()
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.resized.emit()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.focused.emit()
        super().focusInEvent(event)

    def event(self, event: QEvent) -> bool:
        if _window_undo(event):
            event.ignore()
            return False
        return super().event(event)


class LineEditor(FieldEditor):
    """A few words or an identifier; also numbers, dates and lists of ids."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.line = _Line(self)
        self.line.setAccessibleName(spec.name)
        self.line.focused.connect(self.began)
        self.line.textEdited.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line)
        if spec.kind == "int":
            pattern = QRegularExpression(r"-?\d{0,9}")
            self.line.setValidator(QRegularExpressionValidator(pattern, self.line))
        elif spec.kind == "date":
            self.line.setPlaceholderText(_("YYYY-MM-DD"))
        elif spec.kind == "ids":
            self.line.setPlaceholderText(_("ids separated by commas"))

    def focus_widget(self) -> QWidget:
        return self.line

    def set_value(self, value: Any) -> None:
        if value is MISSING or value is None:
            text = ""
        elif self.spec.kind == "ids" and isinstance(value, list):
            text = ", ".join(str(item) for item in value)
        else:
            text = str(value)
        if self.line.text() != text:
            self.line.setText(text)

    def parsed(self) -> Any:
        text = self.line.text()
        stripped = text.strip()
        kind = self.spec.kind
        if kind == "ids":
            return [part.strip() for part in text.split(",") if part.strip()]
        if not stripped and not self.spec.required:
            return MISSING
        if kind == "int":
            return UNFINISHED if stripped in ("", "-") else int(stripped)
        if kind == "date":
            try:
                return date.fromisoformat(stripped)
            except ValueError:
                return stripped
        return text

    def _changed(self, _text: str) -> None:
        value = self.parsed()
        if value is not UNFINISHED:
            self._emit(value)


class TextEditor(FieldEditor):
    """Text a patient reads: several lines; or a list, one item per line."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = _Text(self)
        self.edit.setAccessibleName(spec.name)
        self.edit.setTabChangesFocus(True)
        self.edit.setUndoRedoEnabled(False)
        self.edit.focused.connect(self.began)
        self.edit.textChanged.connect(self._changed)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.edit.textChanged.connect(self._fit)
        self.edit.resized.connect(self._fit)
        self._setting = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def focus_widget(self) -> QWidget:
        return self.edit

    def _fit(self) -> None:
        """As tall as the text (within ``MIN_LINES`` and ``MAX_LINES``): all of a cell
        in view while it is written."""
        metrics = self.edit.fontMetrics()
        margin = self.edit.document().documentMargin()
        width = max(1, self.edit.viewport().width() - round(2 * margin))
        text = self.edit.toPlainText() or " "
        flags = int(Qt.TextFlag.TextWordWrap)
        height = metrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, text).height()
        line = metrics.lineSpacing()
        lines = max(MIN_LINES, min(MAX_LINES, -(-height // line)))
        frame = self.edit.frameWidth() * 2 + round(2 * margin)
        self.edit.setFixedHeight(line * lines + frame)

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        if value is MISSING or value is None:
            text = ""
        elif isinstance(value, list):
            text = "\n".join(str(item) for item in value)
        else:
            text = str(value)
        if self.edit.toPlainText() != text:
            self._setting = True
            try:
                self.edit.setPlainText(text)
            finally:
                self._setting = False

    def parsed(self) -> Any:
        text = self.edit.toPlainText()
        if self.spec.kind == "texts":
            return [line.strip() for line in text.splitlines() if line.strip()]
        if not text.strip() and not self.spec.required:
            return MISSING
        return text

    def _changed(self) -> None:
        if not self._setting:
            self._emit(self.parsed())


class ChoiceEditor(FieldEditor):
    """One of the values the format allows (or none, when the field is optional)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(spec.name)
        self.combo.addItem(_("(not set)"), MISSING)
        for choice in spec.choices:
            self.combo.addItem(str(choice), choice)
        self.combo.activated.connect(self._chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)

    def focus_widget(self) -> QWidget:
        return self.combo

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not MISSING else 0
        self.combo.setCurrentIndex(max(index, 0))

    def parsed(self) -> Any:
        return self.combo.currentData()

    def _chosen(self, index: int) -> None:
        self._emit(self.combo.itemData(index), typing=False)


class BoolEditor(FieldEditor):
    """True or false."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(literal_ampersands(spec.name), self)
        self.box.setAccessibleName(spec.name)
        self.box.clicked.connect(lambda on: self._emit(True if on else MISSING, typing=False))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)

    def focus_widget(self) -> QWidget:
        return self.box

    def set_value(self, value: Any) -> None:
        self.box.setChecked(value is True)

    def parsed(self) -> Any:
        return True if self.box.isChecked() else MISSING


class FlagsEditor(FieldEditor):
    """Any of a few values (a row that 'shows' benefits, harms or both)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[Any, QCheckBox] = {}
        for choice in spec.choices:
            box = QCheckBox(literal_ampersands(str(choice)), self)
            box.setAccessibleName(f"{spec.name}: {choice}")
            box.clicked.connect(self._changed)
            self.boxes[choice] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self)

    def set_value(self, value: Any) -> None:
        chosen = value if isinstance(value, list) else []
        for choice, box in self.boxes.items():
            box.setChecked(choice in chosen)

    def parsed(self) -> Any:
        return [c for c, box in self.boxes.items() if box.isChecked()] or MISSING

    def _changed(self) -> None:
        self._emit(self.parsed(), typing=False)


def editor_for(spec: FieldSpec, parent: QWidget | None = None) -> FieldEditor:
    """The editor for a field of this kind."""
    if spec.kind in ("text", "texts"):
        return TextEditor(spec, parent)
    if spec.kind == "choice":
        return ChoiceEditor(spec, parent)
    if spec.kind == "bool":
        return BoolEditor(spec, parent)
    if spec.kind == "flags":
        return FlagsEditor(spec, parent)
    editor = LineEditor(spec, parent)
    editor.line.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    return editor
