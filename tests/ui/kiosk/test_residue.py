"""After a wipe, nothing a patient chose or typed is left: not in a widget's text or
accessible text, the clipboard, an undo history, a session, or any file, except inside
the sealed hand-over (or CollaboRATE answers), where it cannot be read without the
clinic's key."""

from __future__ import annotations

import gc
import os
import tempfile
import time
import weakref
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QAccessible, QClipboard
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.kiosk.collaborate import open_answers
from decision_aid.kiosk.keys import load_private_key
from decision_aid.session.state import Session
from decision_aid.ui.kiosk.after_visit import Answers
from decision_aid.ui.kiosk.answers import QuestionsScreen
from decision_aid.ui.kiosk.code_pad import grouped
from decision_aid.ui.kiosk.controller import Kiosk
from tests.ui.kiosk.conftest import PASSPHRASE, Clinic, FakeClock, flush
from tests.ui.kiosk.journey_support import (
    CANARY,
    COLLABORATE,
    after_visit,
    answer,
    start,
    tap,
)

WIDGET_TEXTS = ("accessibleName", "accessibleDescription", "toolTip", "whatsThis", "statusTip")


def widget_texts(widget: QWidget) -> list[str]:
    texts = [getattr(widget, name)() for name in WIDGET_TEXTS]
    texts.append(widget.windowTitle())
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts += [widget.text(), widget.placeholderText(), widget.displayText()]
    face = QAccessible.queryAccessibleInterface(widget)
    if face is not None and face.isValid():
        for kind in (QAccessible.Text.Name, QAccessible.Text.Description, QAccessible.Text.Value):
            texts.append(face.text(kind))
    return texts


def files_holding(folder: Path, needle: bytes, since: float) -> list[Path]:
    found = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            try:
                if path.is_symlink() or path.stat().st_mtime < since - 1:
                    continue
                if path.stat().st_size > 50_000_000:
                    continue
                data = path.read_bytes()
            except OSError:
                continue
            if needle in data or needle.decode().encode("utf-16-le") in data:
                found.append(path)
    return found


