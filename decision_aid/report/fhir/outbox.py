"""The queue of records waiting for the record system, and sending them.

A record to send is first written to the queue folder (by default ``fhir-queue`` in the
user's data folder, the settings' ``fhir.queue`` otherwise):
one JSON file per record and server, written atomically, readable by the user only, in a
folder only the user can enter. It is removed only once the server has accepted it, so
a record is never lost to a server that is down, a dropped connection or a refusal; it
is sent again with ``decision-aid report send --retry``. The file holds the server's
address, the bundle, when it was queued, how many sends were tried and the last
problem, never the token.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _, ngettext
from decision_aid.report.fhir.client import Outcome, post_transaction

Json = dict[str, Any]
QUEUE_FORMAT = 1
MAX_BUNDLE_BYTES = 200 * 1024 * 1024
"""Largest FHIR file read."""
MAX_QUEUED_BYTES = 256 * 1024 * 1024
"""Largest queue file read (a record with a long PDF is a few megabytes)."""


class QueueError(Exception):
    """The queue cannot be written or read; the message names the file and the fix."""


@dataclass(frozen=True)
class Queued:
    """One record waiting in the queue."""

    path: Path
    server: str
    record: str
    """The consultation's id, as the bundle names it (for people)."""
    queued: str
    attempts: int
    problem: str | None
    bundle: Json


def default_queue_dir() -> Path:
    """``fhir-queue`` in the user's data folder (``~/.local/share/decision-aid`` on Linux;
    see decision_aid.paths)."""
    from decision_aid.paths import data_dir

    return data_dir() / "fhir-queue"


def _folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise QueueError(
            _("The queue folder {path} cannot be made ({reason}); check its permissions.").format(
                path=folder, reason=exc.strerror or exc
            )
        ) from exc
    return folder


def record_of(bundle: Json) -> str:
    """The consultation id a bundle carries (its QuestionnaireResponse's identifier)."""
    for entry in bundle.get("entry") or []:
        resource = entry.get("resource") or {}
        if resource.get("resourceType") == "QuestionnaireResponse":
            return str((resource.get("identifier") or {}).get("value") or "?")
    return "?"


