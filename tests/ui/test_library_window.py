"""The library window: lists packs with status, searches, explains invalid packs."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from decision_aid.i18n.bidi import strip_isolates
from decision_aid.ui.library_window import LibraryWindow
from tests.conftest import FIXTURES, MINIMAL


def open_window(qtbot: QtBot, roots: list[Path], today: date = date(2026, 6, 1)) -> LibraryWindow:
    window = LibraryWindow(roots, today=lambda: today)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    return window


@pytest.fixture
def library(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    shutil.copytree(FIXTURES / "invalid" / "missing-funding", tmp_path / "missing-funding")
    return tmp_path


def cell(window: LibraryWindow, row: int, column: int) -> str:
    return str(window.proxy.index(row, column).data())


def test_lists_packs_with_status(qtbot: QtBot, library: Path) -> None:
    window = open_window(qtbot, [library])
    assert window.proxy.rowCount() == 2
    assert cell(window, 0, 0) == "Test pack"
    assert cell(window, 0, 1) == "0.1.0"
    assert strip_isolates(cell(window, 0, 2)) == "English"  # each language by its own name
    assert cell(window, 0, 3) == "10 Jan 2028"
    assert cell(window, 0, 4) == "Example — not clinically reviewed; Unverified content"
    assert cell(window, 1, 0) == "missing-funding"
    assert cell(window, 1, 4) == "Invalid: cannot be opened"
    assert window.statusBar().currentMessage() == "2 packs · 1 invalid"


def test_invalid_pack_shows_its_reasons(qtbot: QtBot, library: Path) -> None:
    window = open_window(qtbot, [library])
    window.table.selectRow(1)
    text = window.details.toPlainText()
    assert "This pack cannot be opened." in text
    assert "the required field 'funding' is missing" in text


def test_details_of_a_valid_pack(qtbot: QtBot, library: Path) -> None:
    window = open_window(qtbot, [library])
    window.table.selectRow(0)
    text = window.details.toPlainText()
    assert "Should I take the tablet?" in text
    assert "10 Jan 2028" in text


def test_injected_clock_marks_expired(qtbot: QtBot, library: Path) -> None:
    window = open_window(qtbot, [library], today=date(2029, 1, 1))
    assert cell(window, 0, 4).startswith("Expired 10 Jan 2028")
    assert window.proxy.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_search_box_filters_and_model_updates_view(qtbot: QtBot, library: Path) -> None:
    window = open_window(qtbot, [library])
    qtbot.keyClicks(window.search, "tablet")  # matches the decision text
    assert window.proxy.rowCount() == 1
    window.search.clear()
    assert window.proxy.rowCount() == 2
    qtbot.keyClicks(window.search, "nothing-like-this")
    assert window.proxy.rowCount() == 0
    window.search.clear()
    # Model -> view: new entries appear without rebuilding the window.
    window.model.set_entries(window.model.entries()[:1])
    assert window.table.model().rowCount() == 1


def test_empty_library_says_what_to_do(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, [tmp_path / "nothing-here"])
    assert window.proxy.rowCount() == 0
    assert "No packs found" in window.details.toPlainText()


def test_reload_picks_up_new_pack(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, [tmp_path])
    assert window.proxy.rowCount() == 0
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    window.reload()
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)


def test_focusable_widgets_have_accessible_names(qtbot: QtBot, library: Path) -> None:
    window = open_window(qtbot, [library])
    unnamed = [
        type(w).__name__
        for w in window.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and w.isVisible()
        and not w.accessibleName()
        and w.parent() is not None
        and type(w).__name__ not in ("QScrollBar",)
        and not w.objectName().startswith("qt_")
    ]
    assert unnamed == []


def test_find_shortcut_focuses_search(qtbot: QtBot, library: Path) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    window = open_window(qtbot, [library])
    window.table.setFocus()
    [find] = [
        a
        for a in window.findChildren(QAction)
        if a.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Find))
        == QKeySequence.SequenceMatch.ExactMatch
    ]
    find.trigger()
    assert window.focusWidget() is window.search


def test_a_consultation_searches_the_librarys_folders_for_its_record(
    qtbot: QtBot, library: Path
) -> None:
    """The record dialog looks for the version shown in the folders the library reads."""
    window = open_window(qtbot, [library])
    window.table.selectRow(0)
    window.open_selected()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    consultation = window.consultations[0]
    qtbot.addWidget(consultation)
    assert consultation.roots == [library]
