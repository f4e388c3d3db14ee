"""The grid step: decision and dates, the grid, focus controls and what was shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QScrollArea,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.grid_step import GridStep
from tests.conftest import MINIMAL, SHIPPED

KNEE = SHIPPED / "knee-osteoarthritis"


def make_session(path: Path = KNEE, when: datetime | None = None) -> Session:
    moment = when or datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    loaded = load_pack(path)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: moment)


AREAS: list[QScrollArea] = []
"""Scroll areas kept alive while their test runs (qtbot holds widgets weakly)."""


@pytest.fixture(autouse=True)
def _release_areas() -> Iterator[None]:
    yield
    AREAS.clear()


def open_page(qtbot: QtBot, session: Session, *, patient: bool = False) -> GridStep:
    """The page inside a resizable scroll area, as the window shows it."""
    page = GridStep(SessionBinding(session), patient=patient)
    area = QScrollArea()
    AREAS.append(area)
    area.setWidgetResizable(True)
    area.setWidget(page)
    qtbot.addWidget(area)
    area.resize(1100, 750)
    area.show()
    qtbot.waitExposed(area)
    return page


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button where it reacts: a check box on its indicator."""
    centre = button.rect().center()
    if isinstance(button, QCheckBox):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        centre = (
            button.style()
            .subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, button)
            .center()
        )
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=centre)


@pytest.fixture
def session() -> Session:
    return make_session()


@pytest.fixture
def page(qtbot: QtBot, session: Session) -> GridStep:
    page = open_page(qtbot, session)
    click(qtbot, page.focus_toggle)
    assert page.focus_panel.isVisible()
    return page


def test_decision_dates_and_status(page: GridStep) -> None:
    assert page.title() == "Options"
    assert page.decision.text() == (
        "What should I do about the pain from osteoarthritis in my knee?"
    )
    assert page.decision.font().pointSizeF() > page.dates.font().pointSizeF()
    assert page.dates.text() == (
        "Published 4 Dec 2026 · Evidence searched 4 Dec 2026 · "
        "Review due 4 Dec 2027 · Expires 4 Dec 2028"
    )
    assert page.status.text() == "Example — not clinically reviewed"


def test_an_expired_pack_says_so(qtbot: QtBot) -> None:
    late = make_session(when=datetime(2029, 1, 10, 9, 0, tzinfo=UTC))
    page = open_page(qtbot, late)
    assert page.status.text() == "Expired on 4 Dec 2028 · Example — not clinically reviewed"


def test_grid_shows_the_pack(page: GridStep, session: Session) -> None:
    assert page.grid.column_names() == [o.name for o in session.pack.content.options]
    assert page.grid.row_questions() == [q.text for q in session.pack.content.questions]


def test_hiding_an_option_with_its_control(qtbot: QtBot, page: GridStep, session: Session) -> None:
    box = page.option_boxes["injection"]
    assert box.isChecked()
    assert box.accessibleName() == "Show option: Steroid injection"
    click(qtbot, box)
    assert session.record.hidden_options == ["injection"]
    assert "Steroid injection" not in page.grid.column_names()
    assert page.focus_summary.text() == "Showing 3 of 4 options and 7 of 7 questions."
    assert page.show_all.isEnabled()
    click(qtbot, box)
    assert session.record.hidden_options == []
    assert page.grid.column_names()[1] == "Steroid injection"
    assert page.focus_summary.text() == "Showing every option and question."


def test_hiding_an_option_in_the_session_unchecks_its_control(
    page: GridStep, session: Session
) -> None:
    session.set_option_hidden("replacement", True)
    assert not page.option_boxes["replacement"].isChecked()
    assert "Knee replacement" not in page.grid.column_names()
    session.undo()
    assert page.option_boxes["replacement"].isChecked()
    assert "Knee replacement" in page.grid.column_names()


def test_hiding_rows_both_ways(qtbot: QtBot, page: GridStep, session: Session) -> None:
    box = page.row_boxes["weight_health"]
    assert box.accessibleName() == "Show question: Will it help with my weight and fitness?"
    click(qtbot, box)
    assert session.record.hidden_rows == ["weight_health"]
    assert "Will it help with my weight and fitness?" not in page.grid.row_questions()
    session.set_row_hidden("how_long", True)
    assert not page.row_boxes["how_long"].isChecked()
    assert len(page.grid.row_questions()) == 5
    click(qtbot, page.show_all)
    assert session.record.hidden_rows == []
    assert all(b.isChecked() for b in page.row_boxes.values())
    assert len(page.grid.row_questions()) == 7
    assert not page.show_all.isEnabled()


