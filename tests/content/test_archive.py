"""Pack archives and folders: damaged, ambiguous or oversized ones are refused, one by one."""

from __future__ import annotations

import os
import warnings
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from decision_aid.cli import main
from decision_aid.content import library
from decision_aid.content.errors import PackError
from decision_aid.content.library import build_index
from decision_aid.content.loader import load_pack
from decision_aid.content.source import (
    MAX_ARCHIVE_BYTES,
    MAX_ENTRIES,
    MAX_FOLDER_DEPTH,
    FolderSource,
    SourceError,
)
from tests.content.hostile import pack_folder, zip_folder


def _local_data_offset(raw: bytes, name: str) -> int:
    """Where an entry's compressed data starts in an archive's bytes."""
    header = raw.index(b"PK\x03\x04")  # the first local header
    while True:
        name_length = int.from_bytes(raw[header + 26 : header + 28], "little")
        extra_length = int.from_bytes(raw[header + 28 : header + 30], "little")
        start = header + 30
        if raw[start : start + name_length].decode() == name:
            return start + name_length + extra_length
        header = raw.index(b"PK\x03\x04", header + 4)


def _corrupt_deflate(tmp_path: Path) -> Path:
    archive = zip_folder(pack_folder(tmp_path / "src", "broken"), tmp_path / "packs" / "broken.zip")
    raw = bytearray(archive.read_bytes())
    # A deflate block of the reserved type 3: the stream is damaged, while the sizes
    # and the checksum in the headers are all still as they were.
    raw[_local_data_offset(bytes(raw), "broken/content.yaml")] = 0b111
    archive.write_bytes(bytes(raw))
    return archive


def test_a_corrupt_deflate_stream_is_a_problem_for_that_pack(tmp_path: Path) -> None:
    (tmp_path / "packs").mkdir()
    archive = _corrupt_deflate(tmp_path)
    with pytest.raises(PackError) as caught:
        load_pack(archive)
    [problem] = caught.value.problems
    assert problem.file == f"{archive}!broken/content.yaml"
    assert "the entry cannot be unpacked" in problem.message
    assert "invalid block type" in problem.message
    assert "the archive is damaged, make it again" in problem.message


def test_the_library_and_packs_list_show_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packs = tmp_path / "packs"
    pack_folder(packs, "intact")
    archive = _corrupt_deflate(tmp_path)
    entries = {entry.path.name: entry for entry in build_index([packs])}
    assert entries["intact"].valid
    assert not entries["broken.zip"].valid
    assert entries["broken.zip"].problems[0].file.endswith("broken.zip!broken/content.yaml")
    assert main(["packs", "list", str(packs)]) == 0
    out = capsys.readouterr().out
    assert "intact\t0.1.0" in out
    assert f"broken.zip\t-\t-\t-\tinvalid: {archive}!broken/content.yaml" in out


def test_an_unexpected_failure_is_that_packs_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.content import loader

    packs = tmp_path / "packs"
    pack_folder(packs, "intact")
    pack_folder(packs, "strange")
    real = loader.load_meta

    def load_meta(path: Path, **kwargs):  # type: ignore[no-untyped-def]
        if path.name == "strange":
            raise KeyError("nobody expected this")
        return real(path, **kwargs)

    monkeypatch.setattr(loader, "load_meta", load_meta)
    entries = {entry.path.name: entry for entry in library.build_index([packs])}
    assert entries["intact"].valid
    [problem] = entries["strange"].problems
    assert problem.file == str(packs / "strange")
    assert "unexpected error (KeyError: 'nobody expected this')" in problem.message
    assert "the other packs are not affected" in problem.message


def test_duplicate_entry_names_are_refused(tmp_path: Path) -> None:
    archive = zip_folder(pack_folder(tmp_path / "src", "twice"), tmp_path / "twice.zip")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the zip writer warns, and writes it
        with zipfile.ZipFile(archive, "a") as zf:
            zf.writestr("twice/content.yaml", "format_version: 1\n")
    with pytest.raises(PackError) as caught:
        load_pack(archive)
    [problem] = caught.value.problems
    assert problem.file.endswith("twice.zip!twice/content.yaml")
    assert "more than one entry with this name" in problem.message


def _bomb(tmp_path: Path, files: dict[str, int]) -> Path:
    folder = pack_folder(tmp_path / "src", "bomb")
    for name, size in files.items():
        (folder / name).write_bytes(b"\0" * size)
    return zip_folder(folder, tmp_path / "bomb.zip")


def test_an_entry_that_unpacks_950_times_its_size_is_refused(tmp_path: Path) -> None:
    archive = _bomb(tmp_path, {"evidence.md": 1024 * 1024})
    info = zipfile.ZipFile(archive).getinfo("bomb/evidence.md")
    assert info.file_size / info.compress_size > 900
    with pytest.raises(PackError) as caught:
        load_pack(archive)
    [problem] = caught.value.problems
    assert problem.file.endswith("bomb.zip!bomb/evidence.md")
    assert "unpacks to 1" in problem.message and "the limit is 100 times" in problem.message


