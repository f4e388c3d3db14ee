"""The workbench: structure, form, live preview, lint panel, undo, save and close."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from decision_aid.authoring.document import MISSING
from decision_aid.content.loader import load_pack
from decision_aid.content.model import Cell, pack_json_schema
from decision_aid.ui.author import grade
from decision_aid.ui.author import window as window_module
from decision_aid.ui.author.fields import TextEditor
from decision_aid.ui.author.schema import field, readable
from tests.conftest import MINIMAL, SHIPPED
from tests.ui.author.support import editor_at, finish, grid_texts, open_workbench

CELL = ("content.yaml", "questions", 0, "answers", "tablet")
TEXT = (*CELL, "text")


@pytest.fixture
def pack(make_pack) -> Path:
    return make_pack()


def test_structure_lists_every_part_of_the_pack(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    top = [window.tree.topLevelItem(i).text(0) for i in range(window.tree.topLevelItemCount())]
    assert top == [
        "Metadata",
        "Options",
        "Questions and cells",
        "Outcomes and figures",
        "Values",
        "Knowledge questions",
        "Support",
        "References",
        "Glossary",
        "Statements for every option",
        "Screening",
        "Kept warnings",
        "Translations",
    ]
    for where in (
        CELL,
        ("content.yaml", "outcomes", 1, "figures", "nothing"),
        ("content.yaml", "values", 0, "fares", "tablet"),
        ("pack.yaml", "authors", 0),
    ):
        assert where in window.tree.items, where
    finish(window)


def test_the_form_shows_each_field_with_the_formats_own_help(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    window.tree.select(CELL)
    editor = editor_at(window, TEXT)
    assert isinstance(editor, TextEditor)
    assert editor.text() == "Out of 100 people, 20 have a bad day each week."
    spec = field(Cell, "text")
    assert spec is not None and spec.doc.startswith("The answer in one or two plain sentences")
    shown = [label.text() for label in window.form.widget().findChildren(type(window.notice))]
    assert any(spec.doc in text for text in shown)
    finish(window)


def _schema_docs(file: str, model: str | None) -> dict[str, str]:
    """Each field's description as ``decision-aid packs schema`` publishes it."""
    schema = pack_json_schema()["$defs"][file]
    part = schema if model is None else schema["$defs"][model]
    return {name: prop.get("description", "") for name, prop in part["properties"].items()}


@pytest.mark.parametrize(
    ("where", "file", "model"),
    [
        (("pack.yaml",), "pack.yaml", None),
        (CELL, "content.yaml", "Cell"),
        (("content.yaml", "outcomes", 0, "figures", "tablet"), "content.yaml", "Figure"),
        (("content.yaml", "outcomes", 0), "content.yaml", "PackOutcome"),
    ],
)
def test_every_field_shows_the_help_the_format_publishes(
    qtbot: QtBot, pack: Path, where: tuple[str | int, ...], file: str, model: str | None
) -> None:
    window = open_workbench(qtbot, pack, lint=False)
    window.tree.select(where)
    docs = _schema_docs(file, model)
    shown = [b for b in window.form.bound if b.where[:-1] == where]
    assert len(shown) >= 3
    for bound in shown:
        name = str(bound.where[-1])
        assert docs[name], f"{name} has no documentation in the format"
        row = bound.editor.parentWidget()
        texts = [label.text() for label in row.findChildren(QLabel)]
        assert readable(docs[name]) in texts, (name, texts)
    finish(window)


def test_binding_works_both_ways(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    window.tree.select(CELL)
    editor = editor_at(window, TEXT)
    assert window.document is not None
    window.document.set(TEXT, "Changed in the document.")
    assert editor.text() == "Changed in the document."
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "Typed in the form.")
    assert window.document.get(TEXT) == "Typed in the form."
    finish(window)


def test_typing_reaches_the_preview(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    window.tree.select(CELL)
    editor = editor_at(window, TEXT)
    editor.edit.setFocus()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.edit, " Fewer than before.")
    qtbot.waitUntil(lambda: any("Fewer than before." in text for text in grid_texts(window)))
    finish(window)


