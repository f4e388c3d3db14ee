"""Atomic file writes for the Qt-free core: temp file, fsync, rename.

A crash or a full disk leaves either the old file or the new one, never half a file.

- Only a regular file is ever replaced. A symbolic link, a device, a FIFO or a folder at
  the target is refused with :class:`NotARegularFile`, so ``--force`` can never rename
  over ``/dev/full`` or turn a link into a file.
- :func:`write_all_atomic` writes several files as one: either every file is in place,
  or none was changed (a full disk on the second file removes the first one again).
- Temporary files are named ``.<name>.<random>.decision-aid.tmp`` beside the target and
  are locked (``flock``) for as long as their writer lives. A writer killed mid-write
  (SIGKILL, a power cut) leaves one behind; :func:`sweep_stale` removes such files
  once nobody holds their lock, and never one that another live process is writing.
- Several files in one folder are written as one even when the writer is killed between
  two renames: once every temporary file is written and synced, a *pending* note
  (``.<name>.<random>.decision-aid.pending``, locked like them) records which goes where,
  and only then are they renamed. A writer killed after that point has committed the
  write: the next sweep of the folder (:func:`finish_pending`, which :func:`sweep_stale`
  runs first) renames what is left, so the PDF and its FHIR copy never stay from two
  different records. Killed before it, nothing was renamed and the old files stay.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from decision_aid.i18n import _

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: stale files are judged by age alone
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".decision-aid.tmp"
"""Every temporary file this module makes ends so; nothing else is ever swept."""
_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + r"$")
PENDING_SUFFIX = ".decision-aid.pending"
"""The note of a write of several files that has begun renaming (see the module notes)."""
_PENDING_NAME = re.compile(r"^\..+\.[0-9a-f]{8}" + re.escape(PENDING_SUFFIX) + r"$")
MAX_PENDING_BYTES = 64 * 1024
"""Largest pending note read; a real one names a few files."""
_NAME_PART = 96
"""Characters of the target's name kept in a temporary file's name."""
STALE_AFTER = 600.0
"""Seconds a temporary file must be unchanged before a sweep may remove it (the lock
decides; the age only covers the moment between creating a file and locking it)."""


class NotARegularFile(OSError):  # noqa: N818 - an OSError, named for what it says
    """The target exists and is not a regular file (a link, device, FIFO or folder)."""


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("a special file")


def check_replaceable(path: Path) -> bool:
    """True when ``path`` exists (as a regular file); False when it does not exist.

    Raises :class:`NotARegularFile` when something else is there; its ``strerror`` is a
    sentence for the user.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISREG(mode):
        return True
    raise NotARegularFile(
        errno.EEXIST,
        _(
            "it is {kind}, not a regular file, and only regular files are replaced; "
            "choose another name, or remove it first"
        ).format(kind=_kind(mode)),
        str(path),
    )


@dataclass
class _Staged:
    """A temporary file written, synced and locked, waiting to be renamed into place."""

    target: Path
    temp: Path
    fd: int


