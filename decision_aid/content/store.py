"""The pack store: every pack a consultation was started with, kept by its content hash.

A record must show the pack exactly as the patient was shown it, but packs change: a new
version is installed, a copy is edited, an old one is removed. So when a consultation
starts, its pack is copied here, once per content hash, as one zip archive::

    <data folder>/pack-store/<sha256 hex digits>/<pack id>.zip

(``<data folder>`` is the user's data folder, ``~/.local/share/decision-aid`` on Linux:
see decision_aid.paths.) The archive holds
the pack's files as they were, so loading it gives the same content hash. Copies are
written atomically and read back within the archive limits of ``content.source``; a copy
is verified when it is read: its content hash must equal the one it is filed under, or it
is refused as damaged.

:func:`shown_pack` finds the pack a session was shown: a copy in the library with the same
id, version and content hash, or else the stored copy.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.atomic import write_atomic
from decision_aid.content.errors import PackError
from decision_aid.content.source import MAX_ARCHIVE_BYTES, MAX_ENTRIES, SourceError
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.content.library import Entry
    from decision_aid.content.loader import LoadedPack

STORE_DIR = "pack-store"
HASH = re.compile(r"^sha256:([0-9a-f]{64})$")
"""The form of a content hash; nothing else is ever used as a file name."""
_HEX = re.compile(r"^[0-9a-f]{64}$")
PACK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's date: the same pack always gives the same archive bytes."""


class StoreError(Exception):
    """A pack could not be kept, or a stored copy could not be used; the message says why."""


def default_store_dir() -> Path:
    """``pack-store`` in the user's data folder (``~/.local/share/decision-aid`` on Linux;
    see decision_aid.paths)."""
    from decision_aid.paths import data_dir

    return data_dir() / STORE_DIR


class PackStore:
    """Packs kept by content hash in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, pack_id: str, content_hash: str) -> Path:
        """Where the copy of ``pack_id`` with ``content_hash`` is kept."""
        found = HASH.match(content_hash)
        if found is None or not PACK_ID.match(pack_id):
            raise StoreError(
                _(
                    "'{id}' with '{hash}' is not a pack id and content hash the store can use."
                ).format(id=pack_id[:80], hash=content_hash[:80])
            )
        return self.folder / found.group(1) / f"{pack_id}.zip"

    def keep(self, loaded: LoadedPack) -> Path:
        """Copy ``loaded`` into the store (nothing is written when the same copy is there).

        Raises StoreError when the pack cannot be read again or the copy cannot be written.
        """
        path = self.path_for(loaded.meta.id, loaded.content_hash)
        data = archive_bytes(loaded)
        try:
            if _regular(path) and path.stat().st_size == len(data) and path.read_bytes() == data:
                return path
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data, mode=0o644)
        except OSError as exc:
            raise StoreError(
                _("The pack {id} could not be kept in {path}: {reason}").format(
                    id=loaded.meta.id, path=path, reason=exc.strerror or exc
                )
            ) from exc
        return path

    def folders(self) -> list[Path]:
        """The store's folder and every folder of one content hash in it."""
        found = [self.folder]
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return found
        return found + [self.folder / n for n in names if _HEX.match(n)]

    def get(self, pack_id: str, content_hash: str) -> LoadedPack | None:
        """The stored copy, verified against its hash; None when there is none.

        Raises StoreError when a copy is there but damaged or changed.
        """
        from decision_aid.content.loader import load_pack

        path = self.path_for(pack_id, content_hash)
        try:
            if not os.path.lexists(path):
                return None
            if not _regular(path):
                raise StoreError(
                    _("{path} is not a regular file; remove it from the pack store.").format(
                        path=path
                    )
                )
            size = path.stat().st_size
        except OSError as exc:
            raise StoreError(
                _("{path} cannot be read: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from exc
        if size > MAX_ARCHIVE_BYTES:
            raise StoreError(
                _("{path} is larger than a pack may be; it is not used.").format(path=path)
            )
        try:
            loaded = load_pack(path)
        except (PackError, zlib.error) as exc:
            first = exc.problems[0] if isinstance(exc, PackError) and exc.problems else exc
            raise StoreError(
                _("The stored copy {path} is damaged and is not used: {problem}").format(
                    path=path, problem=first
                )
            ) from exc
        if loaded.content_hash != content_hash or loaded.meta.id != pack_id:
            raise StoreError(
                _(
                    "The stored copy {path} has been changed (its content hash is {found}); "
                    "it is not used."
                ).format(path=path, found=loaded.content_hash)
            )
        loaded.audit("store")
        return loaded


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def archive_bytes(loaded: LoadedPack) -> bytes:
    """The pack's files as one zip archive, always the same bytes for the same files."""
    source = loaded.source
    try:
        files = source.files()
        if len(files) > MAX_ENTRIES:
            raise StoreError(
                _(
                    "The pack {id} has {count} files; the store keeps packs of at most {limit}."
                ).format(id=loaded.meta.id, count=len(files), limit=MAX_ENTRIES)
            )
        buffer = io.BytesIO()
        total = 0
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for rel in files:
                data = source.read(rel)
                total += len(data)
                if total > MAX_ARCHIVE_BYTES:
                    raise StoreError(
                        _(
                            "The pack {id} holds more than {limit} bytes; the store keeps "
                            "smaller packs only."
                        ).format(id=loaded.meta.id, limit=MAX_ARCHIVE_BYTES)
                    )
                info = zipfile.ZipInfo(rel, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                archive.writestr(info, data)
    except SourceError as exc:
        raise StoreError(
            _("The pack {id} could not be read again to keep it: {problem}").format(
                id=loaded.meta.id, problem=exc
            )
        ) from exc
    return buffer.getvalue()


def shown_pack(
    entries: Iterable[Entry],
    store: PackStore | None,
    pack_id: str,
    version: str,
    content_hash: str,
) -> LoadedPack | None:
    """The pack exactly as a session was shown it: a library copy with the same id, version
    and content hash (the copy in use first), else the stored copy; None when neither has it.

    Raises StoreError when only a damaged stored copy is there.
    """
    from decision_aid.content.library import copies

    for entry in copies(list(entries), pack_id, version):
        try:
            loaded = entry.open()
        except PackError:
            continue  # an invalid copy cannot be the one that was shown
        if loaded.content_hash == content_hash:
            return loaded
    if store is None:
        return None
    return store.get(pack_id, content_hash)
