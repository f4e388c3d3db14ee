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
    (store.drafts_dir / "0123abcd.draft").write_bytes(b"NOTDRAFT" + os.urandom(64))
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
    store.release(session.record.id)  # that window was closed
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
    store.release(session.record.id)  # that window was closed
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


def saved_draft(*changes: str) -> tuple[SessionRecord, Path]:
    """A draft left by a window that was closed (so it is not locked)."""
    from tests.ui.consult_support import new_session

    store = default_store()
    _, session = new_session()
    session.set_questions(["Is it safe?", *changes])
    path = store.save(session.record)
    store.release(session.record.id)
    return session.record, path


def test_a_missing_key_keeps_the_draft_and_offers_it_when_the_key_is_back(
    qtbot: QtBot,
) -> None:
    record, path = saved_draft()
    store = default_store()
    key = store.key_path.read_bytes()
    before = path.read_bytes()
    store.key_path.unlink()

    library = open_library(qtbot)
    text = library.banner.message.text()
    assert f"1 unfinished consultation waits for its draft key {store.key_path}" in text
    assert "new consultations are not saved as drafts" in text
    assert "offered again when the key is back" in text
    assert not library.banner.recover_button.isVisible()
    assert library.banner.new_key_button.isVisible()
    assert path.read_bytes() == before
    assert not list(store.drafts_dir.glob("*.damaged"))

    # Starting the app again with the key back: the draft is offered as before.
    store.key_path.write_bytes(key)
    os.chmod(store.key_path, 0o600)
    library.check_drafts()
    assert library.banner.recover_button.isVisible()
    library.banner.recover_button.click()
    qtbot.waitUntil(lambda: len(library.consultations) == 1)
    qtbot.addWidget(library.consultations[0])
    assert library.consultations[0].session.record.plan.questions == record.plan.questions


def test_using_a_new_key_asks_twice_and_keeps_the_waiting_draft(qtbot: QtBot) -> None:
    _record, path = saved_draft()
    store = default_store()
    store.key_path.unlink()
    library = open_library(qtbot)
    library.banner.new_key_button.click()
    assert not store.key_path.exists(), "one click only asks"
    library.banner.new_key_button.click()
    assert store.key_path.exists()
    assert path.exists()
    text = library.banner.message.text()
    assert "was saved with another draft key" in text
    assert not library.banner.recover_button.isVisible()


def test_a_draft_open_in_another_running_copy_is_not_offered(qtbot: QtBot) -> None:
    from tests.session.draft_holder import draft_held_elsewhere

    record, path = saved_draft()
    store = default_store()
    with draft_held_elsewhere(store.drafts_dir, store.key_path):
        library = open_library(qtbot)
        text = library.banner.message.text()
        assert "is open in another window" in text
        assert "Statins" in text  # named by its pack's title
        assert not library.banner.recover_button.isVisible()
        assert not library.banner.discard_button.isVisible()
        # Even a recovery asked for directly is refused while it is open there.
        [info] = store.unfinished()
        library.recover(info)
        assert "is open in another window" in library.banner.message.text()
        assert library.open_task is None
    # That copy of the app was killed: its lock went with it.
    library.check_drafts()
    assert library.banner.recover_button.isVisible()
    library.banner.recover_button.click()
    qtbot.waitUntil(lambda: len(library.consultations) == 1)
    window = library.consultations[0]
    qtbot.addWidget(window)
    assert window.session.record.id == record.id
    assert store.holds(record.id) is False  # this test's store; the library's holds it
    assert library.store is not None and library.store.holds(record.id)
    window.close()
    assert not library.store.holds(record.id), "closing the window gives the draft up"
    assert path.exists()


def test_a_draft_that_does_not_fit_its_pack_is_kept_not_opened(qtbot: QtBot) -> None:
    from tests.ui.consult_support import new_session

    store = default_store()
    _, session = new_session()
    record = session.record.model_copy(deep=True)
    record.plan.leaning = "option:surgery"  # not an option of the statins pack
    path = store.save(record)
    store.release(record.id)
    library = open_library(qtbot)
    library.banner.recover_button.click()
    qtbot.waitUntil(lambda: library.open_task is not None and not library.open_task.running)
    text = library.banner.message.text()
    assert "cannot be recovered; its draft is kept" in text
    assert "plan.leaning: no option 'surgery' in the pack" in text
    assert library.consultations == []
    assert path.exists()
    assert library.store is not None and not library.store.holds(record.id)


def test_autosave_without_the_key_says_so_and_makes_no_key(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.ui.consultation_window import ConsultationWindow
    from tests.ui.consult_support import new_session

    _record, waiting = saved_draft()
    store = default_store()
    store.key_path.unlink()
    loaded, session = new_session()
    window = ConsultationWindow(loaded, session, store, autosave_ms=20)
    qtbot.addWidget(window)
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm_close_unsaved", lambda text: asked.append(text) or True)
    window.show()
    assert window.autosaver is not None
    with qtbot.waitSignal(window.autosaver.failed) as failed:
        session.set_leaning("unsure")
    message = str(failed.args[0])
    assert f"The draft key {store.key_path} is missing" in message
    assert "nothing is lost" in message
    assert not store.key_path.exists()
    assert not store.path_for(session.record.id).exists()
    assert waiting.exists()
    assert session.dirty, "the change is still waiting to be saved"
    window.close()
    assert asked and "is missing" in asked[0], "closing asks before the unsaved change is lost"
