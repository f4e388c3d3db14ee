"""Drafts and keys that are not what they should be: a folder, a FIFO, a huge file, a copy
under another name, the first format. Each is a clear message; nothing hangs or is lost."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from decision_aid.session.model import SessionRecord
from decision_aid.session.store import (
    MAGIC_V1,
    MAX_DRAFT_BYTES,
    DraftError,
    DraftStore,
)
from tests.session.test_store import make_session, save_and_close

HANG_GUARD = 60.0
"""Seconds after which a call that should return at once is taken as hung."""


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "data" / "drafts", tmp_path / "config" / "draft.key")


def returns(call: Callable[[], object]) -> BaseException | object:
    """What ``call`` returns or raises, run where a hang cannot stop the test run."""
    outcome: list[BaseException | object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD)
    assert outcome, "the call hung"
    return outcome[0]


# -- the key ----------------------------------------------------------------------------


def test_a_key_path_that_is_a_folder_is_a_clear_error(store: DraftStore) -> None:
    save_and_close(store, make_session().record)
    store.key_path.unlink()
    store.key_path.mkdir()
    fresh = DraftStore(store.drafts_dir, store.key_path)
    for call in (lambda: fresh.save(make_session().record), fresh.unfinished):
        with pytest.raises(DraftError) as caught:
            call()
        assert not isinstance(caught.value.__cause__, IsADirectoryError)
        assert f"The draft key {store.key_path} is a folder or a special file" in str(caught.value)
        assert caught.value.path == store.key_path
    assert store.key_path.is_dir()
    assert not list(store.drafts_dir.glob("*.damaged"))


def test_a_key_path_that_is_a_fifo_does_not_hang(store: DraftStore) -> None:
    store.key_path.parent.mkdir(parents=True)
    os.mkfifo(store.key_path, 0o600)
    outcome = returns(lambda: store.save(make_session().record))
    assert isinstance(outcome, DraftError)
    assert "is a folder or a special file, not a key" in str(outcome)


# -- the draft --------------------------------------------------------------------------


def test_a_draft_that_is_a_fifo_is_reported_not_read(store: DraftStore) -> None:
    store.drafts_dir.mkdir(parents=True)
    fifo = store.drafts_dir / "0123abcd.draft"
    os.mkfifo(fifo, 0o600)
    outcome = returns(lambda: store.load(fifo))
    assert isinstance(outcome, DraftError)
    assert f"The draft {fifo} is a folder or a special file" in str(outcome)
    assert returns(store.unfinished) == []
    assert fifo.exists() and not list(store.drafts_dir.glob("*.damaged"))


def test_a_draft_that_is_a_folder_is_reported(store: DraftStore) -> None:
    folder = store.drafts_dir / "0123abcd.draft"
    folder.mkdir(parents=True)
    with pytest.raises(DraftError, match="is a folder or a special file"):
        store.load(folder)
    assert store.unfinished() == []
    assert folder.is_dir()


def test_a_draft_over_2_gib_is_set_aside_without_being_read(store: DraftStore) -> None:
    path = save_and_close(store, make_session().record)
    size = 2 * 1024**3 + 1
    with path.open("r+b") as handle:
        handle.truncate(size)  # sparse: costs no disk space
    assert size > MAX_DRAFT_BYTES
    with pytest.raises(DraftError) as caught:
        store.load(path)
    message = str(caught.value)
    assert f"it is {size} bytes, far more than a draft can be" in message
    assert caught.value.kept_as is not None
    assert caught.value.kept_as.stat().st_size == size  # nothing lost


# -- the name and the record inside --------------------------------------------------------


def test_a_copy_under_another_name_is_reported_and_discard_removes_exactly_it(
    store: DraftStore,
) -> None:
    record = make_session().record
    path = save_and_close(store, record)
    copy = store.drafts_dir / "0123abcd.draft"
    shutil.copyfile(path, copy)

    listed = {d.path: d for d in store.unfinished()}
    assert set(listed) == {path, copy}
    assert listed[path].recoverable
    info = listed[copy]
    assert info.state == "kept" and not info.recoverable
    assert info.problem is not None
    assert f"holds the consultation {record.id}" in info.problem
    assert f"rename it to {record.id}.draft" in info.problem
    with pytest.raises(DraftError, match="its name does not match"):
        store.load(copy)

    store.discard(info)
    assert not copy.exists()
    assert path.exists(), "discarding the copy leaves the original"
    [original] = store.unfinished()
    store.discard(original)
    assert not path.exists()


def test_a_draft_of_the_first_format_still_opens(store: DraftStore) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    record = make_session().record
    save_and_close(store, make_session().record)  # makes the key
    key = store.key_path.read_bytes()
    nonce = os.urandom(12)
    plain = record.model_dump_json().encode()
    path = store.path_for(record.id)
    path.write_bytes(MAGIC_V1 + nonce + AESGCM(key).encrypt(nonce, plain, MAGIC_V1))
    assert store.load(path) == record


def test_a_first_format_draft_another_key_cannot_open_is_kept(
    store: DraftStore, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    record: SessionRecord = make_session().record
    save_and_close(store, make_session().record)
    nonce = os.urandom(12)
    plain = record.model_dump_json().encode()
    path = store.path_for(record.id)
    data = MAGIC_V1 + nonce + AESGCM(os.urandom(32)).encrypt(nonce, plain, MAGIC_V1)
    path.write_bytes(data)
    with pytest.raises(DraftError, match="saved with another key, or it is damaged"):
        store.load(path)
    assert path.read_bytes() == data
    states = {d.id: d.state for d in store.unfinished()}
    assert states[record.id] == "kept"
