"""Text in its own direction in the workbench: problems that quote English in Arabic, and
table cells of another direction than the window's."""

from __future__ import annotations

import pytest
from bidi import get_display
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from decision_aid.i18n.bidi import strip_isolates
from decision_aid.ui.author.directions import OwnDirection, direction_of, in_order

ONE_IN_X = "'1 in 5' رقم بصيغة '1 من كل X'، ويصعب مقارنته"


def test_without_isolates_a_quoted_english_phrase_is_split() -> None:
    """The defect: the '1' of '1 in 5' is shown apart from its words."""
    assert "1 in 5" not in get_display(ONE_IN_X, base_dir="R")


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        (ONE_IN_X, "'1 in 5'"),
        ("ar: 'questions.what-involves.text' قديم: تغيّر النص", "'questions.what-involves.text'"),
        ("الإجابة للخيار 'no-statin' عن السؤال 'what-involves' فيها 3 جمل", "'no-statin'"),
    ],
)
def test_each_quoted_value_keeps_its_order(message: str, kept: str) -> None:
    shown = in_order(message)
    assert strip_isolates(shown) == message
    assert kept in strip_isolates(get_display(shown, base_dir="R"))


def test_an_apostrophe_is_not_a_quote() -> None:
    message = "the option's text and the author's note"
    assert in_order(message) == message


def test_each_cell_of_a_table_is_laid_out_in_its_own_direction(qtbot: QtBot) -> None:
    table = QTableWidget(2, 1)
    qtbot.addWidget(table)
    table.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # an Arabic workbench
    delegate = OwnDirection(table)
    table.setItemDelegate(delegate)
    table.setItem(0, 0, QTableWidgetItem("Statins to prevent a first heart attack or stroke."))
    table.setItem(1, 0, QTableWidgetItem("ستاتينات للوقاية من أول نوبة قلبية."))
    directions = []
    for row in range(2):
        option = QStyleOptionViewItem()
        option.initFrom(table)
        delegate.initStyleOption(option, table.model().index(row, 0))
        directions.append(option.direction)  # type: ignore[attr-defined]
    assert directions == [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft]
    editor = delegate.createEditor(
        table.viewport(), QStyleOptionViewItem(), table.model().index(0, 0)
    )
    assert isinstance(editor, QLineEdit)
    editor.setText("Statinau")  # the editor follows what is typed into it
    assert editor.layoutDirection() == Qt.LayoutDirection.LeftToRight
    editor.setText("ستاتينات")
    assert editor.layoutDirection() == Qt.LayoutDirection.RightToLeft


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12, 'statin'", Qt.LayoutDirection.LeftToRight),
        ("١٢ النتيجة", Qt.LayoutDirection.RightToLeft),
        ("12 — 3", Qt.LayoutDirection.RightToLeft),  # no letter: the window's own
    ],
)
def test_the_first_strong_letter_decides(text: str, expected: Qt.LayoutDirection) -> None:
    assert direction_of(text, Qt.LayoutDirection.RightToLeft) == expected
