"""A lock per draft, so that two windows or two running copies of the app never both
recover and save the same unfinished consultation (the last save would silently win).

The lock is an operating-system lock (``flock`` on Linux and macOS, ``msvcrt.locking``
on Windows) held on ``<drafts>/<record id>.lock`` for as long as the consultation is
open. The system releases it when the process ends in any way, a crash or a kill
included, so a lock left by a dead process is never in the way: its file is simply
locked again by the next one. The file holds the owner's process id and host name, for
a person looking into it.

A lock conflicts with any other open of the same file, also within one process, so two
stores (two windows) in one process exclude each other as two processes do.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path

LOCK_SUFFIX = ".lock"
_FLAGS = os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)


def _try_lock(fd: int) -> bool:
    """Lock ``fd`` exclusively without waiting; False when someone else holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _same_file(fd: int, path: Path) -> bool:
    """Is ``fd`` still the file at ``path`` (not one its last owner removed meanwhile)?"""
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


class DraftLock:
    """A held lock; :meth:`release` gives it up and removes its file."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the lock up (again: nothing). The file goes first, while still locked."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)


def acquire(path: Path) -> DraftLock | None:
    """Lock ``path`` (created if missing, mode 0600); None when another holder has it.

    Raises OSError when the lock file cannot be made (for example a read-only folder).
    """
    for _attempt in range(10):
        fd = os.open(path, _FLAGS | os.O_CREAT, 0o600)
        lock: DraftLock | None = None
        try:
            if not _try_lock(fd):
                return None
            if not _same_file(fd, path):
                # The previous holder removed the file between our open and our lock:
                # this lock guards nothing. Try again with the file that is there now.
                continue
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()} {socket.gethostname()}\n".encode())
            lock = DraftLock(fd, path)
            return lock
        finally:
            if lock is None:
                os.close(fd)  # also releases a lock taken on it
    return None


def is_locked(path: Path) -> bool:
    """Does anyone (this process included) hold the lock at ``path`` now?"""
    try:
        fd = os.open(path, _FLAGS)
    except FileNotFoundError:
        return False
    except OSError:
        return False
    try:
        if not _try_lock(fd):
            return True
        _unlock(fd)
        return False
    finally:
        os.close(fd)
