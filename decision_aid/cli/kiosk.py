"""``decision-aid kiosk ...``: the clinic's hand-over keys, the staff PIN, and hand-overs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import UsageError, err, out, pack_roots, passphrase, read_session
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.content.loader import LoadedPack
    from decision_aid.kiosk.spool import Spool
    from decision_aid.session.model import SessionRecord
    from decision_aid.settings import Settings
    from decision_aid.ui.kiosk.config import KioskConfig


def _settings() -> Settings:
    from decision_aid.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc


def _needed(value: Path | None, name: str) -> Path:
    """A setting the command needs; UsageError naming it and the settings file when unset."""
    from decision_aid.settings import file_for

    if value is None:
        raise UsageError(
            _(
                "the setting '{name}' is not set; add it to {path} (see 'Kiosk hand-over' "
                "in the README)"
            ).format(name=name, path=file_for(name))
        )
    return value


def _spool(settings: Settings) -> Spool:
    from datetime import timedelta

    from decision_aid.kiosk.spool import Spool

    folder = _needed(settings.kiosk_spool, "kiosk_spool")
    return Spool(folder, keep=timedelta(hours=settings.kiosk_handover_hours))


# -- keys init ------------------------------------------------------------------------------


def _keys_init(args: argparse.Namespace) -> int:
    from decision_aid.kiosk.keys import KioskKeyError, make_key_pair

    secret = passphrase(args, confirm=True)
    try:
        private, public = make_key_pair(args.out, secret, force=args.force)
    except KioskKeyError as exc:
        err(str(exc))
        return 1
    out(
        _(
            "Wrote the clinic's hand-over keys:\n"
            "  {private}: the private key, protected by the passphrase. Keep it on the "
            "computers that open hand-overs, as the setting 'kiosk_private_key'.\n"
            "  {public}: the public key. Copy it to every kiosk, as the setting "
            "'kiosk_public_key'; with it a kiosk can seal hand-overs, never open them."
        ).format(private=private, public=public)
    )
    return 0


# -- set-pin --------------------------------------------------------------------------------


def _read_pin(args: argparse.Namespace) -> str:
    """From --pin-file (first line), or asked for twice without echo."""
    if args.pin_file is not None:
        try:
            lines = args.pin_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else _("not UTF-8 text")
            raise UsageError(
                _("{path}: cannot read the PIN file ({reason})").format(
                    path=args.pin_file, reason=reason
                )
            ) from exc
        return lines[0].strip() if lines else ""
    if not sys.stdin.isatty():
        raise UsageError(_("no terminal to ask for the PIN; give --pin-file FILE"))
    import getpass

    first = getpass.getpass(_("New staff PIN: "))
    if getpass.getpass(_("The same PIN again: ")) != first:
        raise UsageError(_("the two PINs differ; nothing was changed"))
    return first


def _pin_file(args: argparse.Namespace) -> Path:
    """Where the staff PIN goes: the system-wide settings file when the computer has one
    (the PIN is system-only there) or --system asks for it; else the user's file."""
    import os

    from decision_aid.settings import (
        SYSTEM_ONLY,
        read_settings_file,
        settings_path,
        system_settings_path,
    )
    from decision_aid.settings.layers import system_only_problem
    from decision_aid.settings.model import FIELDS

    _settings()  # both files are read and good before anything changes
    system = system_settings_path()
    if os.path.lexists(system):
        return system
    if not args.system:
        return settings_path()
    mine = read_settings_file(settings_path()).model_fields_set
    refused = [key for key in FIELDS if key in SYSTEM_ONLY & mine]
    if refused:  # the new system file would lock out the user's file: say so first
        raise UsageError(
            system_only_problem(settings_path(), system, refused) + " " + _("Nothing was changed.")
        )
    return system


