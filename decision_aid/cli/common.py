"""What every command group shares: output, usage errors, and reading the common inputs."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.i18n import _, ngettext

if TYPE_CHECKING:
    from decision_aid.content.library import Entry
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
    missing = [p for p in paths if not os.path.exists(p)]  # never raises (a name too long)
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


def find_pack(pack_id: str, roots: list[Path], entries: list[Entry] | None = None) -> LoadedPack:
    """The copy of ``pack_id`` the library uses: the highest version (see content.library).

    ``entries`` is the library index when it was built already.
    """
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import build_index, used_entry

    entry = used_entry(build_index(roots) if entries is None else entries, pack_id)
    if entry is None:
        raise UsageError(_("no pack with the id '{id}' was found").format(id=pack_id))
    try:
        return entry.open()
    except PackError as exc:
        raise UsageError(str(exc)) from exc


def find_shown_pack(
    record: SessionRecord, entries: list[Entry]
) -> tuple[LoadedPack | None, str | None]:
    """The pack exactly as the session was shown it, from the library or the pack store.

    Returns it (or None), and why the stored copy could not be used when it could not.
    """
    from decision_aid.content.store import PackStore, StoreError, default_store_dir, shown_pack

    ref = record.pack
    try:
        found = shown_pack(
            entries, PackStore(default_store_dir()), ref.id, ref.version, ref.content_hash
        )
    except StoreError as exc:
        return None, str(exc)
    return found, None


def sweep_temporaries(*folders: Path) -> None:
    """Remove what interrupted writes left in ``folders`` (see decision_aid.atomic)."""
    from decision_aid.atomic import sweep_folders

    removed = sweep_folders(list(folders))
    if removed:
        err(
            ngettext(
                "Removed {n} unfinished temporary file left by an interrupted write: {files}",
                "Removed {n} unfinished temporary files left by interrupted writes: {files}",
                len(removed),
            ).format(n=len(removed), files=", ".join(str(p) for p in removed))
        )


def read_session(path: Path, loaded: LoadedPack | None = None) -> SessionRecord:
    """The session record in the file at ``path``; checked against ``loaded`` when given.

    Every problem is a UsageError naming the file, the field and what is expected.
    """
    from decision_aid.session.files import FileTooLargeError, NotAFileError, read_limited
    from decision_aid.session.model import MAX_SESSION_BYTES
    from decision_aid.session.reading import SessionReadError, parse_session

    try:
        data = read_limited(path, MAX_SESSION_BYTES)
    except NotAFileError as exc:
        raise UsageError(
            _("{path}: not a session file (it is a folder or a special file)").format(path=path)
        ) from exc
    except FileTooLargeError as exc:
        raise UsageError(
            _("{path}: {size} bytes is too large for a session record (at most {limit})").format(
                path=path, size=exc.size, limit=exc.limit
            )
        ) from exc
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot be read ({reason})").format(path=path, reason=exc.strerror)
        ) from exc
    try:
        record = parse_session(data)
    except SessionReadError as exc:
        raise UsageError(
            _("{path}: not a decision-aid session record:").format(path=path) + _indented(str(exc))
        ) from exc
    if loaded is not None:
        check_session(path, record, loaded)
    return record


def check_session(path: Path, record: SessionRecord, loaded: LoadedPack) -> None:
    """Refuse a record whose options, concerns, answers ... are not the pack's."""
    from decision_aid.session.check import describe_problems, session_problems

    problems = session_problems(record, loaded.pack, loaded.languages)
    if problems:
        raise UsageError(
            _("{path}: the session does not fit the pack '{id}' (version {version}):").format(
                path=path, id=loaded.meta.id, version=loaded.meta.version
            )
            + _indented(describe_problems(record, loaded.pack, problems))
        )


def _indented(lines: str) -> str:
    """Lines under a heading, each on its own line and indented."""
    return "".join(f"\n  {line}" for line in lines.splitlines())
