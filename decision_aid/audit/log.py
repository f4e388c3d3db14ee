"""The audit log on disk: appending an entry safely, and reading the lines back.

Three files sit together (``audit.jsonl`` in the user's state folder by default):

- the log, ``audit.jsonl``: one entry per line (:mod:`.chain`), only ever appended to. It
  is opened with ``O_APPEND`` and synced after every append;
- its head, ``audit.jsonl.head``: the number and hash of the last entry, replaced
  atomically after every append. Lines cut off the end of the log leave the head
  pointing past it, which is how :mod:`.check` finds them;
- ``audit.jsonl.lock``: held (``flock``; ``msvcrt.locking`` on Windows) while one process
  appends, so two running copies of the app, or two threads, never interleave or fork
  the chain.

Before appending, the end of the log is read:

- a last line cut short (the app or the computer stopped mid-write) is ended, and an
  ``audit.torn`` entry right after it names it (line number, size, SHA-256). The cut
  line stays where it was: nothing is ever removed from the log;
- a head that names an entry the log does not end with (lines removed from the end, or
  the head file missing or damaged while the log is not) is noted by an ``audit.gap``
  entry, which ``audit verify`` reports for good.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from decision_aid.atomic import write_atomic
from decision_aid.audit.chain import (
    GENESIS,
    MAX_LINE,
    Entry,
    NotAnEntryError,
    Value,
    is_hex,
    make_entry,
    parse_entry,
)
from decision_aid.i18n import _

LOG_NAME = "audit.jsonl"
LOCK_WAIT = 10.0
"""Seconds an append waits for another process's append to finish."""
_CHUNK = 64 * 1024
_FLAGS = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class AuditError(Exception):
    """The audit log could not be written; ``str(exc)`` names the file, the reason and the
    fix, ``reason`` is the file and the reason alone (for a sentence of the caller's)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def head_path(log: Path) -> Path:
    return log.with_name(log.name + ".head")


def lock_path(log: Path) -> Path:
    return log.with_name(log.name + ".lock")


def now_text() -> str:
    """The current UTC time as entries carry it (milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# -- the head -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """The last entry appended, as the head file records it."""

    seq: int
    hash: str


class HeadError(ValueError):
    """The head file is there but is not a head; ``str(exc)`` says why."""


def read_head(log: Path) -> Head | None:
    """The head of ``log``; None when there is no head file. Raises HeadError when it is
    damaged, OSError when it cannot be read."""
    path = head_path(log)
    try:
        with open(path, "rb") as handle:
            data = handle.read(1025)
    except FileNotFoundError:
        return None
    try:
        found = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HeadError(_("it is not JSON")) from None
    if not isinstance(found, dict) or set(found) != {"format", "seq", "hash"}:
        raise HeadError(_("it does not hold a number and a hash"))
    seq = found["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1 or not is_hex(found["hash"]):
        raise HeadError(_("it does not hold a number and a hash"))
    return Head(seq, found["hash"])


def _write_head(log: Path, head: Head) -> None:
    data = {"format": 1, "seq": head.seq, "hash": head.hash}
    write_atomic(head_path(log), (json.dumps(data) + "\n").encode("ascii"), 0o600)


# -- the lock -------------------------------------------------------------------------------


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - not tested on Linux
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


@contextlib.contextmanager
def _locked(log: Path) -> Iterator[None]:
    """Hold the log's lock (waiting up to LOCK_WAIT seconds for another appender)."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | _NOFOLLOW
    fd = os.open(lock_path(log), flags, 0o600)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise AuditError(
                    _(
                        "The audit log {path} is locked by another program for more than "
                        "{seconds} seconds; the event was not recorded. Check for a "
                        "decision-aid that has stopped responding."
                    ).format(path=log, seconds=int(LOCK_WAIT)),
                    _("{path} is locked by another program").format(path=log),
                )
            time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # also releases the lock


# -- the end of the log -------------------------------------------------------------------


@dataclass(frozen=True)
class Torn:
    """A last line with no end: where it is, and what it holds."""

    line: int
    size: int
    sha256: str


@dataclass(frozen=True)
class Tail:
    last: Head | None
    """Number and hash of the last whole line when it reads as an entry; else None."""
    whole: bool
    """Whether the log has any whole line (one that ends)."""
    torn: Torn | None = None


def _last_entry(line: bytes | None) -> Head | None:
    if line is None:
        return None
    try:
        entry = parse_entry(line)
    except NotAnEntryError:
        return None
    return Head(entry.seq, entry.hash)


def _tail(fd: int) -> Tail:
    """What the end of the open log holds."""
    size = os.fstat(fd).st_size
    if size == 0:
        return Tail(None, whole=False)
    start = max(0, size - MAX_LINE - 1)
    end = os.pread(fd, size - start, start) if hasattr(os, "pread") else _read_at(fd, start)
    if end.endswith(b"\n"):
        body = end[:-1]
        cut = body.rfind(b"\n")
        if cut >= 0:
            return Tail(_last_entry(body[cut + 1 :]), whole=True)
        return Tail(_last_entry(body if start == 0 else None), whole=True)
    return _scan_torn(fd)


def _read_at(fd: int, start: int) -> bytes:  # pragma: no cover - not POSIX
    os.lseek(fd, start, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def _scan_torn(fd: int) -> Tail:
    """The whole log read once (only when its last line is cut short): its line count, its
    last whole line, and the cut line's size and hash."""
    os.lseek(fd, 0, os.SEEK_SET)
    lines = 0
    last: bytes | None = None
    partial = hashlib.sha256()
    pending = b""
    size = 0
    while chunk := os.read(fd, _CHUNK):
        while chunk:
            cut = chunk.find(b"\n")
            if cut < 0:
                size += len(chunk)
                partial.update(chunk)
                if len(pending) < MAX_LINE:
                    pending += chunk[:MAX_LINE]
                break
            piece, chunk = chunk[:cut], chunk[cut + 1 :]
            lines += 1
            size += len(piece)
            whole = size < MAX_LINE
            last = (pending + piece) if whole else None
            pending, size, partial = b"", 0, hashlib.sha256()
    return Tail(_last_entry(last), lines > 0, Torn(lines + 1, size, partial.hexdigest()))


# -- appending ------------------------------------------------------------------------------


def _regular(fd: int, log: Path) -> None:
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise AuditError(
            _(
                "The audit log {path} is not a regular file; the event was not recorded. "
                "Remove what is there so the app can start the log."
            ).format(path=log),
            _("{path} is not a regular file").format(path=log),
        )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


HeadState = Literal["ok", "missing", "damaged"]


def _start(tail: Tail, head: Head | None) -> tuple[int, str]:
    """The number and hash the next entry follows on from."""
    if tail.last is not None:
        return tail.last.seq, tail.last.hash
    if tail.whole and head is not None:
        return head.seq, head.hash  # the last line is not an entry: carry on from the head
    return 0, GENESIS


def lost_end(last: Head | None, whole: bool, head: Head | None, state: HeadState) -> bool:
    """Whether entries are missing from the end of a log whose last entry is ``last``
    (``whole``: it has any whole line at all), given its head. A missing head is expected
    only after the very first entry (the app stopped before writing it)."""
    if not whole:
        return head is not None or state == "damaged"
    if last is None:
        return False  # the last line is no entry: that is the break to report
    if head is None:
        return state == "damaged" or last.seq > 1
    return head.seq > last.seq or (head.seq == last.seq and head.hash != last.hash)


def _notes(tail: Tail, head: Head | None, state: HeadState, moment: str) -> list[Entry]:
    """The entries about the log itself that go before the event: a cut line, a gap."""
    notes: list[Entry] = []
    seq, link = _start(tail, head)
    if tail.torn is not None:
        torn = tail.torn
        fields: dict[str, Value] = {"line": torn.line, "bytes": torn.size, "sha256": torn.sha256}
        notes.append(make_entry(seq + 1, moment, "audit.torn", fields, link))
        seq, link = seq + 1, notes[-1].hash
    if lost_end(tail.last, tail.whole, head, state):
        fields = {
            "head_seq": head.seq if head is not None else None,
            "head_hash": head.hash if head is not None else None,
            "found_seq": tail.last.seq if tail.last is not None else 0,
        }
        notes.append(make_entry(seq + 1, moment, "audit.gap", fields, link))
    return notes


class AuditLog:
    """The audit log at ``path`` (with its head and lock files beside it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, kind: str, fields: dict[str, Value]) -> tuple[Entry, str | None]:
        """Append one ``kind`` entry (fields already checked, see :mod:`.events`).

        Returns the entry and, when the head file could not be updated, why (the entry is
        written all the same). Raises AuditError when nothing could be written."""
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with _locked(self.path):
                return self._append(kind, fields)
        except OSError as exc:
            raise AuditError(
                _(
                    "The audit log {path} could not be written ({reason}); the event was "
                    "not recorded. Free some disk space or fix the folder's permissions."
                ).format(path=self.path, reason=exc.strerror or exc),
                _("{path} could not be written: {reason}").format(
                    path=self.path, reason=exc.strerror or exc
                ),
            ) from exc

    def _append(self, kind: str, fields: dict[str, Value]) -> tuple[Entry, str | None]:
        fd = os.open(self.path, _FLAGS | _NOFOLLOW, 0o600)
        try:
            _regular(fd, self.path)
            tail = _tail(fd)
            state: HeadState = "ok"
            try:
                head = read_head(self.path)
            except (HeadError, OSError):
                head, state = None, "damaged"
            if head is None and state == "ok":
                state = "missing"
            moment = now_text()
            notes = _notes(tail, head, state, moment)
            seq, link = (notes[-1].seq, notes[-1].hash) if notes else _start(tail, head)
            entry = make_entry(seq + 1, moment, kind, fields, link)
            data = b"\n" if tail.torn is not None else b""
            data += b"".join(note.line() for note in notes) + entry.line()
            _write_all(fd, data)
        finally:
            os.close(fd)
        try:
            _write_head(self.path, Head(entry.seq, entry.hash))
        except OSError as exc:
            return entry, _(
                "The audit log's head file {path} could not be updated ({reason}); lines "
                "cut off the end of the log would not be noticed until it is."
            ).format(path=head_path(self.path), reason=exc.strerror or exc)
        return entry, None


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of the log as read."""

    number: int
    content: bytes | None
    """Without its newline; None when it is far too long to be an entry."""
    complete: bool
    """False for a last line with no newline."""
    size: int
    sha256: str


def read_lines(path: Path) -> Iterator[Line]:
    """The log's lines, one at a time (a line of any length is hashed, never held whole).
    Raises OSError when the log cannot be opened or read."""
    with open(path, "rb") as handle:
        number = 0
        while True:
            piece = handle.readline(MAX_LINE + 1)
            if not piece:
                return
            number += 1
            digest = hashlib.sha256()
            size = 0
            content: bytes | None = piece
            while not piece.endswith(b"\n") and len(piece) == MAX_LINE + 1:
                digest.update(piece)
                size += len(piece)
                content = None
                piece = handle.readline(_CHUNK)
                if not piece:
                    break
            complete = piece.endswith(b"\n")
            if complete:
                piece = piece[:-1]
            if content is not None:
                content = piece
            digest.update(piece)
            size += len(piece)
            yield Line(number, content, complete, size, digest.hexdigest())
