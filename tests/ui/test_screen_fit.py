"""A 1366×768 laptop: every window opens within the screen, every step fits its width at
normal and double text size, and the decision is said once.

The tests' screen is 1366×768 (tests/fixtures/screen-1366x768.json, set in conftest).
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from decision_aid.session.model import STEPS
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.library_window import LibraryWindow
from decision_aid.ui.window_size import available
from tests.conftest import SHIPPED
from tests.ui.dialogs.dialog_support import example_session
from tests.ui.layout_support import settle
from tests.ui.test_pseudo_locale import problems

PACKS = ("knee-osteoarthritis", "psa-screening", "statins-primary-prevention")


def test_the_tests_screen_is_a_1366_by_768_laptop() -> None:
    screen = QGuiApplication.primaryScreen().geometry()
    assert (screen.width(), screen.height()) == (1366, 768)


def open_window(qtbot: QtBot, pack_id: str = "knee-osteoarthritis") -> ConsultationWindow:
    loaded, session = example_session(pack_id)
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.show()
    return window


def test_windows_open_no_larger_than_the_screen(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    room = available(window)
    assert room.height() < 768
    assert window.width() <= room.width() and window.height() <= room.height()
    window.set_patient_view(True)
    patient = window.patient_window
    assert patient is not None
    qtbot.addWidget(patient)
    assert patient.width() <= room.width() and patient.height() <= room.height()
    library = LibraryWindow([SHIPPED], today=lambda: date(2026, 12, 1))
    qtbot.addWidget(library)
    assert library.width() <= room.width() and library.height() <= room.height()
    dialog = window.pages["grid"].grid.open_detail(  # type: ignore[attr-defined]
        window.pages["grid"].grid.grid_model.index(0, 1)  # type: ignore[attr-defined]
    )
    assert dialog is not None
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    dialog.close()


@pytest.mark.parametrize("pack_id", PACKS)
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_every_step_fits_the_screen(qtbot: QtBot, ui_font: str, pack_id: str, scale: float) -> None:
    """No step needs more width than the laptop has, nothing is squeezed, and the window
    can be as small as the screen."""
    window = open_window(qtbot, pack_id)
    window.scale_text(scale)
    room = available(window)
    for step in STEPS:
        window.go_to(step)
        settle(window)
        minimum = window.minimumSizeHint()
        assert minimum.width() <= room.width(), f"{step}, {ui_font}, {scale}: {minimum}"
        assert minimum.height() <= room.height(), f"{step}, {ui_font}, {scale}: {minimum}"
        scroll = window.stack.currentWidget()
        assert isinstance(scroll, QScrollArea)
        assert not scroll.horizontalScrollBar().isVisible(), f"{step}, {ui_font}, {scale}"
        assert problems(window) == [], f"{step}, {ui_font}, {scale}"
        # The title, the step tabs and the buttons below leave most of the height to the step.
        assert scroll.height() >= room.height() * (0.6 if scale == 1 else 0.45), step
    window.reset_text()


def test_the_decision_is_said_once(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.go_to("grid")
    settle(window)
    meta = window.session.pack.meta
    shown = [label.text() for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    assert sum(meta.decision in text for text in shown) == 1
    assert sum(meta.title in text for text in shown) == 1
