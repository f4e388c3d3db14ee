"""Idle: a warning with a countdown, "I'm still here" at least ten times, then the wipe;
"Start again" after one confirmation. The clocks are injected: no test waits."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.welcome import LanguageScreen
from tests.ui.kiosk.conftest import FakeClock, flush
from tests.ui.kiosk.journey_support import start, tap


def test_idle_warns_counts_down_extends_ten_times_then_wipes(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock
) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    old_window, old_session = kiosk.window, kiosk.session
    warning = kiosk.window.warning
    for _round in range(10):
        clock.advance(119)
        kiosk.tick()
        assert not warning.isVisible()
        clock.advance(1)
        kiosk.tick()
        assert warning.isVisible()
        assert warning.countdown.text() == "30"
        assert "30 seconds" in warning.message.text() and "cleared" in warning.message.text()
        clock.advance(12)
        kiosk.tick()
        assert warning.countdown.text() == "18"
        tap(qtbot, warning.button)
        assert not warning.isVisible()
        assert kiosk.window is old_window and kiosk.session is old_session
    assert kiosk.idle.extensions == 10
    clock.advance(120 + 29)
    kiosk.tick()
    assert warning.isVisible() and warning.countdown.text() == "1"
    with qtbot.waitSignal(kiosk.wiped):
        clock.advance(1)
        kiosk.tick()
    flush()
    assert kiosk.session is None
    assert not shiboken6.isValid(old_window)
    assert kiosk.window is not old_window and kiosk.window.isVisible()
    assert isinstance(kiosk.screen, LanguageScreen)


def test_a_touch_starts_the_idle_time_again(qtbot: QtBot, kiosk: Kiosk, clock: FakeClock) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    clock.advance(100)
    tap(qtbot, kiosk.screen.next_button)
    clock.advance(100)
    kiosk.tick()
    assert not kiosk.window.warning.isVisible()
    clock.advance(20)
    kiosk.tick()
    assert kiosk.window.warning.isVisible()


def test_during_the_warning_only_its_button_extends(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock
) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    clock.advance(125)
    kiosk.tick()
    qtbot.mouseClick(kiosk.window.warning, Qt.MouseButton.LeftButton)
    clock.advance(25)
    with qtbot.waitSignal(kiosk.wiped):
        kiosk.tick()


def test_the_untouched_welcome_never_warns(kiosk: Kiosk, clock: FakeClock) -> None:
    first = kiosk.window
    clock.advance(10_000)
    kiosk.tick()
    assert not kiosk.window.warning.isVisible() and kiosk.window is first


def test_going_back_to_the_welcome_still_wipes(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock
) -> None:
    """Answers kept behind the welcome screen (the patient tapped Back to it and left)."""
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    kiosk.session.set_questions(["kept behind the welcome"])
    while not isinstance(kiosk.screen, LanguageScreen):
        tap(qtbot, kiosk.screen.back_button)
    clock.advance(kiosk.idle.idle + kiosk.idle.warning)
    with qtbot.waitSignal(kiosk.wiped):
        kiosk.tick()
    assert kiosk.session is None and len(kiosk.screens) == 1


def test_start_again_asks_once_then_wipes(qtbot: QtBot, kiosk: Kiosk) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    tap(qtbot, kiosk.screen.next_button)
    screen, old_window = kiosk.screen, kiosk.window
    tap(qtbot, screen.restart_button)
    assert kiosk.window.confirm.isVisible()
    tap(qtbot, kiosk.window.confirm.no)
    assert not kiosk.window.confirm.isVisible() and kiosk.screen is screen
    tap(qtbot, screen.restart_button)
    with qtbot.waitSignal(kiosk.wiped):
        tap(qtbot, kiosk.window.confirm.yes)
    flush()
    assert not shiboken6.isValid(old_window)
    assert kiosk.session is None and isinstance(kiosk.screen, LanguageScreen)