def _lock(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _stage(path: Path, data: bytes, mode: int) -> _Staged:
    """Write ``data`` to a locked temporary file beside ``path``; the fd stays open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(
        prefix=f".{path.name[:_NAME_PART]}.", suffix=TEMP_SUFFIX, dir=path.parent
    )
    staged = _Staged(path, Path(name), fd)
    try:
        _lock(fd)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:  # pragma: no cover - not POSIX
            os.chmod(staged.temp, mode)
    except BaseException:
        _drop(staged)
        raise
    return staged


def _drop(staged: _Staged) -> None:
    """Remove the temporary file if it is still there (not renamed), then unlock it."""
    with contextlib.suppress(OSError):
        staged.temp.unlink()
    _close(staged)


def _close(staged: _Staged) -> None:
    if staged.fd >= 0:
        with contextlib.suppress(OSError):
            os.close(staged.fd)
        staged.fd = -1


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new bytes, never a mix.

    Raises OSError (for example ENOSPC) with the target untouched and no temp file left;
    :class:`NotARegularFile` when ``path`` is a link, device, FIFO or folder.
    """
    write_all_atomic([(path, data, mode)])


def write_new_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` as :func:`write_atomic` does, but only when nothing is
    there yet: FileExistsError (nothing changed) when ``path`` exists, even when another
    process puts a file there at the same moment (the new file is hard-linked into place,
    which never replaces; where hard links are not possible, it is checked just before
    the rename).
    """
    staged = _stage(path, data, mode)
    try:
        try:
            os.link(staged.temp, path)
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if os.path.lexists(path):  # no hard links here: check, then rename
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from exc
            os.replace(staged.temp, path)
    except OSError as exc:
        exc.filename, exc.filename2 = str(path), None
        raise
    finally:
        _drop(staged)
    _sync_folder(path.parent)


def write_all_atomic(files: Sequence[tuple[Path, bytes, int]]) -> None:
    """Write every ``(path, data, mode)`` or none: all are written to temporary files
    first, then renamed into place; a failure at any point restores what was there.

    Raises OSError (the first failure) with every target as it was.
    """
    for path, _data, _mode in files:
        check_replaceable(path)
    staged: list[_Staged] = []
    pending: _Staged | None = None
    current: Path | None = None
    try:
        for path, data, mode in files:
            current = path
            staged.append(_stage(path, data, mode))
        pending = _note_pending(staged)
        with _replacing([item.target for item in staged], pending) as placed:
            for item in staged:
                current = item.target
                check_replaceable(item.target)  # again, just before the rename
                os.replace(item.temp, item.target)
                placed.append(item.target)
    except OSError as exc:
        # Name the file the user asked for, never a temporary one.
        exc.filename, exc.filename2 = str(current) if current else exc.filename, None
        raise
    finally:
        if pending is not None:
            _drop(pending)  # the write is complete (or undone): nothing is left to finish
        for item in staged:
            _drop(item)
    for folder in {path.parent for path, _data, _mode in files}:
        _sync_folder(folder)


def _note_pending(staged: list[_Staged]) -> _Staged | None:
    """Before the renames of several files in one folder, a locked note of which temporary
    file becomes which file; None for one file (one rename is atomic by itself) or files
    in several folders (the note covers one folder)."""
    folders = {item.target.parent for item in staged}
    if len(staged) < 2 or len(folders) != 1:
        return None
    folder = folders.pop()
    renames = [[os.fsdecode(i.temp.name), os.fsdecode(i.target.name)] for i in staged]
    data = json.dumps({"format": 1, "renames": renames}).encode("ascii")
    name = f".{staged[0].target.name[:_NAME_PART]}.{os.urandom(4).hex()}{PENDING_SUFFIX}"
    note = _stage(folder / name, data, 0o600)
    try:
        os.replace(note.temp, folder / name)  # written, synced and locked before it appears
    except BaseException:
        _drop(note)
        raise
    note.temp = folder / name
    _sync_folder(folder)
    return note


def finish_pending(folder: Path) -> list[Path]:
    """Finish the writes of several files that a killed writer left half renamed: rename
    what its pending note still lists into place. A note whose writer lives (it holds the
    lock) is left alone. Problems are skipped. Returns the files put in place."""
    finished: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return finished
    for name in names:
        if _PENDING_NAME.match(name):
            with contextlib.suppress(OSError, ValueError):
                finished += _finish(folder / name)
    return finished


def _finish(note: Path) -> list[Path]:
    if not stat.S_ISREG(os.lstat(note).st_mode):
        return []
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(note, flags)
    try:
        info = os.fstat(fd)
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return []
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return []  # its writer is alive, renaming
        try:
            plan = json.loads(os.read(fd, MAX_PENDING_BYTES + 1))
        except ValueError:  # not a note this module wrote: nothing to finish
            plan = None
        renames = plan.get("renames") if isinstance(plan, dict) else None
        done: list[Path] = []
        for pair in renames if isinstance(renames, list) else []:
            target = _planned(note.parent, pair)
            if target is None:
                continue
            temp = note.parent / pair[0]
            with contextlib.suppress(OSError):
                if stat.S_ISREG(os.lstat(temp).st_mode) and os.lstat(temp).st_uid == info.st_uid:
                    check_replaceable(target)
                    os.replace(temp, target)
                    done.append(target)
        if done:
            _sync_folder(note.parent)
        note.unlink()
        return done
    finally:
        os.close(fd)


def _planned(folder: Path, pair: object) -> Path | None:
    """The target of one planned rename, if it is one this module would make: a temporary
    file of this module to a plain name, both in ``folder``."""
    if not (isinstance(pair, list) and len(pair) == 2):
        return None
    temp, target = pair
    if not (isinstance(temp, str) and isinstance(target, str)):
        return None
    if any("/" in p or os.sep in p or p in ("", ".", "..") for p in (temp, target)):
        return None
    if not is_temporary(folder / temp) or is_temporary(folder / target):
        return None
    if _PENDING_NAME.match(target):
        return None
    return folder / target


@contextlib.contextmanager
def _replacing(targets: list[Path], pending: _Staged | None = None) -> Iterator[list[Path]]:
    """Keep a locked hard link to every file about to be replaced, and put them back (or
    remove the new files) when the renames fail part-way. Yields the list of targets
    already renamed into place, which the caller fills. A failure withdraws the pending
    note first, so that no sweep finishes a write that is being undone."""
    backups: dict[Path, _Staged | None] = {}
    placed: list[Path] = []
    try:
        for target in targets:
            if target.exists():
                backups[target] = _backup(target)
        yield placed
    except BaseException:
        if pending is not None:
            _drop(pending)
        for target in placed:
            with contextlib.suppress(OSError):
                if target not in backups:
                    target.unlink()  # it was new: take it away again
                elif (backup := backups[target]) is not None:
                    os.replace(backup.temp, target)
                # else: no backup could be made; the new, complete file stays
        raise
    finally:
        for item in backups.values():
            if item is not None:
                _drop(item)


def _backup(path: Path) -> _Staged | None:
    """A locked hard link to the file at ``path``; None where links are not possible."""
    for _attempt in range(8):
        name = f".{path.name[:_NAME_PART]}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
        backup = path.with_name(name)
        try:
            os.link(path, backup)
        except FileExistsError:
            continue
        except OSError:
            return None  # a file system without hard links
        try:
            fd = os.open(backup, os.O_RDONLY)
        except OSError:
            with contextlib.suppress(OSError):
                backup.unlink()
            return None
        _lock(fd)
        return _Staged(path, backup, fd)
    return None


def is_temporary(path: Path) -> bool:
    """True for a name this module gives its temporary files."""
    return bool(_TEMP_NAME.match(path.name))


def sweep_stale(folder: Path, *, min_age: float = STALE_AFTER) -> list[Path]:
    """Remove this module's temporary files in ``folder`` whose writer is gone, after
    finishing the writes their writer had committed (:func:`finish_pending`).

    A file is removed only when its name is one this module makes, it is a regular file
    owned by this user, it has not changed for ``min_age`` seconds, and no process holds
    its lock (a live writer always does). Problems are skipped: sweeping is tidying,
    never a reason to stop. Returns the files removed.
    """
    removed: list[Path] = []
    finish_pending(folder)  # a committed write takes its temporary files into place first
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    now = time.time()
    for name in names:
        path = folder / name
        if not is_temporary(path):
            continue
        with contextlib.suppress(OSError):
            if _stale(path, now, min_age):
                removed.append(path)
    return removed


def _stale(path: Path, now: float, min_age: float) -> bool:
    """Remove ``path`` when it is stale; True when it was removed."""
    if not stat.S_ISREG(os.lstat(path).st_mode):
        return False  # never open a device or a pipe that happens to have such a name
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < min_age:
            return False
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return False
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False  # its writer is alive
        current = os.lstat(path)
        if (current.st_dev, current.st_ino) != (info.st_dev, info.st_ino):
            return False
        path.unlink()
        return True
    finally:
        os.close(fd)


def sweep_folders(folders: Sequence[Path], *, min_age: float = STALE_AFTER) -> list[Path]:
    """:func:`sweep_stale` over several folders (each once)."""
    removed: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        key = folder.resolve() if folder.exists() else folder
        if key in seen:
            continue
        seen.add(key)
        removed += sweep_stale(folder, min_age=min_age)
    return removed
