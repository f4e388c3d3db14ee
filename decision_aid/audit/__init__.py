"""The audit trail: an append-only, hash-chained log of the events that matter to a record.

Packs loaded, consultations started, recovered and finished, records built, signed and
verified, and on the kiosk hand-overs written and opened and idle wipes: each is one
line, chained to the one before by its hash (:mod:`.chain`), so an entry changed,
removed, added or moved breaks the chain where it happened, and ``decision-aid audit
verify`` names that line (:mod:`.check`). Appending is safe against a crash mid-write and
against two running copies of the app (:mod:`.log`).

**No patient content.** Each event may carry only the fields :mod:`.events` lists for it:
ids, versions and hashes; never a name, an answer, typed text, or a hand-over code. A
kiosk records only pack loads, hand-overs written and idle wipes (:func:`kiosk_only`).

**When the log cannot be written** (a full disk, a folder made read-only), the user's work
goes on: the event is left out, and the user is told once, clearly, where the log is and
why (:func:`set_reporter`; by default on the standard error). The one exception is a
signed record: it is made only once its ``record.signed`` entry is in the log
(``strict=True``); otherwise signing fails as any signing failure does (the unsigned
draft is kept, nothing signed is written, the consultation is unchanged), because a
clinic relies on every signed record being in its audit trail.

The log lives in the user's state folder (``$XDG_STATE_HOME/decision-aid/audit.jsonl``,
by default under ``~/.local/state``).
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from decision_aid.audit.chain import Value
from decision_aid.audit.events import EVENTS, KIOSK_EVENTS, FieldValueError, check_event
from decision_aid.audit.log import LOG_NAME, AuditError, AuditLog
from decision_aid.i18n import _

__all__ = [
    "EVENTS",
    "AuditError",
    "default_log_path",
    "kiosk_only",
    "record",
    "set_reporter",
]

Reporter = Callable[[str], None]


def default_log_path() -> Path:
    """``audit.jsonl`` in the user's state folder (where the app keeps its other state)."""
    from decision_aid.content.trust.history import default_history_path

    return default_history_path().parent / LOG_NAME


def _to_stderr(message: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # no standard error: nothing more to do
        sys.stderr.write("decision-aid: " + message + "\n")


class _State:
    """What this process records, and whom it tells when it cannot."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.allowed: frozenset[str] | None = None
        self.reporter: Reporter = _to_stderr
        self.reported: str | None = None


_state = _State()


def kiosk_only() -> None:
    """From now on this process records only what a kiosk may (see :mod:`.events`)."""
    with _state.lock:
        _state.allowed = KIOSK_EVENTS


def set_reporter(reporter: Reporter | None) -> None:
    """Who is told when an event cannot be recorded (None: the standard error). It may be
    called from any thread."""
    with _state.lock:
        _state.reporter = reporter or _to_stderr
        _state.reported = None


def reset() -> None:
    """Back to recording everything and reporting on the standard error (for tests)."""
    with _state.lock:
        _state.allowed = None
        _state.reporter = _to_stderr
        _state.reported = None


def record(kind: str, *, strict: bool = False, **fields: Value) -> None:
    """Append a ``kind`` event with ``fields`` to the audit log.

    A failure to write is reported (once until the log works again) and the caller goes
    on; with ``strict`` it raises AuditError instead. An unknown event or field is a
    programming error (ValueError), whatever ``strict`` says.
    """
    try:
        checked = check_event(kind, fields)
    except FieldValueError as exc:
        _failed(AuditError(str(exc), str(exc)), strict)
        return
    with _state.lock:
        allowed = _state.allowed
    if allowed is not None and kind not in allowed:
        return
    try:
        _entry, head_problem = AuditLog(default_log_path()).append(kind, checked)
    except AuditError as exc:
        _failed(exc, strict)
        return
    _tell(head_problem)


def _failed(exc: AuditError, strict: bool) -> None:
    if strict:
        raise exc
    _tell(_("{problem} Your work is not affected.").format(problem=exc))


def _tell(message: str | None) -> None:
    """Report ``message`` unless it was the last one reported; None: all is well again."""
    with _state.lock:
        if message == _state.reported:
            return
        _state.reported = message
        reporter = _state.reporter
    if message is not None:
        reporter(message)
