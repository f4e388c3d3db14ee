"""An unexpected error on the kiosk: the journey is wiped and started again, and staff are
told only the error's kind (its message could hold what the patient typed)."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from decision_aid.ui.kiosk import run
from decision_aid.ui.kiosk.answers import QuestionsScreen
from decision_aid.ui.kiosk.config import KioskConfig
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.welcome import LanguageScreen
from decision_aid.ui.language import apply_language
from tests.ui.kiosk.conftest import flush
from tests.ui.kiosk.journey_support import CANARY, answer, start, tap


@pytest.fixture
def app_as_it_was(qapp: QApplication) -> Iterator[QApplication]:
    """run_kiosk names the application and keeps it open without windows: put them back."""
    name, desktop = qapp.applicationName(), qapp.desktopFileName()
    quits = qapp.quitOnLastWindowClosed()
    yield qapp
    qapp.setApplicationName(name)
    qapp.setDesktopFileName(desktop)
    qapp.setQuitOnLastWindowClosed(quits)
    apply_language("en")


def test_an_unexpected_error_wipes_the_journey_and_tells_staff_its_kind_only(
    qtbot: QtBot,
    config: KioskConfig,
    app_as_it_was: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started: list[Kiosk] = []
    real_start = Kiosk.start

    def start_and_keep(kiosk: Kiosk) -> None:
        real_start(kiosk)
        started.append(kiosk)

    def event_loop(app: QApplication) -> int:
        """What happens while the kiosk runs: a patient types, then something breaks."""
        [kiosk] = started
        start(qtbot, kiosk, "en", "knee-osteoarthritis")
        while not isinstance(kiosk.screen, QuestionsScreen):
            answer(qtbot, kiosk)
            tap(qtbot, kiosk.screen.next_button)
        answer(qtbot, kiosk)
        assert kiosk.session is not None
        before = kiosk.window
        try:
            raise ValueError(f"cannot use {CANARY} here")
        except ValueError as error:  # as Qt hands an error in a slot to sys.excepthook
            sys.excepthook(type(error), error, error.__traceback__)
        assert kiosk.session is None
        assert kiosk.window is not before
        assert isinstance(kiosk.screen, LanguageScreen)
        kiosk.exit()
        flush()
        return kiosk.exit_code

    exits: list[int] = []
    monkeypatch.setattr(Kiosk, "start", start_and_keep)
    monkeypatch.setattr(QApplication, "exec", event_loop)
    # Asking the shared test application to exit would end every later test's event loops.
    monkeypatch.setattr(QApplication, "exit", lambda *args: exits.append(args[-1]))
    monkeypatch.setattr(signal, "signal", lambda *_args: None)  # the test process keeps its own
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    monkeypatch.delenv("DECISION_AID_KIOSK_REPORT", raising=False)
    assert run.run_kiosk(config) == 0
    assert exits == [0], "staff leaving the kiosk ends its application"
    told = capsys.readouterr().err
    assert "decision-aid kiosk: an unexpected error (ValueError)" in told
    assert "the journey was cleared and started again" in told
    assert CANARY not in told and "Traceback" not in told
