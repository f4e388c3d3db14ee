"""Translations side by side: the source text and its translation, missing ones first, stale
ones marked, numbers that differ flagged; every edit undoable and followed by the preview."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from decision_aid.authoring.document import MISSING
from decision_aid.content.loader import load_pack
from decision_aid.content.translation_state import source_hash
from decision_aid.i18n import _, using
from decision_aid.ui.author import pack_actions
from decision_aid.ui.author.pack_dialogs import TranslationDialog
from decision_aid.ui.author.translation_view import PATH, STATE, TRANSLATION
from tests.ui.author.support import editor_at, finish, grid_texts, open_workbench

QUESTION = "What does it do?"
WELSH = f"""format_version: 1
locale: cy
status: draft for the tests
strings:
  title: Pecyn prawf
  questions.effect.text: Beth mae'n ei wneud?
  questions.effect.answers.nothing.text: Allan o 100 o bobl, mae 40 yn cael diwrnod gwael.
source_hashes:
  questions.effect.text: "{source_hash(QUESTION)}"
"""
CELL = "questions.effect.answers.tablet.text"


@pytest.fixture
def pack(make_pack) -> Path:
    folder = make_pack()
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(WELSH)
    return folder


def rows(window) -> dict[str, tuple[int, str]]:  # type: ignore[no-untyped-def]
    table = window.translations.view.table
    return {
        table.item(row, PATH).text(): (row, table.item(row, STATE).text())
        for row in range(table.rowCount())
    }


def test_missing_first_then_stale_numbers_flagged(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack, lint=False)
    window.show_translations("cy")
    found = rows(window)
    assert found[CELL][1] == "missing"
    assert found["title"][1] == "not checked against the source"
    assert found["questions.effect.text"][1] == "current"
    assert found[CELL][0] < found["title"][0] < found["questions.effect.text"][0]
    numbers = found["questions.effect.answers.nothing.text"][1]
    assert "numbers differ: 100, 30 in the source, 100, 40 here" in numbers
    # The source text changes in the form: its translation is now stale, in the view.
    window.tree.select(("content.yaml", "questions", 0))
    editor = editor_at(window, ("content.yaml", "questions", 0, "text"))
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "What does the tablet do?")
    qtbot.waitUntil(lambda: rows(window)["questions.effect.text"][1].startswith("stale"))
    # Marking the row stale (a new colour) is no edit: the translation stays stale.
    assert window.undo_stack.count() == 1
    hashes = ("translations/cy.yaml", "source_hashes", "questions.effect.text")
    assert window.document is not None
    assert window.document.get(hashes) == source_hash(QUESTION)
    assert rows(window)["questions.effect.text"][1].startswith("stale")
    finish(window)


def test_a_translation_typed_here_is_current_and_undoable(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack, lint=False)
    window.show_translations("cy")
    dialog = window.translations
    assert dialog is not None and dialog.isVisible()
    cell = dialog.view.table.item(dialog.view.rows[CELL], TRANSLATION)
    cell.setText("Allan o 100 o bobl, mae 20 yn cael diwrnod gwael bob wythnos.")
    assert window.document is not None
    strings = ("translations/cy.yaml", "strings", CELL)
    hashes = ("translations/cy.yaml", "source_hashes", CELL)
    assert window.document.get(strings).startswith("Allan o 100")
    assert window.document.get(hashes) == source_hash(
        "Out of 100 people, 20 have a bad day each week."
    )
    assert window.undo_stack.count() == 1
    assert window.preview.language == "cy"
    qtbot.waitUntil(lambda: any("Allan o 100" in text for text in grid_texts(window)))
    qtbot.waitUntil(lambda: rows(window)[CELL][1] == "current")
    window.undo()
    assert cell.text() == ""
    assert window.document.get(hashes) is MISSING
    window.redo()
    assert cell.text().startswith("Allan o 100")
    finish(window)


def test_marking_checked_records_the_source_hash(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack, lint=False)
    window.show_translations("cy")
    dialog = window.translations
    assert dialog is not None
    dialog.view.table.setCurrentCell(dialog.view.rows["title"], TRANSLATION)
    dialog.view.mark_checked()
    assert window.document is not None
    assert window.document.get(("translations/cy.yaml", "source_hashes", "title")) == source_hash(
        "Test pack"
    )
    qtbot.waitUntil(lambda: rows(window)["title"][1] == "current")
    assert window.undo_stack.count() == 1
    window.undo()
    assert window.document.get(("translations/cy.yaml", "source_hashes", "title")) is MISSING
    qtbot.waitUntil(lambda: rows(window)["title"][1] == "not checked against the source")
    window.redo()
    assert window.document.get(("translations/cy.yaml", "source_hashes", "title")) == source_hash(
        "Test pack"
    )
    finish(window)


def test_a_new_translation_from_the_pack_menu(
    qtbot: QtBot, make_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_pack()
    window = open_workbench(qtbot, folder, lint=False)
    asked: list[list[str]] = []

    def pick_arabic(dialog: TranslationDialog) -> int:
        offered = [str(dialog.language.itemData(i)) for i in range(dialog.language.count())]
        asked.append(offered)
        dialog.choose("ar")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(TranslationDialog, "exec", pick_arabic)
    action = next(a for a in window.pack_menu_actions if a.text() == "&Add a translation…")
    action.trigger()
    assert asked and "ar" in asked[0] and "en" not in asked[0]
    dialog = window.translations
    assert dialog is not None and dialog.isVisible() and dialog.view.locale == "ar"
    assert rows(window)["title"][1] == "missing"
    # Typed beside the source; the preview speaks Arabic throughout, right to left.
    dialog.view.table.item(dialog.view.rows["questions.effect.text"], TRANSLATION).setText(
        "ماذا يفعل؟"
    )
    assert window.preview.language == "ar"
    qtbot.waitUntil(lambda: any("ماذا يفعل؟" in text for text in grid_texts(window)))
    page = window.preview.pages["grid"]
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    with using("ar"):
        example = _("Example — not clinically reviewed")
    assert example != "Example — not clinically reviewed"
    assert page.status.text() == example  # type: ignore[attr-defined]
    assert window.undo_stack.count() == 2
    window.save()
    assert load_pack(folder).translations["ar"].strings == {"questions.effect.text": "ماذا يفعل؟"}
    # Undo both: the translation is gone from the pack (and its window closed); saving
    # deletes the file.
    window.undo()
    window.undo()
    assert "ar" not in window.document.parts  # type: ignore[union-attr]
    assert window.translations is None or not window.translations.isVisible()
    window.save()
    assert not (folder / "translations" / "ar.yaml").exists()
    finish(window)


def test_a_language_the_pack_has_is_not_added_again(
    qtbot: QtBot, pack: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(pack_actions, "ask", lambda *args, **_kw: said.append(args[3]))
    window = open_workbench(qtbot, pack, lint=False)
    assert not window.pack_actions.add_translation("cy")
    assert said and "already" in said[0]
    assert window.undo_stack.count() == 0
    dialog = TranslationDialog(window, "en", {"pack", "content", "cy"})
    dialog.choose("en")
    dialog.accept()
    assert dialog.problem.isVisibleTo(dialog) and "written in 'en'" in dialog.problem.text()
    dialog.language.setEditText("Urdu")
    dialog.accept()
    assert "not a language code" in dialog.problem.text()
    dialog.choose("ur")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.code() == "ur"
    finish(window)