def _set_pin(args: argparse.Namespace) -> int:
    from decision_aid.kiosk.pin import PinError, PinGuard, hash_pin, state_path
    from decision_aid.settings import (
        SettingsError,
        read_settings_file,
        save_settings,
        system_settings_path,
    )

    target = _pin_file(args)
    try:
        settings = read_settings_file(target)
        pin = hash_pin(_read_pin(args))
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    except PinError as exc:
        raise UsageError(str(exc) + " " + _("Nothing was changed.")) from exc
    settings.kiosk_pin = pin
    try:
        save_settings(settings, target)
    except (SettingsError, OSError) as exc:
        err(
            _("{path} could not be written: {reason}").format(
                path=target, reason=getattr(exc, "strerror", None) or exc
            )
        )
        if target == system_settings_path():
            err(
                _(
                    "The staff PIN is kept in the system-wide settings file; run this command "
                    "as an administrator."
                )
            )
        return 1
    PinGuard(pin, state_path(), lambda: 0.0).reset()
    out(_("The staff PIN is set; {path} holds its scrypt hash, never the PIN.").format(path=target))
    return 0


# -- seal -----------------------------------------------------------------------------------


def _seal(args: argparse.Namespace) -> int:
    from decision_aid.kiosk.codes import spaced
    from decision_aid.kiosk.handover import HandoverError, handover_from_record
    from decision_aid.kiosk.keys import load_public_key
    from decision_aid.session.model import now_utc

    settings = _settings()
    record = read_session(args.session)
    key_path = _needed(settings.kiosk_public_key, "kiosk_public_key")
    spool = _spool(settings)
    try:
        code = spool.put(handover_from_record(record, now_utc()), load_public_key(key_path))
    except HandoverError as exc:
        err(str(exc))
        return 1
    out(code)
    err(
        _(
            "Sealed the patient's answers from {session} into {folder} as hand-over {code}. "
            "Names, dates of birth and identifiers were left out."
        ).format(session=args.session, folder=spool.folder, code=spaced(code))
    )
    return 0


# -- open -----------------------------------------------------------------------------------


def _pack_for(args: argparse.Namespace, record: SessionRecord) -> LoadedPack:
    """The pack the patient used at the kiosk: the exact version when it is here, else the
    library's copy; UsageError when the library has no such pack."""
    from decision_aid.cli.common import find_shown_pack
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import build_index, used_entry

    entries = build_index(pack_roots(args))
    loaded, _problem = find_shown_pack(record, entries)
    if loaded is not None:
        return loaded
    entry = used_entry(entries, record.pack.id)
    if entry is None:
        raise UsageError(
            _(
                "the hand-over is for the pack '{id}', which is not in the library; add its "
                "folder with --packs DIR. The hand-over is kept."
            ).format(id=record.pack.id)
        )
    try:
        return entry.open()
    except PackError as exc:
        raise UsageError(str(exc)) from exc


def _open(args: argparse.Namespace) -> int:
    from decision_aid.atomic import check_replaceable, write_atomic
    from decision_aid.cli.common import check_session
    from decision_aid.kiosk.codes import CodeError, read_code, spaced
    from decision_aid.kiosk.handover import HandoverError, record_from_handover
    from decision_aid.kiosk.keys import load_private_key
    from decision_aid.session.model import now_utc

    try:
        code = read_code(args.code)
    except CodeError as exc:
        raise UsageError(str(exc)) from exc
    settings = _settings()
    key_path = _needed(settings.kiosk_private_key, "kiosk_private_key")
    spool = _spool(settings)
    target: Path = args.out or Path(f"kiosk-{code}.json")
    try:
        if check_replaceable(target) and not args.force:
            raise UsageError(
                _("{path} exists already; give --force to replace it").format(path=target)
            )
    except OSError as exc:
        raise UsageError(f"{target}: {exc.strerror}") from exc
    secret = passphrase(args)
    try:
        opened = spool.open(code, load_private_key(key_path, secret), key_path)
    except HandoverError as exc:
        err(str(exc))
        return 1
    record = record_from_handover(opened.content, now_utc())
    check_session(opened.path, record, _pack_for(args, record))
    data = (record.model_dump_json(indent=2) + "\n").encode("utf-8")
    try:
        write_atomic(target, data, 0o600)
    except OSError as exc:
        err(
            _("{path} could not be written ({reason}); the hand-over is kept.").format(
                path=target, reason=exc.strerror or exc
            )
        )
        return 1
    out(
        _(
            "Wrote {path}: a consultation with the answers the patient prepared at the kiosk, "
            "marked as theirs."
        ).format(path=target)
    )
    try:
        spool.remove(opened)
    except HandoverError as exc:
        err(str(exc))
        return 0
    out(
        _("The hand-over {code} was removed from {folder}.").format(
            code=spaced(code), folder=spool.folder
        )
    )
    return 0


