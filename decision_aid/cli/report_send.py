"""``decision-aid report send``: send records to the record system (a FHIR server), and
send again the ones still waiting in the queue."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import UsageError, err, out
from decision_aid.i18n import _, ngettext

if TYPE_CHECKING:
    from decision_aid.report.fhir.client import Outcome
    from decision_aid.report.fhir.outbox import Queued
    from decision_aid.settings import Settings

MAX_BUNDLE_BYTES = 200 * 1024 * 1024
"""Largest FHIR file read."""


def _settings() -> Settings:
    from decision_aid.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc


def _read_bundle(path: Path) -> dict[str, Any]:
    """A bundle file, read and checked; UsageError naming the file and the fix."""
    from decision_aid.report.fhir.bundle import bundle_send_problem
    from decision_aid.report.fhir.check import check_bundle

    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise UsageError(_("{path}: far too large for a record's FHIR copy").format(path=path))
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot be read ({reason})").format(path=path, reason=exc.strerror)
        ) from exc
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise UsageError(
            _("{path}: not a JSON file; give the .fhir.json file written with the record").format(
                path=path
            )
        ) from exc
    if not isinstance(data, dict):
        raise UsageError(_("{path}: not a FHIR bundle").format(path=path))
    problem = bundle_send_problem(data)
    if problem is None:
        try:
            check_bundle(data)
        except ValueError as exc:
            problem = str(exc)
    if problem is not None:
        raise UsageError(_("{path} was not sent: {problem}.").format(path=path, problem=problem))
    return data


def outcome_lines(outcome: Outcome, queue_file: Path | None) -> list[str]:
    """What happened to one send, in words (shared with the record dialog)."""
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


def _deliver(queued: Queued, token: str | None, ca_file: Path | None) -> bool:
    from decision_aid.report.fhir.outbox import QueueError, deliver

    out(
        _("Sending the record {record} to {server}…").format(
            record=queued.record, server=queued.server
        )
    )
    try:
        outcome = deliver(queued, token=token, ca_file=ca_file)
    except QueueError as exc:
        err(str(exc))
        return False
    for line in outcome_lines(outcome, None if outcome.accepted else queued.path):
        (out if outcome.accepted else err)(line)
    return outcome.accepted


def _send(args: argparse.Namespace) -> int:
    from decision_aid.report.fhir.config import FhirSettingsError, check_server
    from decision_aid.report.fhir.outbox import (
        QueueError,
        default_queue_dir,
        enqueue,
        read_queue,
        read_token,
    )

    settings = _settings()
    fhir = settings.fhir
    folder = fhir.queue or default_queue_dir()
    if args.list:
        return _list(folder)
    if not args.files and not args.retry:
        raise UsageError(_("give the FHIR files to send, or --retry to send the queue again"))
    try:
        token = read_token(
            None if args.token_file else fhir.token, args.token_file or fhir.token_file
        )
    except QueueError as exc:
        raise UsageError(str(exc)) from exc
    waiting: list[Queued] = []
    if args.files:
        server = args.fhir or fhir.server
        if not server:
            raise UsageError(
                _(
                    "no record system is set: give --fhir URL, or set 'fhir.server' in {path}"
                ).format(path=_settings_path())
            )
        try:
            server = check_server(server)
        except FhirSettingsError as exc:
            raise UsageError(str(exc)) from exc
        bundles = [(path, _read_bundle(path)) for path in args.files]
        try:
            waiting += [
                enqueue(folder, server, bundle, datetime.now(UTC)) for _path, bundle in bundles
            ]
        except QueueError as exc:
            err(str(exc))
            return 1
    if args.retry:
        queued, problems = read_queue(folder)
        for problem in problems:
            err(problem)
        known = {q.path for q in waiting}
        waiting += [q for q in queued if q.path not in known]
        if not waiting:
            out(_("The queue is empty: every record was accepted."))
            return 1 if problems else 0
    accepted = [_deliver(queued, token, fhir.ca_file) for queued in waiting]
    return 0 if all(accepted) else 1


def _settings_path() -> Path:
    from decision_aid.settings import settings_path

    return settings_path()


def _list(folder: Path) -> int:
    from decision_aid.report.fhir.outbox import read_queue

    queued, problems = read_queue(folder)
    for problem in problems:
        err(problem)
    if not queued:
        out(_("The queue is empty: every record was accepted."))
    for entry in queued:
        out(
            _("{record} for {server}: queued {when}, {attempts} tries; {path}").format(
                record=entry.record,
                server=entry.server,
                when=entry.queued,
                attempts=entry.attempts,
                path=entry.path,
            )
        )
        if entry.problem:
            for line in entry.problem.splitlines():
                out(f"  {line}")
    return 1 if problems else 0


def add_send_command(report_commands: Any) -> None:
    """Add ``report send`` to the ``report`` sub-commands."""
    send = report_commands.add_parser(
        "send",
        help=_(
            "send records to the record system (a FHIR server); keep them queued until it "
            "accepts them"
        ),
    )
    send.add_argument("files", nargs="*", type=Path, metavar="FILE.fhir.json")
    send.add_argument(
        "--fhir",
        metavar="URL",
        help=_("the FHIR server's base URL (default: 'fhir.server' in the settings)"),
    )
    send.add_argument(
        "--token-file",
        type=Path,
        metavar="F",
        help=_("a file holding the bearer token (default: the settings' 'fhir.token_file')"),
    )
    send.add_argument(
        "--retry", action="store_true", help=_("also send again every record waiting in the queue")
    )
    send.add_argument(
        "--list", action="store_true", help=_("list the records waiting in the queue, and why")
    )
    send.set_defaults(func=_send)
