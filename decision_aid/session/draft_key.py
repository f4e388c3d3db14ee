"""The key that encrypts drafts: read with every check, made only when asked to.

The 32-byte key lives outside the drafts folder (``draft.key`` in the user's settings
folder), mode 0600, in a folder made user-only (0700). A key that other users can
read or write, that another user owns, that is not a regular file or that is not 32
bytes long is refused, never repaired silently: its secrecy cannot be vouched for, so
the user is told which file it is and how to fix it.

Each draft names the key it was saved with by the key's id (:func:`key_id`, a hash that
reveals nothing of the key), so a draft whose key is elsewhere can be told apart from a
damaged one and kept until its key is back.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from pathlib import Path

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _

KEY_SIZE = 32
KEY_ID_SIZE = 8
_POSIX = os.name == "posix"
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class DraftError(Exception):
    """A draft could not be saved, read or opened; the message is for the user."""

    def __init__(self, message: str, *, path: Path | None = None, kept_as: Path | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        """The draft or key file concerned."""
        self.kept_as = kept_as
        """Where a damaged draft was moved to, if it was."""


class DraftKeyMissingError(DraftError):
    """No key, and drafts saved with the missing one wait for it: no new key is made."""


class DraftLockedError(DraftError):
    """The draft is open in another window or another running copy of the app."""


def reason(exc: OSError) -> str:
    """An OSError in plain words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _("the disk is full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("permission was denied")
    return exc.strerror or str(exc)


def key_id(key: bytes) -> bytes:
    """The id a draft records for the key it was saved with."""
    return hashlib.sha256(b"decision-aid draft key id\0" + key).digest()[:KEY_ID_SIZE]


def read_key(path: Path) -> bytes | None:
    """The key at ``path`` after checking it is private and whole; None if there is none."""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise _not_a_file(path) from None
    except OSError as exc:
        raise DraftError(
            _("The draft key {path} could not be read: {reason}.").format(
                path=path, reason=reason(exc)
            ),
            path=path,
        ) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_a_file(path)
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
        key = os.read(fd, KEY_SIZE + 1) if info.st_size <= KEY_SIZE else b""
        size = info.st_size if info.st_size > KEY_SIZE else len(key)
    finally:
        os.close(fd)
    if size != KEY_SIZE:
        raise DraftError(
            _(
                "The draft key {path} is not a valid key ({size} bytes instead of {expected}). "
                "Move it away; decision-aid then makes a new key (drafts saved with the "
                "old key cannot be opened)."
            ).format(path=path, size=size, expected=KEY_SIZE),
            path=path,
        )
    return key


def _not_a_file(path: Path) -> DraftError:
    return DraftError(
        _(
            "The draft key {path} is a folder or a special file, not a key. Move it away "
            "and put the key file back there; drafts are kept until their key is back."
        ).format(path=path),
        path=path,
    )


def create_key(path: Path) -> bytes:
    """Make a new key at ``path``; if another process makes one at the same moment, use theirs."""
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
            if not os.path.lexists(path):
                os.replace(temp, path)
    except OSError as exc:
        raise DraftError(
            _("The draft key {path} could not be created: {reason}.").format(
                path=path, reason=reason(exc)
            ),
            path=path,
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    key = read_key(path)
    if key is None:
        raise DraftError(
            _("The draft key {path} could not be created.").format(path=path), path=path
        )
    return key
