"""A killed consultation comes back exactly as it was; a damaged draft never crashes the app."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.session.model import SessionRecord
from decision_aid.session.store import default_store
from decision_aid.ui.library_window import LibraryWindow
from tests.conftest import ROOT, SHIPPED

CHILD = Path(__file__).with_name("crash_child.py")


def read_saved_line(proc: subprocess.Popen[str], timeout: float = 60) -> str:
    """The child's SAVED line, waiting on its output (no sleeping)."""
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    try:
        while selector.select(timeout):
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("SAVED "):
                return line.removeprefix("SAVED ").strip()
    finally:
        selector.close()
    raise AssertionError("the consultation never reported an autosave")


def open_library(qtbot: QtBot) -> LibraryWindow:
    window = LibraryWindow([SHIPPED], store=default_store())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    return window


def test_killed_consultation_is_recovered_identically(qtbot: QtBot) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, str(CHILD)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        saved = SessionRecord.model_validate_json(read_saved_line(proc))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.stdout is not None
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL

    library = open_library(qtbot)
    assert library.banner.isVisible()
    assert "unfinished consultation" in library.banner.message.text()
    library.banner.recover_button.click()
    qtbot.waitUntil(lambda: len(library.consultations) == 1)
    window = library.consultations[0]
    qtbot.addWidget(window)
    recovered = window.session.record
    # Reopening records the step it opens on; everything the patient said is identical.
    assert recovered.model_dump(exclude={"shown", "updated"}) == saved.model_dump(
        exclude={"shown", "updated"}
    )
    assert recovered.shown[: len(saved.shown)] == saved.shown
    assert window.session.record.step == "plan"
    assert window.session.record.plan.questions == ["Can I stop the tablets later?"]


def test_damaged_draft_is_reported_and_the_app_still_starts(qtbot: QtBot) -> None:
    store = default_store()
    store.drafts_dir.mkdir(parents=True, exist_ok=True)
    (store.drafts_dir / "0123abcd.draft").write_bytes(b"DADRAFT1" + os.urandom(64))
    library = open_library(qtbot)
    assert library.banner.isVisible()
    assert "cannot be opened" in library.banner.message.text()
    assert library.banner.dismiss_button.isVisible()
    assert library.proxy.rowCount() >= 3  # the library works as usual
    assert not (store.drafts_dir / "0123abcd.draft").exists()
    assert list(store.drafts_dir.glob("*.damaged"))


def test_tampered_draft_is_refused(qtbot: QtBot) -> None:
    from tests.ui.consult_support import new_session

    store = default_store()
    _, session = new_session()
    session.set_questions(["Is it safe?"])
    path = store.save(session.record)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))
    library = open_library(qtbot)
    assert "cannot be opened" in library.banner.message.text()
    assert not library.banner.recover_button.isVisible()


def test_discard_asks_twice(qtbot: QtBot) -> None:
    from tests.ui.consult_support import new_session

    store = default_store()
    _, session = new_session()
    session.set_questions(["Is it safe?"])
    store.save(session.record)
    library = open_library(qtbot)
    library.banner.discard_button.click()
    assert store.unfinished(), "one click only asks"
    library.banner.discard_button.click()
    assert store.unfinished() == []
    assert not library.banner.isVisible()


@pytest.mark.parametrize("expired_ok", [False, True])
def test_expired_pack_opens_only_after_a_warning(
    qtbot: QtBot, expired_ok: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    window = LibraryWindow([SHIPPED], today=lambda: date(2031, 1, 1))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    asked: list[str] = []
    monkeypatch.setattr(
        window, "confirm_expired", lambda entry: asked.append(entry.id) or expired_ok
    )
    window.table.selectRow(0)
    window.open_selected()
    assert len(asked) == 1
    if expired_ok:
        qtbot.waitUntil(lambda: len(window.consultations) == 1)
        qtbot.addWidget(window.consultations[0])
    else:
        assert window.open_task is None
