"""``decision-aid packs fhir-questionnaire PACK``: a pack's questions as a FHIR Questionnaire."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from decision_aid.cli.common import UsageError, err, find_pack, out, pack_roots
from decision_aid.i18n import _


def _questionnaire(args: argparse.Namespace) -> int:
    from decision_aid.atomic import write_atomic
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack
    from decision_aid.report.fhir.questionnaire import build_questionnaire, check_questionnaire

    path = Path(args.pack)
    if path.exists():
        try:
            loaded = load_pack(path)
        except PackError as exc:
            raise UsageError(str(exc)) from exc
    else:
        loaded = find_pack(args.pack, pack_roots(args))
    questionnaire = build_questionnaire(loaded)
    try:
        check_questionnaire(questionnaire)
    except ValueError as exc:
        err(_("The Questionnaire could not be made: {problem}").format(problem=exc))
        return 1
    text = json.dumps(questionnaire, indent=2, ensure_ascii=False) + "\n"
    if args.out is None:
        out(text.rstrip("\n"))
        return 0
    try:
        write_atomic(args.out, text.encode("utf-8"))
    except OSError as exc:
        err(_("{path} could not be written: {reason}").format(path=args.out, reason=exc.strerror))
        return 1
    out(_("Wrote {path}.").format(path=args.out))
    return 0


def add_command(pack_commands: Any) -> None:
    """Add ``packs fhir-questionnaire`` to the ``packs`` sub-commands."""
    command = pack_commands.add_parser(
        "fhir-questionnaire",
        help=_("print a pack's questions as a FHIR R4 Questionnaire (what records answer)"),
    )
    command.add_argument("pack", metavar="PACK", help=_("a pack id from the library, or a path"))
    command.add_argument("--out", type=Path, metavar="FILE.json", help=_("write it to a file"))
    command.set_defaults(func=_questionnaire)