def test_an_archive_that_unpacks_far_past_its_size_is_refused(tmp_path: Path) -> None:
    # Each entry stays under the size where a single entry is checked; together they do not.
    archive = _bomb(tmp_path, {f"note-{i}.md": 90 * 1024 for i in range(30)})
    with pytest.raises(PackError) as caught:
        load_pack(archive)
    [problem] = caught.value.problems
    assert problem.file == str(archive)
    assert "times its own size; the limit is 100 times" in problem.message


def test_ordinary_compression_is_accepted(tmp_path: Path) -> None:
    folder = pack_folder(tmp_path / "src", "text")
    (folder / "evidence.md").write_text(
        "\n".join(f"Line {i}: the trial followed {i * 7} people." for i in range(20_000))
    )
    assert load_pack(zip_folder(folder, tmp_path / "text.zip")).meta.id == "text"


def test_only_stored_or_deflated_entries_are_read(tmp_path: Path) -> None:
    archive = zip_folder(
        pack_folder(tmp_path / "src", "bz"), tmp_path / "bz.zip", zipfile.ZIP_BZIP2
    )
    with pytest.raises(PackError, match="uses compression method 12"):
        load_pack(archive)


def test_a_damaged_checksum_names_the_entry(tmp_path: Path) -> None:
    archive = zip_folder(pack_folder(tmp_path / "src", "crc"), tmp_path / "crc.zip")
    raw = bytearray(archive.read_bytes())
    data = zipfile.ZipFile(BytesIO(bytes(raw))).getinfo("crc/pack.yaml")
    # Change the stored checksum of pack.yaml in the central directory.
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len("crc/pack.yaml")] != b"crc/pack.yaml":
        central = raw.index(b"PK\x01\x02", central + 4)
    raw[central + 16 : central + 20] = (data.CRC ^ 1).to_bytes(4, "little")
    archive.write_bytes(bytes(raw))
    with pytest.raises(PackError) as caught:
        load_pack(archive)
    assert caught.value.problems[0].file.endswith("crc.zip!crc/pack.yaml")
    assert "Bad CRC-32" in caught.value.problems[0].message


def test_an_entry_without_a_name_is_refused(tmp_path: Path) -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("p", "x")
    raw = bytearray(buffer.getvalue())
    # Cut the one-letter name out of both headers, then move the directory back by the
    # two letters removed.
    central = raw.index(b"PK\x01\x02")
    del raw[central + 46]
    raw[central + 28 : central + 30] = b"\0\0"
    del raw[30]
    raw[26:28] = b"\0\0"
    end = raw.index(b"PK\x05\x06")
    for field, less in ((12, 1), (16, 1)):
        value = int.from_bytes(raw[end + field : end + field + 4], "little") - less
        raw[end + field : end + field + 4] = value.to_bytes(4, "little")
    archive = tmp_path / "nameless.zip"
    archive.write_bytes(bytes(raw))
    assert zipfile.ZipFile(archive).infolist()[0].filename == ""
    with pytest.raises(PackError, match="the entry has no name"):
        load_pack(archive)


def test_a_folder_with_too_many_files_is_refused(tmp_path: Path) -> None:
    folder = pack_folder(tmp_path, "crowded")
    notes = folder / "notes"
    notes.mkdir()
    for i in range(MAX_ENTRIES):
        (notes / f"{i}.md").write_bytes(b"")
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    [problem] = caught.value.problems
    assert problem.file == str(folder)
    assert f"more than {MAX_ENTRIES} files and folders" in problem.message


def test_a_folder_with_too_many_bytes_is_refused(tmp_path: Path) -> None:
    folder = pack_folder(tmp_path, "heavy")
    for i in range(9):
        with (folder / f"scan-{i}.bin").open("wb") as handle:
            handle.truncate(MAX_ARCHIVE_BYTES // 8)  # sparse: nothing is written
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert f"hold more than {MAX_ARCHIVE_BYTES} bytes" in caught.value.problems[0].message


def test_folders_nested_too_deep_are_refused(tmp_path: Path) -> None:
    folder = pack_folder(tmp_path, "nested")
    deep = folder.joinpath(*["d"] * (MAX_FOLDER_DEPTH + 1))
    deep.mkdir(parents=True)
    with pytest.raises(PackError, match=f"more than {MAX_FOLDER_DEPTH} levels deep"):
        load_pack(folder)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_never_read(tmp_path: Path) -> None:
    folder = pack_folder(tmp_path, "piped")
    os.mkfifo(folder / "notes.md")
    assert "notes.md" not in FolderSource(folder).files()
    with pytest.raises(SourceError, match="not a regular file"):
        FolderSource(folder).read("notes.md")  # returns at once: nothing blocks
    assert load_pack(folder).meta.id == "piped"


def test_a_link_swapped_in_after_listing_is_not_followed(tmp_path: Path) -> None:
    folder = pack_folder(tmp_path, "swapped")
    source = FolderSource(folder)
    assert "content.yaml" in source.files()
    (folder / "content.yaml").unlink()
    (folder / "content.yaml").symlink_to("/etc/hostname")
    with pytest.raises(SourceError, match="links are not allowed"):
        source.read("content.yaml")
