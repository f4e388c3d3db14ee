"""Undo and redo for every kind of edit the workbench makes: each is one step, undone byte
for byte and redone as it was made."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.ui.author.fields import (
    BoolEditor,
    ChoiceEditor,
    FlagsEditor,
    LineEditor,
    TextEditor,
)
from decision_aid.ui.author.translation_view import TRANSLATION
from decision_aid.ui.author.window import AuthorWindow
from tests.ui.author.support import TODAY, editor_at, finish, open_workbench

CONTENT = "content.yaml"
CELL = (CONTENT, "questions", 0, "answers", "tablet")
FIGURE = (CONTENT, "outcomes", 0, "figures", "tablet")
OPTION = (CONTENT, "options", 0)


def _button(window: AuthorWindow, text: str, within: QWidget | None = None) -> QPushButton:
    page = within or window.form.widget()
    return next(b for b in page.findChildren(QPushButton) if b.text() == text)


def type_line(window: AuthorWindow, qtbot: QtBot) -> None:
    window.tree.select(FIGURE)
    editor = editor_at(window, (*FIGURE, "count"))
    assert isinstance(editor, LineEditor)
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "25")


def type_text(window: AuthorWindow, qtbot: QtBot) -> None:
    window.tree.select(CELL)
    editor = editor_at(window, (*CELL, "text"))
    assert isinstance(editor, TextEditor)
    editor.edit.setFocus()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.edit, " Fewer than before.")


def type_a_list_line(window: AuthorWindow, qtbot: QtBot) -> None:
    window.tree.select(OPTION)
    editor = editor_at(window, (*OPTION, "benefits"))
    assert isinstance(editor, TextEditor)
    editor.edit.setFocus()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.edit, "Fewer days off work.")


def type_ids(window: AuthorWindow, qtbot: QtBot) -> None:
    window.tree.select(CELL)
    editor = editor_at(window, (*CELL, "citations"))
    assert isinstance(editor, LineEditor)
    editor.line.end(False)
    qtbot.keyClicks(editor.line, ", trial")


def type_date(window: AuthorWindow, qtbot: QtBot) -> None:
    window.tree.select(("pack.yaml",))
    editor = editor_at(window, ("pack.yaml", "published"))
    assert isinstance(editor, LineEditor)
    editor.line.selectAll()
    qtbot.keyClicks(editor.line, "2026-01-11")


def choose(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.tree.select(CELL)
    editor = editor_at(window, (*CELL, "certainty"))
    assert isinstance(editor, ChoiceEditor)
    index = editor.combo.findData("low")
    editor.combo.setCurrentIndex(index)
    editor.combo.activated.emit(index)


def tick(window: AuthorWindow, _qtbot: QtBot) -> None:
    where = (CONTENT, "options", 1)
    window.tree.select(where)
    editor = editor_at(window, (*where, "is_no_treatment"))
    assert isinstance(editor, BoolEditor) and editor.box.isChecked()
    editor.box.click()  # takes the key out of the file


def flags(window: AuthorWindow, _qtbot: QtBot) -> None:
    where = (CONTENT, "questions", 0)
    window.tree.select(where)
    editor = editor_at(window, (*where, "shows"))
    assert isinstance(editor, FlagsEditor)
    next(iter(editor.boxes.values())).click()


def add_item(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.tree.select((CONTENT, "references"))
    _button(window, "Add to references").click()


def remove_item(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.tree.select((CONTENT, "outcomes", 1))
    _button(window, "Remove").click()


def move_item(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.tree.select((CONTENT, "options", 1))
    _button(window, "Move up").click()


def add_block(window: AuthorWindow, _qtbot: QtBot) -> None:
    where = (CONTENT, "outcomes", 0, "figures", "nothing")
    window.tree.select(where)
    box = next(g for g in window.form.widget().findChildren(QGroupBox) if g.title() == "range")
    _button(window, "Add range", box).click()


def remove_block(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.tree.select(FIGURE)
    box = next(g for g in window.form.widget().findChildren(QGroupBox) if g.title() == "range")
    _button(window, "Remove range", box).click()


def remove_entry(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.tree.select((CONTENT, "values", 0, "fares", "nothing"))
    _button(window, "Remove").click()


def translate(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.show_translations("cy")
    dialog = window.translations
    assert dialog is not None
    dialog.view.table.item(dialog.view.rows["title"], TRANSLATION).setText("Pecyn prawf")


def add_translation(window: AuthorWindow, _qtbot: QtBot) -> None:
    assert window.pack_actions.add_translation("ar")


def remove_translation(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.tree.select(("translations/cy.yaml",))
    _button(window, "Remove this translation").click()


def bump(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.pack_actions.bump("patch", ["A figure checked."], TODAY)


def sign_off(window: AuthorWindow, _qtbot: QtBot) -> None:
    window.pack_actions.sign_off(
        role="clinician", name="Dr A. Example", interests="None declared.", day=TODAY
    )


EDITS: dict[str, Callable[[AuthorWindow, QtBot], None]] = {
    "typing a number": type_line,
    "typing a text": type_text,
    "typing a line of a list": type_a_list_line,
    "typing ids": type_ids,
    "typing a date": type_date,
    "choosing": choose,
    "unticking (a key removed)": tick,
    "ticking one of several": flags,
    "adding to a list": add_item,
    "removing from a list": remove_item,
    "moving in a list": move_item,
    "adding a block": add_block,
    "removing a block": remove_block,
    "removing an entry": remove_entry,
    "translating": translate,
    "adding a translation": add_translation,
    "removing a translation": remove_translation,
    "bumping the version": bump,
    "signing off": sign_off,
}

WELSH = "format_version: 1\nlocale: cy\nstatus: draft\nstrings:\n  decision: A ddylwn i?\n"


def _files(window: AuthorWindow) -> dict[str, bytes]:
    assert window.document is not None
    return {rel: window.document.data(rel) for rel in window.document.files}


@pytest.mark.parametrize("kind", list(EDITS))
def test_every_kind_of_edit_is_one_step_undone_and_redone_exactly(
    qtbot: QtBot, make_pack, kind: str
) -> None:
    folder: Path = make_pack()
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(WELSH)
    window = open_workbench(qtbot, folder, lint=False)
    before = _files(window)
    EDITS[kind](window, qtbot)
    after = _files(window)
    assert after != before
    assert window.undo_stack.count() == 1, [
        window.undo_stack.text(i) for i in range(window.undo_stack.count())
    ]
    window.undo()
    assert _files(window) == before
    assert window.document is not None and window.document.modified() == []
    window.redo()
    assert _files(window) == after
    finish(window)
