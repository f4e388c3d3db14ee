"""A small index of the drafts, so that listing them decrypts none.

Listing unfinished consultations (the library's recovery banner) needs only which
consultation, which pack, in which language, at which step and when. Decrypting and
validating every draft for that costs time and memory for each one, so the store keeps
``<drafts>/drafts.index`` (user-only, like the drafts) with exactly those facts and no
patient content: no names, answers, concerns or notes. Each entry also records the key
id the draft was saved with (a hash that reveals nothing of the key) and the draft file's
size, modification and change times and inode.

The index is a cache, never the truth:

- an entry is used only while its draft file has exactly the size, times and inode it
  recorded. A draft that changed in any way (saved by another copy of the app, copied
  over, cut short, renamed) is decrypted and checked as before, and its entry renewed;
- a missing or damaged index is rebuilt from the drafts;
- it is rewritten atomically after each save and discard. A crash between a draft's
  write and the index's leaves an entry that no longer matches, so that draft is
  decrypted at the next listing; two copies of the app saving at the same moment can
  lose an entry the same way, with the same outcome;
- opening a draft to recover it always decrypts and checks it in full.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from decision_aid.atomic import write_atomic
from decision_aid.session.files import read_limited

INDEX_NAME = "drafts.index"
FORMAT = 1
MAX_INDEX_BYTES = 4 << 20
"""Larger than any real index (about 400 bytes a draft); anything larger is rebuilt."""

Stamp = tuple[int, int, int, int]
"""A file's size, modification time, change time (nanoseconds) and inode."""


def stamp(path: Path) -> Stamp | None:
    """What must not have changed for an entry to be trusted; None if ``path`` is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@dataclass(frozen=True)
class Entry:
    """What the index knows about one draft (no patient content)."""

    stamp: Stamp
    key_id: str
    """Hex id of the key the draft was saved with."""
    id: str
    pack_id: str
    pack_version: str
    language: str
    step: str
    started: datetime
    updated: datetime

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["stamp"] = list(self.stamp)
        data["started"] = self.started.isoformat()
        data["updated"] = self.updated.isoformat()
        return data

    @classmethod
    def from_json(cls, data: object) -> Entry | None:
        """An entry read back; None when it is not one (it is then dropped)."""
        if not isinstance(data, dict):
            return None
        try:
            raw_stamp = data["stamp"]
            if not (
                isinstance(raw_stamp, list)
                and len(raw_stamp) == 4
                and all(type(v) is int for v in raw_stamp)
            ):
                return None
            key_id, draft_id, pack_id, version, language, step = (
                data[k] for k in ("key_id", "id", "pack_id", "pack_version", "language", "step")
            )
            if not all(
                isinstance(t, str) for t in (key_id, draft_id, pack_id, version, language, step)
            ):
                return None
            started = datetime.fromisoformat(data["started"])
            updated = datetime.fromisoformat(data["updated"])
        except (KeyError, TypeError, ValueError):
            return None
        if started.tzinfo is None or updated.tzinfo is None:
            return None
        return cls(
            (raw_stamp[0], raw_stamp[1], raw_stamp[2], raw_stamp[3]),
            key_id,
            draft_id,
            pack_id,
            version,
            language,
            step,
            started,
            updated,
        )


class DraftIndex:
    """The index file of one drafts folder, read once and written when it changed."""

    def __init__(self, drafts_dir: Path) -> None:
        self.path = drafts_dir / INDEX_NAME
        self._entries: dict[str, Entry] | None = None
        self.changed = False

    def entries(self) -> dict[str, Entry]:
        """Entries by draft file name; empty when the index is missing or damaged."""
        if self._entries is None:
            self._entries = self._read()
        return self._entries

    def _read(self) -> dict[str, Entry]:
        try:
            data = json.loads(read_limited(self.path, MAX_INDEX_BYTES))
        except (OSError, ValueError):  # missing, unreadable, too large, not JSON: rebuilt
            self.changed = True
            return {}
        drafts = data.get("drafts") if isinstance(data, dict) else None
        if not isinstance(drafts, dict) or data.get("format") != FORMAT:
            self.changed = True
            return {}
        entries: dict[str, Entry] = {}
        for name, raw in drafts.items():
            entry = Entry.from_json(raw)
            if entry is None:
                self.changed = True
            else:
                entries[name] = entry
        return entries

    def trusted(self, path: Path) -> Entry | None:
        """The entry of the draft at ``path``, only if the file is exactly as it recorded."""
        entry = self.entries().get(path.name)
        if entry is None:
            return None
        if stamp(path) != entry.stamp:
            self.forget(path)
            return None
        return entry

    def put(self, path: Path, entry: Entry) -> None:
        if self.entries().get(path.name) != entry:
            self.entries()[path.name] = entry
            self.changed = True

    def forget(self, path: Path) -> None:
        if self.entries().pop(path.name, None) is not None:
            self.changed = True

    def keep_only(self, names: set[str]) -> None:
        """Drop the entries of drafts that are gone."""
        for name in set(self.entries()) - names:
            del self.entries()[name]
            self.changed = True

    def save(self) -> None:
        """Write the index if it changed. A failure is no error: the drafts are the truth,
        and a draft without a matching entry is simply decrypted at the next listing."""
        if not self.changed or not self.path.parent.is_dir():
            return
        data = {
            "format": FORMAT,
            "drafts": {name: entry.to_json() for name, entry in sorted(self.entries().items())},
        }
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode(), mode=0o600)
            self.changed = False