def journey_with_copy(qtbot: QtBot, kiosk: Kiosk, language: str) -> None:
    """Every screen answered, the canary typed everywhere and copied to the clipboard,
    then sealed; the code screen stays up, the earlier screens still hold the canary."""
    start(qtbot, kiosk, language, "statins-primary-prevention")
    while True:
        answer(qtbot, kiosk)
        screen = kiosk.screen
        if isinstance(screen, QuestionsScreen):
            screen.field.selectAll()
            screen.field.copy()
            assert CANARY in QApplication.clipboard().text()
        if screen is kiosk.screens[-1]:
            break
        tap(qtbot, screen.next_button)
    tap(qtbot, kiosk.screen.seal_button)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_residue_after_the_idle_wipe(
    *,
    qtbot: QtBot,
    kiosk: Kiosk,
    clinic: Clinic,
    clock: FakeClock,
    tmp_path: Path,
    language: str,
) -> None:
    since = time.time()
    journey_with_copy(qtbot, kiosk, language)
    code = kiosk.screen.sealed_code
    assert code is not None
    groups = [c.name for c in kiosk.session.record.plan.community]
    assert groups  # local groups and services were chosen too
    session = weakref.ref(kiosk.session)
    old_window = kiosk.window
    assert any(CANARY in " ".join(widget_texts(w)) for w in QApplication.allWidgets())
    clock.advance(kiosk.idle.idle + kiosk.idle.warning)
    kiosk.tick()
    flush()
    gc.collect()

    assert session() is None
    assert not shiboken6.isValid(old_window)
    for widget in QApplication.allWidgets():
        for text in widget_texts(widget):
            assert CANARY not in text, widget
        if isinstance(widget, QLineEdit):
            assert not widget.isUndoAvailable()
    clipboard = QApplication.clipboard()
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
        assert CANARY not in clipboard.text(mode)
    for found in gc.get_objects():
        if isinstance(found, Session):
            assert CANARY not in found.record.model_dump_json()
            assert not any(CANARY in state for state in found._undo + found._redo)
            assert not found.record.plan.community
    for widget in QApplication.allWidgets():
        if isinstance(widget, QAbstractButton):
            assert not widget.isChecked(), widget.accessibleName()  # every choice wiped

    needle = CANARY.encode()
    home = Path(os.environ["HOME"])
    assert files_holding(home, needle, since) == []
    assert files_holding(tmp_path, needle, since) == []
    assert Path(tempfile.gettempdir()).is_relative_to(tmp_path)  # the test's own TMPDIR
    assert files_holding(Path(tempfile.gettempdir()), needle, since) == []
    sealed = list(clinic.spool.iterdir())
    assert [p.name for p in sealed] == [f"{code}.handover"]
    for name in groups:
        assert name.encode() not in sealed[0].read_bytes()
    opened = kiosk.config.spool.open(
        code, load_private_key(clinic.private_key, PASSPHRASE), clinic.private_key
    )
    assert any(CANARY in q for q in opened.content.questions)
    assert [c.name for c in opened.content.community] == groups


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_residue_after_collaborate_at_the_kiosk(
    *,
    qtbot: QtBot,
    kiosk: Kiosk,
    clinic: Clinic,
    clock: FakeClock,
    tmp_path: Path,
    language: str,
) -> None:
    """The code typed and the answers given leave nothing behind but the sealed answers."""
    since = time.time()
    code = after_visit(qtbot, kiosk, language)
    shown = [code, " ".join(code), grouped(code)]
    assert kiosk.answers is not None
    answers = weakref.ref(kiosk.answers)
    old_window = kiosk.window
    texts = " ".join(t for w in QApplication.allWidgets() for t in widget_texts(w))
    assert all(form in texts for form in shown[1:])  # the code screen still shows it
    clock.advance(kiosk.idle.idle + kiosk.idle.warning)
    kiosk.tick()
    flush()
    gc.collect()

    assert answers() is None and kiosk.answers is None and kiosk.answers_code is None
    assert not shiboken6.isValid(old_window)
    for widget in QApplication.allWidgets():
        for text in widget_texts(widget):
            assert not any(form in text for form in shown), widget
        if isinstance(widget, QAbstractButton):
            assert not widget.isChecked(), widget.accessibleName()
    clipboard = QApplication.clipboard()
    for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
        assert code not in clipboard.text(mode)
    for found in gc.get_objects():
        if isinstance(found, Answers):
            assert not found.any_answered()
    home = Path(os.environ["HOME"])
    for needle in (code.encode(), b'"explained"', b'"listened"'):
        assert files_holding(home, needle, since) == []
        assert files_holding(Path(tempfile.gettempdir()), needle, since) == []
        outside = files_holding(tmp_path, needle, since)
        assert [p for p in outside if not p.is_relative_to(clinic.spool)] == []
    sealed = [p.name for p in clinic.spool.iterdir()]
    assert sealed == [f"{code}.collaborate"]
    data = (clinic.spool / sealed[0]).read_bytes()
    assert b"explained" not in data and b"listened" not in data and b"included" not in data
    key = load_private_key(clinic.private_key, PASSPHRASE)
    found_answers = open_answers(kiosk.config.spool, code, key, clinic.private_key)
    assert found_answers.answers.items() == COLLABORATE


def test_no_residue_after_going_back_to_the_welcome_and_starting_again(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    """A patient who goes back to the welcome and starts again leaves nothing of the first
    journey behind: its session and screens are gone at once, not only hidden (a screen's
    connections to its own children are cycles through Qt that Python cannot collect)."""
    start(qtbot, kiosk, "en", "statins-primary-prevention")
    while not isinstance(kiosk.screen, QuestionsScreen):
        answer(qtbot, kiosk)
        tap(qtbot, kiosk.screen.next_button)
    answer(qtbot, kiosk)
    assert kiosk.session is not None
    session = weakref.ref(kiosk.session)
    journey = [weakref.ref(screen) for screen in kiosk.screens[1:]]
    while kiosk.index > 0:
        tap(qtbot, kiosk.screen.back_button)
    start(qtbot, kiosk, "cy", "knee-osteoarthritis")
    gc.collect()

    assert kiosk.session is not None and kiosk.session is not session()
    assert session() is None
    assert [ref for ref in journey if ref() is not None] == []
    for widget in QApplication.allWidgets():
        for text in widget_texts(widget):
            assert CANARY not in text, widget
    for found in gc.get_objects():
        if isinstance(found, Session):
            assert CANARY not in found.record.model_dump_json()
