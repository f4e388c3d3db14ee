"""One draft, one window: a draft open in one store (or process) is locked for the others,
and the lock of a process that died is taken over."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from decision_aid.session import draft_lock
from decision_aid.session.store import DraftLockedError, DraftStore
from tests.session.draft_holder import draft_held_elsewhere
from tests.session.test_store import make_session, save_and_close


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "data" / "drafts", tmp_path / "config" / "draft.key")


def other(store: DraftStore) -> DraftStore:
    """A second window (or the library) over the same drafts."""
    return DraftStore(store.drafts_dir, store.key_path)


def test_a_draft_open_in_one_window_is_locked_for_another(store: DraftStore) -> None:
    session = make_session()
    path = store.save(session.record)
    second = other(store)

    [info] = second.unfinished()
    assert (info.state, info.recoverable) == ("locked", False)
    assert info.pack_id == "minimal"
    assert info.problem is not None and "open in another window" in info.problem
    with pytest.raises(DraftLockedError, match="open in another window"):
        second.load(path)
    session.set_next_steps("the second window's version")
    with pytest.raises(DraftLockedError):
        second.save(session.record)  # the last save must not win silently
    with pytest.raises(DraftLockedError):
        second.discard(info)
    assert path.exists()

    # The first window still saves; once it closes, the draft can be recovered.
    store.save(session.record)
    store.release(session.record.id)
    [info] = second.unfinished()
    assert info.recoverable
    assert second.load(path) == session.record
    with pytest.raises(DraftLockedError):
        store.load(path)


def test_two_processes_cannot_recover_the_same_draft_and_a_dead_ones_lock_is_taken_over(
    store: DraftStore,
) -> None:
    record = make_session().record
    path = save_and_close(store, record)
    lock_file = store.drafts_dir / f"{record.id}.lock"
    with draft_held_elsewhere(store.drafts_dir, store.key_path) as child:
        [info] = store.unfinished()
        assert info.state == "locked"
        with pytest.raises(DraftLockedError):
            store.load(path)
        assert lock_file.read_text().split()[0] == str(child.pid)
    assert child.returncode == -signal.SIGKILL

    # The killed process left its lock file behind; its lock died with it.
    assert lock_file.exists()
    [info] = store.unfinished()
    assert info.recoverable
    assert store.load(path) == record
    assert lock_file.read_text().split()[0] == str(os.getpid())
    store.release(record.id)
    assert not lock_file.exists()


def test_discarding_a_draft_removes_the_lock_file_a_crash_left(store: DraftStore) -> None:
    record = make_session().record
    path = save_and_close(store, record)
    with draft_held_elsewhere(store.drafts_dir, store.key_path):
        pass  # that copy of the app is killed with the draft open
    lock_file = store.drafts_dir / f"{record.id}.lock"
    assert lock_file.exists()
    [info] = store.unfinished()
    store.discard(info)
    assert not path.exists()
    assert not lock_file.exists()


def test_releasing_removes_the_lock_file_and_can_be_repeated(tmp_path: Path) -> None:
    path = tmp_path / "a.lock"
    lock = draft_lock.acquire(path)
    assert lock is not None and lock.held
    assert draft_lock.is_locked(path)
    assert draft_lock.acquire(path) is None
    lock.release()
    lock.release()
    assert not path.exists()
    assert not draft_lock.is_locked(path)
    again = draft_lock.acquire(path)
    assert again is not None
    again.release()
