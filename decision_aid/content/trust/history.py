"""Anti-rollback: the highest version of each pack id seen signed on this computer.

Kept in the user's state folder (decision_aid.paths), as ``pack-versions.json``:
``{"format": 1, "packs": {"<pack id>": "1.2.0"}}``.
Only versions from manifests signed by a trusted publisher (or the example-content key)
are noted, so nobody can raise the bar with a forged pack. A signed pack with a lower
version than the one noted is refused.

Writes are atomic, and a read-change-write holds a lock on ``pack-versions.lock`` so two
running copies of the app never lose each other's versions. A damaged file is moved
aside to ``pack-versions.json.damaged`` when the next version is noted.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FILE_NAME = "pack-versions.json"
MAX_BYTES = 4 * 1024 * 1024
MAX_PACKS = 100_000
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_VERSION = re.compile(r"^[0-9]{1,9}\.[0-9]{1,9}\.[0-9]{1,9}$")


def default_history_path() -> Path:
    from decision_aid.paths import state_dir

    return state_dir() / FILE_NAME


def newer(first: str, second: str) -> bool:
    """Whether version ``first`` is above ``second`` (compared number by number)."""
    from decision_aid.content.library import version_key

    return version_key(first) > version_key(second)


class VersionHistory:
    """The versions noted so far; read once, and again under the lock before a write."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path or default_history_path()
        self.read_only = read_only
        """Consulted, never written (for 'packs verify', which only reports)."""
        self._versions: dict[str, str] | None = None
        self._damaged = False

    def _load(self) -> dict[str, str]:
        from decision_aid.session.files import read_limited

        self._damaged = False
        try:
            raw = read_limited(self.path, MAX_BYTES)
        except FileNotFoundError:
            return {}
        except OSError:
            self._damaged = True
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self._damaged = True
            return {}
        packs = data.get("packs") if isinstance(data, dict) else None
        if not isinstance(packs, dict) or data.get("format") != 1 or len(packs) > MAX_PACKS:
            self._damaged = True
            return {}
        return {
            key: value
            for key, value in packs.items()
            if isinstance(key, str)
            and _ID.match(key)
            and isinstance(value, str)
            and _VERSION.match(value)
        }

    def highest(self, pack_id: str) -> str | None:
        """The highest version of ``pack_id`` noted, or None."""
        if self._versions is None:
            self._versions = self._load()
        return self._versions.get(pack_id)

    def note(self, seen: dict[str, str]) -> None:
        """Note each pack id's version when it is above the one noted. A history that
        cannot be written stays as it was (the versions are still held in memory)."""
        from decision_aid.atomic import write_atomic

        if self.read_only:
            return
        if self._versions is None:
            self._versions = self._load()
        if all(not self._raises(pack, version) for pack, version in seen.items()):
            return
        try:
            with self._locked():
                self._versions = self._load()
                merged = dict(self._versions)
                for pack, version in seen.items():
                    if self._raises(pack, version, merged):
                        merged[pack] = version
                if self._damaged and self.path.exists():
                    with contextlib.suppress(OSError):
                        os.replace(self.path, self.path.with_name(self.path.name + ".damaged"))
                data: dict[str, Any] = {"format": 1, "packs": dict(sorted(merged.items()))}
                write_atomic(self.path, (json.dumps(data, indent=1) + "\n").encode("utf-8"))
                self._versions = merged
        except OSError:
            held = self._versions if self._versions is not None else {}
            for pack, version in seen.items():
                if self._raises(pack, version, held):
                    held[pack] = version
            self._versions = held

    def _raises(self, pack: str, version: str, versions: dict[str, str] | None = None) -> bool:
        held = (self._versions if versions is None else versions) or {}
        current = held.get(pack)
        return current is None or newer(version, current)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name("pack-versions.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
            except ImportError:  # pragma: no cover - not POSIX: no lock
                pass
            yield
        finally:
            os.close(fd)
