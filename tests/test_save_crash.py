"""SIGKILL at 200 moments while drafts, records and settings are saved: nothing is torn.

A worker process (tests/save_crash_child.py) saves a draft, the settings and a record
(the PDF and its FHIR copy) over and over with the app's real save functions, and is
killed at 200 moments drawn from a fixed seed: half at a random time by this test, half
just before a random file-system call inside a save (so every step of every save is hit,
the same way on every run). After each kill:

- every file is byte for byte its old version or the one being written, never a mix or
  a cut-short file;
- the app reads each one as it would after a crash: the recovery list offers exactly the
  one draft, which opens; the settings load; the FHIR copy is JSON;
- the temporary files a killed write leaves are never taken for real ones, and the
  start-up sweep removes every one of them (their writer is dead) and nothing else;
- after that sweep, the PDF and its FHIR copy are from the same record: a kill between
  their two renames (which left the new PDF beside the old FHIR copy, until the sweep
  learned to finish such a write) is finished by the sweep.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from decision_aid.atomic import PENDING_SUFFIX, is_temporary, sweep_folders
from tests.save_crash_child import VARIANTS, Paths

ROOT = Path(__file__).resolve().parent.parent
MOMENTS = 200
SEED = 14
DRAFT_ID = "crash-test-draft"
ORGANISATIONS = {f"Riverside Health Centre {i}" for i in range(VARIANTS)}


class Zygote:
    """The child that forks a saving worker per moment (see tests/save_crash_child.py)."""

    def __init__(self, work: Path, log: Path) -> None:
        self.stderr = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.save_crash_child", str(work)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
        )
        assert self.process.stdout is not None and self.process.stdin is not None
        self.out = self.process.stdout.fileno()
        self.buffer = b""
        self.log = log

    def line(self, timeout: float | None = 120.0) -> str | None:
        """The next line it writes; None if none came within ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self.out], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.out, 4096)
            if not chunk:
                raise AssertionError(f"the saving process ended:\n{self.log.read_text()}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode()

    def send(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode() + b"\n")
        self.process.stdin.flush()

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr.close()


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _folders(paths: Paths) -> list[Path]:
    return [paths.drafts, paths.key.parent, paths.records]


def _left_by_a_write(path: Path) -> bool:
    """A temporary file, or the note of a write of several files (see decision_aid.atomic)."""
    return is_temporary(path) or path.name.endswith(PENDING_SUFFIX)


def _temporaries(paths: Paths) -> set[Path]:
    return {p for folder in _folders(paths) for p in folder.iterdir() if _left_by_a_write(p)}


def _real_files(paths: Paths) -> dict[Path, str | None]:
    files = {p: _digest(p) for folder in _folders(paths) for p in folder.iterdir()}
    return {p: d for p, d in files.items() if not _left_by_a_write(p) and p.is_file()}


def _pair(digests: dict[str, str | None], paths: tuple[str, str]) -> tuple[str | None, ...]:
    return tuple(digests.get(path) for path in paths)


def _check_as_the_app_reads(paths: Paths, moment: str) -> None:
    """Read every file back the way the app does after a crash."""
    from decision_aid.session.store import DraftStore
    from decision_aid.settings import load_settings

    store = DraftStore(paths.drafts, paths.key)
    listed = store.unfinished()
    assert [(d.id, d.state) for d in listed] == [(DRAFT_ID, "ok")], (moment, listed)
    record = store.load(listed[0].path)
    store.release(record.id)
    assert record.id == DRAFT_ID
    assert load_settings(paths.settings).organisation in ORGANISATIONS, moment
    assert json.loads(paths.fhir.read_bytes())["resourceType"] == "Bundle", moment
    assert paths.pdf.read_bytes().startswith(b"%PDF-"), moment


@pytest.mark.slow
def test_sigkill_while_saving_leaves_old_or_new_files(tmp_path: Path) -> None:
    paths = Paths(tmp_path / "work")
    zygote = Zygote(paths.work, tmp_path / "child.log")
    try:
        ready = zygote.line()
        assert ready is not None and ready.startswith("ready "), ready
        per_cycle, cycle_seconds = int(ready.split()[1]), float(ready.split()[2])
        print(f"one cycle: {per_cycle} calls inside saves, {cycle_seconds:.3f} s")
        committed: dict[str, str | None] = {str(p): d for p, d in _real_files(paths).items()}
        record_pair = (str(paths.pdf), str(paths.fhir))
        pairs = {_pair(committed, record_pair)}
        """Every (PDF, FHIR copy) written together; the two on disk must be one of them."""
        rng = random.Random(SEED)
        journal_at = 0
        written: set[str] = set()
        inflight_kills = 0
        for number in range(MOMENTS):
            by_clock = number % 2 == 0
            kill_at = 0 if by_clock else rng.randrange(1, per_cycle + 1)
            delay = rng.random()
            zygote.send(f"run {rng.randrange(1 << 30)} {kill_at}")
            answer = zygote.line()
            assert answer is not None and answer.startswith("pid "), answer
            pid = int(answer.split()[1])
            if by_clock:
                # Wait on the child's pipe until the moment comes, anywhere in a cycle (it
                # writes only when the worker is dead, which must not happen before then).
                early = zygote.line(timeout=delay * 1.2 * min(cycle_seconds, 0.5))
                assert early is None, f"{early}:\n{zygote.log.read_text()}"
                os.kill(pid, signal.SIGKILL)
            dead = zygote.line()
            assert dead == f"dead {pid} {int(signal.SIGKILL)}", f"{dead}:\n{zygote.log.read_text()}"
            moment = f"moment {number} ({'clock' if by_clock else f'call {kill_at}'})"

            # What was written, and what was being written when the worker died.
            with paths.journal.open("rb") as journal:
                journal.seek(journal_at)
                events = journal.read().decode().splitlines()
                journal_at = journal.tell()
            inflight: dict[str, str] = {}
            for event in events:
                kind, path, *digest = event.split()
                written.add(path)
                if kind == "begin":
                    inflight[path] = digest[0]
                    if all(p in inflight for p in record_pair):  # written together
                        pairs.add(_pair(inflight, record_pair))
                else:
                    committed[path] = inflight.pop(path)
            if inflight:
                inflight_kills += 1
            elif not by_clock:
                raise AssertionError(f"{moment}: the kill was not inside a save")

            for path in set(committed) | set(inflight):
                allowed = {committed.get(path)} | ({inflight[path]} if path in inflight else set())
                assert _digest(Path(path)) in allowed, (
                    f"{moment}: {path} is neither its old version nor the new one"
                )

            temporaries = _temporaries(paths)
            _check_as_the_app_reads(paths, moment)
            before = _real_files(paths)
            # The start-up sweep: a write cut between its renames is finished, then every
            # temporary file left is removed (its writer is dead), and nothing else.
            removed = set(sweep_folders(_folders(paths), min_age=0))
            assert removed <= temporaries, (moment, removed, temporaries)
            assert not _temporaries(paths), moment
            after = _real_files(paths)
            for path, digest in after.items():  # a write cut between its renames is finished
                assert digest == before.get(path) or digest == inflight.get(str(path)), moment
            assert _pair({str(p): d for p, d in after.items()}, record_pair) in pairs, (
                f"{moment}: the PDF and its FHIR copy are from different records"
            )
            before = after
            # Reading drafts rewrites the index: that is the old version from now on.
            committed = {str(p): d for p, d in before.items()}
    finally:
        zygote.close()

    expected = {paths.pdf, paths.fhir, paths.settings, paths.drafts / f"{DRAFT_ID}.draft"}
    expected.add(paths.drafts / "drafts.index")
    assert {str(p) for p in expected} <= written, written
    # Every kill chosen at a file-system call is inside a save (checked above); the
    # record, the settings and the draft are each written many times across the run.
    assert inflight_kills >= MOMENTS // 2
