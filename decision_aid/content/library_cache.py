"""The library's metadata cache: a pack's index entry, kept across restarts.

Reading a pack's metadata means parsing its YAML and validating it (about a millisecond
a pack): 12 s for 10 000 packs. The cache keeps each valid pack's metadata and language
list in ``library-index.json`` in the user's cache folder, keyed on the pack's
files:

- a pack folder: every file's relative path, size and modification time (nanoseconds),
  every folder's path, and the SHA-256 of the pack file (``pack.yaml``) whose contents
  are cached;
- a pack archive: the archive's size, modification time and SHA-256.

An entry is used only when the key read now is the key stored: a changed, added,
removed or renamed file, or a pack file with the same size and time but other bytes,
means the pack is read again. Anything unusual (a link, a special file, a pack beyond
the size limits, several pack files, an unreadable folder) is never looked up: the pack
is read the usual way, which reports it. Invalid packs are not cached; they are read
again at every start. A cache from another version of the app or of the metadata model,
or one that cannot be read, is ignored and replaced. The cache holds what the library
shows (titles, dates, people's names as the packs give them) and nothing of any patient.

For the library's first screen a lighter check is enough (:meth:`LibraryCache.quick_lookup`,
a few ``stat`` calls a pack instead of a walk and a hash): the entry is served when the
pack's folder, its pack file (size, modification and change times, inode) and its
translations folder are as they were stored. That covers every file the listing shows
something from: editing the pack file changes its times (putting the modification time
back changes the change time), and adding, removing or renaming a file changes its
folder's time. What it does not cover (a file deeper in the pack edited in place, a
pack grown past the limits, a link added in a subfolder) the full key finds: the library
checks it right after the first screen, off the GUI thread, and lists anew any pack it
finds changed (see ``decision_aid.ui.library_window``). Opening a pack always reads
and checks all of it.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid import __version__

if TYPE_CHECKING:
    from types import ModuleType

    from decision_aid.content.model import PackMeta

FORMAT = 2
"""Layout of the cache file; a different one is ignored."""
FILE_NAME = "library-index.json"
PACK_FILES = ("pack.yaml", "pack.yml", "pack.json")
TRANSLATIONS = "translations"


def default_cache_path() -> Path:
    """``library-index.json`` in the user's cache folder (``~/.cache/decision-aid`` on
    Linux; see decision_aid.paths)."""
    from decision_aid.paths import cache_dir

    return cache_dir() / FILE_NAME


@dataclass
class Hit:
    """What the cache holds for one pack."""

    meta: PackMeta
    languages: list[str]


def pack_key(path: Path) -> str | None:
    """The key of the pack at ``path`` as it is now (a SHA-256 over what it is made of);
    None when the pack must be read as usual."""
    try:
        info = os.stat(path, follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            return _folder_key(path)
        if stat.S_ISREG(info.st_mode):
            listing = f"archive\0{info.st_size}\0{info.st_mtime_ns}\0"
            return _sha256(path, listing)
    except OSError:
        return None
    return None


def quick_stamp(path: Path) -> list[Any] | None:
    """What the first screen checks of the pack at ``path``: for a folder, the folder's
    modification time and inode, its pack file's name, size, modification and change
    times and inode, and its translations folder's time and inode; for an archive, the
    same as for a pack file. None when the pack must be read as usual."""
    where = str(path)  # once: a Path is made a string again at every use
    try:
        info = os.stat(where, follow_symlinks=False)
        if stat.S_ISREG(info.st_mode):
            return ["archive", *_file_stamp(info)]
        if not stat.S_ISDIR(info.st_mode):
            return None
        stamp: list[Any] = [info.st_mtime_ns, info.st_ino]
        for name in PACK_FILES:
            try:
                found = os.stat(os.path.join(where, name), follow_symlinks=False)
            except FileNotFoundError:
                continue
            if not stat.S_ISREG(found.st_mode):
                return None
            stamp += [name, *_file_stamp(found)]
            break
        else:
            return None
        try:
            translations = os.stat(os.path.join(where, TRANSLATIONS), follow_symlinks=False)
        except FileNotFoundError:
            return [*stamp, None]
        if not stat.S_ISDIR(translations.st_mode):
            return None
        return [*stamp, translations.st_mtime_ns, translations.st_ino]
    except OSError:
        return None


def _file_stamp(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def _sha256(path: Path | str, listing: str) -> str:
    """SHA-256 over ``listing`` and then the bytes of the file ``path``."""
    digest = hashlib.sha256(listing.encode("utf-8", "surrogateescape"))
    with open(path, "rb") as handle:
        digest.update(handle.read())
    return digest.hexdigest()


def _folder_key(folder: Path) -> str | None:
    """Over every file's path, size and time and every folder's path in a pack folder,
    then its pack file's bytes.

    Within the limits of decision_aid.content.source; None beyond them, or for a link, a
    special file, or not exactly one pack file at the top.
    """
    from decision_aid.content.source import MAX_ARCHIVE_BYTES, MAX_ENTRIES, MAX_FOLDER_DEPTH

    lines: list[str] = []
    total = entries = 0
    top = str(folder)
    pack_files: list[str] = []
    todo: list[tuple[str, str, int]] = [(top, "", 0)]
    while todo:
        where, prefix, depth = todo.pop()
        with os.scandir(where) as scan:
            for child in scan:
                entries += 1
                if entries > MAX_ENTRIES or child.is_symlink():
                    return None
                rel = prefix + child.name
                if child.is_dir(follow_symlinks=False):
                    if depth + 1 > MAX_FOLDER_DEPTH:
                        return None
                    lines.append(f"{rel}/")
                    todo.append((child.path, rel + "/", depth + 1))
                    continue
                info = child.stat(follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    return None
                total += info.st_size
                if total > MAX_ARCHIVE_BYTES:
                    return None
                lines.append(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}")
                if not prefix and child.name in PACK_FILES:
                    pack_files.append(child.path)
    if len(pack_files) != 1:
        return None
    lines.sort()
    return _sha256(pack_files[0], "\n".join(lines) + "\n")


class LibraryCache:
    """The cache file, read once and written back when something changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_cache_path()
        self._stamp = _model_stamp()
        self._packs: dict[str, Any] = {}
        """Each pack path: [its key, its languages, its metadata as JSON, its quick stamp]."""
        self._changed = False
        self._seen: set[str] = set()
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return  # none yet, or unreadable: start afresh
        if (
            isinstance(data, dict)
            and data.get("format") == FORMAT
            and data.get("app") == __version__
            and data.get("model") == self._stamp
            and isinstance(data.get("packs"), dict)
        ):
            self._packs = data["packs"]

    def lookup(self, path: Path, key: str | None) -> Hit | None:
        """The cached entry of the pack at ``path`` when ``key`` is the one stored.

        The metadata is validated again as it is read, so a damaged cache file cannot
        make a pack look valid (it is then read as usual).
        """
        name = str(path)
        self._seen.add(name)
        stored = self._packs.get(name)
        if key is None or not isinstance(stored, list) or len(stored) != 4:
            return None
        if stored[0] != key:
            return None
        return _hit(stored)

    def quick_lookup(self, path: Path) -> Hit | None:
        """The cached entry of the pack at ``path`` when its quick stamp (see
        :func:`quick_stamp`) is the one stored; validated as in :meth:`lookup`."""
        name = str(path)
        self._seen.add(name)
        stored = self._packs.get(name)
        if not isinstance(stored, list) or len(stored) != 4 or stored[3] is None:
            return None
        if stored[3] != quick_stamp(path):
            return None
        return _hit(stored)

    def store(self, path: Path, key: str | None, hit: Hit, quick: list[Any] | None = None) -> None:
        """Keep a valid pack's entry under the key (and quick stamp) it was read with."""
        name = str(path)
        self._seen.add(name)
        if key is None:
            self.forget(path)
            return
        self._packs[name] = [key, hit.languages, hit.meta.model_dump_json(), quick]
        self._changed = True

    def restamp(self, path: Path, stamp: list[Any] | None) -> None:
        """Keep ``stamp`` as the quick stamp of a pack whose key still matches."""
        stored = self._packs.get(str(path))
        if isinstance(stored, list) and len(stored) == 4 and stored[3] != stamp:
            stored[3] = stamp
            self._changed = True

    def forget(self, path: Path) -> None:
        if self._packs.pop(str(path), None) is not None:
            self._changed = True

    def save(self, roots: list[Path]) -> None:
        """Write the cache back if it changed: the packs seen now, and those of other
        folders (another ``--packs`` list); packs gone from these folders are dropped.
        A cache that cannot be written is left as it was (the next start reads packs)."""
        from decision_aid.atomic import write_atomic

        prefixes = tuple(str(root) + os.sep for root in roots)
        for name in list(self._packs):
            inside = name.startswith(prefixes) or any(name == str(root) for root in roots)
            if inside and name not in self._seen:
                del self._packs[name]
                self._changed = True
        if not self._changed:
            return
        data = {"format": FORMAT, "app": __version__, "model": self._stamp, "packs": self._packs}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            return
        self._changed = False


