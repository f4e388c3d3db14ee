"""Encrypted, atomic autosave of unfinished consultations ("drafts"), and recovery.

Each unfinished :class:`~decision_aid.session.model.SessionRecord` is kept as
``<drafts>/<record id>.draft``::

    b"DADRAFT1" | 12-byte random nonce | AES-256-GCM ciphertext and tag

The ciphertext holds the record's JSON; the 8-byte header is the associated data, so
it is authenticated too. Every save uses a fresh nonce and is written atomically
(temp file, fsync, rename) with user-only permissions, so a crash or a full disk
leaves the previous draft intact.

The 32-byte key lives outside the drafts folder (``$XDG_CONFIG_HOME/decision-aid/
draft.key``). It is created on first use, mode 0600, in a folder made user-only
(0700). A key that other users can read or write, that another user owns, or that is
not 32 bytes long is refused, never repaired silently: its secrecy cannot be vouched
for, so the user is told which file it is and how to fix it (``chmod 600``, or move it
away to get a new key, which makes the drafts saved with the old one unreadable).

A draft that cannot be opened (cut short, wrong header, changed bytes, another key,
a record that does not validate) is renamed to ``<name>.damaged``: never deleted and
never a crash. :meth:`DraftStore.load` raises :class:`DraftError` with a plain message;
:meth:`DraftStore.unfinished` lists it once as damaged, after which it is out of the
way. No traceback reaches the user: every failure is a :class:`DraftError`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _
from decision_aid.session.model import SessionRecord

if TYPE_CHECKING:  # cryptography is imported when a draft is first written or read
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"DADRAFT1"
"""File header; also the associated data of the cipher."""
NONCE_SIZE = 12
TAG_SIZE = 16
KEY_SIZE = 32
SUFFIX = ".draft"
DAMAGED_SUFFIX = ".damaged"
APP_DIR = "decision-aid"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_POSIX = os.name == "posix"


class DraftError(Exception):
    """A draft could not be saved, read or opened; the message is for the user."""

    def __init__(self, message: str, *, path: Path | None = None, kept_as: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        """The draft or key file concerned."""
        self.kept_as = kept_as
        """Where a damaged draft was moved to, if it was."""


@dataclass(frozen=True)
class DraftInfo:
    """One draft found on disk, for the recovery prompt."""

    path: Path
    """Where the file is now (for a damaged draft: the ``.damaged`` file)."""
    id: str
    """The record id (for a damaged draft: taken from the file name)."""
    pack_id: str | None
    """The pack the consultation used; None when damaged."""
    updated: datetime
    """Last change to the record (for a damaged draft: the file's modification time)."""
    problem: str | None = None
    """Why the draft cannot be opened, for the user; None when it is fine."""

    @property
    def damaged(self) -> bool:
        return self.problem is not None


class _DamageError(Exception):
    """Internal: the bytes of a draft are not a draft this key can open."""


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    # The XDG spec says relative paths are invalid and must be ignored.
    return Path(value) if value and os.path.isabs(value) else Path.home() / fallback


def default_store() -> DraftStore:
    """The store in the user's XDG folders: drafts under data, the key under config."""
    return DraftStore(
        _xdg("XDG_DATA_HOME", ".local/share") / APP_DIR / "drafts",
        _xdg("XDG_CONFIG_HOME", ".config") / APP_DIR / "draft.key",
    )


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("the disk is full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("permission was denied")
    return exc.strerror or str(exc)


class DraftStore:
    """Drafts in ``drafts_dir``, encrypted with the key in ``key_path``."""

    def __init__(self, drafts_dir: Path, key_path: Path) -> None:
        if key_path.resolve().is_relative_to(drafts_dir.resolve()):
            raise ValueError("the draft key must be kept outside the drafts folder")
        self.drafts_dir = drafts_dir
        self.key_path = key_path
        self._cipher: AESGCM | None = None

    # -- the key ---------------------------------------------------------------------

    def _read_key(self) -> bytes | None:
        """The key on disk after checking it is private and whole; None if there is none."""
        path = self.key_path
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DraftError(
                _("The draft key {path} could not be read: {reason}.").format(
                    path=path, reason=_reason(exc)
                ),
                path=path,
            ) from exc
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise DraftError(
                    _(
                        "The draft key {path} is not a file. Move it away; a new key is made."
                    ).format(path=path),
                    path=path,
                )
            if _POSIX and info.st_uid != os.getuid():
                raise DraftError(
                    _(
                        "The draft key {path} belongs to another user, so it cannot be trusted. "
                        "Move it away; decision-aid then makes a new key (drafts saved with "
                        "the old key cannot be opened)."
                    ).format(path=path),
                    path=path,
                )
            if _POSIX and info.st_mode & 0o077:
                raise DraftError(
                    _(
                        "The draft key {path} can be read or changed by other users, so "
                        "decision-aid will not use it. Make it private with: chmod 600 {path}"
                    ).format(path=path),
                    path=path,
                )
            key = handle.read(KEY_SIZE + 1)
        if len(key) != KEY_SIZE:
            raise DraftError(
                _(
                    "The draft key {path} is not a valid key ({size} bytes instead of {expected}). "
                    "Move it away; decision-aid then makes a new key (drafts saved with the "
                    "old key cannot be opened)."
                ).format(path=path, size=len(key), expected=KEY_SIZE),
                path=path,
            )
        return key

    def _create_key(self) -> bytes:
        """Make a new key; if another process makes one at the same moment, use theirs."""
        path = self.key_path
        temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.new")
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if _POSIX and path.parent.stat().st_mode & 0o077:
                os.chmod(path.parent, 0o700)
            write_atomic(temp, secrets.token_bytes(KEY_SIZE), mode=0o600)
            try:
                os.link(temp, path)  # fails if a key appeared meanwhile: never overwrite one
            except FileExistsError:
                pass
            except OSError:
                if not path.exists():
                    os.replace(temp, path)
        except OSError as exc:
            raise DraftError(
                _("The draft key {path} could not be created: {reason}.").format(
                    path=path, reason=_reason(exc)
                ),
                path=path,
            ) from exc
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
        key = self._read_key()
        if key is None:
            raise DraftError(
                _("The draft key {path} could not be created.").format(path=path), path=path
            )
        return key

    def _aead(self, *, create: bool) -> AESGCM | None:
        if self._cipher is None:
            key = self._read_key()
            if key is None:
                if not create:
                    return None
                key = self._create_key()
            from cryptography.hazmat.primitives.ciphers.aead import AESGCM

            self._cipher = AESGCM(key)
        return self._cipher

    # -- files -----------------------------------------------------------------------

    def path_for(self, record_id: str) -> Path:
        """Where the draft of ``record_id`` is kept."""
        if not _SAFE_ID.match(record_id):
            raise DraftError(
                _("The consultation id {id} cannot be used as a file name.").format(
                    id=repr(record_id)
                )
            )
        return self.drafts_dir / f"{record_id}{SUFFIX}"

    def save(self, record: SessionRecord) -> Path:
        """Write the record's draft atomically; a finished record's draft is removed instead.

        Returns the draft's path (for a finished record, where the draft was).
        """
        path = self.path_for(record.id)
        if record.finished is not None:
            self.discard(record.id)
            return path
        aead = self._aead(create=True)
        assert aead is not None
        nonce = secrets.token_bytes(NONCE_SIZE)
        data = MAGIC + nonce + aead.encrypt(nonce, record.model_dump_json().encode(), MAGIC)
        try:
            self.drafts_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(path, data, mode=0o600)
        except OSError as exc:
            raise DraftError(
                _(
                    "The consultation could not be saved to {path}: {reason}. The last saved "
                    "copy is unchanged. Free some disk space or fix the folder's permissions "
                    "so that the next save works."
                ).format(path=path, reason=_reason(exc)),
                path=path,
            ) from exc
        return path

    def _decode(self, data: bytes, aead: AESGCM | None) -> SessionRecord:
        if aead is None:
            raise _DamageError(
                _("the key it was saved with ({key}) is missing").format(key=self.key_path)
            )
        if len(data) < len(MAGIC) + NONCE_SIZE + TAG_SIZE:
            raise _DamageError(_("it is cut short"))
        if not data.startswith(MAGIC):
            raise _DamageError(_("it is not a decision-aid draft"))
        from cryptography.exceptions import InvalidTag

        nonce = data[len(MAGIC) : len(MAGIC) + NONCE_SIZE]
        try:
            plain = aead.decrypt(nonce, data[len(MAGIC) + NONCE_SIZE :], MAGIC)
        except InvalidTag:
            raise _DamageError(
                _("it is damaged, was changed outside decision-aid, or was saved with another key")
            ) from None
        try:
            return SessionRecord.model_validate_json(plain)
        except ValidationError:
            raise _DamageError(
                _("its contents are not a consultation this version can read")
            ) from None

    def _set_aside(self, path: Path) -> Path | None:
        """Rename a damaged draft to ``<name>.damaged`` (never overwriting); None if that fails."""
        target = path.with_name(path.name + DAMAGED_SUFFIX)
        number = 1
        while target.exists():
            number += 1
            target = path.with_name(f"{path.name}.{number}{DAMAGED_SUFFIX}")
        try:
            os.replace(path, target)
        except OSError:
            return None
        return target

    def load(self, path: Path) -> SessionRecord:
        """Open a draft. A damaged one is renamed to ``.damaged`` and raises DraftError."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DraftError(
                _("The draft {path} could not be read: {reason}.").format(
                    path=path, reason=_reason(exc)
                ),
                path=path,
            ) from exc
        aead = self._aead(create=False)
        try:
            return self._decode(data, aead)
        except _DamageError as damage:
            kept = self._set_aside(path)
            if kept is not None:
                message = _(
                    "The draft {path} cannot be opened: {reason}. It has been kept as {kept} "
                    "and will not be offered again; the consultation needs to be started anew."
                ).format(path=path, reason=damage, kept=kept)
            else:
                message = _(
                    "The draft {path} cannot be opened: {reason}. It could not be moved aside "
                    "either; move or delete it yourself."
                ).format(path=path, reason=damage)
            raise DraftError(message, path=path, kept_as=kept) from None

    def unfinished(self) -> list[DraftInfo]:
        """Every draft, newest first; damaged ones are set aside and listed with the reason.

        Raises DraftError only when the key itself cannot be used (see the module notes).
        """
        try:
            paths = sorted(self.drafts_dir.glob(f"*{SUFFIX}"))
        except OSError:
            paths = []
        found: list[DraftInfo] = []
        for path in paths:
            if not path.is_file():
                continue
            try:
                record = self.load(path)
            except DraftError as exc:
                if exc.kept_as is None and exc.path == self.key_path:
                    raise
                if exc.kept_as is None and not path.exists():
                    continue  # removed meanwhile (finished in another window)
                where = exc.kept_as or path
                try:
                    when = datetime.fromtimestamp(where.stat().st_mtime, UTC)
                except OSError:
                    when = datetime.now(UTC)
                found.append(DraftInfo(where, path.stem, None, when, str(exc)))
                continue
            if record.finished is not None:
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            found.append(DraftInfo(path, record.id, record.pack.id, record.updated))
        found.sort(key=lambda info: (info.updated, info.id), reverse=True)
        return found

    def discard(self, record_id: str) -> None:
        """Remove the draft of ``record_id``, if there is one."""
        path = self.path_for(record_id)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise DraftError(
                _("The draft {path} could not be removed: {reason}.").format(
                    path=path, reason=_reason(exc)
                ),
                path=path,
            ) from exc
