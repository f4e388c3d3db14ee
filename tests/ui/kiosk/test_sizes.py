"""Every control on every kiosk screen is at least 44×44 pixels and shows all its words;
Arabic mirrors the whole kiosk."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from decision_aid.ui.kiosk.community import CommunityScreen
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.screens import OutcomeScreen
from tests.ui.kiosk.conftest import FakeClock
from tests.ui.kiosk.journey_support import after_visit, answer, start, tap
from tests.ui.kiosk.size_support import check_screen


@pytest.mark.parametrize(
    ("language", "pack"),
    [("en", "statins-primary-prevention"), ("pl", "psa-screening"), ("cy", "knee-osteoarthritis")],
)
def test_every_control_on_every_screen_is_large_enough(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, language: str, pack: str
) -> None:
    check_screen(kiosk)
    start(qtbot, kiosk, language, pack)
    seen = set()
    while True:
        answer(qtbot, kiosk)
        check_screen(kiosk)
        seen.add(type(kiosk.screen))
        if isinstance(kiosk.screen, HandoverScreen):
            break
        tap(qtbot, kiosk.screen.next_button)
    # Each shipped pack names community topics that the example directory has entries
    # for in these languages: the local groups and services screen was measured too.
    assert CommunityScreen in seen
    tap(qtbot, kiosk.screen.seal_button)
    check_screen(kiosk)
    clock.advance(kiosk.idle.idle)
    kiosk.tick()
    assert kiosk.window.warning.isVisible()
    check_screen(kiosk)
    tap(qtbot, kiosk.window.warning.button)
    kiosk.window.pin.open()
    check_screen(kiosk)
    kiosk.window.pin.hide()
    kiosk.window.confirm.open()
    check_screen(kiosk)


@pytest.mark.parametrize("language", ["en", "cy", "pl", "ar"])
def test_every_control_after_the_appointment_is_large_enough(
    qtbot: QtBot, kiosk: Kiosk, language: str
) -> None:
    after_visit(qtbot, kiosk, language, check_screen)


def test_arabic_mirrors_the_kiosk(qtbot: QtBot, kiosk: Kiosk) -> None:
    start(qtbot, kiosk, "ar", "statins-primary-prevention")
    window = kiosk.window
    assert window.isRightToLeft()
    screen = kiosk.screen
    back = screen.back_button.mapTo(window, screen.back_button.rect().center()).x()
    ahead = screen.next_button.mapTo(window, screen.next_button.rect().center()).x()
    assert back > window.width() / 2 > ahead
    assert window.corner.x() + window.corner.width() == window.width()
    while not isinstance(kiosk.screen, OutcomeScreen):
        tap(qtbot, kiosk.screen.next_button)
    assert kiosk.screen.section.isRightToLeft()
    assert kiosk.screen.section.body.isRightToLeft()


def test_the_overlays_speak_the_chosen_language(qtbot: QtBot, kiosk: Kiosk) -> None:
    start(qtbot, kiosk, "pl", "knee-osteoarthritis")
    window = kiosk.window
    assert window.warning.button.text_shown() == "Nadal tu jestem"
    assert window.confirm.yes.text_shown() == "Tak, zacznij od nowa"
    assert window.pin.heading.text() == "Tylko dla personelu"
    tap(qtbot, kiosk.screen.restart_button)
    assert window.confirm.isVisible()
    tap(qtbot, window.confirm.no)
    assert not window.confirm.isVisible()


@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920)])
def test_the_risk_pictures_settle_on_kiosk_screens(
    qtbot: QtBot, kiosk: Kiosk, size: tuple[int, int]
) -> None:
    """A scroll bar that came and went with the pictures' height changed their width, and so
    their height, until the stack overflowed (Welsh knee pack, 1280×800)."""
    kiosk.window.showNormal()
    kiosk.window.resize(*size)
    start(qtbot, kiosk, "cy", "knee-osteoarthritis")
    shown = 0
    while not isinstance(kiosk.screen, HandoverScreen):
        QApplication.processEvents()
        if isinstance(kiosk.screen, OutcomeScreen):
            shown += 1
            assert kiosk.screen.section.pictures
        tap(qtbot, kiosk.screen.next_button)
    assert shown == len(kiosk.session.pack.content.outcomes)
