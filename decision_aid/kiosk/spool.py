"""The spool: the folder (often shared) where kiosks leave sealed hand-overs for the clinic.

One file per hand-over, ``<CODE>.handover`` (see :mod:`decision_aid.kiosk.codes`), written
atomically and never over another one. CollaboRATE answered at the kiosk after a
consultation lives here too (:mod:`decision_aid.kiosk.collaborate`): ``<CODE>.collaborate-wait``
(empty) while a consultation's code waits for answers, then ``<CODE>.collaborate`` with the
sealed answers. A code is never used twice, whatever its kind. Every time the spool is used
(a hand-over or answers put in, opened or listed, a code given), a sweep runs first:

- a hand-over or sealed answers older than the spool keeps them (``kiosk_handover_hours``,
  by default 24 hours, by the file's modification time) are **shredded unopened**:
  overwritten with zeros, synced, then unlinked. An empty ``<CODE>.expired`` (or
  ``<CODE>.collaborate-expired``) marker stays for as long again, so that the code is
  refused as expired, not as unknown; a code that waited as long for answers in vain
  leaves the same marker;
- an opened hand-over is shredded the same way and leaves ``<CODE>.opened`` (answers read
  into their consultation: ``<CODE>.collaborate-opened``);
- markers older than the keeping time, and temporary files left by a kiosk that stopped
  mid-write, are removed.

Overwriting before unlinking defeats undelete tools on ordinary disks; on copy-on-write
file systems, SSDs and network shares the old blocks may survive, which is why what
they held was sealed in the first place. Nothing else in the folder is ever touched,
and a file that cannot be opened (a wrong key, changed bytes, not a hand-over) is kept
as it is until it expires.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.atomic import sweep_stale, write_atomic, write_new_atomic
from decision_aid.i18n import _
from decision_aid.kiosk.codes import is_code, new_code, spaced
from decision_aid.kiosk.handover import (
    DamagedError,
    ExpiredError,
    HandoverContent,
    HandoverError,
    UnknownCodeError,
    read_header,
    seal,
    unseal,
)
from decision_aid.kiosk.sealing import MAX_FILE_BYTES
from decision_aid.session.model import now_utc

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

SUFFIX = ".handover"
EXPIRED = ".expired"
OPENED = ".opened"
ANSWERS = ".collaborate"
"""CollaboRATE answers sealed at the kiosk."""
WAITING = ".collaborate-wait"
"""A consultation's code waiting for CollaboRATE answers (empty)."""
ANSWERS_EXPIRED = ".collaborate-expired"
ANSWERS_OPENED = ".collaborate-opened"
SEALED = {SUFFIX: EXPIRED, ANSWERS: ANSWERS_EXPIRED}
"""Sealed files, each with the marker it leaves when shredded unopened."""
TURNS_INTO = {WAITING: ANSWERS_EXPIRED}
"""Empty files that leave a marker when their time is up."""
MARKERS = (EXPIRED, OPENED, ANSWERS_EXPIRED, ANSWERS_OPENED)
SUFFIXES = (*SEALED, *TURNS_INTO, *MARKERS)
"""Every name the spool gives a code; nothing else in the folder is touched."""
DEFAULT_KEEP = timedelta(hours=24)
CODE_ATTEMPTS = 20
"""New codes tried before giving up (a clash is one in millions)."""
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Opened:
    """A hand-over decrypted and validated; its file is still in the spool."""

    code: str
    path: Path
    content: HandoverContent
    sealed: datetime
    """When the kiosk sealed it (from its header, authenticated)."""


def shred(path: Path) -> None:
    """Overwrite the regular file at ``path`` with zeros, sync it, then unlink it.

    A file with other hard links is only unlinked (overwriting would change the other
    names' content too); a link, folder or device at ``path`` is refused (OSError).
    """
    flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise IsADirectoryError(path)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(path)
        if info.st_nlink == 1:
            left = info.st_size
            zeros = bytes(min(left, _CHUNK))
            while left > 0:
                left -= os.write(fd, zeros[: min(left, _CHUNK)])
            os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()


