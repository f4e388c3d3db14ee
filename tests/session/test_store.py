"""Drafts: encrypted, atomic, private; a damaged one is set aside with a message, and one
that cannot be opened for another reason (its key is away, it is a copy) is kept as it is."""

from __future__ import annotations

import errno
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import decision_aid.atomic
from decision_aid.content.loader import load_pack
from decision_aid.session import store as store_module
from decision_aid.session.model import SessionRecord
from decision_aid.session.state import Session
from decision_aid.session.store import (
    HEADER_SIZE,
    KEY_SIZE,
    MAGIC,
    DraftError,
    DraftStore,
    default_store,
)
from tests.conftest import MINIMAL

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
SECRET = "my daughter's wedding in June"


def make_session(when: datetime = T0) -> Session:
    loaded = load_pack(MINIMAL)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: when)
    session.rate("avoid-tablets", 3)
    session.add_own_concern(SECRET, 4)
    session.set_own_fare("own-1", "tablet", 1)
    session.set_leaning("option:tablet")
    return session


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "data" / "drafts", tmp_path / "config" / "draft.key")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def save_and_close(store: DraftStore, record: SessionRecord) -> Path:
    """Save as a consultation window does, then close it (its lock is given up)."""
    path = store.save(record)
    store.release(record.id)
    return path


# -- round trip and secrecy ----------------------------------------------------------


def test_save_then_load_gives_an_equal_record(store: DraftStore) -> None:
    record = make_session().record
    path = store.save(record)
    assert path == store.drafts_dir / f"{record.id}.draft"
    loaded = store.load(path)
    assert loaded == record
    assert loaded.model_dump_json() == record.model_dump_json()
    # A second store with the same key (the next start of the app) opens it too.
    store.release(record.id)
    assert DraftStore(store.drafts_dir, store.key_path).load(path) == record


def test_the_file_is_encrypted_not_plaintext(store: DraftStore) -> None:
    record = make_session().record
    data = store.save(record).read_bytes()
    assert data.startswith(MAGIC)
    for visible in (SECRET, "avoid-tablets", "minimal", record.id, '"plan"'):
        assert visible.encode() not in data
    # header and key id + 12-byte nonce + ciphertext (as long as the JSON) + 16-byte tag
    assert len(MAGIC) + 8 == HEADER_SIZE
    assert len(data) == HEADER_SIZE + 12 + len(record.model_dump_json().encode()) + 16
    assert store.key_path.read_bytes() not in data


def test_every_save_uses_a_fresh_nonce(store: DraftStore) -> None:
    record = make_session().record
    first = store.save(record).read_bytes()
    second = store.save(record).read_bytes()
    assert first[HEADER_SIZE : HEADER_SIZE + 12] != second[HEADER_SIZE : HEADER_SIZE + 12]
    assert first[:HEADER_SIZE] == second[:HEADER_SIZE]  # the same key
    assert first != second


def test_draft_and_key_are_user_only_and_the_key_is_outside_the_drafts(
    store: DraftStore,
) -> None:
    record = make_session().record
    path = store.save(record)
    lock = store.drafts_dir / f"{record.id}.lock"
    assert mode(path) == 0o600
    assert mode(lock) == 0o600
    assert mode(store.key_path) == 0o600
    assert mode(store.key_path.parent) == 0o700
    assert mode(store.drafts_dir) == 0o700
    assert store.key_path.stat().st_size == KEY_SIZE
    assert not store.key_path.resolve().is_relative_to(store.drafts_dir.resolve())
    index = store.drafts_dir / "drafts.index"
    assert mode(index) == 0o600
    assert sorted(p.name for p in store.drafts_dir.iterdir()) == sorted(
        [path.name, lock.name, index.name]
    )
    store.release(record.id)
    assert sorted(p.name for p in store.drafts_dir.iterdir()) == sorted([path.name, index.name])


def test_a_key_inside_the_drafts_folder_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the drafts folder"):
        DraftStore(tmp_path / "drafts", tmp_path / "drafts" / "draft.key")


def test_default_store_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    store = default_store()
    assert store.drafts_dir == tmp_path / "d" / "decision-aid" / "drafts"
    assert store.key_path == tmp_path / "c" / "decision-aid" / "draft.key"


