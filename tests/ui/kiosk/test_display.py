"""The patient's display choices: high contrast on every screen, text up to 200 % that still
fits a portrait and a landscape screen, and both back to normal after the wipe."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.ui.kiosk.community import CommunityScreen
from decision_aid.ui.kiosk.config import KioskConfig
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.display import SIZES, DisplayBar, contrast
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.parts import BLACK, TEXT_SCALE, WHITE, YELLOW, BigButton
from decision_aid.ui.kiosk.screens import OutcomeScreen
from decision_aid.ui.kiosk.welcome import LanguageScreen
from tests.ui.kiosk.conftest import FakeClock, flush
from tests.ui.kiosk.journey_support import after_visit, answer, start, tap
from tests.ui.kiosk.size_support import check_screen

WINDOW = QPalette.ColorRole.Window
STRONG = 7.0
"""WCAG AAA contrast for text."""


def visit_every_screen(
    qtbot: QtBot,
    kiosk: Kiosk,
    clock: FakeClock,
    check: Callable[[Kiosk], None],
    language: str = "en",
) -> int:
    """``check`` on the welcome, every journey screen (local groups and services too), the
    code, and the overlays."""
    seen = 0
    check(kiosk)
    start(qtbot, kiosk, language, "knee-osteoarthritis")
    community = False
    while True:
        answer(qtbot, kiosk)
        check(kiosk)
        seen += 1
        community |= isinstance(kiosk.screen, CommunityScreen)
        if isinstance(kiosk.screen, HandoverScreen):
            break
        tap(qtbot, kiosk.screen.next_button)
    assert community  # "Local groups and services", with every entry chosen
    tap(qtbot, kiosk.screen.seal_button)
    assert kiosk.screen.code.isVisible()
    check(kiosk)
    clock.advance(kiosk.idle.idle)
    kiosk.tick()
    assert kiosk.window.warning.isVisible()
    check(kiosk)
    tap(qtbot, kiosk.window.warning.button)
    kiosk.window.confirm.open()
    check(kiosk)
    kiosk.window.confirm.hide()
    return seen


def labels_shown(kiosk: Kiosk) -> list[QLabel]:
    return [w for w in kiosk.window.findChildren(QLabel) if w.isVisible() and w.text()]


def check_high_contrast(kiosk: Kiosk) -> None:
    QApplication.processEvents()
    assert kiosk.window.palette().color(WINDOW) == BLACK
    shown = labels_shown(kiosk)
    assert shown
    for label in shown:
        palette = label.palette()
        text = palette.color(label.foregroundRole())
        ground = palette.color(label.backgroundRole())
        button = label.parentWidget()
        if isinstance(button, BigButton):
            ground = YELLOW if button.isChecked() else BLACK
        ratio = contrast(text, ground)
        assert ratio >= STRONG, (label.text(), text.name(), ground.name(), ratio)


def pixel(widget: QWidget, x: int, y: int) -> QColor:
    return widget.grab().toImage().pixelColor(x, y)


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast(QColor("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)


def test_high_contrast_reaches_every_screen(qtbot: QtBot, kiosk: Kiosk, clock: FakeClock) -> None:
    normal = kiosk.window.palette().color(WINDOW)
    assert normal != BLACK
    tap(qtbot, kiosk.window.display.contrast_button)
    seen = visit_every_screen(qtbot, kiosk, clock, check_high_contrast)
    assert seen >= 10


def test_high_contrast_paints_what_is_chosen_yellow(qtbot: QtBot, kiosk: Kiosk) -> None:
    bar = kiosk.window.display
    tap(qtbot, bar.contrast_button)
    start(qtbot, kiosk, "en", "statins-primary-prevention")
    while not hasattr(kiosk.screen, "choices"):
        tap(qtbot, kiosk.screen.next_button)
    buttons = list(kiosk.screen.choices.buttons.values())
    tap(qtbot, buttons[0])
    chosen, other = buttons[0], buttons[1]
    middle = chosen.height() // 2
    assert pixel(chosen, 12, middle) == YELLOW
    assert chosen.label.palette().color(chosen.label.foregroundRole()) == BLACK
    assert pixel(other, 12, middle) == BLACK
    assert pixel(other, 1, middle) == WHITE
    tap(qtbot, bar.contrast_button)
    assert not bar.high_contrast
    assert kiosk.window.palette().color(WINDOW) != BLACK
    assert pixel(other, 12, middle) != BLACK


def larger_to_the_end(qtbot: QtBot, kiosk: Kiosk) -> None:
    bar = kiosk.window.display
    while bar.larger.isEnabled():
        tap(qtbot, bar.larger)
    assert bar.percent == SIZES[-1] == 200
    assert not bar.larger.isEnabled()


def check_fits(kiosk: Kiosk) -> None:
    """Every control at least 44×44, all its words shown, and inside the window's width."""
    check_screen(kiosk)
    window = kiosk.window
    for widget in window.findChildren(BigButton):
        if widget.isVisible():
            left = widget.mapTo(window, widget.rect().topLeft()).x()
            assert left >= 0 and left + widget.width() <= window.width(), widget.accessibleName()
            label = widget.label
            assert label.width() >= label.minimumSizeHint().width(), widget.accessibleName()


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920)])
def test_text_at_200_percent_fits_every_screen(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, size: tuple[int, int], language: str
) -> None:
    """Every control at least 44×44 with every word whole; Welsh "Ychydig" was cut in half
    on the portrait screen."""
    kiosk.window.showNormal()
    kiosk.window.resize(*size)
    normal = kiosk.window.font().pointSizeF()
    tap(qtbot, kiosk.window.display.contrast_button)
    larger_to_the_end(qtbot, kiosk)
    assert kiosk.window.font().pointSizeF() == pytest.approx(2 * normal)
    assert kiosk.window.display.size_text.text() == "Text 200%"

    def check(kiosk: Kiosk) -> None:
        check_fits(kiosk)
        screen = kiosk.screen
        assert screen.next_button.font().pointSizeF() == pytest.approx(2 * normal)
        if isinstance(screen, OutcomeScreen):
            assert screen.section.pictures

    visit_every_screen(qtbot, kiosk, clock, check, language)


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("size", [(1280, 800), (1080, 1920)])
def test_after_the_appointment_at_200_percent_in_high_contrast(
    qtbot: QtBot, kiosk: Kiosk, size: tuple[int, int], language: str
) -> None:
    kiosk.window.showNormal()
    kiosk.window.resize(*size)
    tap(qtbot, kiosk.window.display.contrast_button)
    larger_to_the_end(qtbot, kiosk)

    def check(kiosk: Kiosk) -> None:
        check_fits(kiosk)
        check_high_contrast(kiosk)

    check(kiosk)
    after_visit(qtbot, kiosk, language, check)


