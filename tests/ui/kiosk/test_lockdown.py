"""The kiosk's app-side lock-down: no menu, dialog, link or tooltip is ever reached during
the scripted journeys in every language; closing keys do nothing; only staff leave."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QContextMenuEvent, QDesktopServices, QHelpEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMenu,
    QMessageBox,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid.ui.kiosk import slip as slip_module
from decision_aid.ui.kiosk.community import CommunityScreen
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from tests.ui.kiosk.conftest import LANGUAGES, PIN, FakeClock, PdfPrinters
from tests.ui.kiosk.journey_support import after_visit, answer, start, tap

SURFACES = [
    (QMenu, "exec"),
    (QMenu, "popup"),
    (QFileDialog, "getOpenFileName"),
    (QFileDialog, "getOpenFileNames"),
    (QFileDialog, "getSaveFileName"),
    (QFileDialog, "getExistingDirectory"),
    (QFileDialog, "exec"),
    (QFileDialog, "open"),
    (QPrintDialog, "exec"),
    (QPrintPreviewDialog, "exec"),
    (QDesktopServices, "openUrl"),
    (QToolTip, "showText"),
    (QDialog, "exec"),
    (QMessageBox, "exec"),
    (QMessageBox, "question"),
    (QMessageBox, "information"),
    (QMessageBox, "warning"),
    (QMessageBox, "critical"),
]
ORIGINAL_PRINTER = slip_module.printer_named
CLOSING_KEYS = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
]


@pytest.fixture
def no_escape(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every escape surface fails the test if it is ever reached."""
    for owner, name in SURFACES:

        def reached(*_args: object, _where: str = f"{owner.__name__}.{name}", **_kw: object):  # type: ignore[no-untyped-def]
            pytest.fail(f"the kiosk reached {_where}")

        monkeypatch.setattr(owner, name, reached)
    yield


def probe(qtbot: QtBot, kiosk: Kiosk) -> None:
    """Ask every visible widget for a context menu and a tooltip, and press every closing
    key: nothing may open, and the kiosk stays where it was."""
    screen = kiosk.screen
    for widget in kiosk.window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        centre = widget.rect().center()
        QApplication.sendEvent(
            widget,
            QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre, widget.mapToGlobal(centre)),
        )
        QApplication.sendEvent(
            widget, QHelpEvent(QEvent.Type.ToolTip, centre, widget.mapToGlobal(centre))
        )
    target = QApplication.focusWidget() or kiosk.window
    for key, modifiers in CLOSING_KEYS:
        qtbot.keyClick(target, key, modifiers)
    assert QApplication.activePopupWidget() is None
    assert QApplication.activeModalWidget() is None
    assert not QToolTip.isVisible()
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [kiosk.window]
    assert kiosk.screen is screen


@pytest.mark.usefixtures("no_escape")
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_escape_surface_is_reached_in_a_journey(
    qtbot: QtBot,
    kiosk: Kiosk,
    printers: PdfPrinters,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    # Every second language prints its slip; the others name a printer that is not there.
    kiosk.config.printer = "Reception"
    if LANGUAGES.index(language) % 2:
        monkeypatch.setattr(slip_module, "printer_named", ORIGINAL_PRINTER)
    probe(qtbot, kiosk)
    start(qtbot, kiosk, language, "statins-primary-prevention")
    seen = []
    while True:
        answer(qtbot, kiosk)
        probe(qtbot, kiosk)
        seen.append(type(kiosk.screen))
        if isinstance(kiosk.screen, HandoverScreen):
            break
        tap(qtbot, kiosk.screen.next_button)
    assert CommunityScreen in seen  # local groups, chosen: no link, nothing to open
    tap(qtbot, kiosk.screen.seal_button)
    probe(qtbot, kiosk)
    assert kiosk.screen.printing.isVisible()
    tap(qtbot, kiosk.screen.print_button)
    probe(qtbot, kiosk)
    assert len(printers.names) == (0 if LANGUAGES.index(language) % 2 else 2)
    assert not kiosk.screen.restart_button.isVisible()
    tap(qtbot, kiosk.screen.next_button)  # Finish: wiped, back to the welcome
    probe(qtbot, kiosk)


@pytest.mark.usefixtures("no_escape")
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_escape_surface_is_reached_after_the_appointment(
    qtbot: QtBot, kiosk: Kiosk, language: str
) -> None:
    """The code keypad, the three questions and the thank-you, probed on every screen."""
    after_visit(qtbot, kiosk, language, lambda k: probe(qtbot, k))
    tap(qtbot, kiosk.screen.next_button)  # Finish: wiped, back to the welcome
    probe(qtbot, kiosk)


def test_the_window_refuses_to_close(qtbot: QtBot, kiosk: Kiosk) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    assert not kiosk.window.close()
    assert kiosk.window.isVisible()
    kiosk.window.showMinimized()
    assert not kiosk.window.isMinimized()
    assert kiosk.window.windowFlags() & Qt.WindowType.FramelessWindowHint


def test_a_long_press_on_the_corner_then_the_pin_lets_staff_out(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, wall: FakeClock
) -> None:
    corner = kiosk.window.corner
    pin = kiosk.window.pin
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton)
    clock.advance(2)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton)
    clock.advance(5)
    kiosk.tick()
    assert not pin.isVisible()
    qtbot.mousePress(corner, Qt.MouseButton.LeftButton)
    clock.advance(3)
    kiosk.tick()
    assert pin.isVisible()
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton)
    for _try in range(5):
        for digit in "111111":
            tap(qtbot, pin.keys[digit])
        tap(qtbot, pin.keys["ok"])
    assert "Wait 30 seconds" in pin.message.text()
    for digit in PIN:
        tap(qtbot, pin.keys[digit])
    tap(qtbot, pin.keys["ok"])
    assert kiosk.window.isVisible() and "Wait" in pin.message.text()
    wall.advance(31)
    for digit in PIN:
        tap(qtbot, pin.keys[digit])
    with qtbot.waitSignal(kiosk.exited):
        tap(qtbot, pin.keys["ok"])
    assert not kiosk.window.isVisible()
    QApplication.instance().removeEventFilter(kiosk.lockdown)


def test_cancel_closes_the_keypad_and_forgets_the_digits(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock
) -> None:
    pin = kiosk.window.pin
    pin.open()
    tap(qtbot, pin.keys["2"])
    assert pin.dots.text() == "●"
    tap(qtbot, pin.cancel)
    assert not pin.isVisible() and pin.pin == ""
