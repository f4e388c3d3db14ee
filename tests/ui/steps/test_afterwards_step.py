"""The afterwards step: the patient answers the three CollaboRATE items privately in the
patient's view; the clinician's page never shows the answers or the score."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.steps.afterwards_step import AfterwardsStep, ScaleButtons
from decision_aid.ui.steps.base import PATIENT_SCALE
from tests.conftest import MINIMAL
from tests.ui.consult_support import new_session
from tests.ui.layout_support import settle

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


def make_page(qtbot: QtBot, session: Session, *, patient: bool = True) -> AfterwardsStep:
    page = AfterwardsStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    qtbot.waitExposed(page)
    return page


def choose(qtbot: QtBot, page: AfterwardsStep, item: str, value: int) -> None:
    button = page.scales[item].buttons[value]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def shown_text(page: QWidget) -> str:
    return "\n".join(label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page))


def test_items_are_worded_as_the_instrument(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    texts = [label.text() for label in page.findChildren(QLabel)]
    headings = [label.text() for label in page.findChildren(QLabel) if label.font().bold()]
    for question in WORDING:
        assert question in headings
    assert texts.count("0 = No effort was made") == 3
    assert texts.count("9 = Every effort was made") == 3
    assert [b.text() for b in page.scales["explained"].buttons] == [str(n) for n in range(10)]


def test_the_patient_answers_in_the_patients_view(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.font().pointSizeF() == pytest.approx(
        QApplication.font().pointSizeF() * PATIENT_SCALE
    )
    choose(qtbot, page, "listened", 7)
    assert session.record.collaborate.listened == 7
    choose(qtbot, page, "listened", 0)
    assert session.record.collaborate.listened == 0
    assert session.record.collaborate.explained is None
    assert "not shown on your clinician's screen" in shown_text(page)


def test_session_values_check_the_buttons(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.set_collaborate("included", 4)
    assert page.scales["included"].buttons[4].isChecked()
    assert page.scales["included"].value() == 4
    session.set_collaborate("included", None)
    assert not any(b.isChecked() for b in page.scales["included"].buttons)


def test_the_clinicians_page_shows_neither_answers_nor_score(
    qtbot: QtBot, session: Session
) -> None:
    patient = make_page(qtbot, session)
    clinician = make_page(qtbot, session, patient=False)
    assert clinician.scales == {}
    assert clinician.findChildren(QRadioButton) == []
    assert clinician.progress.text() == "The patient has not answered yet."
    choose(qtbot, patient, "explained", 9)
    choose(qtbot, patient, "listened", 3)
    assert clinician.progress.text() == "The patient has answered 2 of the three questions."
    choose(qtbot, patient, "included", 9)
    assert clinician.progress.text() == "The patient has answered all three questions."
    text = shown_text(clinician)
    assert "Top score" not in text and "yes" not in text
    assert re.search(r"\b[39]\b", text) is None
    assert patient.progress.text() == "Thank you for answering."
    assert "score" not in shown_text(patient).lower()


def test_the_clinician_hands_the_questions_to_the_patient(qtbot: QtBot) -> None:
    loaded, session = new_session("knee-osteoarthritis")
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.show()
    window.go_to("afterwards")
    page = window.current_page()
    assert isinstance(page, AfterwardsStep) and page.hand_over is not None
    assert window.patient_window is None
    qtbot.mouseClick(page.hand_over, Qt.MouseButton.LeftButton)
    patient = window.patient_window
    assert patient is not None
    qtbot.addWidget(patient)
    assert window.patient_button.isChecked()
    mirror = patient.pages["afterwards"]
    assert isinstance(mirror, AfterwardsStep)
    assert patient.stack.currentWidget().widget() is mirror  # type: ignore[attr-defined]
    assert len(mirror.findChildren(QRadioButton)) == 30
    window.set_patient_view(False)


@pytest.mark.parametrize(
    "direction", [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft]
)
def test_the_end_labels_sit_under_their_buttons(
    qtbot: QtBot, direction: Qt.LayoutDirection
) -> None:
    scale = ScaleButtons("How much?")
    scale.setLayoutDirection(direction)
    qtbot.addWidget(scale)
    scale.resize(900, 120)
    scale.show()
    settle(scale)
    zero, nine = scale.buttons[0].geometry(), scale.buttons[9].geometry()
    low, high = scale.low.geometry(), scale.high.geometry()
    assert low.top() >= zero.bottom() and high.top() >= nine.bottom()
    if direction == Qt.LayoutDirection.LeftToRight:
        assert abs(low.left() - zero.left()) <= 1
        assert abs(high.right() - nine.right()) <= 1
        shown = scale.high.fontMetrics().horizontalAdvance(scale.high.text())
        assert high.right() - shown <= nine.left()  # the text reaches in under the 9
    else:
        assert abs(low.right() - zero.right()) <= 1
        assert abs(high.left() - nine.left()) <= 1


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


@pytest.mark.parametrize("patient", [True, False])
def test_every_control_is_named(qtbot: QtBot, session: Session, patient: bool) -> None:
    page = make_page(qtbot, session, patient=patient)
    radios = page.findChildren(QRadioButton)
    if patient:
        assert len(radios) == 30
        assert radios[0].accessibleName() == "0 = No effort was made"
        assert radios[9].accessibleName() == "9 = Every effort was made"
        assert radios[0].accessibleDescription() == WORDING[0][3:]
    else:
        assert page.kiosk is not None
        kiosk = [page.kiosk.give_button, page.kiosk.read_button]
        assert set(page.findChildren(QAbstractButton)) == {page.hand_over, *kiosk}
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
    ]
    assert [w for w in focusable if not w.accessibleName()] == []
