"""The 'Check' page: knowledge questions with feedback and score, and the SURE test."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.model import SureItem
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.check_step import SUGGESTIONS, CheckStep
from tests.conftest import MINIMAL, SHIPPED

ITEMS: tuple[SureItem, ...] = ("sure", "understand", "risk_benefit", "encouragement")


def clock() -> datetime:
    return datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def make_session(path: Path = MINIMAL) -> Session:
    loaded = load_pack(path)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=clock)


@pytest.fixture
def session() -> Session:
    return make_session()


def make_page(qtbot: QtBot, session: Session, *, patient: bool = False) -> CheckStep:
    page = CheckStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# -- knowledge ---------------------------------------------------------------------------


def test_before_answering(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.knowledge_score.text() == "0 of 1 correct"
    assert page.feedback["k1"].isHidden()
    texts = [b.text() for b in page.choices["k1"].buttons()]
    assert texts == ["2", "10"]
    assert page.choices["k1"].checkedId() == -1


def test_right_answer_by_radio(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    click(qtbot, page.choices["k1"].button(1))
    assert [(a.question_id, a.choice_id) for a in session.record.knowledge] == [("k1", "b")]
    feedback = page.feedback["k1"]
    assert not feedback.isHidden()
    assert "✓ Correct." in feedback.text()
    assert "Out of 100 people who take it, 10 feel sick." in feedback.text()
    assert page.knowledge_score.text() == "1 of 1 correct"


def test_wrong_answer_by_radio(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    click(qtbot, page.choices["k1"].button(0))
    assert session.answer("k1") == "a"
    text = page.feedback["k1"].text()
    assert "✗ Not quite. The answer is: 10" in text
    assert "Out of 100 people who take it, 10 feel sick." in text
    assert page.knowledge_score.text() == "0 of 1 correct"


def test_knowledge_binding_from_the_session(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.answer_knowledge("k1", "b")
    assert page.choices["k1"].checkedId() == 1
    assert "✓ Correct." in page.feedback["k1"].text()
    session.answer_knowledge("k1", None)
    assert page.choices["k1"].checkedId() == -1
    assert page.feedback["k1"].isHidden()
    assert page.knowledge_score.text() == "0 of 1 correct"


def test_choices_are_named_with_their_question(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    names = [b.accessibleName() for b in page.choices["k1"].buttons()]
    question = "Out of 100 people who take the tablet, how many feel sick?"
    assert names == [f"2: {question}", f"10: {question}"]


def test_knowledge_score_counts_across_a_shipped_pack(qtbot: QtBot) -> None:
    session = make_session(SHIPPED / "psa-screening")
    page = make_page(qtbot, session)
    questions = session.pack.content.knowledge
    for question in questions[:2]:
        index = [c.id for c in question.choices].index(question.answer)
        click(qtbot, page.choices[question.id].button(index))
    wrong = questions[2]
    index = next(i for i, c in enumerate(wrong.choices) if c.id != wrong.answer)
    click(qtbot, page.choices[wrong.id].button(index))
    assert page.knowledge_score.text() == f"2 of {len(questions)} correct"


# -- SURE --------------------------------------------------------------------------------


def test_sure_waits_for_all_four(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.sure_score.text() == (
        "Answer all four questions to see the SURE score (0 of 4 answered)."
    )
    click(qtbot, page.sure_pairs["sure"].yes)
    assert session.record.sure.sure is True
    assert page.sure_score.text().endswith("(1 of 4 answered).")
    assert page.conflict.isHidden()


def test_sure_four_yes_is_no_conflict(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    for item in ITEMS:
        click(qtbot, page.sure_pairs[item].yes)
    assert [getattr(session.record.sure, item) for item in ITEMS] == [True] * 4
    assert page.sure_score.text() == "SURE score: 4 of 4"
    assert page.conflict.text() == "All four answers are yes: no sign of decisional conflict."


@pytest.mark.parametrize("no_item", ITEMS)
def test_one_no_flags_conflict_with_its_suggestion(
    qtbot: QtBot, session: Session, no_item: SureItem
) -> None:
    page = make_page(qtbot, session)
    for item in ITEMS:
        pair = page.sure_pairs[item]
        click(qtbot, pair.no if item == no_item else pair.yes)
    assert getattr(session.record.sure, no_item) is False
    assert page.sure_score.text() == "SURE score: 3 of 4"
    text = page.conflict.text()
    assert not page.conflict.isHidden()
    assert text.startswith("A score of 3 or less is a sign of decisional conflict")
    for item, suggestion in SUGGESTIONS.items():
        assert (suggestion in text) == (item == no_item)


def test_suggestions_say_what_to_do(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    for item in ITEMS:
        click(qtbot, page.sure_pairs[item].no)
    text = page.conflict.text()
    assert page.sure_score.text() == "SURE score: 0 of 4"
    assert "Take more time. It is fine to decide later" in text
    assert "Go back over the options and their benefits and risks" in text
    assert "Revisit 'What matters to you'" in text
    assert "involving family, a carer or a friend" in text


def test_sure_binding_from_the_session(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.answer_sure("understand", False)
    assert page.sure_pairs["understand"].no.isChecked()
    assert not page.sure_pairs["understand"].yes.isChecked()
    session.answer_sure("understand", None)
    assert not page.sure_pairs["understand"].no.isChecked()
    for item in ITEMS:
        session.answer_sure(item, True)
    assert page.sure_score.text() == "SURE score: 4 of 4"


def test_sure_radios_are_named_and_keyboard_operable(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    pair = page.sure_pairs["encouragement"]
    question = "Do you have enough support and advice to make a choice?"
    assert pair.yes.accessibleName() == f"Yes: {question}"
    assert pair.no.accessibleName() == f"No: {question}"
    qtbot.keyClick(pair.no, Qt.Key.Key_Space)
    assert session.record.sure.encouragement is False


def test_the_sure_source_is_cited(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    texts = [label.text() for label in page.findChildren(QWidget) if hasattr(label, "text")]
    assert any("Légaré F" in t and "Can Fam Physician 2010" in t for t in texts)


# -- patient mirror and accessibility ------------------------------------------------------


def test_patient_mirror_is_read_only_and_follows(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session, patient=True)
    assert page.findChildren(QAbstractButton) == []
    assert page.answers["k1"].text() == "Not answered yet"
    assert page.sure_answers["sure"].text() == "Not answered yet"
    session.answer_knowledge("k1", "a")
    assert page.answers["k1"].text() == "Your answer: 2"
    assert "✗ Not quite. The answer is: 10" in page.feedback["k1"].text()
    for item in ITEMS:
        session.answer_sure(item, item != "sure")
    assert page.sure_answers["sure"].text() == "No"
    assert page.sure_answers["understand"].text() == "Yes"
    assert page.sure_score.text() == "SURE score: 3 of 4"
    assert SUGGESTIONS["sure"] in page.conflict.text()


@pytest.mark.parametrize(
    "pack", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_every_focusable_control_is_named(qtbot: QtBot, pack: str) -> None:
    session = make_session(SHIPPED / pack)
    page = make_page(qtbot, session)
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.window() is page
    ]
    choices = sum(len(q.choices) for q in session.pack.content.knowledge)
    assert len(focusable) == choices + 8
    assert [w for w in focusable if not w.accessibleName()] == []
