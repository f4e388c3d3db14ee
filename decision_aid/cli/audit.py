"""``decision-aid audit ...``: check and list the audit trail.

Exit codes: 0 the chain holds (``verify``) or the entries were listed (``show``); 1 the
chain is broken (the first broken link is named); 2 there is no log, it cannot be read,
or bad usage.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from decision_aid.cli.common import err, out
from decision_aid.i18n import _, ngettext

HASH_SHOWN = 16
"""Hex digits of a hash shown in ``verify``'s summary."""


def _log(args: argparse.Namespace) -> Path:
    from decision_aid.audit import default_log_path

    log: Path = args.log or default_log_path()
    return log


def _unreadable(path: Path, exc: OSError) -> int:
    if isinstance(exc, FileNotFoundError):
        err(
            _("There is no audit log at {path}: nothing has been recorded there yet.").format(
                path=path
            )
        )
    else:
        err(_("{path} cannot be read ({reason}).").format(path=path, reason=exc.strerror or exc))
    return 2


def _verify(args: argparse.Namespace) -> int:
    from decision_aid.audit.check import check_log

    path = _log(args)
    try:
        verdict = check_log(path)
    except OSError as exc:
        return _unreadable(path, exc)
    broken = verdict.broken
    if broken is None:
        summary = ngettext(
            "{path}: OK: {count} entry, its chain unbroken.",
            "{path}: OK: {count} entries, their chain unbroken from the first to the last.",
            verdict.entries,
        ).format(path=path, count=verdict.entries)
        out(summary)
        if verdict.last is not None:
            out(
                _("Last entry: number {seq}, hash {hash}…").format(
                    seq=verdict.last.seq, hash=verdict.last.hash[:HASH_SHOWN]
                )
            )
    else:
        if broken.at_end:
            where = _("{path}: BROKEN at its end (after line {line}).").format(
                path=path, line=broken.line - 1
            )
        else:
            where = _("{path}: BROKEN at line {line}.").format(path=path, line=broken.line)
        out(where)
        out(_("What is wrong: {problem}").format(problem=broken.problem))
        out(_("What to do: {fix}").format(fix=broken.fix))
        out(
            ngettext(
                "The {count} entry before it holds.",
                "The {count} entries before it hold.",
                verdict.entries,
            ).format(count=verdict.entries)
        )
    for note in verdict.notes:
        out(_("Note: {note}").format(note=note))
    return 0 if broken is None else 1


def _fields_text(fields: dict[str, Any]) -> str:
    return ", ".join(f"{name}={json.dumps(value)}" for name, value in sorted(fields.items()))


def _show(args: argparse.Namespace) -> int:
    from decision_aid.audit.chain import NotAnEntryError, parse_entry
    from decision_aid.audit.log import read_lines

    path = _log(args)
    try:
        for line in read_lines(path):
            try:
                if line.content is None or not line.complete:
                    raise NotAnEntryError(_("it is cut short or far too long"))
                entry = parse_entry(line.content)
            except NotAnEntryError as exc:
                if args.json:
                    out(json.dumps({"line": line.number, "problem": str(exc)}))
                else:
                    out(
                        _("line {line}: not an entry ({problem})").format(
                            line=line.number, problem=exc
                        )
                    )
                continue
            if args.json:
                out(json.dumps({"line": line.number, **entry.body(), "hash": entry.hash}))
            else:
                text = f"{entry.seq:>6}  {entry.time}  {entry.kind}"
                fields = _fields_text(entry.fields)
                out(f"{text}  {fields}" if fields else text)
    except BrokenPipeError:
        raise  # the reader stopped reading (``| head``): not a problem with the log
    except OSError as exc:
        return _unreadable(path, exc)
    return 0


def add_commands(commands: Any) -> None:
    """Add ``audit`` and its sub-commands to the top-level sub-parsers ``commands``."""
    audit = commands.add_parser(
        "audit", help=_("the audit trail: what happened to packs, consultations and records")
    )
    audit.set_defaults(func=lambda _args: (audit.print_help(), 2)[1])
    sub = audit.add_subparsers(title=_("audit commands"), metavar="COMMAND")
    log_help = _("the audit log to read (default: the one in your state folder)")
    verify = sub.add_parser(
        "verify", help=_("check the audit log's chain and name its first broken link")
    )
    verify.add_argument("--log", type=Path, metavar="FILE", help=log_help)
    verify.set_defaults(func=_verify)
    show = sub.add_parser("show", help=_("list the audit log's entries, oldest first"))
    show.add_argument("--log", type=Path, metavar="FILE", help=log_help)
    show.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    show.set_defaults(func=_show)
