"""Tap-for-meaning in the grid, and the rows a pack adds: who can have it, true for every option."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.content.model_parts import GlossaryEntry
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.widgets.glossary_terms import MeaningPopup, marked_html
from decision_aid.ui.widgets.grid_view import GridView
from tests.conftest import FIXTURES, SHIPPED

KNEE = SHIPPED / "knee-osteoarthritis"
PSA = SHIPPED / "psa-screening"
EXTRAS = FIXTURES / "lint" / "format-extras"

# The meaning opens in a popup window; the offscreen platform cannot raise it or give it
# the keyboard grab, and says so. On a real screen both work.
pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


def clock() -> datetime:
    return datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def grid(qtbot: QtBot, path: Path, language: str | None = None) -> GridView:
    loaded = load_pack(path)
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        clock=clock,
        translations=loaded.translations,
        language=language,
    )
    view = GridView(SessionBinding(session))
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def cell_with(view: GridView, entry_id: str) -> QModelIndex:
    """The first cell whose text uses the glossary entry ``entry_id``."""
    model = view.grid_model
    for row in range(model.rowCount()):
        for column in range(1, model.columnCount()):
            index = model.index(row, column)
            if entry_id in [e.id for e in model.terms(index)]:
                return index
    raise AssertionError(f"no cell uses {entry_id}")


def point_on_term(view: GridView, index: QModelIndex, entry_id: str) -> QPoint:
    """A point in the viewport where the term of ``entry_id`` is drawn in ``index``."""
    view.scrollTo(index)
    rect = view.visualRect(index)
    for y in range(rect.top(), rect.bottom(), 2):
        for x in range(rect.left(), rect.right(), 2):
            entry = view.term_at(QPoint(x, y))
            if entry is not None and entry.id == entry_id:
                return QPoint(x, y)
    raise AssertionError(f"{entry_id} is not drawn in its cell")


def popup_texts(popup: MeaningPopup) -> list[str]:
    return [label.text() for label in popup.findChildren(QLabel)]


def test_f1_on_a_cell_opens_the_meaning_of_its_terms(qtbot: QtBot) -> None:
    view = grid(qtbot, PSA)
    index = cell_with(view, "mri")
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F1)
    popup = view.meaning_popup
    assert isinstance(popup, MeaningPopup)
    mri = next(e for e in view.grid_model.glossary if e.id == "mri")
    texts = popup_texts(popup)
    assert "MRI" in texts and mri.meaning in texts
    assert "strong magnet" in popup.accessibleDescription()
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.meaning_popup is None)


def test_a_tap_on_a_term_opens_its_meaning_only(qtbot: QtBot) -> None:
    view = grid(qtbot, PSA)
    index = cell_with(view, "biopsy")
    point = point_on_term(view, index, "biopsy")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    popup = view.meaning_popup
    assert isinstance(popup, MeaningPopup)
    assert [e.id for e in popup.entries] == ["biopsy"]
    popup.close()


def test_a_tap_beside_the_terms_opens_nothing(qtbot: QtBot) -> None:
    view = grid(qtbot, KNEE)
    index = view.cell_index(view.grid_model.rows[0].key, view.grid_model.options[0].id)
    rect = view.visualRect(index)
    corner = QPoint(rect.right() - 2, rect.bottom() - 2)
    assert view.term_at(corner) is None
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert view.meaning_popup is None


def test_terms_in_arabic_open_arabic_meanings_right_to_left(qtbot: QtBot) -> None:
    view = grid(qtbot, PSA, "ar")
    index = cell_with(view, "biopsy")
    entry = next(e for e in view.grid_model.terms(index) if e.id == "biopsy")
    assert entry.term == "خزعة"
    point = point_on_term(view, index, "biopsy")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    popup = view.meaning_popup
    assert isinstance(popup, MeaningPopup)
    assert popup.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert entry.meaning in popup_texts(popup)
    popup.close()


def test_the_context_menu_offers_the_meanings_only_where_there_are_terms(
    qtbot: QtBot,
) -> None:
    view = grid(qtbot, PSA)
    index = cell_with(view, "mri")
    view.setCurrentIndex(index)
    view.meaning_action.trigger()
    assert isinstance(view.meaning_popup, MeaningPopup)
    view.meaning_popup.close()
    qtbot.waitUntil(lambda: view.meaning_popup is None)
    model = view.grid_model
    plain = next(
        model.index(r, c)
        for r in range(model.rowCount())
        for c in range(1, model.columnCount())
        if not model.terms(model.index(r, c))
    )
    assert view.show_meanings(plain) is None


def test_markup_in_a_term_or_its_text_is_shown_as_written() -> None:
    entry = GlossaryEntry(id="mri", term="MRI", meaning="A scan.")
    html = marked_html("An <b>MRI</b> & more", [entry])
    assert html.count("<a href='term:mri'>MRI</a>") == 1
    assert "&lt;b&gt;" in html and "&amp;" in html and "<b>" not in html


def test_eligibility_comes_first_and_shared_statements_last(qtbot: QtBot) -> None:
    view = grid(qtbot, EXTRAS)
    rows = view.grid_model.rows
    assert rows[0].key == "eligibility"
    assert rows[-1].kind == "shared"
    model = view.grid_model
    assert [o.id for o in model.options] == ["tablet", "nothing"]
    assert "Only for people aged 18 or over." in str(model.data(model.index(0, 1)))
    assert "No limit stated in this pack." in str(model.data(model.index(0, 2)))
    shared = model.shared_row()
    assert shared is not None and view.columnSpan(shared, 1) == len(model.options)
    statement = model.data(model.index(shared, 1))
    assert all(s.text in str(statement) for s in view.session.pack.content.shared)


def test_a_latin_term_in_an_arabic_popup_starts_on_the_right(qtbot: QtBot) -> None:
    view = grid(qtbot, PSA, "ar")
    popup = view.show_meanings(cell_with(view, "mri"))
    assert isinstance(popup, MeaningPopup)
    term = popup.terms[0]
    assert isinstance(term, QLabel) and term.text() == "MRI"
    assert term.alignment() & Qt.AlignmentFlag.AlignRight
    assert term.alignment() & Qt.AlignmentFlag.AlignAbsolute
    popup.close()