def _write(path: Path, data: Json) -> None:
    try:
        write_atomic(path, (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"), 0o600)
    except OSError as exc:
        raise QueueError(
            _("{path} could not be written: {reason}. The record was not queued.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


def enqueue(folder: Path, server: str, bundle: Json, now: datetime) -> Queued:
    """Write ``bundle`` for ``server`` to the queue (replacing the same record's earlier
    copy for that server) and return it."""
    key = f"{server}\n{bundle.get('id', '')}"
    path = _folder(folder) / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")
    queued = now.isoformat()
    data = {
        "format": QUEUE_FORMAT,
        "server": server,
        "queued": queued,
        "attempts": 0,
        "problem": None,
        "bundle": bundle,
    }
    _write(path, data)
    return Queued(path, server, record_of(bundle), queued, 0, None, bundle)


def read_queue(folder: Path) -> tuple[list[Queued], list[str]]:
    """The records waiting, oldest first, and a sentence for each file that cannot be read
    (it is left where it is)."""
    if not folder.is_dir():
        return [], []
    found, problems = [], []
    for path in sorted(folder.glob("*.json")):
        try:
            if path.stat().st_size > MAX_QUEUED_BYTES:
                raise ValueError("too large")
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != QUEUE_FORMAT:
                raise ValueError("not a queued record")
            bundle = data["bundle"]
            found.append(
                Queued(
                    path,
                    str(data["server"]),
                    record_of(bundle),
                    str(data["queued"]),
                    int(data["attempts"]),
                    data.get("problem"),
                    bundle,
                )
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            problems.append(
                _(
                    "{path} is not a queued record that can be read ({problem}); it is left "
                    "where it is: move it away once you have checked it."
                ).format(path=path, problem=str(exc)[:100])
            )
    found.sort(key=lambda q: q.queued)
    return found, problems


def load_bundle(path: Path) -> Json:
    """A record's FHIR file, read and checked before it is queued: a transaction of a
    finished record that names its patient. QueueError naming the file and the fix."""
    from decision_aid.report.fhir.bundle import bundle_send_problem
    from decision_aid.report.fhir.check import check_bundle

    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise QueueError(_("{path}: far too large for a record's FHIR copy").format(path=path))
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QueueError(
            _("{path}: cannot be read ({reason})").format(path=path, reason=exc.strerror)
        ) from exc
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise QueueError(
            _("{path}: not a JSON file; give the .fhir.json file written with the record").format(
                path=path
            )
        ) from exc
    if not isinstance(data, dict):
        raise QueueError(_("{path}: not a FHIR bundle").format(path=path))
    problem = bundle_send_problem(data)
    if problem is None:
        try:
            check_bundle(data)
        except ValueError as exc:
            problem = str(exc)
    if problem is not None:
        raise QueueError(_("{path} was not sent: {problem}.").format(path=path, problem=problem))
    return data


def deliver(
    queued: Queued,
    *,
    token: str | None,
    ca_file: Path | None = None,
    wait: Callable[[float], None] | None = None,
) -> Outcome:
    """Send one queued record; remove it once accepted, else note the problem in it."""
    body = json.dumps(queued.bundle, ensure_ascii=False).encode("utf-8")
    outcome = post_transaction(queued.server, body, token=token, ca_file=ca_file, wait=wait)
    if outcome.accepted:
        try:
            queued.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise QueueError(
                _(
                    "The record system accepted the record, but {path} could not be removed "
                    "from the queue ({reason}); remove it by hand, or sending it again will "
                    "change nothing."
                ).format(path=queued.path, reason=exc.strerror or exc)
            ) from exc
        return outcome
    problem = "\n".join([outcome.reason, *outcome.issues])
    _write(
        queued.path,
        {
            "format": QUEUE_FORMAT,
            "server": queued.server,
            "queued": queued.queued,
            "attempts": queued.attempts + outcome.attempts,
            "problem": problem,
            "bundle": queued.bundle,
        },
    )
    return outcome


def read_token(token: str | None, token_file: Path | None) -> str | None:
    """The bearer token: given, or read from ``token_file`` (which only its owner may
    read); None when neither is set. QueueError naming the file (never the token)."""
    if token:
        return token.strip()
    if token_file is None:
        return None
    try:
        mode = token_file.stat().st_mode
        if mode & 0o077:
            raise QueueError(
                _(
                    "The token file {path} can be read by other users; make it yours alone "
                    "(chmod 600 {path}) and try again."
                ).format(path=token_file)
            )
        with token_file.open("rb") as handle:
            data = handle.read(64 * 1024 + 1)
    except OSError as exc:
        raise QueueError(
            _("The token file {path} cannot be read ({reason}).").format(
                path=token_file, reason=exc.strerror or exc
            )
        ) from exc
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        text = ""
    if not text or len(data) > 64 * 1024 or any(c.isspace() for c in text):
        raise QueueError(
            _("The token file {path} does not hold one token on one line.").format(path=token_file)
        )
    return text


def outcome_lines(outcome: Outcome, queue_file: Path | None) -> list[str]:
    """What happened to one send, in words (for the command line and the record dialog)."""
    if outcome.accepted:
        total = outcome.created + outcome.existing
        return [
            ngettext(
                "Accepted: {total} resource, {created} new, {existing} already there.",
                "Accepted: {total} resources, {created} new, {existing} already there.",
                total,
            ).format(total=total, created=outcome.created, existing=outcome.existing)
        ]
    lines = [_("Not sent: {reason}.").format(reason=outcome.reason)]
    lines += [f"  {issue}" for issue in outcome.issues]
    if queue_file is not None:
        lines.append(
            _(
                "The record is kept in the queue ({path}) until the server accepts it; send "
                "it again with 'decision-aid report send --retry'."
            ).format(path=queue_file)
        )
    return lines
