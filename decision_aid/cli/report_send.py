"""``decision-aid report send``: send records to the record system (a FHIR server), and
send again the ones still waiting in the queue."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import UsageError, err, out
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.report.fhir.outbox import Queued
    from decision_aid.settings import Settings


def _settings() -> Settings:
    from decision_aid.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc


def _read_bundle(path: Path) -> dict[str, Any]:
    from decision_aid.report.fhir.outbox import QueueError, load_bundle

    try:
        return load_bundle(path)
    except QueueError as exc:
        raise UsageError(str(exc)) from exc


def _deliver(queued: Queued, token: str | None, ca_file: Path | None) -> bool:
    from decision_aid.report.fhir.outbox import QueueError, deliver, outcome_lines

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
    if args.list and not args.files and not args.retry:
        return _list(folder)
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
        bundles = [_read_bundle(path) for path in args.files]
        try:
            waiting += [enqueue(folder, server, bundle, datetime.now(UTC)) for bundle in bundles]
        except QueueError as exc:
            err(str(exc))
            return 1
    problems: list[str] = []
    if args.retry or not args.files:
        queued, problems = read_queue(folder)
        for problem in problems:
            err(problem)
        known = {q.path for q in waiting}
        waiting += [q for q in queued if q.path not in known]
    if not waiting:
        out(_("The queue is empty: every record was accepted."))
    accepted = [_deliver(queued, token, fhir.ca_file) for queued in waiting]
    code = 0 if all(accepted) and not problems else 1
    if args.list:
        code = max(code, _list(folder))
    return code


def _settings_path() -> Path:
    from decision_aid.settings import file_for

    return file_for("fhir")


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
        "--retry",
        action="store_true",
        help=_(
            "also send again every record waiting in the queue (without files, that is all it does)"
        ),
    )
    send.add_argument(
        "--list", action="store_true", help=_("list the records waiting in the queue, and why")
    )
    send.set_defaults(func=_send)
