"""``decision-aid settings show``: the settings in effect, and where each value came from."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from decision_aid.cli.common import err, out
from decision_aid.i18n import N_, _, translate

MAX_SHOWN = 60
"""Most characters of a value shown in the table; ``--json`` shows every one."""
_ORIGINS = {
    "system": N_("system-wide file"),
    "user": N_("your file"),
    "default": N_("default"),
}


def _shown(key: str, value: Any) -> Any:
    """A value as shown: the PIN's hash and the FHIR token are never printed."""
    if key == "kiosk_pin" and value is not None:
        return _("(set: its scrypt hash)")
    if key == "fhir" and isinstance(value, dict) and "token" in value:
        return {**value, "token": _("(hidden)")}
    return value


def _show(args: argparse.Namespace) -> int:
    from decision_aid.settings import SYSTEM_ONLY, SettingsError, load_sources

    try:
        sources = load_sources()
    except SettingsError as exc:
        err(str(exc))
        return 1
    values = sources.settings.model_dump(mode="json")
    rows = {
        key: {
            "value": _shown(key, values[key]),
            "from": sources.origins[key],
            "system_only": key in SYSTEM_ONLY,
        }
        for key in values
    }
    if args.json:
        out(
            json.dumps(
                {
                    "system_file": str(sources.system),
                    "system_file_found": sources.system_found,
                    "user_file": str(sources.user),
                    "settings": rows,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    out(_("System-wide settings file: {path}").format(path=sources.system))
    if not sources.system_found:
        out(_("  (none on this computer: your file holds every setting)"))
    out(_("Your settings file: {path}").format(path=sources.user))
    if sources.system_found:
        out(
            _(
                "Settings marked * are set only in the system-wide file on this computer: "
                "the kiosk's, and whom it trusts."
            )
        )
        if _writable_by_me(sources.system):
            out(
                _(
                    "Note: you can change the system-wide file yourself. On a kiosk it should "
                    "belong to an administrator, so that the kiosk's account cannot change it."
                )
            )
    out("")
    width = max(len(key) for key in rows) + 2
    for key, row in rows.items():
        mark = "*" if row["system_only"] and sources.system_found else " "
        text = json.dumps(row["value"], ensure_ascii=False)
        if len(text) > MAX_SHOWN:
            text = text[: MAX_SHOWN - 1] + "…"
        origin = translate(_ORIGINS[str(row["from"])])
        out(f"{mark} {key.ljust(width)}{text.ljust(MAX_SHOWN + 2)}{origin}")
    return 0


def _writable_by_me(path: Path) -> bool:
    """Whether this account, not being the administrator, may change or replace ``path``."""
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None and geteuid() == 0:
        return False
    return os.access(path, os.W_OK) or os.access(path.parent, os.W_OK)


def add_commands(commands: Any) -> None:
    """Add ``settings`` and its sub-commands to the top-level sub-parsers ``commands``."""
    settings = commands.add_parser(
        "settings",
        help=_("the settings in effect, and where each came from"),
        description=_(
            "The settings are read from a system-wide file (set once by a clinic's IT) and "
            "your own file, which overrides it except for the kiosk's and the trust settings."
        ),
    )
    sub = settings.add_subparsers(title=_("commands"), metavar="COMMAND", required=True)
    show = sub.add_parser(
        "show",
        help=_("show every setting, its value and where it came from"),
        description=_(
            "Show every setting in effect, its value, and whether it came from the "
            "system-wide file, your file or the default. The staff PIN's hash and the FHIR "
            "token are never shown. Exits 1, naming the file and the setting, when a "
            "settings file cannot be used."
        ),
    )
    show.add_argument("--json", action="store_true", help=_("as JSON, for scripts"))
    show.set_defaults(func=_show)
