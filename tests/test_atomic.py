"""Atomic writes: only regular files are replaced, pairs are all-or-nothing, and what a
killed writer leaves behind is swept once its writer is gone (never while it lives)."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from decision_aid import atomic
from decision_aid.atomic import (
    PENDING_SUFFIX,
    TEMP_SUFFIX,
    NotARegularFile,
    finish_pending,
    is_temporary,
    sweep_stale,
    write_all_atomic,
    write_atomic,
)
from tests.conftest import ROOT


def temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_writes_and_replaces_a_regular_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "record.pdf"
    write_atomic(target, b"one", mode=0o600)
    write_atomic(target, b"two", mode=0o600)
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert temporaries(target.parent) == []


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "record.pdf"
    if kind == "symlink":
        (tmp_path / "real.pdf").write_bytes(b"keep me")
        path.symlink_to(tmp_path / "real.pdf")
    elif kind == "dangling symlink":
        path.symlink_to(tmp_path / "nowhere.pdf")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # like /dev/null
        except PermissionError:
            pytest.skip("making a device node needs root")
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["symlink", "dangling symlink", "fifo", "device", "folder"])
def test_never_replaces_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    path = _special(tmp_path, kind)
    before = os.lstat(path)
    with pytest.raises(NotARegularFile) as caught:
        write_atomic(path, b"new")
    assert "only regular files are replaced" in str(caught.value.strerror)
    assert caught.value.filename == str(path)
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode, after.st_rdev) == (
        before.st_ino,
        before.st_mode,
        before.st_rdev,
    )
    assert temporaries(tmp_path) == []
    if kind == "symlink":
        assert (tmp_path / "real.pdf").read_bytes() == b"keep me"
    assert not (tmp_path / "nowhere.pdf").exists()


def test_a_pair_is_all_or_nothing_when_the_second_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = atomic._stage

    def stage(path: Path, data: bytes, mode: int) -> atomic._Staged:
        if path.name == "b.json":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, mode)

    monkeypatch.setattr(atomic, "_stage", stage)
    with pytest.raises(OSError, match="No space left"):
        write_all_atomic([(tmp_path / "a.pdf", b"A", 0o600), (tmp_path / "b.json", b"B", 0o600)])
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("existed", [False, True])
def test_a_pair_is_put_back_when_the_second_rename_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.json"
    if existed:
        first.write_bytes(b"old A")
        second.write_bytes(b"old B")
    real = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target) == second and Path(source).name.endswith(TEMP_SUFFIX):
            raise OSError(errno.EIO, "Input/output error")
        real(source, target)

    monkeypatch.setattr(atomic.os, "replace", replace)
    with pytest.raises(OSError, match="Input/output error"):
        write_all_atomic([(first, b"new A", 0o600), (second, b"new B", 0o600)])
    monkeypatch.undo()
    if existed:
        assert (first.read_bytes(), second.read_bytes()) == (b"old A", b"old B")
    else:
        assert not first.exists() and not second.exists()
    assert temporaries(tmp_path) == []


# -- stale temporary files ----------------------------------------------------------------

CHILD = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from decision_aid import atomic

def stop(fd):
    sys.stdout.write("WRITING\\n")
    sys.stdout.flush()
    sys.stdin.read()  # until killed

atomic.os.fsync = stop
atomic.write_atomic(Path(sys.argv[1]), b"patient data " * 1000)
"""


def writer(target: Path) -> subprocess.Popen[str]:
    """A process stopped in the middle of an atomic write of ``target``."""
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(target), str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline() == "WRITING\n"
    return process


def test_a_killed_writer_leaves_a_temporary_file_that_is_swept(tmp_path: Path) -> None:
    target = tmp_path / "record.pdf"
    process = writer(target)
    try:
        [left] = temporaries(tmp_path)
        assert left.name.startswith(".record.pdf.") and b"patient data" in left.read_bytes()
        assert sweep_stale(tmp_path, min_age=0) == []  # its writer is alive: never touched
        assert left.exists()
    finally:
        process.kill()
        process.communicate()  # waits, and closes the pipes
    assert process.returncode == -9
    assert sweep_stale(tmp_path, min_age=0) == [left]
    assert list(tmp_path.iterdir()) == []