def test_default_store_falls_back_to_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/is/ignored")
    store = default_store()
    assert store.drafts_dir == tmp_path / ".local" / "share" / "decision-aid" / "drafts"
    assert store.key_path == tmp_path / ".config" / "decision-aid" / "draft.key"


def test_an_existing_key_is_kept(store: DraftStore) -> None:
    store.save(make_session().record)
    key = store.key_path.read_bytes()
    other = DraftStore(store.drafts_dir, store.key_path)
    other.save(make_session().record)
    assert store.key_path.read_bytes() == key
    assert [p.name for p in store.key_path.parent.iterdir()] == ["draft.key"]


# -- the key is refused when it cannot be trusted --------------------------------------


def test_a_key_readable_by_others_is_refused_with_the_fix(store: DraftStore) -> None:
    save_and_close(store, make_session().record)
    os.chmod(store.key_path, 0o644)
    fresh = DraftStore(store.drafts_dir, store.key_path)
    with pytest.raises(DraftError) as caught:
        fresh.save(make_session().record)
    message = str(caught.value)
    assert str(store.key_path) in message
    assert "other users" in message
    assert f"chmod 600 {store.key_path}" in message
    assert caught.value.path == store.key_path
    assert mode(store.key_path) == 0o644  # refused, not silently repaired
    # unfinished() cannot open anything with such a key: it says so, renames nothing.
    with pytest.raises(DraftError, match="chmod 600"):
        fresh.unfinished()
    assert not list(store.drafts_dir.glob("*.damaged"))


def test_a_key_of_the_wrong_size_is_refused(store: DraftStore) -> None:
    store.key_path.parent.mkdir(parents=True)
    decision_aid.atomic.write_atomic(store.key_path, b"short", mode=0o600)
    with pytest.raises(DraftError) as caught:
        store.save(make_session().record)
    message = str(caught.value)
    assert str(store.key_path) in message
    assert "5 bytes instead of 32" in message
    assert "Move it away" in message
    assert store.key_path.read_bytes() == b"short"


# -- damage ---------------------------------------------------------------------------


def assert_set_aside(caught: pytest.ExceptionInfo[DraftError], path: Path, words: str) -> None:
    message = str(caught.value)
    kept = path.with_name(path.name + ".damaged")
    assert str(path) in message
    assert words in message
    assert f"It has been kept as {kept}" in message
    assert "Traceback" not in message
    assert caught.value.kept_as == kept
    assert kept.is_file()
    assert not path.exists()


def test_a_changed_byte_is_refused_and_the_draft_kept_as_damaged(store: DraftStore) -> None:
    path = store.save(make_session().record)
    data = bytearray(path.read_bytes())
    data[40] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(DraftError) as caught:
        store.load(path)
    assert_set_aside(caught, path, "was changed outside decision-aid")
    assert path.with_name(path.name + ".damaged").read_bytes() == bytes(data)


def test_a_changed_header_is_refused(store: DraftStore) -> None:
    path = store.save(make_session().record)
    path.write_bytes(b"DADRAFT9" + path.read_bytes()[8:])
    with pytest.raises(DraftError) as caught:
        store.load(path)
    assert_set_aside(caught, path, "it is not a decision-aid draft")


@pytest.mark.parametrize("keep", [0, 7, 27, 100])
def test_a_truncated_draft_is_refused(store: DraftStore, keep: int) -> None:
    path = store.save(make_session().record)
    path.write_bytes(path.read_bytes()[:keep])
    with pytest.raises(DraftError) as caught:
        store.load(path)
    words = "was changed outside decision-aid" if keep == 100 else "it is cut short"
    assert_set_aside(caught, path, words)


def test_a_draft_saved_with_another_key_is_kept_until_that_key_is_back(
    store: DraftStore, tmp_path: Path
) -> None:
    record = make_session().record
    path = save_and_close(store, record)
    before = path.read_bytes()
    other = DraftStore(store.drafts_dir, tmp_path / "other" / "draft.key")
    other.new_key()  # another settings folder, where the user chose a new key
    save_and_close(other, make_session().record)
    with pytest.raises(DraftError) as caught:
        other.load(path)
    message = str(caught.value)
    assert str(path) in message and "was saved with another draft key" in message
    assert "offered again when that key is back" in message
    assert caught.value.kept_as is None
    assert path.read_bytes() == before  # kept exactly as it was
    assert not list(store.drafts_dir.glob("*.damaged"))
    listed = {d.id: d for d in other.unfinished()}
    assert listed[record.id].state == "kept"
    assert not listed[record.id].recoverable
    # With its own key it opens as ever.
    assert store.load(path) == record


