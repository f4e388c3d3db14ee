"""A scripted kiosk journey: every choice made, the canary typed into every free-text field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from decision_aid.kiosk.collaborate import give_code
from decision_aid.ui.kiosk.after_visit import QuestionScreen, ThanksScreen
from decision_aid.ui.kiosk.answers import (
    LeaningScreen,
    OwnConcernScreen,
    PeopleScreen,
    QuestionsScreen,
    SureScreen,
    ValueScreen,
)
from decision_aid.ui.kiosk.code_pad import CodeScreen
from decision_aid.ui.kiosk.community import CommunityScreen
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.screens import GroupScreen, OutcomeScreen
from decision_aid.ui.kiosk.welcome import LanguageScreen, TopicScreen

CANARY = "CANARY-kiosk-5e1d"
"""Typed into every free-text field; must be found nowhere after a wipe."""


def tap(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)


def start(qtbot: QtBot, kiosk: Kiosk, language: str, pack: str) -> None:
    """From the language screen to the first journey screen of ``pack``."""
    screen = kiosk.screen
    assert isinstance(screen, LanguageScreen)
    tap(qtbot, screen.buttons[language])
    if isinstance(kiosk.screen, TopicScreen):
        tap(qtbot, kiosk.screen.buttons[pack])


def answer(qtbot: QtBot, kiosk: Kiosk, canary: str = CANARY) -> None:
    """Make every choice on the current screen and type ``canary`` where typing is."""
    screen = kiosk.screen
    if isinstance(screen, GroupScreen):
        tap(qtbot, next(iter(screen.choices.buttons.values())))
    elif isinstance(screen, ValueScreen):
        tap(qtbot, screen.scale.buttons[4])
    elif isinstance(screen, OwnConcernScreen):
        type_into(qtbot, screen.field, f"{canary} concern")
        tap(qtbot, screen.scale.buttons[3])
    elif isinstance(screen, SureScreen):
        for choice in screen.answers.values():
            tap(qtbot, choice.buttons[True])
    elif isinstance(screen, LeaningScreen):
        tap(qtbot, next(iter(screen.choices.buttons.values())))
    elif isinstance(screen, QuestionsScreen):
        for button in screen.suggested.values():
            tap(qtbot, button)
        type_into(qtbot, screen.field, f"{canary} question")
        tap(qtbot, screen.add_button)
        type_into(qtbot, screen.field, f"{canary} typed, not added")
    elif isinstance(screen, PeopleScreen):
        for button in screen.people.values():
            tap(qtbot, button)
        tap(qtbot, screen.here.buttons[True])
        type_into(qtbot, screen.field, f"{canary} name")
    elif isinstance(screen, CommunityScreen):
        for _offer, button in screen.toggles:
            tap(qtbot, button)


def walk(qtbot: QtBot, kiosk: Kiosk, language: str, pack: str, canary: str = CANARY) -> str:
    """The whole journey, ending with the hand-over; returns the code shown."""
    start(qtbot, kiosk, language, pack)
    seen = 0
    while not isinstance(kiosk.screen, HandoverScreen):
        if isinstance(kiosk.screen, OutcomeScreen):
            seen += 1
        answer(qtbot, kiosk, canary)
        tap(qtbot, kiosk.screen.next_button)
    assert seen == len(kiosk.session.pack.content.outcomes) if kiosk.session else False
    screen = kiosk.screen
    tap(qtbot, screen.seal_button)
    assert screen.sealed_code is not None, screen.problem.text()
    return screen.sealed_code


COLLABORATE = {"explained": 7, "listened": 3, "included": 9}
"""The answers the scripted CollaboRATE journey gives."""


def type_code(qtbot: QtBot, kiosk: Kiosk, code: str) -> None:
    """Type ``code`` on the code screen's keypad, then tap Next."""
    screen = kiosk.screen
    assert isinstance(screen, CodeScreen)
    for char in code:
        tap(qtbot, screen.pad.keys[char])
    tap(qtbot, screen.next_button)


def after_visit(
    qtbot: QtBot, kiosk: Kiosk, language: str, check: Callable[[Kiosk], object] | None = None
) -> str:
    """From the welcome, "I have seen my clinician" in ``language``, a code the clinic gave
    (returned), the three questions answered as COLLABORATE, and sent; ``check(kiosk)`` on
    every screen on the way, the code typed and each answer given."""
    code = give_code(kiosk.config.spool)
    screen = kiosk.screen
    assert isinstance(screen, LanguageScreen)
    tap(qtbot, screen.after_visit[language])
    for _pass in range(2):  # the new language's layout settles in two passes, as in use
        QApplication.processEvents()
    entry = kiosk.screen
    assert isinstance(entry, CodeScreen)
    for char in code:
        tap(qtbot, entry.pad.keys[char])
    if check is not None:
        check(kiosk)
    tap(qtbot, entry.next_button)
    for value in COLLABORATE.values():
        question = kiosk.screen
        assert isinstance(question, QuestionScreen), type(question)
        tap(qtbot, question.scale.buttons[value])
        if check is not None:
            check(kiosk)
        tap(qtbot, question.next_button)
    assert isinstance(kiosk.screen, ThanksScreen)
    if check is not None:
        check(kiosk)
    return code
