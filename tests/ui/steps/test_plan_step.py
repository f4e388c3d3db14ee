"""The plan step: leaning, questions, supporters, support, next steps, follow-up."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, Qt
from PySide6.QtGui import QFocusEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.i18n.bidi import strip_isolates
from decision_aid.session.model import Supporter
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.base import PATIENT_SCALE
from decision_aid.ui.steps.plan_step import PlanStep
from tests.conftest import MINIMAL, SHIPPED


class Shown:
    """What a rich-text label shows a reader: its text, without markup or isolates."""

    def __init__(self, label: QLabel) -> None:
        self.label = label

    def text(self) -> str:
        document = QTextDocument()
        document.setHtml(self.label.text())
        return strip_isolates(document.toPlainText())


NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def make_session(path: object = MINIMAL) -> Session:
    loaded = load_pack(path)  # type: ignore[arg-type]
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: NOW)


@pytest.fixture
def session() -> Session:
    return make_session()


def make_page(qtbot: QtBot, session: Session, *, patient: bool = False) -> PlanStep:
    page = PlanStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(page)
    page.resize(1100, 750)
    page.show()
    qtbot.waitExposed(page)
    return page


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click where the button reacts: near its left end (radio and check boxes
    react only on their indicator and text, not on the whole stretched row)."""
    pos = QPoint(min(8, button.width() // 2), button.height() // 2)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos)


# -- leaning -------------------------------------------------------------------------


def test_leaning_offers_each_option_then_unsure_and_later(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    texts = [b.text() for b in page.leaning_buttons.values()]
    assert texts == ["Take the tablet", "No tablet", "Not sure yet", "I want to decide later"]
    assert list(page.leaning_buttons) == ["option:tablet", "option:nothing", "unsure", "later"]
    assert not any(b.isChecked() for b in page.leaning_buttons.values())


def test_clicking_a_leaning_writes_the_record(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    click(qtbot, page.leaning_buttons["option:nothing"])
    assert session.record.plan.leaning == "option:nothing"
    click(qtbot, page.leaning_buttons["later"])
    assert session.record.plan.leaning == "later"


def test_session_leaning_checks_the_radio_and_none_clears(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.set_leaning("unsure")
    assert page.leaning_buttons["unsure"].isChecked()
    session.set_leaning("option:tablet")
    assert page.leaning_buttons["option:tablet"].isChecked()
    assert not page.leaning_buttons["unsure"].isChecked()
    session.set_leaning(None)
    assert not any(b.isChecked() for b in page.leaning_buttons.values())


def test_gentle_prompt_when_leaning_differs_from_ratings(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.rate("avoid-tablets", 4)  # the tablet -2, no tablet +2
    session.set_leaning("option:nothing")
    assert page.leaning_prompt.isHidden()
    click(qtbot, page.leaning_buttons["option:tablet"])
    assert not page.leaning_prompt.isHidden()
    assert "Take the tablet" in page.leaning_prompt.text()
    assert "No tablet" in page.leaning_prompt.text()


# -- questions -----------------------------------------------------------------------


def test_enter_adds_a_question_and_clears_the_field(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    qtbot.keyClicks(page.question_edit, "Can I stop later?")
    qtbot.keyClick(page.question_edit, Qt.Key.Key_Return)
    assert session.record.plan.questions == ["Can I stop later?"]
    assert page.question_edit.text() == ""
    assert [label.text() for label in page.question_items.labels] == ["Can I stop later?"]
    assert page.question_items.empty.isHidden()


def test_add_button_adds_and_blank_is_ignored(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    qtbot.keyClicks(page.question_edit, "   ")
    click(qtbot, page.question_add)
    assert session.record.plan.questions == []
    page.question_edit.setText("What are the side effects?")
    click(qtbot, page.question_add)
    assert session.record.plan.questions == ["What are the side effects?"]


def prompt_texts(page: PlanStep) -> list[str]:
    choice = page.prompt_choice
    assert choice is not None
    return [choice.itemText(row) for row in range(choice.count())]


def test_a_pack_without_prompts_offers_none(qtbot: QtBot, session: Session) -> None:
    assert make_page(qtbot, session).prompt_choice is None


def test_the_packs_prompts_can_be_added_in_both_directions(qtbot: QtBot) -> None:
    session = make_session(SHIPPED / "statins-primary-prevention")
    page = make_page(qtbot, session)
    choice = page.prompt_choice
    assert choice is not None and choice.currentIndex() == -1
    prompts = [p.text for p in session.pack.content.prompts]
    assert prompt_texts(page) == prompts
    assert choice.placeholderText() == "Add a question patients often ask"
    choice.setFocus()
    qtbot.waitUntil(choice.hasFocus)
    qtbot.keyClick(choice, Qt.Key.Key_Down)  # the first: What are my options?
    assert session.record.plan.questions == [prompts[0]]
    assert choice.currentIndex() == -1
    assert [label.text() for label in page.question_items.labels] == [prompts[0]]
    model = choice.model()
    assert not model.item(0).isEnabled() and model.item(1).isEnabled()
    choice.activated.emit(0)  # once only
    assert session.record.plan.questions == [prompts[0]]
    session.set_questions([prompts[4]])
    assert model.item(0).isEnabled() and not model.item(4).isEnabled()


def test_the_prompts_are_in_the_patients_language(qtbot: QtBot) -> None:
    loaded = load_pack(SHIPPED / "psa-screening")
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        translations=loaded.translations,
        language="cy",
        clock=lambda: NOW,
    )
    page = make_page(qtbot, session)
    texts = prompt_texts(page)
    assert texts[0] == "Beth yw fy newisiadau?"
    assert texts == [p.text for p in session.pack.content.prompts]


def test_remove_button_removes_that_question(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.set_questions(["First?", "Second?", "Third?"])
    assert [label.text() for label in page.question_items.labels] == [
        "First?",
        "Second?",
        "Third?",
    ]
    assert page.question_items.buttons[1].accessibleName() == "Remove question: Second?"
    click(qtbot, page.question_items.buttons[1])
    assert session.record.plan.questions == ["First?", "Third?"]
    assert [label.text() for label in page.question_items.labels] == ["First?", "Third?"]
    session.set_questions([])
    assert page.question_items.labels == []
    assert not page.question_items.empty.isHidden()


def test_keyboard_focus_stays_on_a_remove_button(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    page.activateWindow()
    qtbot.waitActive(page)
    session.set_questions(["First?", "Second?"])
    page.question_items.buttons[0].setFocus()
    qtbot.waitUntil(page.question_items.buttons[0].hasFocus)
    qtbot.keyClick(page.question_items.buttons[0], Qt.Key.Key_Space)
    assert session.record.plan.questions == ["Second?"]
    qtbot.waitUntil(page.question_items.buttons[0].hasFocus)


# -- supporters ----------------------------------------------------------------------


def test_add_and_remove_a_supporter(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    qtbot.keyClicks(page.supporter_name, "Anna")
    page.supporter_relationship.setCurrentIndex(page.supporter_relationship.findData("carer"))
    qtbot.keyClicks(page.supporter_note, "Comes to appointments")
    click(qtbot, page.supporter_add)
    assert session.record.plan.supporters == [
        Supporter(name="Anna", relationship="carer", note="Comes to appointments")
    ]
    assert page.supporter_name.text() == ""
    shown = strip_isolates(page.supporter_items.labels[0].text())
    assert shown == "Anna (Carer): Comes to appointments"
    click(qtbot, page.supporter_items.buttons[0])
    assert session.record.plan.supporters == []


def test_supporter_needs_a_name(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    click(qtbot, page.supporter_add)
    assert session.record.plan.supporters == []


def test_session_supporters_are_listed(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.set_supporters(
        [Supporter(name="Tom", relationship="friend"), Supporter(name="Mo", relationship="family")]
    )
    assert [strip_isolates(label.text()) for label in page.supporter_items.labels] == [
        "Tom (Friend)",
        "Mo (Family)",
    ]


# -- community support ---------------------------------------------------------------


def test_resource_checkbox_both_ways(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    box = page.resource_boxes["helpline"]
    assert box.accessibleName() == "Test helpline"
    shown = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "Someone to talk to." in shown
    assert "<a href='https://example.org'>https://example.org</a>" in shown
    click(qtbot, box)
    assert session.record.plan.resources == ["helpline"]
    session.set_resources([])
    assert not box.isChecked()


def test_every_shipped_resource_has_a_checkbox(qtbot: QtBot) -> None:
    session = make_session(SHIPPED / "statins-primary-prevention")
    page = make_page(qtbot, session)
    names = [box.accessibleName() for box in page.resource_boxes.values()]
    assert names == [r.name for r in session.pack.content.support]


# -- next steps ----------------------------------------------------------------------


def test_typing_next_steps_waits_then_flush_commits_once(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    qtbot.keyClicks(page.next_steps, "Blood test")
    assert session.record.plan.next_steps == ""
    assert page.next_steps_timer.isActive()
    page.flush_next_steps()
    assert session.record.plan.next_steps == "Blood test"
    assert page.next_steps.toPlainText() == "Blood test"
    session.undo()
    assert session.record.plan.next_steps == ""
    assert page.next_steps.toPlainText() == ""


def test_next_steps_commit_after_a_pause(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    page.next_steps_timer.setInterval(5)
    qtbot.keyClicks(page.next_steps, "Ring on Monday")
    qtbot.waitUntil(lambda: session.record.plan.next_steps == "Ring on Monday")


def test_next_steps_commit_on_focus_out(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    qtbot.keyClicks(page.next_steps, "Book a review")
    QApplication.sendEvent(page.next_steps, QFocusEvent(QEvent.Type.FocusOut))
    assert session.record.plan.next_steps == "Book a review"


def test_session_next_steps_shown_but_typing_is_not_overwritten(
    qtbot: QtBot, session: Session
) -> None:
    page = make_page(qtbot, session)
    session.set_next_steps("Call the practice")
    assert page.next_steps.toPlainText() == "Call the practice"
    page.next_steps.clear()
    qtbot.keyClicks(page.next_steps, "Typing")
    session.set_questions(["Another change?"])
    assert page.next_steps.toPlainText() == "Typing"


# -- follow-up -----------------------------------------------------------------------


def test_follow_up_date_set_and_cleared(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.no_follow_up.isChecked()
    assert not page.follow_up.isEnabled()
    click(qtbot, page.no_follow_up)
    assert session.record.plan.follow_up == NOW.date()
    assert page.follow_up.isEnabled()
    page.follow_up.setDate(QDate(2026, 12, 23))
    assert session.record.plan.follow_up == date(2026, 12, 23)
    click(qtbot, page.no_follow_up)
    assert session.record.plan.follow_up is None
    assert not page.follow_up.isEnabled()


def test_session_follow_up_shows_in_the_date_edit(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.set_follow_up(date(2027, 1, 5))
    assert page.follow_up.date() == QDate(2027, 1, 5)
    assert not page.no_follow_up.isChecked()
    assert page.follow_up.text() == "5 January 2027"
    session.set_follow_up(None)
    assert page.no_follow_up.isChecked()


# -- patient mirror and accessibility ------------------------------------------------


def test_patient_mirror_is_large_read_only_text(qtbot: QtBot, session: Session) -> None:
    session.set_leaning("option:tablet")
    session.set_questions(["Is it <safe>?"])
    session.set_supporters([Supporter(name="Anna", relationship="family")])
    session.set_resources(["helpline"])
    session.set_next_steps("Blood test\nReview")
    session.set_follow_up(date(2026, 12, 23))
    page = make_page(qtbot, session, patient=True)
    editable = (QLineEdit, QPlainTextEdit, QRadioButton, QCheckBox)
    assert not [w for w in page.findChildren(QWidget) if isinstance(w, editable)]
    assert page.font().pointSizeF() == pytest.approx(
        QApplication.font().pointSizeF() * PATIENT_SCALE
    )
    labels = {key: Shown(label) for key, label in page.patient_labels.items()}
    assert labels["leaning"].text() == "Take the tablet"
    assert "Is it <safe>?" in labels["questions"].text()
    assert "Anna (Family)" in labels["supporters"].text()
    assert "Test helpline" in labels["resources"].text()
    assert labels["next_steps"].text() == "Blood test\nReview"
    assert labels["follow_up"].text() == "Wednesday, 23 December 2026"  # British, as promised
    session.set_leaning("later")
    assert labels["leaning"].text() == "I want to decide later"


def test_every_focusable_control_has_an_accessible_name(qtbot: QtBot, session: Session) -> None:
    session.set_questions(["A question?"])
    session.set_supporters([Supporter(name="Anna", relationship="family")])
    page = make_page(qtbot, session)
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible()
    ]
    assert len(focusable) > 10
    assert [w for w in focusable if not w.accessibleName()] == []


def test_remove_buttons_follow_their_add_button_in_tab_order(
    qtbot: QtBot, session: Session
) -> None:
    page = make_page(qtbot, session)
    session.set_questions(["One?", "Two?"])
    assert page.question_add.nextInFocusChain() is page.question_items.buttons[0]
    assert page.question_items.buttons[0].nextInFocusChain() is page.question_items.buttons[1]
