"""Where a pack's files come from: a folder, or one zip archive read in memory."""

from __future__ import annotations

import hashlib
import stat
import zipfile
from abc import ABC, abstractmethod
from pathlib import Path, PurePosixPath

from decision_aid.content.library import ARCHIVE_SUFFIXES
from decision_aid.i18n import _

MAX_ENTRIES = 500
"""Most entries an archive may hold."""
MAX_ARCHIVE_BYTES = 32 * 1024 * 1024
"""Most bytes an archive may hold once uncompressed."""
MAX_ENTRY_BYTES = 4 * 1024 * 1024
"""Most bytes one file of a pack may hold."""


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
        """SHA-256 over every file's path and bytes, in path order."""
        digest = hashlib.sha256()
        for rel in self.files():
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
            found: list[str] = []
            root = self.location
            for path in root.rglob("*"):
                if path.is_symlink():
                    raise SourceError(
                        self.display(path.relative_to(root).as_posix()),
                        _("links are not allowed in a pack; copy the file in instead"),
                    )
                if path.is_file():
                    found.append(path.relative_to(root).as_posix())
            self._files = sorted(found)
        return self._files

    def _inside(self, relpath: str) -> Path:
        rel = PurePosixPath(relpath)
        if rel.is_absolute() or ".." in rel.parts or "\\" in relpath:
            raise SourceError(self.display(relpath), _("the path must stay inside the pack"))
        return self.location / relpath

    def exists(self, relpath: str) -> bool:
        try:
            path = self._inside(relpath)
        except SourceError:
            return False
        return path.is_file() and not path.is_symlink()

    def read(self, relpath: str) -> bytes:
        path = self._inside(relpath)
        try:
            size = path.stat().st_size
            if size > MAX_ENTRY_BYTES:
                raise SourceError(
                    self.display(relpath),
                    _("the file is {size} bytes; a pack file may hold {limit} bytes").format(
                        size=size, limit=MAX_ENTRY_BYTES
                    ),
                )
            return path.read_bytes()
        except OSError as exc:
            raise SourceError(
                self.display(relpath), _("cannot read: {reason}").format(reason=exc.strerror)
            ) from exc

    def display(self, relpath: str) -> str:
        return str(self.location / relpath)


def _unsafe_reason(info: zipfile.ZipInfo) -> str | None:
    """Why an archive entry is refused, as a whole message; None when it is safe."""
    name = info.filename
    if "\\" in name:
        return _("the entry uses a backslash in its name; it is refused")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return _("the entry has an absolute path; it is refused")
    if any(part == ".." for part in PurePosixPath(name).parts):
        return _("the entry points outside the pack with '..'; it is refused")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _("the entry is a symbolic link; it is refused")
    if info.flag_bits & 0x1:
        return _("the entry is encrypted; it is refused")
    return None


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
            if self.location.stat().st_size > MAX_ARCHIVE_BYTES:
                raise SourceError(
                    where,
                    _("the archive is larger than {limit} bytes").format(limit=MAX_ARCHIVE_BYTES),
                )
            with zipfile.ZipFile(self.location) as zf:
                infos = zf.infolist()
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
                for info in infos:
                    reason = _unsafe_reason(info)
                    if reason is not None:
                        raise SourceError(f"{where}!{info.filename}", reason)
                    if info.is_dir():
                        continue
                    if info.file_size > MAX_ENTRY_BYTES:
                        raise SourceError(
                            f"{where}!{info.filename}",
                            _("the entry is {size} bytes; the limit is {limit}").format(
                                size=info.file_size, limit=MAX_ENTRY_BYTES
                            ),
                        )
                    with zf.open(info) as handle:
                        # Read one byte past the limit: the header's size may lie.
                        data = handle.read(MAX_ENTRY_BYTES + 1)
                    if len(data) > MAX_ENTRY_BYTES:
                        raise SourceError(
                            f"{where}!{info.filename}",
                            _("the entry is larger than its header says"),
                        )
                    self._data[info.filename] = data
        except SourceError:
            raise
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
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
    if path.is_dir():
        return FolderSource(path)
    if path.suffix in ARCHIVE_SUFFIXES and path.exists():
        return ArchiveSource(path)
    if not path.exists():
        raise SourceError(str(path), _("no such folder or archive"))
    raise SourceError(str(path), _("expected a pack folder or a .zip archive"))