# -- run --------------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    def load() -> KioskConfig:
        from decision_aid.settings import SettingsError, load_settings
        from decision_aid.ui.kiosk.config import KioskSetupError, load_config

        try:
            settings = load_settings()
        except SettingsError as exc:
            raise KioskSetupError(str(exc)) from exc
        return load_config(
            settings,
            pack_roots(args),
            idle_seconds=args.idle_seconds,
            warning_seconds=args.warn_seconds,
        )

    if args.check:
        from decision_aid.ui.kiosk.config import KioskSetupError

        try:
            out(load().describe())
        except KioskSetupError as exc:
            err(str(exc))
            return 2
        return 0
    from decision_aid.ui.kiosk.early import kiosk_settings_file, welcome_languages
    from decision_aid.ui.kiosk.run import run_kiosk

    # The welcome is painted first; the settings, packs and key are checked right after
    # its first frame, and a kiosk that cannot start stops there with its message.
    return run_kiosk(load, welcome_languages(kiosk_settings_file()))


def add_commands(commands: Any) -> None:
    """Add ``kiosk`` and its sub-commands to the top-level sub-parsers ``commands``."""
    kiosk = commands.add_parser(
        "kiosk",
        help=_("the patient's kiosk: without a command, run it full screen"),
        description=_(
            "Without a command, run the patient's kiosk full screen (staff leave it with a "
            "long press on the top corner and the staff PIN)."
        ),
    )
    kiosk.add_argument(
        "--check",
        action="store_true",
        help=_("check the settings and the packs, say what the kiosk offers, and stop"),
    )
    kiosk.add_argument(
        "--idle-seconds",
        type=int,
        metavar="N",
        help=_("seconds without a touch before the warning (default: the setting)"),
    )
    kiosk.add_argument(
        "--warn-seconds",
        type=int,
        metavar="N",
        help=_("seconds the warning counts down before the wipe (default: the setting)"),
    )
    kiosk.set_defaults(func=_run)
    sub = kiosk.add_subparsers(title=_("kiosk commands"), metavar="COMMAND")

    keys = sub.add_parser("keys", help=_("the clinic's hand-over keys"))
    keys.set_defaults(func=lambda _args: (keys.print_help(), 2)[1])
    key_commands = keys.add_subparsers(title=_("key commands"), metavar="COMMAND")
    init = key_commands.add_parser(
        "init", help=_("make the clinic's key pair for sealing and opening hand-overs")
    )
    init.add_argument("--out", required=True, type=Path, metavar="DIR")
    init.add_argument("--passphrase-file", type=Path, metavar="F")
    init.add_argument("--force", action="store_true", help=_("replace keys already there"))
    init.set_defaults(func=_keys_init)

    pin = sub.add_parser("set-pin", help=_("set the staff PIN that leaves the kiosk"))
    pin.add_argument("--pin-file", type=Path, metavar="F", help=_("read the PIN from a file"))
    pin.add_argument(
        "--system",
        action="store_true",
        help=_(
            "write it to the system-wide settings file, making that file if there is none "
            "(as an administrator); with a system-wide file the PIN always goes there"
        ),
    )
    pin.set_defaults(func=_set_pin)

    opening = sub.add_parser(
        "open", help=_("open a hand-over by its code and write it as a session file")
    )
    opening.add_argument("code", metavar="CODE", help=_("the code on the patient's slip"))
    opening.add_argument("--out", type=Path, metavar="FILE.json")
    opening.add_argument("--passphrase-file", type=Path, metavar="F")
    opening.add_argument("--force", action="store_true", help=_("replace the output file"))
    opening.set_defaults(func=_open)

    seal = sub.add_parser(
        "seal", help=_("seal a saved session's patient answers into the hand-over folder")
    )
    seal.add_argument("--session", required=True, type=Path, metavar="FILE.json")
    seal.set_defaults(func=_seal)
