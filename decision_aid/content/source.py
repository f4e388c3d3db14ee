"""Where a pack's files come from: a folder, or one zip archive read in memory."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import zipfile
import zlib
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath

from decision_aid.content.library import ARCHIVE_SUFFIXES
from decision_aid.i18n import _

MAX_ENTRIES = 500
"""Most files and folders a pack (folder or archive) may hold."""
MAX_ARCHIVE_BYTES = 32 * 1024 * 1024
"""Most bytes a pack may hold: a folder's files, or an archive once uncompressed."""
MAX_ENTRY_BYTES = 4 * 1024 * 1024
"""Most bytes one file of a pack may hold."""
MAX_FOLDER_DEPTH = 8
"""Most folders nested inside a pack folder."""
MAX_RATIO = 100
"""Most bytes an archive may unpack to per compressed byte, per entry and overall."""
RATIO_GRACE = 100 * 1024
"""Below this many unpacked bytes, an entry (or a whole archive) may compress better."""
SIGNATURE_DIR = "signature"
"""The folder of a signed pack's manifest and signatures (see content.trust)."""
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
"""Compression methods a pack archive may use: none, or the usual deflate."""


class SourceError(Exception):
    """The pack's files cannot be read. ``where`` names the file or entry."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


class PackSource(ABC):
    """Read-only access to the files of one pack, by relative POSIX path."""

    location: Path
    name: str

    @abstractmethod
    def files(self) -> list[str]:
        """Every file of the pack, as sorted relative paths."""

    @abstractmethod
    def read(self, relpath: str) -> bytes:
        """The bytes of one file."""

    @abstractmethod
    def display(self, relpath: str) -> str:
        """How an author refers to one file, for messages."""

    def exists(self, relpath: str) -> bool:
        return relpath in self.files()

    def content_hash(self) -> str:
        """SHA-256 over every file's path and bytes, in path order; the signature folder
        is left out, so signing (or signing again) never changes what a pack is."""
        digest = hashlib.sha256()
        for rel in self.files():
            if rel.startswith(SIGNATURE_DIR + "/"):
                continue
            data = self.read(rel)
            digest.update(rel.encode("utf-8") + b"\0" + str(len(data)).encode() + b"\0")
            digest.update(data)
        return "sha256:" + digest.hexdigest()


class FolderSource(PackSource):
    """A pack stored as a folder."""

    def __init__(self, folder: Path) -> None:
        self.location = folder
        self.name = folder.name
        self._files: list[str] | None = None

    def files(self) -> list[str]:
        if self._files is None:
            self._files = self._walk()
        return self._files

    def _walk(self) -> list[str]:
        """Every regular file, walked without recursion and within the pack's limits."""
        found: list[str] = []
        entries = 0
        total = 0
        todo: list[tuple[Path, str, int]] = [(self.location, "", 0)]
        while todo:
            folder, prefix, depth = todo.pop()
            try:
                with os.scandir(folder) as scan:
                    children = list(scan)
            except OSError as exc:
                raise SourceError(
                    str(folder), _("cannot read: {reason}").format(reason=exc.strerror or exc)
                ) from exc
            for child in children:
                rel = prefix + child.name
                entries += 1
                if entries > MAX_ENTRIES:
                    raise SourceError(
                        str(self.location),
                        _(
                            "the folder holds more than {limit} files and folders; "
                            "move out what does not belong in it"
                        ).format(limit=MAX_ENTRIES),
                    )
                try:
                    if child.is_symlink():
                        raise SourceError(
                            self.display(rel),
                            _("links are not allowed in the folder; copy the file in instead"),
                        )
                    if child.is_dir(follow_symlinks=False):
                        if depth + 1 > MAX_FOLDER_DEPTH:
                            raise SourceError(
                                self.display(rel),
                                _(
                                    "folders are nested more than {limit} levels deep; keep "
                                    "the files in fewer folders"
                                ).format(limit=MAX_FOLDER_DEPTH),
                            )
                        todo.append((Path(child.path), rel + "/", depth + 1))
                    elif child.is_file(follow_symlinks=False):
                        total += child.stat(follow_symlinks=False).st_size
                        found.append(rel)
                except OSError as exc:
                    raise SourceError(
                        self.display(rel),
                        _("cannot read: {reason}").format(reason=exc.strerror or exc),
                    ) from exc
                if total > MAX_ARCHIVE_BYTES:
                    raise SourceError(
                        str(self.location),
                        _(
                            "the folder's files hold more than {limit} bytes; "
                            "move out what does not belong in it"
                        ).format(limit=MAX_ARCHIVE_BYTES),
                    )
        return sorted(found)

    def _inside(self, relpath: str) -> Path:
        rel = PurePosixPath(relpath)
        if rel.is_absolute() or ".." in rel.parts or "\\" in relpath:
            raise SourceError(self.display(relpath), _("the path must stay inside the folder"))
        return self.location / relpath

    def exists(self, relpath: str) -> bool:
        """Whether the pack holds a file (or a link, which reading then refuses) there.

        Only the name itself is looked at, never what a link points to: a link's target
        may be any name at all (one too long for the system, one that loops)."""
        try:
            path = self._inside(relpath)
        except SourceError:
            return False
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return False
        return stat.S_ISREG(mode) or stat.S_ISLNK(mode)

    def read(self, relpath: str) -> bytes:
        path = self._inside(relpath)
        where = self.display(relpath)
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise SourceError(
                    where, _("links are not allowed in the folder; copy the file in instead")
                ) from exc
            raise SourceError(
                where, _("cannot read: {reason}").format(reason=exc.strerror or exc)
            ) from exc
        try:
            with open(fd, "rb", closefd=True) as handle:
                info = os.fstat(handle.fileno())
                if not stat.S_ISREG(info.st_mode):
                    raise SourceError(where, _("not a regular file; only ordinary files are read"))
                if info.st_size > MAX_ENTRY_BYTES:
                    raise SourceError(
                        where,
                        _("the file is {size} bytes; the limit is {limit} bytes").format(
                            size=info.st_size, limit=MAX_ENTRY_BYTES
                        ),
                    )
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError as exc:
            raise SourceError(
                where, _("cannot read: {reason}").format(reason=exc.strerror or exc)
            ) from exc
        if len(data) > MAX_ENTRY_BYTES:
            raise SourceError(
                where,
                _("the file is {size} bytes; the limit is {limit} bytes").format(
                    size=len(data), limit=MAX_ENTRY_BYTES
                ),
            )
        return data

    def display(self, relpath: str) -> str:
        return str(self.location / relpath)


