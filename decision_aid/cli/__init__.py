"""The one entry point: the GUI by default, plus sub-commands by group.

Global options come before the command, as in git: ``decision-aid --packs DIR packs list``.
Exit codes: 0 success, 1 a pack (or file) is invalid, 2 bad usage, 3 an unexpected problem.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from decision_aid import __version__
from decision_aid.cli import (
    audit,
    author,
    directory,
    group,
    keys,
    kiosk,
    packs,
    report,
    session,
    settings,
)
from decision_aid.cli.common import UsageError, err
from decision_aid.crash import write_crash_log
from decision_aid.i18n import _, preferred_language, set_language

__all__ = ["build_parser", "main", "run", "write_crash_log"]

_ran_gui: list[bool] = []


def _gui(args: argparse.Namespace) -> int:
    from decision_aid.ui.app import run as run_app

    _ran_gui.append(True)
    return run_app(args.pack_dirs or None)


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(
        prog="decision-aid",
        description=_("Shared decision-making aid. With no command, opens the library window."),
    )
    parser.add_argument("--version", action="version", version=f"decision-aid {__version__}")
    parser.add_argument(
        "--packs",
        dest="pack_dirs",
        type=Path,
        action="append",
        metavar="DIR",
        help=_("a pack folder to use instead of the default ones; repeat for more"),
    )
    parser.set_defaults(func=_gui)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")
    packs.add_commands(commands)
    session.add_commands(commands)
    keys.add_commands(commands)
    report.add_commands(commands)
    kiosk.add_commands(commands)
    audit.add_commands(commands)
    author.add_commands(commands)
    settings.add_commands(commands)
    group.add_commands(commands)
    directory.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    set_language(preferred_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except UsageError as exc:
        err(f"decision-aid: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: no traceback for a user
        log = write_crash_log(exc)
        err(
            _("decision-aid stopped on an unexpected problem: {problem}. Details: {log}").format(
                problem=exc, log=log
            )
        )
        return 3
    return result


def run() -> None:
    """The console entry point.

    After a command-line command, every file it wrote is closed and synced, so the
    process ends at once instead of tearing down every imported module (about 0.1 s
    after signing, with pyHanko and reportlab loaded). The GUI exits the usual way.
    """
    import os

    code = main()
    if _ran_gui:
        raise SystemExit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