def test_typing_into_one_field_is_one_undo_step(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    window.tree.select(CELL)
    editor = editor_at(window, TEXT)
    editor.edit.setFocus()
    editor.edit.moveCursor(editor.edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.edit, " More words")
    assert window.undo_stack.count() == 1
    assert window.isWindowModified()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document is not None
    assert window.document.get(TEXT) == "Out of 100 people, 20 have a bad day each week."
    assert editor_at(window, TEXT).text() == "Out of 100 people, 20 have a bad day each week."
    assert window.document.modified() == []
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.document.get(TEXT).endswith(" More words")
    # Leaving the field and coming back starts a new step.
    window.tree.setFocus()
    editor_at(window, TEXT).edit.setFocus()
    qtbot.keyClicks(editor_at(window, TEXT).edit, "!")
    assert window.undo_stack.count() == 2
    finish(window)


def test_every_kind_of_edit_can_be_undone(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    before = (pack / "content.yaml").read_bytes()
    window.tree.select(("content.yaml", "references"))
    add = next(
        b for b in window.form.widget().findChildren(QPushButton) if b.text().startswith("Add to")
    )
    add.click()
    assert ("content.yaml", "references", 1) in window.tree.items
    window.tree.select(("content.yaml", "options", 1))
    up = next(b for b in window.form.widget().findChildren(QPushButton) if b.text() == "Move up")
    up.click()
    assert window.document is not None
    assert window.document.get(("content.yaml", "options", 0, "id")) == "nothing"
    window.tree.select(CELL)
    certainty = editor_at(window, (*CELL, "certainty"))
    certainty.combo.setCurrentIndex(0)  # (not set)
    certainty.combo.activated.emit(0)
    assert window.document.get((*CELL, "certainty")) is MISSING
    assert window.undo_stack.count() == 3
    for _step in range(3):
        window.undo()
    assert window.document.data("content.yaml") == before
    assert ("content.yaml", "references", 1) not in window.tree.items
    finish(window)


def test_problems_are_listed_as_you_type_and_a_click_opens_the_field(
    qtbot: QtBot, pack: Path
) -> None:
    window = open_workbench(qtbot, pack)
    figure = ("content.yaml", "outcomes", 0, "figures", "tablet")
    window.tree.select(figure)
    count = editor_at(window, (*figure, "count"))
    count.line.selectAll()
    with qtbot.waitSignal(window.checked):
        qtbot.keyClicks(count.line, "200")
    errors = [p for p in window.lint.problems if p.severity == "error"]
    assert errors, window.lint.problems
    assert window.preview.banner.isVisible()
    window.tree.select(("pack.yaml",))
    problems = window.lint.list
    row = next(
        r
        for r in range(problems.count())
        if problems.item(r).data(Qt.ItemDataRole.UserRole).path.endswith("tablet.count")
    )
    item = problems.item(row)
    problems.scrollToItem(item)
    qtbot.mouseClick(
        problems.viewport(), Qt.MouseButton.LeftButton, pos=problems.visualItemRect(item).center()
    )
    node = window.tree.current_node()
    assert node is not None and node.where == figure
    # The keyboard is in the field, ready to type (the window kept it while the preview of
    # the risks page was built).
    assert window.isActiveWindow()
    assert QApplication.focusWidget() is editor_at(window, (*figure, "count")).line
    finish(window)


def test_the_linters_findings_are_listed(qtbot: QtBot, make_pack) -> None:
    folder = make_pack(
        edits={
            "content.yaml": [
                (
                    "text: Out of 100 people, 20 have a bad day each week.",
                    "text: About 1 in 5 people have a bad day each week.",
                ),
            ]
        }
    )
    window = open_workbench(qtbot, folder)
    rules = {p.rule for p in window.lint.problems}
    assert "risk.one-in-x" in rules
    texts = [window.lint.list.item(i).text() for i in range(window.lint.list.count())]
    assert any("Error" in t and "questions[0].answers.tablet.text" in t for t in texts)
    finish(window)


def test_a_cell_shows_its_reading_grade_as_you_type(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    qtbot.waitUntil(grade.is_ready, timeout=60000)
    window.tree.select(CELL)
    editor = editor_at(window, TEXT)
    bound = next(b for b in window.form.bound if b.where == TEXT)
    assert bound.grade is not None
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "Short.")
    assert "not measured under 9 words" in bound.grade.label.text()
    qtbot.keyClicks(
        editor.edit,
        " Notwithstanding considerable methodological heterogeneity, randomised "
        "investigations demonstrated substantial improvements.",
    )
    assert "Above 8 by" in bound.grade.label.text()
    assert window.tree.items[CELL].text(1).endswith("!")
    finish(window)


def test_save_keeps_the_file_as_written(qtbot: QtBot, pack: Path) -> None:
    window = open_workbench(qtbot, pack)
    before = (pack / "content.yaml").read_text().splitlines()
    window.tree.select(CELL)
    editor = editor_at(window, TEXT)
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "Out of 100 people, 25 have a bad day each week.")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    after = (pack / "content.yaml").read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            "        text: Out of 100 people, 20 have a bad day each week.",
            "        text: Out of 100 people, 25 have a bad day each week.",
        )
    ]
    assert window.undo_stack.isClean() and not window.isWindowModified()
    assert (
        load_pack(pack)
        .content.questions[0]
        .answers["tablet"]
        .text.startswith("Out of 100 people, 25")
    )
    finish(window)


