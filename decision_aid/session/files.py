"""Read a small file safely: only a regular file, only up to a size, never blocking.

A path that should hold a draft, a key, a session or the settings may instead be a
folder, a FIFO (reading one waits for a writer forever), a device (``/dev/zero`` never
ends) or a file of gigabytes. :func:`read_limited` opens without blocking, checks the
type and size of what it opened (not of what the name pointed to a moment before), and
reads at most ``limit`` bytes, so each of those is a clear error instead of a hang, a
crash or all memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class NotAFileError(OSError):
    """The path is a folder, a FIFO, a socket or a device, not a regular file."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is a {kind}, not a file")
        self.path = path
        self.kind = kind
        """'folder' or 'special file'."""


class FileTooLargeError(OSError):
    """The file is larger than the caller accepts."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path} is {size} bytes, more than {limit}")
        self.path = path
        self.size = size
        self.limit = limit


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, if it holds at most ``limit`` bytes.

    Raises FileNotFoundError and other OSErrors as ``open`` does, NotAFileError for
    anything but a regular file, and FileTooLargeError above ``limit`` (also when the
    file grows while it is read).
    """
    try:
        fd = os.open(path, _FLAGS)
    except IsADirectoryError:
        raise NotAFileError(path, "folder") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise NotAFileError(path, "folder")
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(path, "special file")
        if info.st_size > limit:
            raise FileTooLargeError(path, info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLargeError(path, size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)
