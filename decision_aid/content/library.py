"""The library: an index of every pack found, built from metadata only.

Several copies of one pack id may be found (an older copy in the user's folder, the same
pack in two folders). Exactly one of them is used, by :func:`version_key`: **the highest
version wins**; on equal versions, the copy found first in the search order (the folders
in the order given, and within a folder by name) wins. The others stay listed, marked as
duplicates that are not used (``Entry.used_instead``), and never open in its place.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.content.errors import PackError, Problem

if TYPE_CHECKING:
    from decision_aid.content.library_cache import LibraryCache

    # The models and the parser load with the first index, not with this module,
    # so the library window paints before pydantic and ruamel.yaml are imported.
    from decision_aid.content.loader import LoadedPack
    from decision_aid.content.model import PackMeta
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.content.trust.status import PackTrust
    from decision_aid.content.trust.verify import Checked

ARCHIVE_SUFFIXES = (".zip",)
"""File endings of pack archives (read by decision_aid.content.source)."""
PACKS_ENV = "DECISION_AID_PACKS"
"""Extra pack folders, separated by the platform's path separator."""


def shipped_packs_dir() -> Path:
    """The option grids that come with the application (see :mod:`decision_aid.resources`)."""
    from decision_aid.resources import shipped_packs_dir as shipped

    return shipped()


def user_packs_dir() -> Path:
    """Where a user's own packs live: ``packs`` in the user's data folder
    (``~/.local/share/decision-aid`` on Linux; see decision_aid.paths)."""
    from decision_aid.paths import data_dir

    return data_dir() / "packs"


def default_pack_dirs() -> list[Path]:
    """Shipped packs, then the user's, then any named in DECISION_AID_PACKS."""
    extra = [Path(p) for p in os.environ.get(PACKS_ENV, "").split(os.pathsep) if p]
    return [shipped_packs_dir(), user_packs_dir(), *extra]


def is_pack(path: Path) -> bool:
    """A folder with a pack file (or a link in its place, which loading refuses), or a
    zip archive. A path that cannot be looked up is none."""
    try:
        if path.is_dir():
            return any(os.path.lexists(path / f"pack{ext}") for ext in (".yaml", ".yml", ".json"))
        return path.suffix in ARCHIVE_SUFFIXES and path.is_file()
    except OSError:  # a name too long for the system, a loop of links
        return False


def pack_paths(roots: list[Path]) -> list[Path]:
    """Every pack under the given roots. A root may itself be a pack."""
    found: list[Path] = []
    for root in roots:
        if is_pack(root):
            found.append(root)
        elif os.path.isdir(root):  # never raises: a root that cannot be looked up has none
            # scandir knows each child's kind without a stat of its own (10 000 packs).
            with os.scandir(root) as scan:
                children = sorted(scan, key=lambda child: child.name)
            for child in children:
                if child.name.startswith("."):
                    continue
                if child.is_dir() or child.name.endswith(ARCHIVE_SUFFIXES):
                    found.append(root / child.name)
    return found


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """A sort key comparing 'MAJOR.MINOR.PATCH' numerically, part by part.

    Digits are compared as numbers without converting them (so a version with thousands
    of digits cannot fail): fewer significant digits is smaller, then digit by digit.
    """
    parts = []
    for part in version.split("."):
        digits = part.lstrip("0") or "0"
        parts.append((len(digits), digits))
    return tuple(parts)