def test_sweeping_waits_until_a_file_is_old_and_touches_only_its_own(tmp_path: Path) -> None:
    ours = tmp_path / f".record.pdf.abcd1234{TEMP_SUFFIX}"
    ours.write_bytes(b"left by a crash")
    others = [
        tmp_path / ".record.pdf.abcd1234.tmp",  # not this product's name
        tmp_path / "record.pdf",
        tmp_path / f"notes{TEMP_SUFFIX}",
    ]
    for path in others:
        path.write_bytes(b"someone else's")
    fifo = tmp_path / f".x.pdf.abcd1234{TEMP_SUFFIX}"
    os.mkfifo(fifo)
    assert is_temporary(ours) and not any(is_temporary(p) for p in others)
    assert sweep_stale(tmp_path) == []  # fresh: a writer may be about to lock it
    old = time.time() - 3600
    os.utime(ours, (old, old))
    assert sweep_stale(tmp_path) == [ours]
    assert all(p.exists() for p in others) and fifo.exists()


def test_a_folder_that_cannot_be_read_is_skipped(tmp_path: Path) -> None:
    assert sweep_stale(tmp_path / "missing") == []


# -- a pair cut between its renames ---------------------------------------------------------

PAIR_CHILD = """
import os, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from decision_aid import atomic

real = os.replace
renamed = []

def replace(source, target):
    if Path(target).name in ("a.pdf", "b.json"):
        renamed.append(target)
        if len(renamed) == 2:  # the first file is in place, the second not yet
            sys.stdout.write("RENAMING\\n")
            sys.stdout.flush()
            sys.stdin.read()  # until killed
    real(source, target)

atomic.os.replace = replace
folder = Path(sys.argv[1])
atomic.write_all_atomic([(folder / "a.pdf", b"new A", 0o600), (folder / "b.json", b"new B", 0o600)])
"""


def test_a_pair_killed_between_its_renames_is_finished_by_the_sweep(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.json"
    first.write_bytes(b"old A")
    second.write_bytes(b"old B")
    process = subprocess.Popen(
        [sys.executable, "-c", PAIR_CHILD, str(tmp_path), str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "RENAMING\n"
        [note] = tmp_path.glob(f"*{PENDING_SUFFIX}")
        assert finish_pending(tmp_path) == []  # its writer is alive: never touched
        assert (first.read_bytes(), second.read_bytes()) == (b"new A", b"old B")
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == -9
    # The mix a kill leaves is what the next sweep (at start-up) finishes.
    sweep_stale(tmp_path, min_age=0)
    assert (first.read_bytes(), second.read_bytes()) == (b"new A", b"new B")
    assert stat.S_IMODE(second.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.json"]
    assert not note.exists()


def test_a_forged_pending_note_moves_nothing(tmp_path: Path) -> None:
    """A note renames only a temporary file of this module to a plain name, both in its
    own folder; anything else it lists is ignored, and the note removed."""
    folder = tmp_path / "records"
    folder.mkdir()
    temp = folder / f".a.pdf.abcd1234{TEMP_SUFFIX}"
    temp.write_bytes(b"temporary")
    keep = folder / "keep.txt"
    keep.write_bytes(b"keep")
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"outside")
    renames = [
        [temp.name, "../outside.txt"],
        ["../outside.txt", "a.pdf"],
        ["keep.txt", "a.pdf"],
        [temp.name, f".b.pdf.abcd1234{TEMP_SUFFIX}"],
        [temp.name, f".a.pdf.abcd1234{PENDING_SUFFIX}"],
        "not a pair",
    ]
    note = folder / f".a.pdf.abcd1234{PENDING_SUFFIX}"
    note.write_text(json.dumps({"format": 1, "renames": renames}))
    assert finish_pending(folder) == []
    assert not note.exists()
    assert temp.read_bytes() == b"temporary" and keep.read_bytes() == b"keep"
    assert outside.read_bytes() == b"outside"
    assert not (folder / "a.pdf").exists()
    # A note that is not JSON at all is dropped the same way.
    note.write_bytes(b"\x00 cut short")
    assert finish_pending(folder) == [] and not note.exists()
