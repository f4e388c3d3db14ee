"""``decision-aid keys ...``: signing keys."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from decision_aid.cli.common import UsageError, err, out, passphrase
from decision_aid.i18n import _

MAX_DAYS = 3650
"""The longest a pilot certificate may be valid for: ten years."""


def _days(value: str) -> int:
    try:
        days = int(value, 10)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a whole number of days")) from None
    if not 1 <= days <= MAX_DAYS:
        raise argparse.ArgumentTypeError(
            _("expected between 1 and {most} days (ten years)").format(most=MAX_DAYS)
        )
    return days


def _init(args: argparse.Namespace) -> int:
    from decision_aid.report.keys import create_self_signed

    secret = passphrase(args, confirm=True)
    try:
        create_self_signed(args.out, args.name, secret, days=args.days)
    except FileExistsError as exc:
        err(str(exc))
        return 1
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        err(
            _("{path} could not be written: {reason}").format(
                path=args.out, reason=exc.strerror or exc
            )
        )
        return 1
    out(
        _(
            "Wrote {path}: a SELF-SIGNED certificate for {name}, valid for {days} days. "
            "It is for a pilot; records signed with it say so."
        ).format(path=args.out, name=args.name, days=args.days)
    )
    return 0


def add_commands(commands: Any) -> None:
    """Add ``keys`` and its sub-commands to the top-level sub-parsers ``commands``."""
    keys = commands.add_parser("keys", help=_("signing keys"))
    keys.set_defaults(func=lambda _args: (keys.print_help(), 2)[1])
    key_commands = keys.add_subparsers(title=_("key commands"), metavar="COMMAND")
    init = key_commands.add_parser(
        "init", help=_("create a self-signed certificate and key for a pilot (PKCS#12)")
    )
    init.add_argument("--out", required=True, type=Path, metavar="FILE.p12")
    init.add_argument("--name", required=True, help=_("the signer's name"))
    init.add_argument("--days", type=_days, default=365, help=_("how long it is valid (1 to 3650)"))
    init.add_argument("--passphrase-file", type=Path, metavar="F")
    init.set_defaults(func=_init)
