"""Every control on every kiosk screen is at least 44×44 pixels and shows all its words;
Arabic mirrors the whole kiosk."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.parts import BigButton
from decision_aid.ui.kiosk.screens import OutcomeScreen
from decision_aid.ui.kiosk.window import StaffCorner
from tests.ui.kiosk.conftest import FakeClock
from tests.ui.kiosk.journey_support import answer, start, tap

LEAST = 44


def controls(kiosk: Kiosk) -> list[QWidget]:
    return [
        w
        for w in kiosk.window.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | StaffCorner) and w.isVisible()
    ]


def check_screen(kiosk: Kiosk) -> int:
    QApplication.processEvents()
    found = controls(kiosk)
    assert found
    for widget in found:
        name = widget.accessibleName()
        assert widget.width() >= LEAST and widget.height() >= LEAST, (name, widget.size())
        if isinstance(widget, BigButton):
            label = widget.label
            assert label.height() >= label.heightForWidth(label.width()), name
    return len(found)


@pytest.mark.parametrize(
    ("language", "pack"),
    [("en", "statins-primary-prevention"), ("pl", "psa-screening"), ("cy", "knee-osteoarthritis")],
)
def test_every_control_on_every_screen_is_large_enough(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, language: str, pack: str
) -> None:
    check_screen(kiosk)
    start(qtbot, kiosk, language, pack)
    while True:
        answer(qtbot, kiosk)
        check_screen(kiosk)
        if isinstance(kiosk.screen, HandoverScreen):
            break
        tap(qtbot, kiosk.screen.next_button)
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