@dataclass(eq=False)
class Entry:
    """One pack in the library: its metadata when readable, or why not."""

    path: Path
    meta: PackMeta | None = None
    languages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    order: int = 0
    """Place in the search order (folders in the order given, then by name)."""
    used_instead: Entry | None = field(default=None, repr=False)
    """For a duplicate that is not used: the copy of the same id that is."""
    duplicates: list[Entry] = field(default_factory=list, repr=False)
    """For the copy that is used: the other copies of the same id, which are not."""
    checked: bool = True
    """False for an entry served by the cache's quick check only (see
    :func:`build_index`): its full key is still to be checked."""
    trust: PackTrust | None = None
    """What the pack's signature check found (content.trust); None when it was refused."""
    policy: TrustPolicy | None = field(default=None, repr=False)
    """The trust policy the pack was listed under; opening it checks it again with it."""

    @property
    def used(self) -> bool:
        """False for a duplicate shadowed by a higher version of the same id."""
        return self.used_instead is None

    @property
    def valid(self) -> bool:
        return self.meta is not None and not self.problems

    @property
    def id(self) -> str:
        return self.meta.id if self.meta is not None else self.path.name

    def status(self, today: date) -> str:
        """Short English status: invalid, expired, review due, and the review state."""
        if not self.valid or self.meta is None:
            return "invalid"
        parts = []
        if self.used_instead is not None and self.used_instead.meta is not None:
            parts.append(
                f"duplicate, not used: version {self.used_instead.meta.version} "
                f"in {self.used_instead.path} is used"
            )
        elif self.duplicates:
            parts.append(f"used; other copies not used: {len(self.duplicates)}")
        if self.frozen(today) and self.trust is not None and self.trust.expires is not None:
            parts.append(f"signature expired {self.trust.expires.isoformat()}")
        if self.meta.expires < today:
            parts.append(f"expired {self.meta.expires.isoformat()}")
        elif self.meta.review_due < today:
            parts.append(f"review overdue since {self.meta.review_due.isoformat()}")
        parts.append(self.meta.review_label)
        if self.trust is not None and self.trust.status == "unsigned":
            parts.append("unverified content: not signed")
        elif self.trust is not None and self.trust.status == "untrusted":
            parts.append("unverified content: signed by a key not trusted here")
        elif self.trust is not None:
            parts.append(f"signed by {self.trust.publisher}")
        return "; ".join(parts)

    def expired(self, today: date) -> bool:
        return self.meta is not None and self.meta.expires < today

    def frozen(self, today: date) -> bool:
        """Whether the pack's signed manifest has expired (see content.trust)."""
        return self.trust is not None and self.trust.frozen(today)

    def to_json(self, today: date) -> dict[str, Any]:
        meta = self.meta
        return {
            "id": self.id,
            "version": meta.version if meta else None,
            "title": meta.title if meta else None,
            "languages": self.languages,
            "status": self.status(today),
            "valid": self.valid,
            "path": str(self.path),
            "problems": [str(p) for p in self.problems],
            "used": self.used,
            "trust": self.trust.status if self.trust else None,
            "signed_by": self.trust.publisher if self.trust and self.trust.verified else None,
            "used_instead": str(self.used_instead.path) if self.used_instead else None,
            "duplicates": [
                {"path": str(d.path), "version": d.meta.version if d.meta else None}
                for d in self.duplicates
            ],
        }

    def open(self) -> LoadedPack:
        """Check the pack's signature on its bytes as they are now, then load the whole
        pack from those bytes. On failure the entry turns invalid and keeps the reasons."""
        from decision_aid.content.loader import load_pack
        from decision_aid.content.trust.verify import after_parse, check_path

        try:
            checked = check_path(self.path, _policy(self.policy))
            loaded = load_pack(self.path, source=checked.source)
            problems = after_parse(checked.trust, loaded.meta, str(self.path))
            if problems:
                raise PackError(problems)
        except PackError as exc:
            self.problems = exc.problems
            raise
        loaded.trust = self.trust = checked.trust
        self.meta = loaded.meta
        self.languages = loaded.languages
        loaded.audit("library")
        return loaded


def _policy(policy: TrustPolicy | None) -> TrustPolicy:
    """``policy``, or the user's own (their settings' publishers, their history)."""
    if policy is not None:
        return policy
    from decision_aid.content.trust.policy import default_policy

    return default_policy()


def index_entry(path: Path, policy: TrustPolicy | None = None) -> Entry:
    """Check one pack's signature, then read its metadata; problems are kept, never
    raised."""
    from decision_aid.content.errors import unexpected_problem
    from decision_aid.content.trust.verify import check_path

    policy = _policy(policy)
    try:
        checked = check_path(path, policy)
    except PackError as exc:
        return Entry(path, problems=exc.problems, policy=policy)
    except Exception as exc:  # one unreadable pack never hides the others
        return Entry(path, problems=[unexpected_problem(str(path), exc)], policy=policy)
    return _checked_entry(path, checked, policy)


