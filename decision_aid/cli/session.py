"""``decision-aid session ...`` and ``decision-aid screenshots``: the consultation."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from decision_aid.cli.common import err, out
from decision_aid.i18n import _


def _schema(args: argparse.Namespace) -> int:
    from decision_aid.session.model import session_json_schema

    out(json.dumps(session_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _screenshots(args: argparse.Namespace) -> int:
    from decision_aid.ui.screenshots import ScreenshotError, render

    try:
        if args.author:
            from decision_aid.ui.author.screenshots import render_author

            written = render_author(args.pack, args.out, args.lang, args.pack_dirs)
        elif args.kiosk:
            from decision_aid.ui.kiosk.screenshots import render_kiosk

            written = render_kiosk(args.pack, args.out, args.lang, args.pack_dirs)
        else:
            written = render(args.pack, args.out, args.lang, args.pack_dirs)
    except ScreenshotError as exc:
        err(str(exc))
        return 1
    for path in written:
        out(str(path))
    return 0


def add_commands(commands: Any) -> None:
    """Add ``session`` and ``screenshots`` to the top-level sub-parsers ``commands``."""
    session = commands.add_parser("session", help=_("the consultation record"))
    session.set_defaults(func=lambda _args: (session.print_help(), 2)[1])
    session_commands = session.add_subparsers(title=_("session commands"), metavar="COMMAND")
    schema = session_commands.add_parser(
        "schema", help=_("print the JSON Schema of the session record")
    )
    schema.set_defaults(func=_schema)

    shots = commands.add_parser(
        "screenshots", help=_("render every step for a pack to PNG files, offscreen")
    )
    shots.add_argument("--pack", required=True, metavar="ID", help=_("the pack's id"))
    shots.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help=_("folder for the PNGs")
    )
    shots.add_argument("--lang", default="en", metavar="L", help=_("language code, e.g. cy"))
    shots.add_argument(
        "--kiosk",
        action="store_true",
        help=_("the patient's kiosk screens instead, at 1280×800 and 1080×1920"),
    )
    shots.add_argument(
        "--author",
        action="store_true",
        help=_("the author's workbench instead: structure, form, preview and problems"),
    )
    shots.set_defaults(func=_screenshots)