CLOSING = {
    QMessageBox.StandardButton.Cancel: (True, False),
    QMessageBox.StandardButton.Discard: (False, False),
    QMessageBox.StandardButton.Save: (False, True),
}
"""The answer to 'Save the changes?', and then: still open, and saved."""


@pytest.mark.parametrize("answer", list(CLOSING))
def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot, pack: Path, monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton
) -> None:
    open_after, saved = CLOSING[answer]
    asked: list[str] = []
    monkeypatch.setattr(window_module, "ask", lambda *args, **kw: asked.append(args[3]) or answer)
    window = open_workbench(qtbot, pack)
    before = (pack / "content.yaml").read_bytes()
    assert window.document is not None
    window.tree.select(CELL)
    editor = editor_at(window, TEXT)
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "Out of 100 people, 30 have a bad day each week.")
    window.close()
    assert asked and "not saved" in asked[0]
    assert window.isVisible() == open_after
    assert ((pack / "content.yaml").read_bytes() != before) == saved
    finish(window)


def test_a_pack_that_cannot_be_read_lists_its_problems(qtbot: QtBot, make_pack) -> None:
    folder = make_pack(edits={"content.yaml": [("questions:", "questions: [\n")]})
    window = open_workbench(qtbot, folder)
    assert window.document is None
    [problem] = window.lint.problems
    assert problem.file == str(folder / "content.yaml") and problem.line is not None
    assert window.lint.list.count() == 1
    assert (
        "cannot be opened for editing"
        in window.form.widget().findChildren(type(window.notice))[0].text()
    )
    finish(window)


def test_an_invalid_pack_opens_with_its_errors(qtbot: QtBot, make_pack) -> None:
    folder = make_pack(edits={"pack.yaml": [("funding: No external funding.\n", "")]})
    window = open_workbench(qtbot, folder)
    assert window.document is not None and window.loaded is None
    assert any("funding" in p.message for p in window.lint.problems)
    assert window.preview.banner.isVisible()
    finish(window)


def test_an_archive_opens_read_only(qtbot: QtBot, tmp_path: Path) -> None:
    archive = tmp_path / "minimal.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in MINIMAL.iterdir():
            zf.write(path, path.name)
    window = open_workbench(qtbot, archive)
    assert window.notice.isVisible() and "read-only" in window.notice.text()
    window.tree.select(CELL)
    assert not editor_at(window, TEXT).isEnabled()
    assert not window.save_action.isEnabled()
    finish(window)


def test_the_preview_speaks_any_of_the_packs_languages(qtbot: QtBot, tmp_path: Path) -> None:
    folder = tmp_path / "statins-primary-prevention"
    shutil.copytree(SHIPPED / folder.name, folder)
    window = open_workbench(qtbot, folder, lint=False)
    assert window.notice.isVisible() and "signed again" in window.notice.text()
    assert window.preview.languages.count() == 4
    window.preview.set_language("ar")
    page = window.preview.pages["grid"]
    assert page.grid.layoutDirection() == Qt.LayoutDirection.RightToLeft  # type: ignore[attr-defined]
    arabic = load_pack(folder).translations["ar"].strings["questions.what-involves.text"]
    assert any(arabic in text for text in grid_texts(window))
    finish(window)


def test_the_risks_preview_builds_again_only_the_outcome_that_changed(
    qtbot: QtBot, pack: Path
) -> None:
    window = open_workbench(qtbot, pack, lint=False)
    figure = ("content.yaml", "outcomes", 0, "figures", "tablet")
    window.tree.select(figure)
    assert window.preview.current_step() == "risks"
    qtbot.waitUntil(lambda: "risks" in window.preview.pages)
    page = window.preview.pages["risks"]
    other = page.sections["sickness"]  # type: ignore[attr-defined]
    count = editor_at(window, (*figure, "count"))
    count.line.selectAll()
    qtbot.keyClicks(count.line, "23")
    qtbot.waitUntil(
        lambda: (
            (section := page.sections["bad-days"]).outcome is not None  # type: ignore[attr-defined]
            and section.outcome.figures["tablet"].count == 23
        )
    )
    assert window.preview.pages["risks"] is page
    assert page.sections["sickness"] is other  # type: ignore[attr-defined]
    changed = page.sections["bad-days"]  # type: ignore[attr-defined]
    assert changed.outcome is not None and changed.outcome.figures["tablet"].count == 23
    finish(window)


def test_without_a_pack_the_window_says_how_to_start(qtbot: QtBot) -> None:
    window = open_workbench(qtbot, None)
    texts = [label.text() for label in window.form.widget().findChildren(type(window.notice))]
    assert any("Ctrl+N" in text and "spreadsheet" in text for text in texts)
    assert not any(action.isEnabled() for action in window.pack_menu_actions)
    finish(window)
