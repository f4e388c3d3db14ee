"""Drafts are listed from a small index without patient content; a draft that changed,
a missing or a damaged index is never trusted: those drafts are opened and checked."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from decision_aid.session.draft_index import INDEX_NAME
from decision_aid.session.model import Person
from decision_aid.session.store import DraftStore
from tests.session.test_store import SECRET, T0, make_session


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "data" / "drafts", tmp_path / "config" / "draft.key"


def fresh(dirs: tuple[Path, Path]) -> DraftStore:
    """Another start of the app: a new store on the same folders."""
    return DraftStore(*dirs)


@pytest.fixture
def decrypted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the drafts decrypted, in order."""
    names: list[str] = []
    original = DraftStore._decode

    def counting(self: DraftStore, data: bytes, path: Path):  # type: ignore[no-untyped-def]
        names.append(path.name)
        return original(self, data, path)

    monkeypatch.setattr(DraftStore, "_decode", counting)
    return names


def save_stale(dirs: tuple[Path, Path], count: int) -> list[str]:
    """``count`` drafts left by earlier consultations (each saved, then closed)."""
    store = fresh(dirs)
    ids = []
    for number in range(count):
        session = make_session(T0 + timedelta(minutes=number))
        session.record.patient = Person(name=f"Patient {number} Llewellyn")
        store.save(session.record)
        store.release(session.record.id)
        ids.append(session.record.id)
    return ids


def test_ten_stale_drafts_are_listed_without_decrypting_any(
    dirs: tuple[Path, Path], decrypted: list[str]
) -> None:
    ids = save_stale(dirs, 10)
    decrypted.clear()
    drafts = fresh(dirs).unfinished()
    assert decrypted == []
    assert [d.id for d in drafts] == list(reversed(ids))  # newest first
    assert all(d.recoverable and d.pack_id == "minimal" for d in drafts)
    assert drafts[0].updated == T0 + timedelta(minutes=9)
    # Recovering one still opens it in full.
    record = fresh(dirs).load(drafts[0].path)
    assert record.id == ids[-1]
    assert decrypted == [drafts[0].path.name]


def test_the_index_holds_no_patient_content_and_is_user_only(dirs: tuple[Path, Path]) -> None:
    save_stale(dirs, 3)
    index = dirs[0] / INDEX_NAME
    data = index.read_bytes()
    assert SECRET.encode() not in data
    assert b"Llewellyn" not in data
    assert b"tablet" not in data  # the patient's leaning and fares
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    entry = next(iter(json.loads(data)["drafts"].values()))
    assert set(entry) == {
        "stamp",
        "key_id",
        "id",
        "pack_id",
        "pack_version",
        "language",
        "step",
        "started",
        "updated",
    }


@pytest.mark.parametrize(
    "damage",
    [
        None,  # missing
        b"\x00garbage{",
        b'{"format": 1, "drafts": []}',
        b'{"format": 99, "drafts": {}}',
        b'{"format": 1, "drafts": {"x.draft": {"stamp": "no"}}}',
    ],
)
def test_a_missing_or_damaged_index_is_rebuilt_from_the_drafts(
    dirs: tuple[Path, Path], decrypted: list[str], damage: bytes | None
) -> None:
    ids = save_stale(dirs, 3)
    index = dirs[0] / INDEX_NAME
    if damage is None:
        index.unlink()
    else:
        index.write_bytes(damage)
    decrypted.clear()
    drafts = fresh(dirs).unfinished()
    assert sorted(d.id for d in drafts) == sorted(ids)
    assert all(d.recoverable for d in drafts)
    assert len(decrypted) == 3
    assert set(json.loads(index.read_bytes())["drafts"]) == {f"{i}.draft" for i in ids}
    decrypted.clear()
    assert [d.id for d in fresh(dirs).unfinished()] == [d.id for d in drafts]
    assert decrypted == []


def test_a_draft_saved_without_its_index_entry_is_opened_not_served_from_the_index(
    dirs: tuple[Path, Path], decrypted: list[str]
) -> None:
    """Another copy of the app (or a crash between the two writes) changed a draft and
    left the index's entry as it was: the old entry must not be served."""
    store = fresh(dirs)
    session = make_session(T0)
    path = store.save(session.record)
    old_index = (dirs[0] / INDEX_NAME).read_bytes()
    later = T0 + timedelta(hours=3)
    session.record.updated = later
    session.record.step = "plan"
    store.save(session.record)
    store.release(session.record.id)
    (dirs[0] / INDEX_NAME).write_bytes(old_index)
    decrypted.clear()
    [info] = fresh(dirs).unfinished()
    assert decrypted == [path.name]
    assert info.updated == later
    entry = json.loads((dirs[0] / INDEX_NAME).read_bytes())["drafts"][path.name]
    assert entry["step"] == "plan"


def test_a_draft_changed_in_place_is_checked_and_set_aside(
    dirs: tuple[Path, Path], decrypted: list[str]
) -> None:
    store = fresh(dirs)
    session = make_session(T0)
    path = store.save(session.record)
    store.release(session.record.id)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # same size; its times change
    info = path.stat()
    path.write_bytes(bytes(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # even the same mtime
    decrypted.clear()
    [listed] = fresh(dirs).unfinished()
    assert decrypted == [path.name]
    assert listed.damaged
    assert not path.exists()
    assert path.name not in json.loads((dirs[0] / INDEX_NAME).read_bytes())["drafts"]


def test_a_copied_draft_is_opened_and_kept_under_its_own_name(
    dirs: tuple[Path, Path], decrypted: list[str]
) -> None:
    [record_id] = save_stale(dirs, 1)
    original = dirs[0] / f"{record_id}.draft"
    copy = dirs[0] / "0123456789abcdef0123456789abcdef.draft"
    copy.write_bytes(original.read_bytes())
    info = original.stat()
    os.utime(copy, ns=(info.st_atime_ns, info.st_mtime_ns))
    decrypted.clear()
    drafts = {d.path.name: d for d in fresh(dirs).unfinished()}
    assert decrypted == [copy.name]
    assert drafts[original.name].recoverable
    assert drafts[copy.name].state == "kept"


def test_without_the_key_indexed_drafts_wait_for_it_and_name_their_pack(
    dirs: tuple[Path, Path], decrypted: list[str]
) -> None:
    save_stale(dirs, 2)
    key = dirs[1].read_bytes()
    dirs[1].unlink()
    decrypted.clear()
    drafts = fresh(dirs).unfinished()
    assert decrypted == []
    assert [d.state for d in drafts] == ["key_missing", "key_missing"]
    assert {d.pack_id for d in drafts} == {"minimal"}
    dirs[1].write_bytes(key)
    dirs[1].chmod(0o600)
    assert all(d.recoverable for d in fresh(dirs).unfinished())


def test_discarding_a_draft_drops_its_entry(dirs: tuple[Path, Path]) -> None:
    ids = save_stale(dirs, 2)
    store = fresh(dirs)
    [newest, oldest] = store.unfinished()
    store.discard(newest)
    entries = json.loads((dirs[0] / INDEX_NAME).read_bytes())["drafts"]
    assert set(entries) == {f"{ids[0]}.draft"} == {oldest.path.name}


def test_listing_an_empty_store_writes_nothing(dirs: tuple[Path, Path]) -> None:
    assert fresh(dirs).unfinished() == []
    assert not dirs[0].exists()
