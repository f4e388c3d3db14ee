"""The option grid: columns, rows, certainty markers, details and keyboard use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextDocument
from PySide6.QtWidgets import QPushButton, QStyleOptionViewItem, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.widgets.cell_detail import CellDetailDialog
from decision_aid.ui.widgets.grid_delegate import CellDelegate
from decision_aid.ui.widgets.grid_view import GridView
from tests.conftest import SHIPPED

KNEE = SHIPPED / "knee-osteoarthritis"


def clock() -> datetime:
    return datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def make_session(path: Path = KNEE) -> Session:
    loaded = load_pack(path)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=clock)


@pytest.fixture
def session() -> Session:
    return make_session()


@pytest.fixture
def view(qtbot: QtBot, session: Session) -> GridView:
    grid = GridView(SessionBinding(session))
    qtbot.addWidget(grid)
    grid.resize(1000, 600)
    grid.show()
    qtbot.waitExposed(grid)
    qtbot.waitUntil(grid.rows_measured)
    return grid


def plain(view: GridView, row_id: str, option_id: str) -> str:
    index = view.cell_index(row_id, option_id)
    return str(view.grid_model.data(index, Qt.ItemDataRole.DisplayRole))


def test_options_are_columns_and_questions_are_rows(view: GridView, session: Session) -> None:
    content = session.pack.content
    assert view.column_names() == [
        "Exercise and physio",
        "Steroid injection",
        "Knee replacement",
        "Carry on as now",
    ]
    model = view.grid_model
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headings == ["Questions people ask", *view.column_names()]
    assert view.row_questions() == [q.text for q in content.questions]
    first = model.index(0, 0)
    assert model.data(first, Qt.ItemDataRole.DisplayRole) == (
        "How much will it help my pain and daily life?"
    )
    assert view.accessibleName() == "Option grid: 4 options and 7 questions"


def test_cells_show_answer_and_certainty_in_words(view: GridView) -> None:
    injection = plain(view, "benefit", "injection")
    assert injection.startswith("After about 1 month, 44 out of 100 had less pain, against 31")
    assert "Certainty: low" in injection
    assert "1 source" in injection
    exercise = plain(view, "benefit", "exercise")
    assert "Certainty" not in exercise
    assert "2 sources · more detail" in exercise


def test_what_each_option_is_like_rows(view: GridView) -> None:
    model = view.grid_model
    labels = [row.label for row in model.rows]
    start = labels.index("What is each option like?")
    assert labels[start + 1 :] == [
        "Benefits",
        "Harms and burdens",
        "Body and daily life",
        "Feelings",
        "Work, family and social life",
    ]
    benefits = str(model.data(model.index(start + 1, 1), Qt.ItemDataRole.DisplayRole))
    assert benefits.splitlines()[0] == (
        "NHS guidance says to offer exercise first to all people with this kind of arthritis."
    )
    feelings = str(model.data(model.index(start + 4, 3), Qt.ItemDataRole.DisplayRole))
    assert feelings.startswith("Many people feel great relief.")


def test_hiding_in_the_session_removes_the_column_and_row(view: GridView, session: Session) -> None:
    session.set_option_hidden("injection", True)
    assert view.column_names() == ["Exercise and physio", "Knee replacement", "Carry on as now"]
    assert view.grid_model.columnCount() == 4
    session.set_row_hidden("how_long", True)
    assert "How long does any benefit last?" not in view.row_questions()
    assert len(view.row_questions()) == 6
    assert view.accessibleName() == "Option grid: 3 options and 6 questions"
    session.set_option_hidden("injection", False)
    assert view.column_names()[1] == "Steroid injection"
    session.undo()
    assert "Steroid injection" not in view.column_names()


def test_rows_grow_with_their_text(view: GridView) -> None:
    model = view.grid_model
    section = model.section_row()
    benefits = section + 1
    assert view.rowHeight(benefits) > 2 * view.rowHeight(section)
    total = sum(view.rowHeight(r) for r in range(model.rowCount()))
    assert view.height() == total + view.horizontalHeader().height() + 2 * view.frameWidth()
    wide = view.rowHeight(0)
    view.resize(700, view.height())
    assert view.rowHeight(0) > wide


def test_enter_on_a_focused_cell_opens_its_detail(qtbot: QtBot, view: GridView) -> None:
    view.setFocus()
    view.setCurrentIndex(view.cell_index("benefit", "injection"))
    with qtbot.waitSignal(view.detail_opened) as opened:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == ["benefit", "injection"]
    dialog = view.detail_dialog
    assert isinstance(dialog, CellDetailDialog)
    assert dialog.isVisible()
    text = dialog.text()
    assert "How much will it help my pain and daily life?" in text
    assert "Steroid injection" in text
    assert "After about 1 month, 44 out of 100 had less pain," in text
    assert "Certainty: low" in text
    assert "the true effect may be quite different" in text
    assert "Jüni P, Hari R, Rutjes AWS" in text
    assert "Intra-articular corticosteroid for knee osteoarthritis." in text
    assert "https://doi.org/10.1002/14651858.CD005328.pub3" in dialog.browser.toHtml()


def test_space_opens_details(qtbot: QtBot, view: GridView) -> None:
    view.setFocus()
    view.setCurrentIndex(view.cell_index("benefit", "replacement"))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.detail_dialog is not None
    text = view.detail_dialog.text()
    assert "In a UK study of 1217 people, 81 out of 100 were happy" in text
    # The trial's statistics are in the detail, not in the cell (as Option Grid keeps cells).
    assert "scores for pain and daily life rose by about 33 points in a year" in text
    cell = plain(view, "benefit", "replacement")
    assert "33" not in cell and "points" not in cell
    assert cell.startswith("In a trial of people with bad arthritis, pain and daily life got")
    assert "The pack does not grade the certainty of this answer." in text
    html = view.detail_dialog.browser.toHtml()
    assert "https://pubmed.ncbi.nlm.nih.gov/26488691/" in html
    assert "https://doi.org/10.1056/NEJMoa1505467" in html


def test_double_click_opens_details(qtbot: QtBot, view: GridView) -> None:
    index = view.cell_index("serious_risks", "carry_on")
    centre = view.visualRect(index).center()
    # A real double-click is a click followed by a double-click event; QTest sends only the latter.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert view.detail_dialog is None
    with qtbot.waitSignal(view.detail_opened) as opened:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened.args == ["serious_risks", "carry_on"]
    dialog = view.detail_dialog
    assert isinstance(dialog, CellDetailDialog)
    assert "What are the serious risks?" in dialog.text()


OFFSCREEN_POPUP = pytest.mark.qt_log_ignore(
    "This plugin does not support (raise|grabbing the keyboard)"
)
"""A menu popping up on the offscreen platform warns that it cannot grab the keyboard."""


@OFFSCREEN_POPUP
def test_context_action_opens_details(view: GridView) -> None:
    view.setCurrentIndex(view.cell_index("recovery", "exercise"))
    centre = view.visualRect(view.currentIndex()).center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, centre, view.viewport().mapToGlobal(centre)
    )
    view.contextMenuEvent(event)
    assert view.context_menu.isVisible()
    assert view.open_action.isEnabled()
    view.context_menu.close()
    view.open_action.trigger()
    assert view.detail_dialog is not None
    assert view.detail_dialog.option_id == "exercise"
    assert view.detail_dialog.row_id == "recovery"


@OFFSCREEN_POPUP
def test_question_cells_do_not_open_details(qtbot: QtBot, view: GridView) -> None:
    view.setFocus()
    view.setCurrentIndex(view.grid_model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert view.detail_dialog is None
    view.contextMenuEvent(
        QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(5, 5), QPoint(5, 5))
    )
    assert not view.open_action.isEnabled()
    view.context_menu.close()


def test_arrows_and_tab_move_between_cells(qtbot: QtBot, session: Session) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    view = GridView(SessionBinding(session))
    after = QPushButton("After")
    after.setAccessibleName("After")
    layout.addWidget(view)
    layout.addWidget(after)
    box.resize(1000, 700)
    box.show()
    qtbot.waitExposed(box)
    box.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    model = view.grid_model
    view.setCurrentIndex(model.index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 2)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 2)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 3)
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 2)
    # Tab from the last cell leaves the grid instead of wrapping round.
    view.setCurrentIndex(model.index(model.rowCount() - 1, model.columnCount() - 1))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)


def test_hiding_keeps_the_current_cell(view: GridView, session: Session) -> None:
    view.setCurrentIndex(view.cell_index("recovery", "replacement"))
    session.set_option_hidden("exercise", True)
    current = view.currentIndex()
    assert view.grid_model.rows[current.row()].key == "recovery"
    assert view.grid_model.options[current.column() - 1].id == "replacement"


def test_rows_are_wrapped_once_at_the_width_the_grid_is_shown_at(
    qtbot: QtBot, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrapping every cell is the cost of a grid's first paint: a hidden grid, whose width
    is not final yet, wraps none; showing it wraps the rows that can be on screen, and
    the others right after, each cell once, at its final width."""
    made: list[tuple[int, int, int]] = []
    new_document = CellDelegate._new_document

    def counting(
        delegate: CellDelegate, option: QStyleOptionViewItem, index: QModelIndex, width: int
    ) -> QTextDocument:
        made.append((index.row(), index.column(), width))
        return new_document(delegate, option, index, width)

    monkeypatch.setattr(CellDelegate, "_new_document", counting)
    grid = GridView(SessionBinding(session))
    qtbot.addWidget(grid)
    assert made == []
    grid.resize(1000, 300)
    grid.show()
    model = grid.grid_model
    first = sorted({row for row, _column, _width in made})
    assert first == list(range(len(first)))  # the rows from the top
    assert 0 < len(first) < model.rowCount() and not grid.rows_measured()
    above = sum(grid.rowHeight(r) for r in first[:-1])
    assert above <= grid.window().height()  # no row measured that the window cannot show
    qtbot.waitUntil(grid.rows_measured)
    cells = {
        (row, column) for row in range(model.rowCount()) for column in range(model.columnCount())
    }
    assert {(row, column) for row, column, _ in made} == cells
    assert len(made) == len(cells)
    pad = CellDelegate.padding_for(grid.fontMetrics())
    section = model.section_row()
    for row, column, width in made:
        if row != section:
            assert width == grid.columnWidth(column) - 2 * pad
    total = sum(grid.rowHeight(r) for r in range(model.rowCount()))
    assert grid.height() == total + grid.horizontalHeader().height() + 2 * grid.frameWidth()
