"""The process that tests/test_save_crash.py kills: it saves drafts, records and settings.

    python -m tests.save_crash_child WORKDIR

It starts as a *zygote*: it imports the app, loads the pack and prepares what it saves,
once. Then, for each line ``run SEED KILL_AT`` on its stdin, it forks a *worker* and
answers ``pid PID``; when the worker has died, ``dead PID SIGNAL``. A worker saves in an
endless cycle with the app's real save functions: a draft (``DraftStore.save``, which
writes the draft and the drafts' index), the settings (``save_settings``) and a record
(``make_record``: the PDF and its FHIR copy, as ``report build`` writes them), each time
with other content. Only the atomic writer's entry points are wrapped, to note in
WORKDIR/journal the SHA-256 of what each write is about to put in place ("begin") and
that it returned ("end"), so the test knows the old and the new version of every file.

``KILL_AT`` > 0 makes the worker SIGKILL itself just before the KILL_AT-th file-system
call made inside an atomic write (open, write, fsync, fchmod, link, rename, unlink,
close ...): a reproducible moment at every step of a save. With 0 it saves until the
test kills it. Forking keeps each new worker's start to a few milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACK_ID = "statins-primary-prevention"
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
VARIANTS = 3
"""How many versions of each file a worker cycles through (each differs from the last)."""
COUNTED = (
    "open",
    "write",
    "fsync",
    "fchmod",
    "chmod",
    "link",
    "replace",
    "rename",
    "unlink",
    "close",
    "mkdir",
)
"""The os functions whose calls inside an atomic write are the moments a worker can die."""


class Paths:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.drafts = work / "drafts"
        self.key = work / "config" / "draft.key"
        self.settings = work / "config" / "settings.json"
        self.records = work / "records"
        self.pdf = self.records / "record.pdf"
        self.fhir = self.records / "record.fhir.json"
        self.journal = work / "journal"


class Saver:
    """Everything a worker saves, prepared once in the zygote."""

    def __init__(self, paths: Paths) -> None:
        from decision_aid.content.loader import load_pack
        from decision_aid.report.summary import ReportOptions
        from decision_aid.session.model import SessionRecord
        from decision_aid.session.store import DraftStore

        self.paths = paths
        self.loaded = load_pack(ROOT / "option_grids" / PACK_ID)
        example = (ROOT / "examples" / f"{PACK_ID}.session.json").read_text()
        finished = SessionRecord.model_validate_json(example)
        self.records = [
            finished.model_copy(update={"updated": finished.updated + timedelta(minutes=i)})
            for i in range(VARIANTS)
        ]
        self.drafts = [
            record.model_copy(update={"finished": None, "id": "crash-test-draft"})
            for record in self.records
        ]
        self.options = [
            ReportOptions(
                created=NOW,
                organisation=f"Riverside Health Centre {i}",
                locale="en_GB",
                app_version="0.1.0",
            )
            for i in range(VARIANTS)
        ]
        self.store = DraftStore(paths.drafts, paths.key)

    def cycle(self, i: int) -> None:
        from decision_aid.report.pipeline import make_record
        from decision_aid.settings import Settings, save_settings

        variant = i % VARIANTS
        self.store.save(self.drafts[variant])
        save_settings(
            Settings(organisation=f"Riverside Health Centre {variant}"), self.paths.settings
        )
        make_record(
            self.loaded,
            self.records[variant],
            self.paths.pdf,
            options=self.options[variant],
            overwrite=True,
            now=NOW,
        )


def _journaled(journal: int, counter: Callable[[bool], None]) -> None:
    """Wrap the atomic writer where the save functions call it: note each write in the
    journal before it starts and after it returns, and count the calls inside it."""
    from decision_aid import atomic
    from decision_aid.report import pipeline
    from decision_aid.session import draft_index, store

    real_all = atomic.write_all_atomic

    def note(line: str) -> None:
        os.write(journal, (line + "\n").encode())

    def write_all(files: Any) -> None:
        files = list(files)
        for path, data, _mode in files:
            note(f"begin {path} {hashlib.sha256(data).hexdigest()}")
        counter(True)
        try:
            real_all(files)
        finally:
            counter(False)
        for path, _data, _mode in files:
            note(f"end {path}")

    def write_one(path: Path, data: bytes, mode: int = 0o644) -> None:
        write_all([(path, data, mode)])

    atomic.write_atomic = write_one  # settings.save_settings imports it when it saves
    store.write_atomic = write_one  # type: ignore[attr-defined]
    draft_index.write_atomic = write_one  # type: ignore[attr-defined]
    pipeline.write_all_atomic = write_all  # type: ignore[attr-defined]


def _kill_switch(kill_at: int) -> Callable[[bool], None]:
    """Count the counted os calls made inside atomic writes; die before the kill_at-th."""
    state = {"inside": False, "calls": 0}

    def counted(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if state["inside"]:
                state["calls"] += 1
                if state["calls"] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    if kill_at > 0:
        for name in COUNTED:
            setattr(os, name, counted(getattr(os, name)))

    def inside(flag: bool) -> None:
        state["inside"] = flag

    return inside


def _worker(saver: Saver, seed: int, kill_at: int) -> None:
    journal = os.open(saver.paths.journal, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    _journaled(journal, _kill_switch(kill_at))
    i = random.Random(seed).randrange(VARIANTS)
    while True:
        saver.cycle(i)
        i += 1


def calls_per_cycle(saver: Saver) -> tuple[int, float]:
    """How many counted calls one cycle makes inside atomic writes, and how long it takes
    (measured in a throw-away child)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        counts = {"inside": False, "calls": 0}

        def counted(real: Callable[..., Any]) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                if counts["inside"]:
                    counts["calls"] += 1
                return real(*args, **kwargs)

            return call

        for name in COUNTED:
            setattr(os, name, counted(getattr(os, name)))
        devnull = os.open(os.devnull, os.O_WRONLY)

        def inside(flag: bool) -> None:
            counts["inside"] = flag

        _journaled(devnull, inside)
        saver.cycle(0)
        started = time.monotonic()
        counts["calls"] = 0
        saver.cycle(1)  # this one replaces files, as every later one does
        seconds = time.monotonic() - started
        os.write(write, f"{counts['calls']} {seconds:.3f}".encode())
        os._exit(0)
    os.close(write)
    answer = b""
    while chunk := os.read(read, 64):
        answer += chunk
    os.close(read)
    os.waitpid(pid, 0)
    calls, seconds = answer.split()
    return int(calls), float(seconds)


def main() -> None:
    paths = Paths(Path(sys.argv[1]))
    saver = Saver(paths)
    per_cycle, seconds = calls_per_cycle(saver)
    print(f"ready {per_cycle} {seconds}", flush=True)
    for line in sys.stdin:
        command, seed, kill_at = line.split()
        if command != "run":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _worker(saver, int(seed), int(kill_at))
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(1)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        died_of = os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.WEXITSTATUS(status)
        print(f"dead {pid} {died_of}", flush=True)


if __name__ == "__main__":
    main()