def test_the_last_option_and_row_cannot_be_hidden(qtbot: QtBot) -> None:
    session = make_session(MINIMAL)
    page = open_page(qtbot, session)
    click(qtbot, page.focus_toggle)
    click(qtbot, page.option_boxes["tablet"])
    assert session.record.hidden_options == ["tablet"]
    assert not page.focus_message.isVisible()
    last = page.option_boxes["nothing"]
    click(qtbot, last)
    assert session.record.hidden_options == ["tablet"]
    assert last.isChecked()
    assert page.grid.column_names() == ["No tablet"]
    assert page.focus_message.isVisible()
    assert page.focus_message.text() == (
        "At least one option stays on the grid, so this one cannot be hidden."
    )
    only_row = page.row_boxes["effect"]
    click(qtbot, only_row)
    assert session.record.hidden_rows == []
    assert only_row.isChecked()
    assert page.focus_message.text() == (
        "At least one question stays on the grid, so this one cannot be hidden."
    )
    click(qtbot, page.option_boxes["tablet"])
    assert not page.focus_message.isVisible()


def test_patient_mirror_has_no_focus_controls(qtbot: QtBot, session: Session) -> None:
    clinician = GridStep(SessionBinding(session))
    qtbot.addWidget(clinician)
    page = open_page(qtbot, session, patient=True)
    assert page.findChildren(QCheckBox) == []
    assert not hasattr(page, "focus_toggle")
    assert page.font().pointSizeF() == pytest.approx(clinician.font().pointSizeF() * 1.4)
    assert page.grid.font().pointSizeF() == page.font().pointSizeF()
    session.set_option_hidden("exercise", True)
    assert "Exercise and physio" not in page.grid.column_names()


def test_rows_on_screen_are_recorded_once(qtbot: QtBot, session: Session) -> None:
    session.set_row_hidden("recovery", True)
    page = open_page(qtbot, session)
    grid_items = [s.item for s in session.record.shown if s.step == "grid"]
    visible = [q.id for q in session.pack.content.questions if q.id != "recovery"]
    assert grid_items == [f"row:{r}" for r in visible]
    page.refresh()
    assert [s.item for s in session.record.shown if s.step == "grid"] == grid_items
    session.set_row_hidden("recovery", False)
    assert [s.item for s in session.record.shown][-1] == "row:recovery"
    assert len(session.record.shown) == len(grid_items) + 1


def test_a_page_not_on_screen_records_nothing(qtbot: QtBot, session: Session) -> None:
    page = GridStep(SessionBinding(session))
    qtbot.addWidget(page)
    session.set_option_hidden("exercise", True)
    assert session.record.shown == []


def test_opening_a_cell_is_recorded(qtbot: QtBot, page: GridStep, session: Session) -> None:
    grid = page.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.cell_index("serious_risks", "injection"))
    qtbot.keyClick(grid, Qt.Key.Key_Enter)
    assert grid.detail_dialog is not None
    assert "Certainty: low" in grid.detail_dialog.text()
    assert session.record.shown[-1].item == "cell:serious_risks:injection"
    assert session.record.shown[-1].step == "grid"


def test_every_focusable_widget_has_an_accessible_name(page: GridStep) -> None:
    focusable = [
        w
        for w in [page, *page.findChildren(QWidget)]
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
    ]
    assert page.grid in focusable
    assert len(focusable) >= 1 + 2 + 4 + 7
    unnamed = [type(w).__name__ for w in focusable if not w.accessibleName().strip()]
    assert unnamed == []


def test_tab_order_runs_from_the_focus_controls_to_the_grid(page: GridStep) -> None:
    chain: list[QWidget] = []
    widget = page.focus_toggle
    while widget not in chain:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    expected = [
        page.focus_toggle,
        page.show_all,
        *page.option_boxes.values(),
        *page.row_boxes.values(),
        page.grid,
    ]
    assert [w for w in chain if w in expected] == expected
