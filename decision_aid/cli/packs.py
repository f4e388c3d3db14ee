"""``decision-aid packs ...``: validate, lint, list, hash, schema and strings of option-grid
packs (keygen, sign and verify are in ``pack_signing``)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli import authoring, pack_signing
from decision_aid.cli.common import date_arg, err, existing, out, pack_roots, today
from decision_aid.i18n import _, ngettext

if TYPE_CHECKING:
    from decision_aid.content.library import Entry


def _packs_named(args: argparse.Namespace) -> list[Path] | int:
    """The packs in the paths given, or the exit code when a path is missing (2) or holds
    no pack (1), said on standard error."""
    from decision_aid.content.library import pack_paths

    if not existing(args.paths):
        return 2
    paths = pack_paths(args.paths)
    if not paths:
        err(_("No pack found in: {paths}").format(paths=", ".join(map(str, args.paths))))
        return 1
    return paths


def _validate(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack

    paths = _packs_named(args)
    if isinstance(paths, int):
        return paths
    invalid = 0
    for path in paths:
        try:
            loaded = load_pack(path)
        except PackError as exc:
            invalid += 1
            out(_("INVALID {path}").format(path=path))
            for problem in exc.problems:
                out(f"  {problem}")
            continue
        out(
            _("valid   {path} ({id} {version})").format(
                path=path, id=loaded.meta.id, version=loaded.meta.version
            )
        )
    out(
        ngettext(
            "{n} pack checked, {bad} invalid.", "{n} packs checked, {bad} invalid.", len(paths)
        ).format(n=len(paths), bad=invalid)
    )
    return 1 if invalid else 0


def _lint(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.lint import lint
    from decision_aid.content.lint.exceptions import kept
    from decision_aid.content.loader import load_pack

    day = today(args.today)
    paths = _packs_named(args)
    if isinstance(paths, int):
        return paths
    errors = warnings = 0
    for path in paths:
        try:
            problems = lint(load_pack(path), day)
        except PackError as exc:
            problems = exc.problems
        summary = [p for p in problems if p.rule == "ipdas.present"]
        shown = [
            p
            for p in problems
            if (args.verbose or p.severity != "info") and p.rule != "ipdas.present"
        ]
        pack_errors = sum(p.severity == "error" for p in problems)
        pack_warnings = sum(p.severity == "warning" for p in problems)
        errors += pack_errors
        warnings += pack_warnings
        out(
            _("{path}: {errors} errors, {warnings} warnings, {kept} kept on purpose").format(
                path=path, errors=pack_errors, warnings=pack_warnings, kept=kept(problems)
            )
        )
        for problem in summary:
            out(f"  {problem.message}")
        for problem in shown:
            # The rule's name, as a 'lint_exceptions' entry names it.
            out(f"  {problem} [{problem.rule}]")
    out(_("Total: {errors} errors, {warnings} warnings.").format(errors=errors, warnings=warnings))
    return 1 if errors else 0


def _hash(args: argparse.Namespace) -> int:
    """Each pack's id, version and content hash: what a session file names its pack by."""
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack

    paths = _packs_named(args)
    if isinstance(paths, int):
        return paths
    found: list[dict[str, str]] = []
    failed = 0
    for path in paths:
        try:
            loaded = load_pack(path)
        except PackError as exc:
            failed += 1
            err(_("INVALID {path}").format(path=path))
            for problem in exc.problems:
                err(f"  {problem}")
            continue
        found.append(
            {
                "id": loaded.meta.id,
                "version": loaded.meta.version,
                "content_hash": loaded.content_hash,
                "path": str(path),
            }
        )
    if args.json:
        out(json.dumps(found, indent=2, ensure_ascii=False))
    else:
        for item in found:
            out("\t".join((item["id"], item["version"], item["content_hash"], item["path"])))
    return 1 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    from decision_aid.content.model import pack_json_schema

    out(json.dumps(pack_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _list(args: argparse.Namespace) -> int:
    from decision_aid.content.library import build_index

    day = today(args.today)
    roots = list(args.paths) or pack_roots(args)
    entries = build_index(roots)
    if args.json:
        out(json.dumps([e.to_json(day) for e in entries], indent=2, ensure_ascii=False))
    else:
        _print_entries(entries, day)
    if not entries:
        # An empty library is a fault to report (an installation without its packs, a
        # mistyped folder), never an empty listing that looks like success.
        err(_("No pack found in: {paths}").format(paths=", ".join(str(root) for root in roots)))
        return 1
    _warn_duplicates(entries)
    return 0


def _warn_duplicates(entries: list[Entry]) -> None:
    """Say on stderr which copy of a duplicated pack id is used, which are not, and why."""
    for entry in entries:
        if not entry.duplicates or entry.meta is None:
            continue
        err(
            _(
                "Duplicate pack id '{id}': version {version} in {path} is used; the highest "
                "version is used, and on equal versions the copy in the folder searched first."
            ).format(id=entry.meta.id, version=entry.meta.version, path=entry.path)
        )
        for other in entry.duplicates:
            err(
                _("  not used: version {version} in {path}").format(
                    version=other.meta.version if other.meta else "?", path=other.path
                )
            )


def _print_entries(entries: list[Entry], day: date) -> None:
    for entry in entries:
        if entry.meta is None:
            reason = str(entry.problems[0]) if entry.problems else ""
            invalid = _("invalid")
            out(f"{entry.id}\t-\t-\t-\t{invalid}: {reason}")
        else:
            out(
                "\t".join(
                    [
                        entry.id,
                        entry.meta.version,
                        entry.meta.title,
                        ",".join(entry.languages),
                        entry.status(day),
                    ]
                )
            )


def _strings(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack
    from decision_aid.content.strings import pack_strings

    try:
        loaded = load_pack(args.path)
    except PackError as exc:
        for problem in exc.problems:
            err(str(problem))
        return 1
    strings = {s.path: s.text for s in pack_strings(loaded.pack)}
    out(json.dumps(strings, indent=2, ensure_ascii=False))
    return 0


def add_commands(commands: Any) -> None:
    """Add ``packs`` and its sub-commands to the top-level sub-parsers ``commands``."""
    packs = commands.add_parser("packs", help=_("validate, lint and list option-grid packs"))
    packs.set_defaults(func=lambda _args: (packs.print_help(), 2)[1])
    pack_commands = packs.add_subparsers(title=_("pack commands"), metavar="COMMAND")

    validate = pack_commands.add_parser("validate", help=_("check packs against the format"))
    validate.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    validate.set_defaults(func=_validate)

    lint = pack_commands.add_parser("lint", help=_("check packs for evidence and wording rules"))
    lint.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    lint.add_argument("--today", type=date_arg, help=_("check dates against this day"))
    lint.add_argument("-v", "--verbose", action="store_true", help=_("also show notes"))
    lint.set_defaults(func=_lint)

    hashes = pack_commands.add_parser(
        "hash",
        aliases=["info"],
        help=_("print each pack's id, version and content hash (as a session names it)"),
    )
    hashes.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    hashes.add_argument("--json", action="store_true", help=_("print JSON"))
    hashes.set_defaults(func=_hash)

    schema = pack_commands.add_parser("schema", help=_("print the JSON Schema of the pack format"))
    schema.set_defaults(func=_schema)

    listing = pack_commands.add_parser("list", help=_("list the packs in the library"))
    listing.add_argument("paths", type=Path, nargs="*", metavar="PATH")
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.add_argument("--today", type=date_arg, help=_("check dates against this day"))
    listing.set_defaults(func=_list)

    strings = pack_commands.add_parser(
        "strings", help=_("print a pack's translatable text by string path")
    )
    strings.add_argument("path", type=Path, metavar="PATH")
    strings.set_defaults(func=_strings)

    pack_signing.add_commands(pack_commands)
    authoring.add_commands(pack_commands)

    from decision_aid.cli import packs_fhir

    packs_fhir.add_command(pack_commands)