def test_a_draft_whose_key_is_missing_is_kept_and_offered_when_the_key_is_back(
    store: DraftStore, tmp_path: Path
) -> None:
    record = make_session().record
    path = save_and_close(store, record)
    before = path.read_bytes()
    key = store.key_path.read_bytes()
    store.key_path.unlink()  # e.g. another settings folder, or the home not mounted

    fresh = DraftStore(store.drafts_dir, store.key_path)
    with pytest.raises(DraftError) as caught:
        fresh.load(path)
    message = str(caught.value)
    assert f"the draft key {store.key_path} is missing" in message
    assert "offered again when the key is back" in message
    [info] = fresh.unfinished()
    assert (info.id, info.state, info.recoverable) == (record.id, "key_missing", False)
    assert info.problem is not None and str(store.key_path) in info.problem
    # Listing again changes nothing: nothing renamed, no key invented.
    assert [d.state for d in fresh.unfinished()] == ["key_missing"]
    assert path.read_bytes() == before
    assert not list(store.drafts_dir.glob("*.damaged"))
    assert not store.key_path.exists()

    # The key comes back: the draft is offered again and opens unchanged.
    store.key_path.write_bytes(key)
    os.chmod(store.key_path, 0o600)
    [info] = fresh.unfinished()
    assert info.recoverable
    assert fresh.load(path) == record


def test_no_new_key_is_made_while_drafts_wait_for_the_missing_one(store: DraftStore) -> None:
    waiting = make_session().record
    path = save_and_close(store, waiting)
    store.key_path.unlink()
    fresh = DraftStore(store.drafts_dir, store.key_path)
    new = make_session(T0 + timedelta(hours=1)).record
    with pytest.raises(store_module.DraftKeyMissingError) as caught:
        fresh.save(new)
    message = str(caught.value)
    assert str(store.key_path) in message and str(store.drafts_dir) in message
    assert "Use a new key" in message
    assert not store.key_path.exists(), "a new key would leave the waiting draft behind"
    assert not fresh.path_for(new.id).exists()

    # The user chooses a new key: the waiting draft is kept, new ones are saved.
    fresh.new_key()
    assert store.key_path.stat().st_size == KEY_SIZE
    assert fresh.load(fresh.save(new)) == new
    states = {d.id: d.state for d in fresh.unfinished()}
    assert states == {new.id: "ok", waiting.id: "kept"}
    assert path.exists()
    with pytest.raises(DraftError, match="is there; it is not replaced"):
        fresh.new_key()


def test_a_key_that_vanishes_mid_consultation_is_not_replaced_behind_the_others(
    store: DraftStore,
) -> None:
    other = make_session().record
    save_and_close(store, other)
    session = make_session()
    store.save(session.record)
    store.key_path.unlink()
    session.set_next_steps("Talk it over at home.")
    with pytest.raises(store_module.DraftKeyMissingError):
        store.save(session.record)  # the cached key is not used: the file decides
    assert not store.key_path.exists()


def test_the_first_draft_makes_the_key(store: DraftStore) -> None:
    assert not store.key_path.exists()
    store.save(make_session().record)
    assert store.key_path.stat().st_size == KEY_SIZE


def test_an_authentic_draft_that_is_not_a_record_is_refused(store: DraftStore) -> None:
    path = store.save(make_session().record)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = store.key_path.read_bytes()
    header = MAGIC + store_module.key_id(key)
    nonce = b"\0" * 12
    path.write_bytes(header + nonce + AESGCM(key).encrypt(nonce, b'{"not": "a record"}', header))
    with pytest.raises(DraftError) as caught:
        store.load(path)
    assert_set_aside(caught, path, "not a consultation this version can read")