def _checked_entry(path: Path, checked: Checked, policy: TrustPolicy) -> Entry:
    """The metadata of a pack that passed its signature check, from the bytes checked."""
    from decision_aid.content.errors import unexpected_problem
    from decision_aid.content.loader import load_meta
    from decision_aid.content.trust.verify import after_parse

    try:
        _, meta, locales = load_meta(path, source=checked.source)
    except PackError as exc:
        return Entry(path, problems=exc.problems, policy=policy)
    except Exception as exc:  # one unreadable pack never hides the others
        return Entry(path, problems=[unexpected_problem(str(path), exc)], policy=policy)
    problems = after_parse(checked.trust, meta, str(path))
    if problems:
        return Entry(path, problems=problems, policy=policy)
    languages = [meta.source_language, *locales]
    return Entry(path, meta, languages, trust=checked.trust, policy=policy)


def cached_entry(
    path: Path, cache: LibraryCache, *, quick: bool = False, policy: TrustPolicy | None = None
) -> Entry:
    """Like :func:`index_entry`, through the library's metadata cache: the entry stored
    under the pack's key as it is now, else read and stored (see library_cache). With
    ``quick``, an entry whose quick stamp still matches is served unchecked.

    The key and the stamp are taken before the pack is read, so a pack changed while it
    is read is stored under its old key, which the next start does not match: it is then
    read again.

    The cache never stands in for a signature check: a pack with a signature folder is
    checked on its bytes at every listing (see :func:`_signed_entry`), and only unsigned
    packs are served by the keys above (a signature folder added changes both keys).
    """
    from decision_aid.content.library_cache import Hit, pack_key, quick_stamp
    from decision_aid.content.trust.status import UNSIGNED
    from decision_aid.content.trust.verify import signature_present

    policy = _policy(policy)
    if policy.strict or signature_present(path):
        return _signed_entry(path, cache, policy)
    if quick:
        hit = cache.quick_lookup(path)
        if hit is not None:
            languages = hit.languages
            return Entry(path, hit.meta, languages, checked=False, trust=UNSIGNED, policy=policy)
    stamp = quick_stamp(path)
    key = pack_key(path)
    hit = cache.lookup(path, key)
    if hit is not None:
        cache.restamp(path, stamp)  # its times may have changed, its bytes did not
        return Entry(path, hit.meta, hit.languages, trust=UNSIGNED, policy=policy)
    entry = index_entry(path, policy)
    if entry.valid and entry.meta is not None and entry.trust == UNSIGNED:
        cache.store(path, key, Hit(entry.meta, entry.languages), stamp)
    else:
        cache.forget(path)
    return entry


def _signed_entry(path: Path, cache: LibraryCache, policy: TrustPolicy) -> Entry:
    """A pack with a signature: checked on its bytes now, every time. The cache then saves
    only the parsing, under the digest of the manifest that was just verified (which pins
    every file's bytes); an untrusted pack is parsed every time."""
    import hashlib

    from decision_aid.content.library_cache import Hit
    from decision_aid.content.trust.verify import after_parse, check_path

    try:
        checked = check_path(path, policy)
    except PackError as exc:
        cache.forget(path)
        return Entry(path, problems=exc.problems, policy=policy)
    key = None
    if checked.manifest is not None:
        key = "signed:" + hashlib.sha256(checked.manifest.to_bytes()).hexdigest()
        hit = cache.lookup(path, key)
        if hit is not None and not after_parse(checked.trust, hit.meta, str(path)):
            return Entry(path, hit.meta, hit.languages, trust=checked.trust, policy=policy)
    entry = _checked_entry(path, checked, policy)
    if key is not None and entry.valid and entry.meta is not None:
        cache.store(path, key, Hit(entry.meta, entry.languages), None)
    else:
        cache.forget(path)
    return entry


class _Pauses:
    """How many index builds pause the collector, and whether it ran before them."""

    lock = threading.Lock()
    count = 0
    was_enabled = True


