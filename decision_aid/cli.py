"""The one entry point: the GUI by default, plus sub-commands for packs.

Exit codes: 0 success, 1 a pack (or file) is invalid, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from decision_aid import __version__
from decision_aid.i18n import _, ngettext, preferred_language, set_language


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD")) from None


def _date_arg(value: str) -> str:
    _today(value)
    return value


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _existing(paths: list[Path]) -> bool:
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        _err(_("{path}: no such file or folder").format(path=path))
    return not missing


def _packs_validate(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import pack_paths
    from decision_aid.content.loader import load_pack

    if not _existing(args.paths):
        return 2
    paths = pack_paths(args.paths)
    if not paths:
        _err(_("No pack found in: {paths}").format(paths=", ".join(map(str, args.paths))))
        return 1
    invalid = 0
    for path in paths:
        try:
            loaded = load_pack(path)
        except PackError as exc:
            invalid += 1
            _out(_("INVALID {path}").format(path=path))
            for problem in exc.problems:
                _out(f"  {problem}")
            continue
        _out(
            _("valid   {path} ({id} {version})").format(
                path=path, id=loaded.meta.id, version=loaded.meta.version
            )
        )
    _out(
        ngettext(
            "{n} pack checked, {bad} invalid.", "{n} packs checked, {bad} invalid.", len(paths)
        ).format(n=len(paths), bad=invalid)
    )
    return 1 if invalid else 0


def _packs_lint(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import pack_paths
    from decision_aid.content.lint import lint
    from decision_aid.content.loader import load_pack

    today = _today(args.today)
    if not _existing(args.paths):
        return 2
    paths = pack_paths(args.paths)
    if not paths:
        _err(_("No pack found in: {paths}").format(paths=", ".join(map(str, args.paths))))
        return 1
    errors = warnings = 0
    for path in paths:
        try:
            problems = lint(load_pack(path), today)
        except PackError as exc:
            problems = exc.problems
        shown = [p for p in problems if args.verbose or p.severity != "info"]
        pack_errors = sum(p.severity == "error" for p in problems)
        pack_warnings = sum(p.severity == "warning" for p in problems)
        errors += pack_errors
        warnings += pack_warnings
        _out(
            _("{path}: {errors} errors, {warnings} warnings").format(
                path=path, errors=pack_errors, warnings=pack_warnings
            )
        )
        for problem in shown:
            _out(f"  {problem}")
    _out(_("Total: {errors} errors, {warnings} warnings.").format(errors=errors, warnings=warnings))
    return 1 if errors else 0


def _packs_schema(args: argparse.Namespace) -> int:
    from decision_aid.content.model import pack_json_schema

    _out(json.dumps(pack_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _packs_list(args: argparse.Namespace) -> int:
    from decision_aid.content.library import build_index, default_pack_dirs

    today = _today(args.today)
    entries = build_index(args.paths or default_pack_dirs())
    if args.json:
        _out(json.dumps([e.to_json(today) for e in entries], indent=2, ensure_ascii=False))
        return 0
    for entry in entries:
        if entry.meta is None:
            reason = str(entry.problems[0]) if entry.problems else ""
            _out(f"{entry.id}\t-\t-\t-\t{_('invalid')}: {reason}")
        else:
            _out(
                "\t".join(
                    [
                        entry.id,
                        entry.meta.version,
                        entry.meta.title,
                        ",".join(entry.languages),
                        entry.status(today),
                    ]
                )
            )
    return 0


def _packs_strings(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack
    from decision_aid.content.strings import pack_strings

    try:
        loaded = load_pack(args.path)
    except PackError as exc:
        for problem in exc.problems:
            _err(str(problem))
        return 1
    strings = {s.path: s.text for s in pack_strings(loaded.pack)}
    _out(json.dumps(strings, indent=2, ensure_ascii=False))
    return 0


def _session_schema(args: argparse.Namespace) -> int:
    from decision_aid.session.model import session_json_schema

    _out(json.dumps(session_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _screenshots(args: argparse.Namespace) -> int:
    from decision_aid.ui.screenshots import ScreenshotError, render

    try:
        written = render(args.pack, args.out, args.lang, args.paths)
    except ScreenshotError as exc:
        _err(str(exc))
        return 1
    for path in written:
        _out(str(path))
    return 0


def _gui(args: argparse.Namespace) -> int:
    from decision_aid.ui.app import run

    return run(args.paths or None)


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(
        prog="decision-aid",
        description=_("Shared decision-making aid. With no command, opens the library window."),
    )
    parser.add_argument("--version", action="version", version=f"decision-aid {__version__}")
    parser.add_argument(
        "--packs",
        dest="paths",
        type=Path,
        nargs="+",
        metavar="DIR",
        help=_("pack folders to open instead of the default ones"),
    )
    parser.set_defaults(func=_gui)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    packs = commands.add_parser("packs", help=_("validate, lint and list option-grid packs"))
    packs.set_defaults(func=lambda _args: (packs.print_help(), 2)[1])
    pack_commands = packs.add_subparsers(title=_("pack commands"), metavar="COMMAND")

    validate = pack_commands.add_parser("validate", help=_("check packs against the format"))
    validate.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    validate.set_defaults(func=_packs_validate)

    lint = pack_commands.add_parser("lint", help=_("check packs for evidence and wording rules"))
    lint.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    lint.add_argument("--today", type=_date_arg, help=_("check dates against this day"))
    lint.add_argument("-v", "--verbose", action="store_true", help=_("also show notes"))
    lint.set_defaults(func=_packs_lint)

    schema = pack_commands.add_parser("schema", help=_("print the JSON Schema of the pack format"))
    schema.set_defaults(func=_packs_schema)

    listing = pack_commands.add_parser("list", help=_("list the packs in the library"))
    listing.add_argument("paths", type=Path, nargs="*", metavar="PATH")
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.add_argument("--today", type=_date_arg, help=_("check dates against this day"))
    listing.set_defaults(func=_packs_list)

    strings = pack_commands.add_parser(
        "strings", help=_("print a pack's translatable text by string path")
    )
    strings.add_argument("path", type=Path, metavar="PATH")
    strings.set_defaults(func=_packs_strings)

    session = commands.add_parser("session", help=_("the consultation record"))
    session.set_defaults(func=lambda _args: (session.print_help(), 2)[1])
    session_commands = session.add_subparsers(title=_("session commands"), metavar="COMMAND")
    session_schema = session_commands.add_parser(
        "schema", help=_("print the JSON Schema of the session record")
    )
    session_schema.set_defaults(func=_session_schema)

    shots = commands.add_parser(
        "screenshots", help=_("render every step for a pack to PNG files, offscreen")
    )
    shots.add_argument("--pack", required=True, metavar="ID", help=_("the pack's id"))
    shots.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help=_("folder for the PNGs")
    )
    shots.add_argument("--lang", default="en", metavar="L", help=_("language code, e.g. cy"))
    shots.set_defaults(func=_screenshots)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    set_language(preferred_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: no traceback for a user
        log = write_crash_log(exc)
        _err(
            _("decision-aid stopped on an unexpected problem: {problem}. Details: {log}").format(
                problem=exc, log=log
            )
        )
        return 3
    return result


def write_crash_log(exc: BaseException) -> Path:
    """Write the traceback to the user's state folder and return its path."""
    import os
    import tempfile
    import traceback

    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    folder = Path(base) / "decision-aid"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / "crash.log"
    text = "".join(traceback.format_exception(exc))
    try:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"decision-aid {__version__}\n{text}\n")
    except OSError:
        return Path(os.devnull)
    return log