def _unsafe_reason(info: zipfile.ZipInfo) -> str | None:
    """Why an archive entry is refused, as a whole message; None when it is safe."""
    name = info.filename
    if not name:
        return _("the entry has no name; it is refused")
    if "\\" in name:
        return _("the entry uses a backslash in its name; it is refused")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return _("the entry has an absolute path; it is refused")
    if any(part == ".." for part in PurePosixPath(name).parts):
        return _("the entry points outside the archive with '..'; it is refused")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _("the entry is a symbolic link; it is refused")
    if info.flag_bits & 0x1:
        return _("the entry is encrypted; it is refused")
    return None


_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, zlib.error)
"""What the zip reader raises on a damaged archive or entry."""


def _check_listing(where: str, infos: list[zipfile.ZipInfo], archive_size: int) -> None:
    """Refuse an archive by its directory alone, before any entry is unpacked."""
    if len(infos) > MAX_ENTRIES:
        raise SourceError(
            where,
            _("the archive has {count} entries; the limit is {limit}").format(
                count=len(infos), limit=MAX_ENTRIES
            ),
        )
    declared = sum(i.file_size for i in infos)
    if declared > MAX_ARCHIVE_BYTES:
        raise SourceError(
            where,
            _("the archive unpacks to {size} bytes; the limit is {limit}").format(
                size=declared, limit=MAX_ARCHIVE_BYTES
            ),
        )
    seen: set[str] = set()
    for info in infos:
        entry = f"{where}!{info.filename}"
        reason = _unsafe_reason(info)
        if reason is not None:
            raise SourceError(entry, reason)
        if info.filename in seen:
            raise SourceError(
                entry,
                _(
                    "the archive holds more than one entry with this name, so which one counts "
                    "is unclear; make the archive again with each file once"
                ),
            )
        seen.add(info.filename)
        if info.is_dir():
            continue
        if info.compress_type not in _METHODS:
            raise SourceError(
                entry,
                _(
                    "the entry uses compression method {method}; make the archive with the "
                    "usual zip compression (deflate) or none"
                ).format(method=info.compress_type),
            )
        if info.file_size > MAX_ENTRY_BYTES:
            raise SourceError(
                entry,
                _("the entry is {size} bytes; the limit is {limit}").format(
                    size=info.file_size, limit=MAX_ENTRY_BYTES
                ),
            )
        if info.file_size > RATIO_GRACE and info.file_size > MAX_RATIO * info.compress_size:
            raise SourceError(
                entry,
                _(
                    "the entry unpacks to {ratio} times its compressed size; the limit is "
                    "{limit} times. Make the archive again with ordinary compression"
                ).format(ratio=info.file_size // max(info.compress_size, 1), limit=MAX_RATIO),
            )
    if declared > RATIO_GRACE and declared > MAX_RATIO * archive_size:
        raise SourceError(
            where,
            _(
                "the archive unpacks to {ratio} times its own size; the limit is {limit} times. "
                "Make the archive again with ordinary compression"
            ).format(ratio=declared // max(archive_size, 1), limit=MAX_RATIO),
        )


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """The bytes of one entry, which must match what the archive's directory says."""
    entry = f"{where}!{info.filename}"
    try:
        with zf.open(info) as handle:
            # Read one byte past the limit: the header's size may lie.
            data = handle.read(MAX_ENTRY_BYTES + 1)
    except _DAMAGED as exc:
        raise SourceError(
            entry,
            _(
                "the entry cannot be unpacked ({reason}); the archive is damaged, make it again"
            ).format(reason=exc),
        ) from exc
    if len(data) > MAX_ENTRY_BYTES:
        raise SourceError(entry, _("the entry is larger than its header says"))
    if len(data) != info.file_size:
        raise SourceError(
            entry,
            _(
                "the entry holds {found} bytes but the archive says {declared}; the archive is "
                "damaged, make it again"
            ).format(found=len(data), declared=info.file_size),
        )
    return data


class ArchiveSource(PackSource):
    """A pack stored as one zip archive. Nothing is extracted to disk."""

    def __init__(self, archive: Path) -> None:
        self.location = archive
        self.name = archive.name.removesuffix(".zip")
        self._data: dict[str, bytes] = {}
        self._read_all()

    def _read_all(self) -> None:
        where = str(self.location)
        try:
            size = self.location.stat().st_size
            if size > MAX_ARCHIVE_BYTES:
                raise SourceError(
                    where,
                    _("the archive is larger than {limit} bytes").format(limit=MAX_ARCHIVE_BYTES),
                )
            with zipfile.ZipFile(self.location) as zf:
                infos = zf.infolist()
                _check_listing(where, infos, size)
                for info in infos:
                    if not info.is_dir():
                        self._data[info.filename] = _read_entry(zf, info, where)
        except SourceError:
            raise
        except _DAMAGED as exc:
            raise SourceError(
                where, _("not a readable zip archive ({reason})").format(reason=exc)
            ) from exc
        except NotImplementedError as exc:
            raise SourceError(
                where, _("uses a zip feature that is not supported ({reason})").format(reason=exc)
            ) from exc
        except OSError as exc:
            raise SourceError(
                where, _("cannot read: {reason}").format(reason=exc.strerror or exc)
            ) from exc
        self._strip_single_top_folder()

    def _strip_single_top_folder(self) -> None:
        names = list(self._data)
        if not names or any(n in {"pack.yaml", "pack.yml", "pack.json"} for n in names):
            return
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) == 1 and all("/" in n for n in names):
            prefix = tops.pop() + "/"
            self._data = {n[len(prefix) :]: d for n, d in self._data.items()}
            self._prefix = prefix

    _prefix = ""

    @property
    def prefix(self) -> str:
        """The one top folder the archive's entries sit in ('' when none), with its '/'."""
        return self._prefix

    def files(self) -> list[str]:
        return sorted(self._data)

    def exists(self, relpath: str) -> bool:
        return relpath in self._data

    def read(self, relpath: str) -> bytes:
        try:
            return self._data[relpath]
        except KeyError:
            raise SourceError(self.display(relpath), _("no such file in the archive")) from None

    def display(self, relpath: str) -> str:
        return f"{self.location}!{self._prefix}{relpath}"


def open_source(path: Path) -> PackSource:
    """A source for a pack folder or archive."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SourceError(str(path), _("no such folder or archive")) from None
    except OSError as exc:  # a name too long, a loop of links, no permission ...
        raise SourceError(
            str(path), _("cannot read: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        return FolderSource(path)
    if path.suffix in ARCHIVE_SUFFIXES:
        return ArchiveSource(path)
    raise SourceError(str(path), _("expected a pack folder or a .zip archive"))