def test_the_choices_stay_through_the_language(qtbot: QtBot, kiosk: Kiosk) -> None:
    bar = kiosk.window.display
    tap(qtbot, bar.contrast_button)
    tap(qtbot, bar.larger)
    start(qtbot, kiosk, "ar", "statins-primary-prevention")
    assert kiosk.window.display is bar
    assert bar.high_contrast and bar.percent == 125
    assert bar.contrast_button.text_shown() == "تباين عالٍ"
    assert bar.larger.accessibleName() == "نص أكبر"
    check_high_contrast(kiosk)


@pytest.mark.parametrize("how", ["start again", "idle"])
def test_the_wipe_restores_the_normal_look_and_size(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock, how: str
) -> None:
    normal_palette = QPalette(kiosk.window.palette())
    normal_size = kiosk.window.font().pointSizeF()
    assert normal_size == pytest.approx(QApplication.font().pointSizeF() * TEXT_SCALE)
    bar = kiosk.window.display
    tap(qtbot, bar.contrast_button)
    larger_to_the_end(qtbot, kiosk)
    start(qtbot, kiosk, "pl", "knee-osteoarthritis")
    answer(qtbot, kiosk)
    if how == "start again":
        tap(qtbot, kiosk.screen.restart_button)
        tap(qtbot, kiosk.window.confirm.yes)
    else:
        clock.advance(kiosk.idle.idle + kiosk.idle.warning)
        kiosk.tick()
    assert isinstance(kiosk.screen, LanguageScreen)
    window = kiosk.window
    assert window.display is not bar
    assert not window.display.high_contrast and window.display.percent == 100
    assert not window.display.contrast_button.isChecked()
    assert window.palette().color(WINDOW) == normal_palette.color(WINDOW)
    assert window.font().pointSizeF() == pytest.approx(normal_size)
    assert kiosk.screen.buttons["en"].font().pointSizeF() == pytest.approx(normal_size)
    assert window.display.size_text.text() == "Text 100%"


def test_the_bar_keeps_no_window_alive(
    qtbot: QtBot, config: KioskConfig, clock: FakeClock, wall: FakeClock
) -> None:
    """The bar's connections once held the window: the last patient's window outlived the
    kiosk, its answers with it."""
    made = Kiosk(config, clock=clock, wall=wall)
    made.window.show()
    qtbot.waitExposed(made.window)
    tap(qtbot, made.window.display.larger)
    tap(qtbot, made.window.display.contrast_button)
    made.exit()
    del made
    gc.collect()
    flush()
    assert not [w for w in QApplication.allWidgets() if isinstance(w, DisplayBar)]
