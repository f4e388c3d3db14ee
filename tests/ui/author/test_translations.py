"""Translations side by side: the source text and its translation, missing ones first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from decision_aid.ui.author.translation_view import PATH, TRANSLATION
from tests.ui.author.support import finish, grid_texts, open_workbench

WELSH = """format_version: 1
locale: cy
status: draft for the tests
strings:
  title: Pecyn prawf
  questions.effect.text: Beth mae'n ei wneud?
"""


@pytest.fixture
def pack(make_pack) -> Path:
    folder = make_pack()
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(WELSH)
    return folder


def test_missing_texts_come_first_and_edits_are_undoable(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack, lint=False)
    window.show_translations("cy")
    dialog = window.translations
    assert dialog is not None and dialog.isVisible()
    table = dialog.view.table
    paths = [table.item(row, PATH).text() for row in range(table.rowCount())]
    assert paths.index("title") > paths.index("decision")  # translated ones after missing ones
    assert "not translated yet" in dialog.view.summary.text()
    row = dialog.view.rows["questions.effect.answers.tablet.text"]
    cell = table.item(row, TRANSLATION)
    assert cell.text() == ""
    cell.setText("Allan o 100 o bobl, mae 20 yn cael diwrnod gwael bob wythnos.")
    assert window.document is not None
    where = ("translations/cy.yaml", "strings", "questions.effect.answers.tablet.text")
    assert window.document.get(where).startswith("Allan o 100")
    assert window.preview.language == "cy"
    qtbot.waitUntil(lambda: any("Allan o 100" in text for text in grid_texts(window)))
    window.undo()
    assert cell.text() == ""
    assert cell.background().color() != Qt.GlobalColor.white
    window.redo()
    assert cell.text().startswith("Allan o 100")
    finish(window)
