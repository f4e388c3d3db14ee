"""One audit entry: its canonical encoding, its hash, and reading it back from a line.

An entry is one line of JSON::

    {"fields":{...},"hash":"<64 hex>","kind":"pack.loaded","prev":"<64 hex>","seq":7,
     "time":"2026-12-04T09:30:00.123Z","v":1}

``hash`` is the SHA-256 of the canonical encoding of every other member (UTF-8 JSON with
the keys sorted, no spaces, ASCII only), so changing any of them (a field, the time, the
kind, the number or the link) changes the hash. ``prev`` is the hash of the entry before
(64 zeros for the first), so each entry vouches for the whole log before it. Lines are
written in that same canonical form; reading does not depend on it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from decision_aid.i18n import _

FORMAT = 1
"""The entry format (``v``)."""
GENESIS = "0" * 64
"""The ``prev`` of the first entry."""
MAX_LINE = 8192
"""The longest line (bytes, newline included) that can be an entry; entries are far shorter."""
KEYS = frozenset({"v", "seq", "time", "kind", "fields", "prev", "hash"})

Value = str | int | bool | None
"""What a field may hold: no lists, no objects (nothing can hide in them)."""

_HEX = re.compile(r"^[0-9a-f]{64}$")
_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$")
_KIND = re.compile(r"^[a-z]+(\.[a-z_]+)+$")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class Entry:
    """One entry of the log, as written."""

    seq: int
    time: str
    kind: str
    fields: dict[str, Value]
    prev: str
    hash: str

    def body(self) -> dict[str, Any]:
        """Everything the hash covers."""
        return {
            "v": FORMAT,
            "seq": self.seq,
            "time": self.time,
            "kind": self.kind,
            "fields": dict(self.fields),
            "prev": self.prev,
        }

    def line(self) -> bytes:
        """The entry as its line in the log, newline included."""
        return canonical({**self.body(), "hash": self.hash}) + b"\n"


def canonical(data: dict[str, Any]) -> bytes:
    """The one encoding an entry is hashed (and written) in."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(body)).hexdigest()


def make_entry(seq: int, time: str, kind: str, fields: dict[str, Value], prev: str) -> Entry:
    """A new entry after the one whose hash is ``prev``, its own hash computed."""
    partial = Entry(seq, time, kind, dict(fields), prev, "")
    return Entry(seq, time, kind, dict(fields), prev, digest(partial.body()))


def is_hex(value: object) -> bool:
    return isinstance(value, str) and _HEX.match(value) is not None


class NotAnEntryError(ValueError):
    """The line is not an entry; ``str(exc)`` says why, in plain words."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise NotAnEntryError(_("the name '{name}' appears twice").format(name=key[:40]))
        found[key] = value
    return found


def parse_entry(line: bytes) -> Entry:
    """The entry on ``line`` (without its newline), its form checked but not its hash or its
    place in the chain. Raises NotAnEntryError."""
    if len(line) >= MAX_LINE:
        raise NotAnEntryError(
            _("it is {size} bytes long, far longer than an entry").format(size=len(line))
        )
    try:
        data = json.loads(line.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except NotAnEntryError:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotAnEntryError(_("it is not a line of JSON")) from None
    if not isinstance(data, dict):
        raise NotAnEntryError(_("it is not a JSON object"))
    if set(data) != KEYS:
        raise NotAnEntryError(
            _("it has the names {found}, where an entry has {expected}").format(
                found=", ".join(sorted(k[:40] for k in data)), expected=", ".join(sorted(KEYS))
            )
        )
    if data["v"] != FORMAT or isinstance(data["v"], bool):
        raise NotAnEntryError(
            _("it is in format {found}, which this version of decision-aid does not know").format(
                found=repr(data["v"])[:40]
            )
        )
    seq = data["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise NotAnEntryError(_("its number (seq) is not a whole number from 1"))
    if not isinstance(data["time"], str) or not _TIME.match(data["time"]):
        raise NotAnEntryError(_("its time is not a UTC time such as 2026-12-04T09:30:00Z"))
    if not isinstance(data["kind"], str) or not _KIND.match(data["kind"]):
        raise NotAnEntryError(_("its kind is not an event name such as pack.loaded"))
    fields = data["fields"]
    if not isinstance(fields, dict):
        raise NotAnEntryError(_("its fields are not a JSON object"))
    for name, value in fields.items():
        if not _NAME.match(name):
            raise NotAnEntryError(
                _("the field name {name} is not one the app writes").format(name=repr(name[:40]))
            )
        if not (value is None or isinstance(value, str | int | bool)):
            raise NotAnEntryError(
                _("the field '{name}' holds a list or an object").format(name=name)
            )
    for name in ("prev", "hash"):
        if not is_hex(data[name]):
            raise NotAnEntryError(_("its '{name}' is not 64 hexadecimal digits").format(name=name))
    return Entry(seq, data["time"], data["kind"], fields, data["prev"], data["hash"])


def hash_holds(entry: Entry) -> bool:
    """Whether the entry's hash is the hash of its content."""
    return digest(entry.body()) == entry.hash
