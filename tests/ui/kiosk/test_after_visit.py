"""After the appointment: the patient types the code from the clinician on a keypad,
answers CollaboRATE one question per screen, and the answers are sealed so that only the
clinic reads them; a wrong code or a folder that is not there gets a plain message."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from decision_aid.kiosk.collaborate import code_state, give_code, open_answers
from decision_aid.kiosk.keys import load_private_key
from decision_aid.ui.kiosk.after_visit import QuestionScreen, ThanksScreen
from decision_aid.ui.kiosk.code_pad import DELETE, CodeScreen
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.welcome import LanguageScreen, TopicScreen
from tests.ui.kiosk.conftest import LANGUAGES, PASSPHRASE, T0, Clinic
from tests.ui.kiosk.journey_support import COLLABORATE, after_visit, tap, type_code


def opened(kiosk: Kiosk, clinic: Clinic, code: str) -> dict[str, int | None]:
    key = load_private_key(clinic.private_key, PASSPHRASE)
    found = open_answers(kiosk.config.spool, code, key, clinic.private_key)
    assert found.answers.answered == T0
    return found.answers.items()


def to_code_screen(qtbot: QtBot, kiosk: Kiosk, language: str = "en") -> CodeScreen:
    screen = kiosk.screen
    assert isinstance(screen, LanguageScreen)
    tap(qtbot, screen.after_visit[language])
    entry = kiosk.screen
    assert isinstance(entry, CodeScreen)
    return entry


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answers_reach_the_clinic_in_every_language(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, language: str
) -> None:
    code = after_visit(qtbot, kiosk, language)
    assert kiosk.window.isRightToLeft() == (language == "ar")
    assert [p.name for p in clinic.spool.iterdir()] == [f"{code}.collaborate"]
    assert opened(kiosk, clinic, code) == COLLABORATE
    thanks = kiosk.screen
    assert isinstance(thanks, ThanksScreen)
    assert not thanks.back_button.isVisible() and not thanks.restart_button.isVisible()
    if language != "en":
        assert thanks.heading.text() != "Thank you"
    tap(qtbot, thanks.next_button)  # Finish: wiped, back to the welcome
    assert isinstance(kiosk.screen, LanguageScreen) and kiosk.answers is None


def test_arabic_mirrors_the_scale(qtbot: QtBot, kiosk: Kiosk) -> None:
    entry = to_code_screen(qtbot, kiosk, "ar")
    code = give_code(kiosk.config.spool)
    type_code(qtbot, kiosk, code)
    question = kiosk.screen
    assert isinstance(question, QuestionScreen) and question.isRightToLeft()
    zero, nine = question.scale.buttons[0], question.scale.buttons[9]
    assert (
        zero.mapTo(kiosk.window, zero.rect().center()).x()
        > nine.mapTo(kiosk.window, nine.rect().center()).x()
    )
    low = question.lowest.mapTo(kiosk.window, question.lowest.rect().center()).x()
    high = question.highest.mapTo(kiosk.window, question.highest.rect().center()).x()
    assert low > high
    # The code still reads left to right, on its screen and its keypad.
    assert entry.shown_code.layoutDirection() == Qt.LayoutDirection.LeftToRight
    one, two = entry.pad.keys["1"], entry.pad.keys["2"]
    assert one.mapTo(entry, one.rect().center()).x() < two.mapTo(entry, two.rect().center()).x()


def test_the_keypad_types_only_code_characters(qtbot: QtBot, kiosk: Kiosk) -> None:
    entry = to_code_screen(qtbot, kiosk)
    assert set(entry.pad.keys) == set("0123456789ACDEFHJKMNPRTUWXY") | {DELETE}
    for char in "K7M4":
        tap(qtbot, entry.pad.keys[char])
    assert entry.code == "K7M4"
    assert entry.shown_code.text().replace("\u2009", "") == "K7M   4__"
    assert entry.shown_code.accessibleName() == "K 7 M 4: 2 more characters to type"
    tap(qtbot, entry.pad.keys[DELETE])
    assert entry.code == "K7M"
    for char in "XPAA":
        tap(qtbot, entry.pad.keys[char])
    assert entry.code == "K7MXPA"  # six at most
    entry.setFocus()
    qtbot.keyClick(entry, Qt.Key.Key_Backspace)
    qtbot.keyClicks(entry, "o?-")  # an O is read as a zero; the rest does nothing
    assert entry.code == "K7MXP0"


def test_a_short_code_gets_a_plain_message(qtbot: QtBot, kiosk: Kiosk) -> None:
    entry = to_code_screen(qtbot, kiosk)
    for char in "K7M":
        tap(qtbot, entry.pad.keys[char])
    tap(qtbot, entry.next_button)
    assert kiosk.screen is entry and entry.message.isVisible()
    assert entry.message.text() == "A code has 6 letters and numbers. You have typed 3."
    tap(qtbot, entry.pad.keys["4"])
    assert not entry.message.isVisible()


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("unknown", "This code was not found."),
        ("expired", "This code is too old to use now."),
        ("answered", "have been answered already"),
    ],
)
def test_a_code_that_waits_for_nothing_gets_a_plain_message(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, state: str, words: str
) -> None:
    spool = kiosk.config.spool
    code = "AAAAAA"
    if state == "expired":
        code = give_code(spool)
        (clinic.spool / f"{code}.collaborate-wait").rename(
            clinic.spool / f"{code}.collaborate-expired"
        )
    elif state == "answered":
        code = after_visit(qtbot, kiosk, "en")
        tap(qtbot, kiosk.screen.next_button)
    assert code_state(spool, code) == state
    entry = to_code_screen(qtbot, kiosk)
    type_code(qtbot, kiosk, code)
    assert kiosk.screen is entry and words in entry.message.text()


def test_a_folder_that_is_not_there_gets_a_plain_message(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    code = give_code(kiosk.config.spool)
    entry = to_code_screen(qtbot, kiosk)
    clinic.spool.rename(clinic.spool.with_name("away"))
    type_code(qtbot, kiosk, code)
    assert kiosk.screen is entry and "reception desk" in entry.message.text()
    err = capsys.readouterr().err
    assert str(clinic.spool) in err and code not in err


def test_answers_that_cannot_be_sent_stay_and_go_later(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    code = give_code(kiosk.config.spool)
    to_code_screen(qtbot, kiosk)
    type_code(qtbot, kiosk, code)
    for value in (2, 4, 6):
        tap(qtbot, kiosk.screen.scale.buttons[value])
        if value != 6:
            tap(qtbot, kiosk.screen.next_button)
    away = clinic.spool.with_name("away")
    clinic.spool.rename(away)
    last = kiosk.screen
    assert isinstance(last, QuestionScreen)
    tap(qtbot, last.next_button)
    assert kiosk.screen is last and "Your answers are still here" in last.problem.text()
    assert str(clinic.spool) in capsys.readouterr().err and kiosk.answers is not None
    tap(qtbot, last.back_button)
    assert kiosk.screen.scale.buttons[4].isChecked()  # the answer is still there
    tap(qtbot, kiosk.screen.next_button)
    away.rename(clinic.spool)
    tap(qtbot, kiosk.screen.next_button)
    assert isinstance(kiosk.screen, ThanksScreen)
    assert opened(kiosk, clinic, code) == {"explained": 2, "listened": 4, "included": 6}


def test_nothing_answered_sends_nothing(qtbot: QtBot, kiosk: Kiosk, clinic: Clinic) -> None:
    code = give_code(kiosk.config.spool)
    to_code_screen(qtbot, kiosk)
    type_code(qtbot, kiosk, code)
    for _question in range(3):
        tap(qtbot, kiosk.screen.next_button)
    thanks = kiosk.screen
    assert isinstance(thanks, ThanksScreen) and "nothing was sent" in thanks.message.text()
    assert [p.name for p in clinic.spool.iterdir()] == [f"{code}.collaborate-wait"]


def test_back_from_the_first_question_keeps_the_code(qtbot: QtBot, kiosk: Kiosk) -> None:
    code = give_code(kiosk.config.spool)
    entry = to_code_screen(qtbot, kiosk)
    type_code(qtbot, kiosk, code)
    assert entry.progress_text.text() == "Step 1 of 4"
    assert kiosk.screen.progress_text.text() == "Step 2 of 4"
    tap(qtbot, kiosk.screen.back_button)
    assert kiosk.screen is entry and entry.code == code


def test_the_code_waits_as_long_as_the_spool_keeps_things(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    spool = kiosk.config.spool
    code = give_code(spool)
    later = spool.clock() + spool.keep + timedelta(seconds=5)
    monkeypatch.setattr(spool, "clock", lambda: later)
    entry = to_code_screen(qtbot, kiosk)
    type_code(qtbot, kiosk, code)
    assert "too old" in entry.message.text()
    assert Path(clinic.spool / f"{code}.collaborate-expired").exists()


def test_back_to_the_welcome_keeps_nothing_of_the_answers(qtbot: QtBot, kiosk: Kiosk) -> None:
    code = give_code(kiosk.config.spool)
    to_code_screen(qtbot, kiosk)
    type_code(qtbot, kiosk, code)
    tap(qtbot, kiosk.screen.scale.buttons[5])
    tap(qtbot, kiosk.screen.back_button)
    tap(qtbot, kiosk.screen.back_button)
    welcome = kiosk.screen
    assert isinstance(welcome, LanguageScreen)
    tap(qtbot, welcome.buttons["en"])
    assert isinstance(kiosk.screen, TopicScreen)
    assert kiosk.answers is None and kiosk.answers_code is None