def _hit(stored: list[Any]) -> Hit | None:
    """A stored entry's metadata, validated again; None when it does not pass."""
    from pydantic import ValidationError

    from decision_aid.content.model import PackMeta

    _key, languages, meta, _quick = stored
    if not isinstance(meta, str) or not isinstance(languages, list):
        return None
    if not all(isinstance(code, str) for code in languages):
        return None
    try:
        found = PackMeta.model_validate_json(meta)
    except ValidationError:
        return None
    return Hit(found, list(languages))


def _model_stamp() -> str:
    """A fingerprint of the metadata model: a cache made under another model is ignored.

    Over pydantic's version and the source of the modules the model is made of (reading
    three files; generating the model's JSON schema took a fifth of a second at every
    start). Any edit of those files, even one that changes nothing, makes a new stamp:
    the packs are then read once again."""
    import pydantic

    from decision_aid.content import fields, model, model_parts

    digest = hashlib.sha256(pydantic.VERSION.encode("utf-8"))
    for module in (fields, model_parts, model):
        digest.update(b"\0" + _module_bytes(module))
    return digest.hexdigest()[:16]


def _module_bytes(module: ModuleType) -> bytes:
    """A module's source file; in the frozen bundle, which has no source files, its
    compiled code (the bundle's loader holds it)."""
    try:
        return Path(str(module.__file__)).read_bytes()
    except OSError:
        spec = module.__spec__
        loader = spec.loader if spec is not None else None
        get_code = getattr(loader, "get_code", None)
        code = get_code(module.__name__) if get_code is not None else None
        if code is None:
            raise
        return marshal.dumps(code)