class Spool:
    """Hand-overs in ``folder``, kept for ``keep`` (24 hours unless set)."""

    def __init__(
        self,
        folder: Path,
        *,
        keep: timedelta = DEFAULT_KEEP,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        self.folder = folder
        self.keep = keep
        self.clock = clock

    def path(self, code: str, suffix: str = SUFFIX) -> Path:
        return self.folder / f"{code}{suffix}"

    # -- sweeping ----------------------------------------------------------------------

    def _check_folder(self) -> None:
        if not self.folder.is_dir():
            raise HandoverError(
                _(
                    "The hand-over folder {path} does not exist or is not a folder. Check the "
                    "'kiosk_spool' setting, and that the shared folder is connected."
                ).format(path=self.folder)
            )

    def sweep(self) -> list[Path]:
        """Shred expired hand-overs and drop old markers; returns the hand-overs shredded.

        Problems with single files are skipped (tidying never stops the spool's use)."""
        self._check_folder()
        now = self.clock().timestamp()
        shredded: list[Path] = []
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return shredded
        for name in names:
            stem, dot, rest = name.partition(".")
            suffix = f".{rest}"
            if not dot or not is_code(stem) or suffix not in SUFFIXES:
                continue
            path = self.folder / name
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                if (
                    not stat.S_ISREG(info.st_mode)
                    or now - info.st_mtime <= self.keep.total_seconds()
                ):
                    continue
                if suffix in SEALED:
                    shred(path)
                    shredded.append(path)
                    self.mark(stem, SEALED[suffix])
                else:
                    path.unlink()
                    if suffix in TURNS_INTO:
                        self.mark(stem, TURNS_INTO[suffix])
        sweep_stale(self.folder)
        return shredded

    # -- putting in ----------------------------------------------------------------------

    def in_use(self, code: str) -> bool:
        """True when the folder has any file under ``code``, of either kind."""
        return any(os.path.lexists(self.path(code, s)) for s in SUFFIXES)

    def new_code(self) -> str:
        """A code no file in the folder uses yet; HandoverError after many clashes."""
        for _attempt in range(CODE_ATTEMPTS):
            code = new_code()
            if not self.in_use(code):
                return code
        raise HandoverError(
            _(
                "No free hand-over code was found in {path} after {n} tries; remove old "
                "files from the folder."
            ).format(path=self.folder, n=CODE_ATTEMPTS)
        )

    def put(self, content: HandoverContent, public_key: X25519PublicKey) -> str:
        """Seal ``content`` into a new file; returns its code. HandoverError when the
        folder is missing or cannot be written."""
        self.sweep()
        for _attempt in range(CODE_ATTEMPTS):
            code = new_code()
            if self.in_use(code):
                continue
            data = seal(content, public_key, code, self.clock())
            try:
                write_new_atomic(self.path(code), data, 0o600)
            except FileExistsError:
                continue
            except OSError as exc:
                raise HandoverError(
                    _(
                        "The hand-over could not be written into {path} ({reason}). Check "
                        "that the folder is connected, writable and not full."
                    ).format(path=self.folder, reason=exc.strerror or exc)
                ) from exc
            return code
        raise HandoverError(
            _(
                "No free hand-over code was found in {path} after {n} tries; remove old "
                "files from the folder."
            ).format(path=self.folder, n=CODE_ATTEMPTS)
        )

    # -- opening -------------------------------------------------------------------------

    def open(self, code: str, private_key: X25519PrivateKey, key_path: Path) -> Opened:
        """The hand-over filed under ``code``, decrypted and validated. Its file stays
        until :meth:`remove`; on any error it stays untouched."""
        from decision_aid.session.files import FileTooLargeError, NotAFileError, read_limited

        self.sweep()
        path = self.path(code)
        try:
            data = read_limited(path, MAX_FILE_BYTES)
        except FileNotFoundError:
            raise self._missing(code, path) from None
        except (NotAFileError, FileTooLargeError) as exc:
            raise DamagedError(
                _(
                    "{path}: not a kiosk hand-over (a folder, a special file, or far too "
                    "large). It is left alone; ask the clinic's IT admin to remove it."
                ).format(path=path)
            ) from exc
        except OSError as exc:
            raise HandoverError(
                _("{path} could not be read ({reason}); check the folder's permissions.").format(
                    path=path, reason=exc.strerror or exc
                )
            ) from exc
        content = unseal(data, private_key, path, code, key_path)
        return Opened(code, path, content, read_header(data, path).sealed)

    def _missing(self, code: str, path: Path) -> HandoverError:
        shown = spaced(code)
        if os.path.lexists(self.path(code, EXPIRED)):
            hours = int(self.keep.total_seconds() // 3600)
            return ExpiredError(
                _(
                    "The hand-over {code} ({path}) had expired: it was not opened within "
                    "{hours} hours, so it was shredded unopened. Go through the questions "
                    "with the patient in the consultation, or ask them to prepare again at "
                    "the kiosk."
                ).format(code=shown, path=path, hours=hours)
            )
        if any(os.path.lexists(self.path(code, s)) for s in (ANSWERS, WAITING)):
            return UnknownCodeError(
                _(
                    "The code {code} is not a hand-over: it was given in a consultation for "
                    "answering CollaboRATE at the kiosk. Open it in the consultation window "
                    "(File › Open from kiosk… in the library), which puts the answers into "
                    "that consultation."
                ).format(code=shown)
            )
        if os.path.lexists(self.path(code, OPENED)):
            return UnknownCodeError(
                _(
                    "The hand-over {code} ({path}) was opened already and removed from the "
                    "folder; its consultation has the answers (look for it under unfinished "
                    "consultations)."
                ).format(code=shown, path=path)
            )
        return UnknownCodeError(
            _(
                "There is no hand-over {code} in {folder}. Check the code with the patient "
                "(it is on their slip), and that this computer's 'kiosk_spool' setting names "
                "the same folder as the kiosk's."
            ).format(code=shown, folder=self.folder)
        )

    def remove(self, opened: Opened) -> None:
        """Shred the opened hand-over's file and leave its ``.opened`` marker.

        HandoverError when it cannot be removed (the consultation has the answers; the
        file then expires as any other)."""
        try:
            shred(opened.path)
        except FileNotFoundError:
            pass  # opened and removed at the same moment by another computer
        except OSError as exc:
            raise HandoverError(
                _(
                    "{path} could not be removed after opening ({reason}); it will be "
                    "shredded when it expires. Check the folder's permissions."
                ).format(path=opened.path, reason=exc.strerror or exc)
            ) from exc
        with contextlib.suppress(OSError):
            self.mark(opened.code, OPENED)

    def mark(self, code: str, suffix: str) -> None:
        """Leave the empty marker ``<code><suffix>``, dated by the spool's clock."""
        path = self.path(code, suffix)
        write_atomic(path, b"", 0o600)
        now = self.clock().timestamp()
        os.utime(path, (now, now))
