"""The library's metadata cache: used across restarts, never trusted over a changed pack."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from decision_aid.content import library, library_cache
from decision_aid.content.library import build_index, same_listing
from decision_aid.content.library_cache import FORMAT, LibraryCache, default_cache_path
from decision_aid.content.loader import TRANSLATIONS_DIR


def no_reading(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make reading a pack the usual way noted; returns the packs read."""
    read: list[Path] = []
    real = library.index_entry

    def index_entry(path: Path, *args: object) -> library.Entry:
        read.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "index_entry", index_entry)
    return read


def test_second_start_reads_no_pack(make_pack, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_pack("first").parent
    make_pack("second")
    build_index([folder], LibraryCache())
    assert default_cache_path().is_file()
    read = no_reading(monkeypatch)
    entries = build_index([folder], LibraryCache())  # a new process: a new cache object
    assert read == []
    assert [e.id for e in entries] == ["first", "second"]
    assert all(e.valid for e in entries)
    assert entries[0].languages == ["en"]


def test_edited_pack_is_read_again(make_pack, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = make_pack("first")
    build_index([pack.parent], LibraryCache())
    meta = pack / "pack.yaml"
    meta.write_text(meta.read_text().replace("title: Test pack", "title: Edited pack"))
    read = no_reading(monkeypatch)
    [entry] = build_index([pack.parent], LibraryCache())
    assert read == [pack]
    assert entry.meta is not None and entry.meta.title == "Edited pack"


def test_same_size_and_time_but_other_bytes(make_pack, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit that keeps the size and puts the time back is caught by the hash."""
    pack = make_pack("first")
    meta = pack / "pack.yaml"
    build_index([pack.parent], LibraryCache())
    before = os.stat(meta)
    text = meta.read_text()
    edited = text.replace("title: Test pack", "title: Tost pick")
    assert len(edited) == len(text)
    meta.write_text(edited)
    os.utime(meta, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(meta).st_size == before.st_size
    read = no_reading(monkeypatch)
    [entry] = build_index([pack.parent], LibraryCache())
    assert read == [pack]
    assert entry.meta is not None and entry.meta.title == "Tost pick"


def test_added_translation_is_listed(make_pack, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = make_pack("first")
    build_index([pack.parent], LibraryCache())
    (pack / "translations").mkdir()
    (pack / "translations" / "cy.yaml").write_text(
        "format_version: 1\nlocale: cy\nstatus: draft\nstrings: {title: Pecyn}\n"
    )
    [entry] = build_index([pack.parent], LibraryCache())
    assert entry.languages == ["en", "cy"]


def test_pack_turned_invalid_is_not_served(make_pack) -> None:
    pack = make_pack("first")
    build_index([pack.parent], LibraryCache())
    meta = pack / "pack.yaml"
    meta.write_text(meta.read_text().replace("version: 0.1.0", "version: one"))
    [entry] = build_index([pack.parent], LibraryCache())
    assert not entry.valid and entry.problems
    stored = json.loads(default_cache_path().read_text())["packs"]
    assert str(pack) not in stored  # an invalid pack is read again at every start


def test_changed_archive_is_read_again(tmp_path: Path, make_pack) -> None:
    pack = make_pack("zipped")
    archives = tmp_path / "archives"
    archives.mkdir()
    archive = archives / "zipped.zip"

    def write(title: str) -> None:
        with zipfile.ZipFile(archive, "w") as zf:
            for file in sorted(pack.rglob("*")):
                text = file.read_text().replace("title: Test pack", f"title: {title}")
                zf.writestr(file.relative_to(pack).as_posix(), text)

    write("Old title")
    [entry] = build_index([archives], LibraryCache())
    assert entry.meta is not None and entry.meta.title == "Old title"
    write("New title")
    [entry] = build_index([archives], LibraryCache())
    assert entry.meta is not None and entry.meta.title == "New title"


def test_damaged_or_foreign_cache_is_ignored(make_pack, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = make_pack("first")
    build_index([pack.parent], LibraryCache())
    path = default_cache_path()
    data = json.loads(path.read_text())
    key, languages, _meta, stamp = data["packs"][str(pack)]
    data["packs"][str(pack)] = [key, languages, '{"id": "forged"}', stamp]
    path.write_text(json.dumps(data))
    read = no_reading(monkeypatch)
    [entry] = build_index([pack.parent], LibraryCache())
    assert read == [pack] and entry.id == "first"  # a damaged entry cannot pass as valid
    path.write_text("{not json")
    [entry] = build_index([pack.parent], LibraryCache())
    assert entry.valid and json.loads(path.read_text())["format"] == FORMAT  # replaced
    data = json.loads(path.read_text())
    data["app"] = "0.0.0-other"
    path.write_text(json.dumps(data))
    read.clear()
    build_index([pack.parent], LibraryCache())
    assert read == [pack]
    data = json.loads(path.read_text())
    data["packs"][str(pack)][2] = '{"id": "forged"}'
    path.write_text(json.dumps(data))
    read.clear()
    [entry] = build_index([pack.parent], LibraryCache(), quick=True)
    assert read == [pack] and entry.id == "first" and entry.checked  # nor on the quick check


def test_removed_pack_is_dropped(make_pack) -> None:
    first = make_pack("first")
    make_pack("second")
    build_index([first.parent], LibraryCache())
    for file in sorted(first.rglob("*"), reverse=True):
        file.rmdir() if file.is_dir() else file.unlink()
    first.rmdir()
    [entry] = build_index([first.parent], LibraryCache())
    assert entry.id == "second"
    assert list(json.loads(default_cache_path().read_text())["packs"]) == [
        str(first.parent / "second")
    ]


def test_unwritable_cache_still_lists(make_pack, tmp_path: Path) -> None:
    pack = make_pack("first")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    [entry] = build_index([pack.parent], LibraryCache(blocked / "sub" / "index.json"))
    assert entry.valid


def quick_index(folder: Path) -> list[library.Entry]:
    return build_index([folder], LibraryCache(), quick=True)


def test_quick_check_serves_an_unchanged_pack_unchecked(
    make_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first screen's check reads no pack and hashes nothing; its entries say that
    their full key is still to be checked, and the full build then checks it."""
    folder = make_pack("first").parent
    build_index([folder], LibraryCache())
    read = no_reading(monkeypatch)
    hashed: list[str] = []
    monkeypatch.setattr(library_cache, "pack_key", lambda path: hashed.append(path) or None)
    [entry] = quick_index(folder)
    assert read == [] and hashed == []
    assert not entry.checked and entry.valid and entry.id == "first"
    monkeypatch.undo()
    [checked] = build_index([folder], LibraryCache())
    assert checked.checked and same_listing([entry], [checked])


def test_quick_check_never_serves_an_edited_pack_file(
    make_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same size, modification time put back: the change time still tells."""
    pack = make_pack("first")
    meta = pack / "pack.yaml"
    build_index([pack.parent], LibraryCache())
    before = os.stat(meta)
    text = meta.read_text()
    meta.write_text(text.replace("title: Test pack", "title: Tost pick"))
    os.utime(meta, ns=(before.st_atime_ns, before.st_mtime_ns))
    read = no_reading(monkeypatch)
    [entry] = quick_index(pack.parent)
    assert read == [pack] and entry.checked
    assert entry.meta is not None and entry.meta.title == "Tost pick"
    read.clear()
    [again] = quick_index(pack.parent)  # stored anew, with its new stamp
    assert read == [] and again.meta is not None and again.meta.title == "Tost pick"


def test_quick_check_sees_a_pack_file_replaced_or_a_translation_added(make_pack) -> None:
    pack = make_pack("first")
    build_index([pack.parent], LibraryCache())
    meta = pack / "pack.yaml"
    replacement = pack / "pack.new"
    replacement.write_text(meta.read_text().replace("title: Test pack", "title: Replaced"))
    os.replace(replacement, meta)  # an editor's atomic save: a new inode
    [entry] = quick_index(pack.parent)
    assert entry.checked and entry.meta is not None and entry.meta.title == "Replaced"
    (pack / "translations").mkdir()
    (pack / "translations" / "cy.yaml").write_text(
        "format_version: 1\nlocale: cy\nstatus: draft\nstrings: {title: Pecyn}\n"
    )
    [entry] = quick_index(pack.parent)
    assert entry.checked and entry.languages == ["en", "cy"]
    (pack / "translations" / "pl.yaml").write_text(
        "format_version: 1\nlocale: pl\nstatus: draft\nstrings: {title: Pakiet}\n"
    )
    [entry] = quick_index(pack.parent)
    assert entry.checked and entry.languages == ["en", "cy", "pl"]


def test_quick_check_leaves_other_files_to_the_full_check(
    make_pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the listing shows nothing from, edited in place, is found by the full key:
    the quick entry is unchecked, and the checked build reads the pack again."""
    pack = make_pack("first")
    build_index([pack.parent], LibraryCache())
    content = pack / "content.yaml"
    content.write_text(content.read_text() + "\n# edited\n")
    [quick] = quick_index(pack.parent)
    assert not quick.checked
    read = no_reading(monkeypatch)
    [checked] = build_index([pack.parent], LibraryCache())
    assert read == [pack] and checked.checked


def test_translations_folder_name_is_the_loaders() -> None:
    assert library_cache.TRANSLATIONS == TRANSLATIONS_DIR


class _FrozenLoader:
    """A loader like the frozen bundle's: code, but no source file on disk."""

    def __init__(self, source: str) -> None:
        self.code = compile(source, "<frozen>", "exec")

    def get_code(self, _name: str) -> object:
        return self.code


def _frozen_module(tmp_path: Path, source: str) -> object:
    import importlib.machinery
    import types

    module = types.ModuleType("decision_aid.content.fields")
    module.__file__ = str(tmp_path / "fields.pyc")  # not there, as in the bundle
    module.__spec__ = importlib.machinery.ModuleSpec(module.__name__, _FrozenLoader(source))
    return module


def test_the_model_stamp_works_without_source_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frozen bundle has no .py files: reading them made every library window fail."""
    from decision_aid.content import fields, model, model_parts

    for module in (fields, model_parts, model):
        monkeypatch.setattr(module, "__file__", str(tmp_path / f"{module.__name__}.pyc"))
    stamp = library_cache._model_stamp()
    assert len(stamp) == 16
    one = library_cache._module_bytes(_frozen_module(tmp_path, "A = 1\n"))  # type: ignore[arg-type]
    other = library_cache._module_bytes(_frozen_module(tmp_path, "A = 2\n"))  # type: ignore[arg-type]
    assert one and one != other


def test_a_module_with_neither_source_nor_code_is_an_error(tmp_path: Path) -> None:
    import types

    module = types.ModuleType("gone")
    module.__file__ = str(tmp_path / "gone.py")
    with pytest.raises(FileNotFoundError):
        library_cache._module_bytes(module)
