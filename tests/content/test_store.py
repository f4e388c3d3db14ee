"""The pack store keeps every pack a consultation started with, by content hash, verified
when read; shown_pack finds the version a session was shown."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from decision_aid.content.library import build_index
from decision_aid.content.loader import load_pack
from decision_aid.content.store import (
    PackStore,
    StoreError,
    archive_bytes,
    default_store_dir,
    shown_pack,
)
from tests.conftest import MINIMAL


def edited(make_pack, version: str = "0.1.0", word: str = "tablet") -> Path:  # type: ignore[no-untyped-def]
    """The minimal pack, its version and its decision changed."""
    edits = {"pack.yaml": [("Should I take the tablet?", f"Should I take the {word}?")]}
    if version != "0.1.0":
        edits["pack.yaml"].append(("version: 0.1.0", f"version: {version}"))
    return make_pack(edits=edits)  # type: ignore[no-any-return]


def test_the_default_store_is_in_the_users_data_folder(tmp_path: Path) -> None:
    assert default_store_dir() == Path(os.environ["XDG_DATA_HOME"]) / "decision-aid" / "pack-store"


def test_a_kept_pack_reads_back_with_the_same_hash(tmp_path: Path) -> None:
    loaded = load_pack(MINIMAL)
    store = PackStore(tmp_path / "store")
    path = store.keep(loaded)
    assert path == tmp_path / "store" / loaded.content_hash.removeprefix("sha256:") / "minimal.zip"
    again = store.get("minimal", loaded.content_hash)
    assert again is not None and again.content_hash == loaded.content_hash
    assert again.pack == loaded.pack
    # Keeping it again writes nothing: the archive is the same, byte for byte.
    before = path.stat()
    store.keep(loaded)
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_ino == before.st_ino
    assert archive_bytes(loaded) == path.read_bytes()


def test_an_archive_pack_is_kept_too(tmp_path: Path) -> None:
    archive = tmp_path / "minimal.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(MINIMAL.rglob("*")):
            if file.is_file():
                zf.write(file, "minimal/" + file.relative_to(MINIMAL).as_posix())
    loaded = load_pack(archive)
    assert loaded.content_hash == load_pack(MINIMAL).content_hash
    store = PackStore(tmp_path / "store")
    store.keep(loaded)
    stored = store.get("minimal", loaded.content_hash)
    assert stored is not None and stored.content_hash == loaded.content_hash


def test_nothing_there_is_none(tmp_path: Path) -> None:
    assert PackStore(tmp_path / "store").get("minimal", "sha256:" + "0" * 64) is None


def test_a_changed_stored_copy_is_refused(tmp_path: Path, make_pack) -> None:  # type: ignore[no-untyped-def]
    shown = load_pack(MINIMAL)
    store = PackStore(tmp_path / "store")
    path = store.keep(shown)
    other = load_pack(edited(make_pack, word="pill"))
    path.write_bytes(archive_bytes(other))  # a valid pack, but not the one filed here
    with pytest.raises(StoreError, match="has been changed"):
        store.get("minimal", shown.content_hash)


def test_a_damaged_stored_copy_is_refused(tmp_path: Path) -> None:
    shown = load_pack(MINIMAL)
    store = PackStore(tmp_path / "store")
    path = store.keep(shown)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match=r"damaged|changed"):
        store.get("minimal", shown.content_hash)


@pytest.mark.parametrize(
    ("pack_id", "content_hash"),
    [
        ("minimal", "sha256:../../etc"),
        ("minimal", "md5:" + "0" * 32),
        ("minimal", "sha256:" + "0" * 64 + "/x"),
        ("../minimal", "sha256:" + "0" * 64),
        ("x" * 200, "sha256:" + "0" * 64),
    ],
)
def test_only_a_real_hash_and_id_become_a_path(
    tmp_path: Path, pack_id: str, content_hash: str
) -> None:
    with pytest.raises(StoreError, match="not a pack id and content hash"):
        PackStore(tmp_path / "store").get(pack_id, content_hash)


def test_a_link_or_an_oversized_file_in_the_store_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.content import store as store_module

    shown = load_pack(MINIMAL)
    store = PackStore(tmp_path / "store")
    path = store.path_for("minimal", shown.content_hash)
    path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere.zip"
    elsewhere.write_bytes(archive_bytes(shown))
    path.symlink_to(elsewhere)
    with pytest.raises(StoreError, match="not a regular file"):
        store.get("minimal", shown.content_hash)
    path.unlink()
    store.keep(shown)
    monkeypatch.setattr(store_module, "MAX_ARCHIVE_BYTES", 10)
    with pytest.raises(StoreError, match="larger than a pack may be"):
        store.get("minimal", shown.content_hash)


def test_shown_pack_prefers_the_library_then_the_store(tmp_path: Path, make_pack) -> None:  # type: ignore[no-untyped-def]
    shown = load_pack(MINIMAL)
    store = PackStore(tmp_path / "store")
    library = tmp_path / "library"
    shutil.copytree(MINIMAL, library / "minimal")
    entries = build_index([library])
    found = shown_pack(entries, store, "minimal", "0.1.0", shown.content_hash)
    assert found is not None and found.source.location == library / "minimal"
    # The library now has another copy of the same version only: the store has the shown one.
    store.keep(shown)
    changed = edited(make_pack, word="pill")
    entries = build_index([changed.parent])
    found = shown_pack(entries, store, "minimal", "0.1.0", shown.content_hash)
    assert found is not None and found.content_hash == shown.content_hash
    assert found.source.location.is_relative_to(tmp_path / "store")
    # Neither has it.
    assert shown_pack(entries, None, "minimal", "0.1.0", shown.content_hash) is None
    assert shown_pack(entries, store, "minimal", "0.1.0", "sha256:" + "1" * 64) is None
