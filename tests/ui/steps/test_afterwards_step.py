"""The afterwards step: the three CollaboRATE items and the top-box score."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.afterwards_step import AfterwardsStep
from decision_aid.ui.steps.base import PATIENT_SCALE
from tests.conftest import MINIMAL

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
WORDING = [
    "1. How much effort was made to help you understand your health issues?",
    "2. How much effort was made to listen to the things that matter most to you about your "
    "health issues?",
    "3. How much effort was made to include what matters most to you in choosing what to do next?",
]


@pytest.fixture
def session() -> Session:
    loaded = load_pack(MINIMAL)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: NOW)


def make_page(qtbot: QtBot, session: Session, *, patient: bool = False) -> AfterwardsStep:
    page = AfterwardsStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    qtbot.waitExposed(page)
    return page


def choose(qtbot: QtBot, page: AfterwardsStep, item: str, value: int) -> None:
    button = page.scales[item].buttons[value]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_items_are_worded_as_the_instrument(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    texts = [label.text() for label in page.findChildren(QLabel)]
    headings = [label.text() for label in page.findChildren(QLabel) if label.font().bold()]
    for question in WORDING:
        assert question in headings
    assert texts.count("0 = No effort was made") == 3
    assert texts.count("9 = Every effort was made") == 3
    assert [b.text() for b in page.scales["explained"].buttons] == [str(n) for n in range(10)]


def test_clicking_a_value_writes_the_record(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    choose(qtbot, page, "listened", 7)
    assert session.record.collaborate.listened == 7
    choose(qtbot, page, "listened", 0)
    assert session.record.collaborate.listened == 0
    assert session.record.collaborate.explained is None


def test_session_values_check_the_buttons(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.set_collaborate("included", 4)
    assert page.scales["included"].buttons[4].isChecked()
    assert page.scales["included"].value() == 4
    session.set_collaborate("included", None)
    assert not any(b.isChecked() for b in page.scales["included"].buttons)


def test_top_box_score_once_all_three_are_answered(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.score.text() == "Answer all three to see the score."
    choose(qtbot, page, "explained", 9)
    choose(qtbot, page, "listened", 9)
    assert page.score.text() == "Answer all three to see the score."
    choose(qtbot, page, "included", 9)
    assert page.score.text() == "Top score on all three: yes"
    choose(qtbot, page, "listened", 8)
    assert page.score.text() == "Top score on all three: no"


def test_patient_mirror_is_large_and_interactive(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session, patient=True)
    assert page.font().pointSizeF() == pytest.approx(
        QApplication.font().pointSizeF() * PATIENT_SCALE
    )
    choose(qtbot, page, "explained", 6)
    assert session.record.collaborate.explained == 6


def test_keyboard_arrows_move_along_a_scale(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    page.activateWindow()
    qtbot.waitActive(page)
    first = page.scales["explained"].buttons[3]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Space)
    assert session.record.collaborate.explained == 3
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert session.record.collaborate.explained == 4
    assert page.scales["explained"].buttons[4].hasFocus()


def test_every_radio_is_named_with_its_question(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    radios = page.findChildren(QRadioButton)
    assert len(radios) == 30
    assert radios[0].accessibleName() == "0 = No effort was made"
    assert radios[9].accessibleName() == "9 = Every effort was made"
    assert radios[0].accessibleDescription() == WORDING[0][3:]
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
    ]
    assert [w for w in focusable if not w.accessibleName()] == []
