"""Text in its own direction inside the workbench's lists and tables.

A right-to-left workbench shows much left-to-right text (English source text, ids, paths,
a Welsh translation), and the reverse. Laid out in the window's direction, such a text
takes its full stop to the wrong end, and a quoted English phrase in an Arabic message
has its words split apart. :func:`in_order` keeps each quoted value in its own direction;
:class:`OwnDirection` lays out each cell of a table in the direction of its first strong
letter, as it is typed and as it is shown.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from decision_aid.ui.plain_text import FSI, PDI

_QUOTED = re.compile(r"(?<![\w'])'[^'\n]+'(?!\w)")
"""A value a message quotes: 'like this' (not the apostrophe of "option's")."""


def in_order(message: str) -> str:
    """A message with each quoted value in its own direction: an English phrase of the
    pack quoted in an Arabic sentence ("'1 in 5' رقم ...") keeps its words in the order
    written instead of being split by the sentence's direction."""
    return _QUOTED.sub(lambda match: f"{FSI}{match.group(0)}{PDI}", message)


def direction_of(text: str, default: Qt.LayoutDirection) -> Qt.LayoutDirection:
    """The direction of a text's first strong letter (``default`` when it has none)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return default


class OwnDirection(QStyledItemDelegate):
    """Each cell laid out in its own text's direction; its editor follows what is typed."""

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.direction = direction_of(option.text, option.direction)  # type: ignore[attr-defined]

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            window = parent.layoutDirection()
            editor.textChanged.connect(
                lambda text: editor.setLayoutDirection(direction_of(text, window))
            )
        return editor
