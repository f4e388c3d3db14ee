"""Helpers for the audit tests: a log with entries, its lines, and the audit log in use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decision_aid.audit import default_log_path
from decision_aid.audit.chain import Value
from decision_aid.audit.log import AuditLog

HASH = "ab" * 32


def make_log(path: Path, count: int) -> Path:
    """A log at ``path`` with ``count`` entries of different kinds, appended as the app does."""
    log = AuditLog(path)
    kinds: list[tuple[str, dict[str, Value]]] = [
        ("kiosk.idle_wipe", {}),
        ("record.verified", {"pdf_sha256": HASH, "signed": True, "ok": True}),
        ("kiosk.handover_written", {"sealed_sha256": HASH}),
    ]
    for number in range(count):
        kind, fields = kinds[number % len(kinds)]
        _entry, problem = log.append(kind, fields)
        assert problem is None
    return path


def lines(path: Path) -> list[bytes]:
    """The log's lines, each with its newline."""
    return path.read_bytes().splitlines(keepends=True)


def write_lines(path: Path, found: list[bytes]) -> None:
    path.write_bytes(b"".join(found))


def entries(path: Path | None = None) -> list[dict[str, Any]]:
    """Every entry of the log (the one in use by default), parsed."""
    log = path or default_log_path()
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_bytes().splitlines()]


def kinds(path: Path | None = None) -> list[str]:
    return [entry["kind"] for entry in entries(path)]


def of_kind(kind: str, path: Path | None = None) -> list[dict[str, Any]]:
    """The fields of every ``kind`` entry."""
    return [entry["fields"] for entry in entries(path) if entry["kind"] == kind]
