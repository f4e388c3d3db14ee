"""The library: an index of every pack found, built from metadata only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.content.errors import PackError, Problem

if TYPE_CHECKING:
    # The models and the parser load with the first index, not with this module,
    # so the library window paints before pydantic and ruamel.yaml are imported.
    from decision_aid.content.loader import LoadedPack
    from decision_aid.content.model import PackMeta

ARCHIVE_SUFFIXES = (".zip",)
"""File endings of pack archives (read by decision_aid.content.source)."""
PACKS_ENV = "DECISION_AID_PACKS"
"""Extra pack folders, separated by the platform's path separator."""


def shipped_packs_dir() -> Path:
    """The option grids that come with the application."""
    return Path(__file__).resolve().parent.parent.parent / "option_grids"


def user_packs_dir() -> Path:
    """Where a user's own packs live (XDG data folder)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "decision-aid" / "packs"


def default_pack_dirs() -> list[Path]:
    """Shipped packs, then the user's, then any named in DECISION_AID_PACKS."""
    extra = [Path(p) for p in os.environ.get(PACKS_ENV, "").split(os.pathsep) if p]
    return [shipped_packs_dir(), user_packs_dir(), *extra]


def is_pack(path: Path) -> bool:
    """A folder with a pack file, or a zip archive."""
    if path.is_dir():
        return any((path / f"pack{ext}").exists() for ext in (".yaml", ".yml", ".json"))
    return path.suffix in ARCHIVE_SUFFIXES and path.is_file()


def pack_paths(roots: list[Path]) -> list[Path]:
    """Every pack under the given roots. A root may itself be a pack."""
    found: list[Path] = []
    for root in roots:
        if is_pack(root):
            found.append(root)
        elif root.is_dir():
            for child in sorted(root.iterdir()):
                if child.name.startswith("."):
                    continue
                if child.is_dir() or child.suffix in ARCHIVE_SUFFIXES:
                    found.append(child)
    return found


@dataclass
class Entry:
    """One pack in the library: its metadata when readable, or why not."""

    path: Path
    meta: PackMeta | None = None
    languages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

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
        if self.meta.expires < today:
            parts.append(f"expired {self.meta.expires.isoformat()}")
        elif self.meta.review_due < today:
            parts.append(f"review overdue since {self.meta.review_due.isoformat()}")
        parts.append(self.meta.review_label)
        return "; ".join(parts)

    def expired(self, today: date) -> bool:
        return self.meta is not None and self.meta.expires < today

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
        }

    def open(self) -> LoadedPack:
        """Load the whole pack. On failure the entry turns invalid and keeps the reasons."""
        from decision_aid.content.loader import load_pack

        try:
            loaded = load_pack(self.path)
        except PackError as exc:
            self.problems = exc.problems
            raise
        self.meta = loaded.meta
        self.languages = loaded.languages
        return loaded


def index_entry(path: Path) -> Entry:
    """Read one pack's metadata; problems are kept, never raised."""
    from decision_aid.content.errors import unexpected_problem
    from decision_aid.content.loader import load_meta

    try:
        _, meta, locales = load_meta(path)
    except PackError as exc:
        return Entry(path, problems=exc.problems)
    except Exception as exc:  # one unreadable pack never hides the others
        return Entry(path, problems=[unexpected_problem(str(path), exc)])
    return Entry(path, meta, [meta.source_language, *locales])


def build_index(roots: list[Path]) -> list[Entry]:
    """The library index: one entry per pack, sorted by title, invalid packs last."""
    entries = [index_entry(p) for p in pack_paths(roots)]
    entries.sort(key=lambda e: (not e.valid, (e.meta.title.lower() if e.meta else e.id)))
    return entries