@contextmanager
def collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an index is built.

    Building 10 000 entries makes hundreds of thousands of objects that all live on, and
    the collector walks them again and again as they are made (about 40% of a warm
    index). Reference counting still frees everything as usual; the collector runs
    again when the last index being built is done. Safe across threads: the collector is
    enabled again only if it was enabled before the first pause.
    """
    with _Pauses.lock:
        if _Pauses.count == 0:
            _Pauses.was_enabled = gc.isenabled()
            gc.disable()
        _Pauses.count += 1
    try:
        yield
    finally:
        with _Pauses.lock:
            _Pauses.count -= 1
            if _Pauses.count == 0 and _Pauses.was_enabled:
                gc.enable()


def mark_duplicates(entries: list[Entry]) -> None:
    """Choose the copy of each id that is used (see the module notes) and mark the others.

    Only valid entries compete; an invalid one is never used anyway. Call it again after
    an entry turned invalid on opening.
    """
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        entry.used_instead, entry.duplicates = None, []
        if entry.valid and entry.meta is not None:
            groups.setdefault(entry.meta.id, []).append(entry)
    for group in groups.values():
        winner, *others = _ranked(group)
        winner.duplicates = others
        for other in others:
            other.used_instead = winner


def _ranked(group: list[Entry]) -> list[Entry]:
    """Highest version first; equal versions in search order."""
    by_order = sorted(group, key=lambda e: e.order)
    # A stable sort keeps the search order among equal versions, also with reverse=True.
    return sorted(
        by_order, key=lambda e: version_key(e.meta.version if e.meta else "0"), reverse=True
    )


def used_entry(entries: list[Entry], pack_id: str) -> Entry | None:
    """The copy of ``pack_id`` that the library uses (None when there is no valid one)."""
    for entry in entries:
        if entry.meta is not None and entry.meta.id == pack_id and entry.valid and entry.used:
            return entry
    return None


def copies(entries: list[Entry], pack_id: str, version: str | None = None) -> list[Entry]:
    """Every valid copy of ``pack_id`` (of ``version``, when given), the used one first."""
    found = [
        e
        for e in entries
        if e.meta is not None
        and e.meta.id == pack_id
        and e.valid
        and (version is None or e.meta.version == version)
    ]
    return sorted(found, key=lambda e: not e.used)


def build_index(
    roots: list[Path],
    cache: LibraryCache | None = None,
    *,
    quick: bool = False,
    trust: TrustPolicy | None = None,
) -> list[Entry]:
    """The library index: one entry per pack, sorted by title, invalid packs last.

    Copies of one id sit together, the one used first (see :func:`mark_duplicates`).
    With ``cache``, unchanged packs come from the metadata cache, which is then saved.
    With ``quick`` too, a pack whose quick stamp matches is served on that check alone
    and marked unchecked (``Entry.checked``): build the index again without ``quick``
    afterwards, and list that one (see :func:`same_listing`).

    Every pack's signature is checked on its bytes before anything of it is parsed, under
    ``trust`` (by default the user's own policy; see content.trust): the highest signed
    version of each pack id is noted first, so an older copy is refused whatever the
    order in which the packs are found.
    """
    from decision_aid.content.trust.verify import note_versions

    policy = _policy(trust)
    with collection_paused():
        paths = pack_paths(roots)
        note_versions(paths, policy)
        return _build_index(roots, paths, cache, quick, policy)


def _build_index(
    roots: list[Path],
    paths: list[Path],
    cache: LibraryCache | None,
    quick: bool,
    policy: TrustPolicy,
) -> list[Entry]:
    if cache is None:
        entries = [index_entry(p, policy) for p in paths]
    else:
        entries = [cached_entry(p, cache, quick=quick, policy=policy) for p in paths]
        cache.save(roots)
    for order, entry in enumerate(entries):
        entry.order = order
    mark_duplicates(entries)

    def key(entry: Entry) -> tuple[bool, str, str, int]:
        used = entry.used_instead or entry
        title = used.meta.title.lower() if used.meta else entry.id
        place = used.duplicates.index(entry) + 1 if entry.used_instead else 0
        return (not entry.valid, title, entry.id, place)

    entries.sort(key=key)
    return entries


def same_listing(first: list[Entry], second: list[Entry]) -> bool:
    """Whether two indexes list the same packs, in the same order, with the same
    metadata, languages and problems (an unchecked index and its checked build)."""
    if len(first) != len(second):
        return False
    return all(
        a.path == b.path
        and a.meta == b.meta
        and a.languages == b.languages
        and a.problems == b.problems
        and a.used == b.used
        and a.trust == b.trust
        for a, b in zip(first, second, strict=True)
    )