def test_a_second_damaged_copy_does_not_overwrite_the_first(store: DraftStore) -> None:
    record = make_session().record
    for expected in ("draft.damaged", "draft.2.damaged"):
        path = store.save(record)
        path.write_bytes(b"garbage")
        with pytest.raises(DraftError) as caught:
            store.load(path)
        assert caught.value.kept_as == store.drafts_dir / f"{record.id}.{expected}"
    assert len(list(store.drafts_dir.glob("*.damaged"))) == 2


# -- listing and removing ----------------------------------------------------------------


def test_unfinished_lists_newest_first_and_damaged_ones_once(store: DraftStore) -> None:
    old = make_session(T0).record
    new = make_session(T0 + timedelta(hours=2)).record
    middle = make_session(T0 + timedelta(hours=1)).record
    for record in (old, new, middle):
        save_and_close(store, record)
    broken = store.drafts_dir / "broken.draft"
    broken.write_bytes(b"not a draft at all, just some plain text that is long enough")
    os.utime(broken, (T0.timestamp(), (T0 - timedelta(days=1)).timestamp()))

    listed = store.unfinished()
    assert [d.id for d in listed] == [new.id, middle.id, old.id, "broken"]
    assert [d.updated for d in listed[:3]] == [new.updated, middle.updated, old.updated]
    assert {d.pack_id for d in listed[:3]} == {"minimal"}
    assert [d.damaged for d in listed] == [False, False, False, True]
    assert [d.state for d in listed] == ["ok", "ok", "ok", "damaged"]
    assert listed[0].path == store.path_for(new.id)

    damaged = listed[3]
    assert damaged.path == store.drafts_dir / "broken.draft.damaged"
    assert damaged.pack_id is None
    assert damaged.updated == T0 - timedelta(days=1)
    assert damaged.problem is not None
    assert str(broken) in damaged.problem and "it is not a decision-aid draft" in damaged.problem

    # Told once: the damaged draft is out of the way now.
    assert [d.id for d in store.unfinished()] == [new.id, middle.id, old.id]


def test_unfinished_is_empty_without_a_drafts_folder(store: DraftStore) -> None:
    assert store.unfinished() == []
    assert not store.key_path.exists()


def test_finishing_removes_the_draft(store: DraftStore) -> None:
    session = make_session()
    path = store.save(session.record)
    assert path.exists()
    session.finish()
    assert store.save(session.record) == path
    assert not path.exists()
    assert store.unfinished() == []


def test_discard_removes_a_draft_and_ignores_a_missing_one(store: DraftStore) -> None:
    record = make_session().record
    path = store.save(record)
    store.discard(record.id)
    assert not path.exists()
    assert not store.holds(record.id), "discarding gives the lock up"
    store.discard(record.id)
    assert store.unfinished() == []


def test_an_id_that_is_not_a_safe_file_name_is_refused(store: DraftStore) -> None:
    record = make_session().record.model_copy(update={"id": "../escape"})
    with pytest.raises(DraftError, match="cannot be used as a file name"):
        store.save(record)
    assert not (store.drafts_dir.parent / "escape.draft").exists()


# -- saving fails ------------------------------------------------------------------------


def test_a_full_disk_keeps_the_previous_draft(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = make_session()
    path = store.save(session.record)
    before = path.read_bytes()
    saved = session.record.model_copy(deep=True)
    session.set_next_steps("Come back in two weeks.")

    real_fsync = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(decision_aid.atomic.os, "fsync", full)
    with pytest.raises(DraftError) as caught:
        store.save(session.record)
    monkeypatch.setattr(decision_aid.atomic.os, "fsync", real_fsync)

    message = str(caught.value)
    assert str(path) in message
    assert "the disk is full" in message
    assert "The last saved copy is unchanged" in message
    assert isinstance(caught.value.__cause__, OSError)
    assert path.read_bytes() == before
    store.release(session.record.id)
    assert sorted(p.name for p in store.drafts_dir.iterdir()) == sorted(
        [path.name, "drafts.index"]
    )  # no temp file left
    assert store.load(path) == saved


def test_a_read_only_folder_gives_a_clear_error(
    store: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = make_session().record
    path = store.save(record)
    before = path.read_bytes()

    def denied(path: Path, data: bytes, mode: int = 0o644) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(store_module, "write_atomic", denied)
    with pytest.raises(DraftError, match="permission was denied") as caught:
        store.save(record)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
