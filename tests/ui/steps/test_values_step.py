"""The 'What matters to you' page: rating binding both ways, own concerns, fit text, leaning."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from decision_aid.content.loader import load_pack
from decision_aid.session.scoring import Driver
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.steps.values_step import ValuesStep
from decision_aid.ui.steps.values_words import HOW_IT_WORKS, fit_verdict, fit_words, reason
from decision_aid.ui.widgets.scale_buttons import IMPORTANCE
from tests.conftest import MINIMAL, SHIPPED

CONCERN = "avoid-tablets"


def clock() -> datetime:
    return datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def make_session(path: Path = MINIMAL) -> Session:
    loaded = load_pack(path)
    return Session(loaded.pack, content_hash=loaded.content_hash, clock=clock)


@pytest.fixture
def session() -> Session:
    return make_session()


def make_page(qtbot: QtBot, session: Session, *, patient: bool = False) -> ValuesStep:
    page = ValuesStep(SessionBinding(session), patient=patient)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def verdict(page: ValuesStep, option_id: str) -> str:
    return page.fit_rows[option_id].verdict.text()


def sides(page: ValuesStep, option_id: str) -> tuple[str, str]:
    """The reasons to avoid and to choose an option, as shown (plain text)."""
    view = page.fit_rows[option_id]
    return plain(view.avoid.text()), plain(view.choose.text())


def plain(markup: str) -> str:
    document = QTextDocument()
    document.setHtml(markup)
    return document.toPlainText().strip()


def shown_text(page: QWidget) -> str:
    labels = [w for w in page.findChildren(QLabel) if w.isVisibleTo(page) and w.text()]
    combos = [w for w in page.findChildren(QComboBox) if w.isVisibleTo(page)]
    return "\n".join(
        [plain(w.text()) for w in labels]
        + [w.itemText(i) for w in combos for i in range(w.count())]
        + [w.accessibleName() + " " + w.accessibleDescription() for w in page.findChildren(QWidget)]
    )


# -- the importance control ------------------------------------------------------------


def test_unrated_concern_says_so(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.ratings[CONCERN].value() is None
    assert page.statuses[CONCERN].text() == "Not rated yet"
    assert not page.statuses[CONCERN].isHidden()
    assert not any(b.isChecked() for b in page.ratings[CONCERN].buttons)


def test_session_rating_shows_on_the_control(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.rate(CONCERN, 3)
    assert page.ratings[CONCERN].buttons[3].isChecked()
    assert page.statuses[CONCERN].isHidden()
    session.rate(CONCERN, None)
    assert not any(b.isChecked() for b in page.ratings[CONCERN].buttons)
    assert page.statuses[CONCERN].text() == "Not rated yet"
    assert not page.statuses[CONCERN].isHidden()


def test_clicking_the_control_rates_the_concern(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    qtbot.mouseClick(page.ratings[CONCERN].buttons[4], Qt.MouseButton.LeftButton)
    assert [(r.concern_id, r.importance) for r in session.record.ratings] == [(CONCERN, 4)]
    qtbot.mouseClick(page.ratings[CONCERN].buttons[0], Qt.MouseButton.LeftButton)
    assert session.importance(CONCERN) == 0


def test_the_control_works_from_the_keyboard(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    button = page.ratings[CONCERN].buttons[2]
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert session.importance(CONCERN) == 2


def test_importance_buttons_name_the_concern(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    names = [b.accessibleName() for b in page.ratings[CONCERN].buttons]
    assert names == [
        "Not taking tablets: Not at all",
        "Not taking tablets: A little",
        "Not taking tablets: Somewhat",
        "Not taking tablets: A lot",
        "Not taking tablets: Extremely",
    ]


# -- own concerns ---------------------------------------------------------------------


def test_add_own_concern_from_the_line_edit(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.add_edit is not None and page.add_button is not None
    assert not page.add_button.isEnabled()
    qtbot.keyClicks(page.add_edit, "Being able to drive")
    assert page.add_button.isEnabled()
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    own = session.record.own_concerns
    assert [(c.id, c.text, c.importance) for c in own] == [("own-1", "Being able to drive", 2)]
    assert page.add_edit.text() == ""
    assert page.ratings["own-1"].buttons[2].isChecked()
    assert set(page.fares) == {("own-1", "tablet"), ("own-1", "nothing")}
    assert page.removes["own-1"].accessibleName() == "Remove ‘Being able to drive’"


def test_return_adds_and_blank_text_does_not(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.add_edit is not None
    qtbot.keyClicks(page.add_edit, "   ")
    qtbot.keyClick(page.add_edit, Qt.Key.Key_Return)
    assert session.record.own_concerns == []
    page.add_edit.clear()
    qtbot.keyClicks(page.add_edit, "Sleeping well")
    qtbot.keyClick(page.add_edit, Qt.Key.Key_Return)
    assert [c.text for c in session.record.own_concerns] == ["Sleeping well"]


def test_own_fare_binding_both_ways(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    own = session.add_own_concern("Sleeping well")
    combo = page.fares[(own, "tablet")]
    assert combo.currentData() == 0
    assert combo.currentText() == "Makes no difference"
    assert combo.accessibleName() == "For Take the tablet, ‘Sleeping well’ is:"
    combo.setCurrentIndex(combo.findData(2))
    assert session.record.own_concerns[0].fares == {"tablet": 2}
    assert combo.currentText() == "A strong reason to choose it"
    session.set_own_fare(own, "nothing", -1)
    assert page.fares[(own, "nothing")].currentData() == -1
    assert page.fares[(own, "nothing")].currentText() == "A small reason to avoid it"


def test_own_concern_importance_binding(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    own = session.add_own_concern("Sleeping well")
    qtbot.keyClick(page.ratings[own].buttons[4], Qt.Key.Key_Space)
    assert session.record.own_concerns[0].importance == 4
    session.rate(own, 1)
    assert page.ratings[own].buttons[1].isChecked()


def test_remove_own_concern(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    own = session.add_own_concern("Sleeping well")
    qtbot.mouseClick(page.removes[own], Qt.MouseButton.LeftButton)
    assert session.record.own_concerns == []
    assert own not in page.ratings
    assert page.fares == {}


def test_fare_controls_follow_visible_options(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    own = session.add_own_concern("Sleeping well")
    session.set_option_hidden("nothing", True)
    assert set(page.fares) == {(own, "tablet")}
    assert set(page.fit_rows) == {"tablet"}
    session.set_option_hidden("nothing", False)
    assert set(page.fit_rows) == {"tablet", "nothing"}


# -- the fit ----------------------------------------------------------------------------


def test_no_fit_until_something_matters(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert not page.invitation.isHidden()
    assert page.invitation.text().startswith("Rate how much the concerns above matter")
    assert page.fits_panel.isHidden()
    session.rate(CONCERN, 0)
    assert not page.invitation.isHidden()
    session.rate(CONCERN, 1)
    assert page.invitation.isHidden()
    assert not page.fits_panel.isHidden()


def test_hand_computed_fit_on_the_minimal_pack(qtbot: QtBot, session: Session) -> None:
    # avoid-tablets: tablet -2, nothing +2; importance 4.
    # tablet: pulled away 4 * 2 / (2 * 4) = 1, towards 0: fit -1; nothing the other way: +1.
    page = make_page(qtbot, session)
    session.rate(CONCERN, 4)
    assert verdict(page, "tablet") == "Does not fit"
    assert verdict(page, "nothing") == "Fits well"
    tablet, nothing = page.fit_rows["tablet"].bar, page.fit_rows["nothing"].bar
    assert (tablet.towards, tablet.away) == (0.0, 1.0)
    assert (nothing.towards, nothing.away) == (1.0, 0.0)
    why = "Not taking tablets\nMatters to you: Extremely. A strong reason."
    assert sides(page, "tablet") == (why, "None among what you rated.")
    assert sides(page, "nothing") == ("None among what you rated.", why)
    assert tablet.accessibleName() == "Take the tablet: Does not fit"
    assert tablet.accessibleDescription() == (
        "Reasons to choose it: none. Reasons to avoid it: Not taking tablets "
        "(Matters to you: Extremely. A strong reason.)."
    )


def test_own_concern_moves_the_fit(qtbot: QtBot, session: Session) -> None:
    # avoid-tablets 4 (tablet -2); own 'Fewer bad days' 4 with tablet +2:
    # tablet: towards 8 / 16, away 8 / 16, fit 0; nothing: towards 8 / 16, fit +0.5.
    page = make_page(qtbot, session)
    session.rate(CONCERN, 4)
    own = session.add_own_concern("Fewer bad days", importance=4)
    session.set_own_fare(own, "tablet", 2)
    assert verdict(page, "tablet") == "Fits neither well nor badly"
    assert verdict(page, "nothing") == "Fits well"
    bar = page.fit_rows["tablet"].bar
    assert (bar.towards, bar.away) == (0.5, 0.5)
    assert sides(page, "tablet") == (
        "Not taking tablets\nMatters to you: Extremely. A strong reason.",
        "Fewer bad days\nMatters to you: Extremely. A strong reason.",
    )


def test_the_bar_grows_each_way_and_mirrors(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.rate(CONCERN, 4)
    own = session.add_own_concern("Fewer bad days", importance=2)
    session.set_own_fare(own, "tablet", 1)
    bar = page.fit_rows["tablet"].bar
    avoid, choose = bar.bars()
    centre = bar.rect().adjusted(0, 0, -1, -1).center().x()
    assert avoid.right() < centre <= choose.left()
    assert avoid.width() > choose.width() > 0
    bar.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    avoid, choose = bar.bars()
    assert choose.right() <= centre < avoid.left()


def test_note_and_how_it_is_worked_out(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    assert page.note.text().startswith(
        "This shows how your own ratings line up with the options. It is not a recommendation."
    )
    assert page.how_button is not None
    assert page.how_text.isHidden()
    qtbot.mouseClick(page.how_button, Qt.MouseButton.LeftButton)
    assert not page.how_text.isHidden()
    assert "A strong reason counts twice as much as a small one" in page.how_text.text()
    assert "not a recommendation" in page.how_text.text()


def test_the_scale_and_the_explanation_use_the_same_words(qtbot: QtBot) -> None:
    session = make_session(SHIPPED / "knee-osteoarthritis")
    page = make_page(qtbot, session)
    for concern_id, importance in zip(page.ratings, (4, 3, 2, 1, 4, 3), strict=False):
        session.rate(concern_id, importance)
    text = shown_text(page)
    for label in IMPORTANCE[1:]:
        assert f"Matters to you: {label}." in text
    for label in IMPORTANCE:
        assert f"‘{label}’" in HOW_IT_WORKS
        assert page.ratings["avoid_surgery"].buttons[IMPORTANCE.index(label)].toolTip() == label


@pytest.mark.parametrize("patient", [False, True])
@pytest.mark.parametrize(
    "pack", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_no_signed_decimals_and_no_jargon(qtbot: QtBot, pack: str, patient: bool) -> None:
    session = make_session(SHIPPED / pack)
    session.add_own_concern("Being able to work", importance=3)
    for index, value in enumerate(session.pack.content.values):
        session.rate(value.id, index % 5)
    page = make_page(qtbot, session, patient=patient)
    if page.how_button is not None:
        page.how_button.click()
    text = shown_text(page)
    assert re.search(r"[+−-]\s?\d+[.,]\d", text) is None
    assert re.search(r"\bfares?\b|serves it|works against|[+−]\d", text) is None
    assert "Reasons to choose it" in text and "Reasons to avoid it" in text


def test_knee_replacement_says_which_way_avoiding_an_operation_pulls(qtbot: QtBot) -> None:
    """'Moved most by: avoiding an operation' hid that it pulls away from an operation."""
    session = make_session(SHIPPED / "knee-osteoarthritis")
    page = make_page(qtbot, session)
    session.rate("avoid_surgery", 4)
    avoid, choose = sides(page, "replacement")
    assert avoid.startswith("Avoiding an operation\nMatters to you: Extremely. A strong reason: ")
    assert "Avoiding an operation" not in choose
    avoid, choose = sides(page, "exercise")
    assert choose.startswith("Avoiding an operation\n")
    assert "Avoiding an operation" not in avoid


@pytest.mark.parametrize(
    ("fit", "words"),
    [
        (1.0, "Fits well"),
        (0.5, "Fits well"),
        (0.2, "Fits partly"),
        (0.0, "Fits neither well nor badly"),
        (-0.2, "Fits poorly"),
        (-0.5, "Does not fit"),
        (-1.0, "Does not fit"),
    ],
)
def test_fit_words(fit: float, words: str) -> None:
    assert fit_words(fit) == words
    assert fit_verdict(fit) == words


def test_a_reason_in_words() -> None:
    assert reason(Driver("lasting", "A result that lasts", 2, -1), "Wears off") == (
        "A result that lasts",
        "Matters to you: Somewhat. A small reason: Wears off",
    )
    assert reason(Driver("lasting", "A result that lasts", 4, 2), None) == (
        "A result that lasts",
        "Matters to you: Extremely. A strong reason.",
    )


# -- the leaning prompt -------------------------------------------------------------------


def test_leaning_prompt_appears_and_goes(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session)
    session.rate(CONCERN, 4)
    assert page.prompt.isHidden()
    session.set_leaning("option:tablet")
    assert not page.prompt.isHidden()
    assert page.prompt.text() == (
        "You are leaning towards Take the tablet, but your ratings fit No tablet better. "
        "This can be worth talking about."
    )
    session.set_leaning("option:nothing")
    assert page.prompt.isHidden()
    session.set_leaning("unsure")
    assert page.prompt.isHidden()
    session.set_leaning("option:tablet")
    session.rate(CONCERN, None)
    assert page.prompt.isHidden()


# -- patient mirror and accessibility ----------------------------------------------------


def test_patient_mirror_has_no_inputs(qtbot: QtBot, session: Session) -> None:
    session.rate(CONCERN, 4)
    session.add_own_concern("Sleeping well")
    page = make_page(qtbot, session, patient=True)
    for kind in (QAbstractButton, QLineEdit, QComboBox):
        assert page.findChildren(kind) == []
    assert page.statuses[CONCERN].text() == "Extremely"
    assert page.statuses["own-1"].text() == "Somewhat"
    assert verdict(page, "tablet").startswith("Does not fit")
    assert page.font().pointSizeF() > ValuesStep(SessionBinding(session)).font().pointSizeF()


def test_patient_mirror_follows_the_session(qtbot: QtBot, session: Session) -> None:
    page = make_page(qtbot, session, patient=True)
    assert page.statuses[CONCERN].text() == "Not rated yet"
    session.rate(CONCERN, 1)
    assert page.statuses[CONCERN].text() == "A little"
    session.add_own_concern("Sleeping well")
    assert page.statuses["own-1"].text() == "Somewhat"


@pytest.mark.parametrize(
    "pack", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_every_focusable_control_is_named(qtbot: QtBot, pack: str) -> None:
    session = make_session(SHIPPED / pack)
    session.add_own_concern("Being able to work")
    page = make_page(qtbot, session)
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.window() is page
    ]
    assert focusable
    assert [w for w in focusable if not w.accessibleName()] == []
    assert len(page.ratings) == len(session.pack.content.values) + 1


def test_rebuilt_rows_keep_their_place_in_the_tab_order(qtbot: QtBot, session: Session) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    before, after = QPushButton("before"), QPushButton("after")
    layout.addWidget(before)
    page = ValuesStep(SessionBinding(session))
    layout.addWidget(page)
    layout.addWidget(after)
    session.add_own_concern("Sleeping well")
    names: list[str] = []
    widget = host.nextInFocusChain()
    while widget is not None and widget is not host:
        tabbable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.window() is host
        if tabbable and isValid(widget) and widget.isVisibleTo(host):
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            names.append(widget.accessibleName() or text)
        widget = widget.nextInFocusChain()
    assert names[0] == "before"
    assert names[1] == "Not taking tablets: Not at all"
    assert names.index("For No tablet, ‘Sleeping well’ is:") + 1 == names.index("Your own concern")
    assert names[-2:] == ["How is this worked out?", "after"]
