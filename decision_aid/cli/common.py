"""What every command group shares: output, usage errors, and reading the common inputs."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.content.loader import LoadedPack
    from decision_aid.session.model import SessionRecord


class UsageError(Exception):
    """Bad command-line input found after parsing; exit code 2."""


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD")) from None


def date_arg(value: str) -> str:
    today(value)
    return value


def existing(paths: list[Path]) -> bool:
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        err(_("{path}: no such file or folder").format(path=path))
    return not missing


def pack_roots(args: argparse.Namespace) -> list[Path]:
    """The folders given with the global ``--packs DIR`` (repeatable), or the default ones."""
    from decision_aid.content.library import default_pack_dirs

    return list(args.pack_dirs or []) or default_pack_dirs()


def passphrase(args: argparse.Namespace, *, confirm: bool = False) -> bytes:
    """From --passphrase-file (first line), or asked for without echo. Never stored."""
    if args.passphrase_file is not None:
        try:
            text = args.passphrase_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else _("not UTF-8 text")
            raise UsageError(
                _("{path}: cannot read the passphrase file ({reason})").format(
                    path=args.passphrase_file, reason=reason
                )
            ) from exc
        lines = text.splitlines()
        if not lines or not lines[0]:
            raise UsageError(
                _("{path}: the passphrase file is empty").format(path=args.passphrase_file)
            )
        return lines[0].encode("utf-8")
    if not sys.stdin.isatty():
        raise UsageError(_("no terminal to ask for the passphrase; give --passphrase-file FILE"))
    import getpass

    first = getpass.getpass(_("Passphrase: "))
    if confirm and getpass.getpass(_("Passphrase again: ")) != first:
        raise UsageError(_("the two passphrases differ; nothing was written"))
    if not first:
        raise UsageError(_("an empty passphrase is not allowed"))
    return first.encode("utf-8")


def find_pack(pack_id: str, roots: list[Path]) -> LoadedPack:
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import build_index

    for entry in build_index(roots):
        if entry.meta is not None and entry.meta.id == pack_id:
            try:
                return entry.open()
            except PackError as exc:
                raise UsageError(str(exc)) from exc
    raise UsageError(_("no pack with the id '{id}' was found").format(id=pack_id))


def read_session(path: Path) -> SessionRecord:
    from pydantic import ValidationError

    from decision_aid.session.model import SessionRecord

    try:
        return SessionRecord.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot be read ({reason})").format(path=path, reason=exc.strerror)
        ) from exc
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise UsageError(
            _("{path}: not a decision-aid session record: {where}: {problem}").format(
                path=path, where=where, problem=first["msg"]
            )
        ) from exc
