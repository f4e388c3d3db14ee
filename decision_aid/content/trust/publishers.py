"""Who a clinic trusts to publish packs: publishers with pinned keys and a threshold.

In the settings (``pack_publishers``)::

    "pack_publishers": [
      {"name": "Riverside editorial team",
       "keys": ["ed25519:...", "ed25519:..."],
       "threshold": 1}
    ]

A publisher pins at least two keys, and at least one more than its threshold, so that
a lost or retired key can be replaced by another pinned one without the clinic's
settings changing first. A pack is the publisher's when at least ``threshold`` of its
pinned keys signed the pack's manifest.

The project's **example-content key** ships with the app (:data:`EXAMPLE_PUBLIC_KEY`)
and is always trusted, but only for example content: a pack signed with it shows as
example content and cannot claim a clinical review. It cannot be pinned for a publisher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_aid.content.trust.keys import key_id, parse_public, public_text
from decision_aid.i18n import N_, _

EXAMPLE_PUBLIC_KEY = "ed25519:BRfomIInNAnIECRGYdewD0w4koWaiWdja9lGx5t/cgE="
"""The public half of the project's example-content key (the private half is kept by the
project, outside the repository; ``scripts/sign_examples.py`` signs with it)."""
EXAMPLE_NAME = N_("decision-aid example content")
"""The example key's publisher, as shown (translated when shown)."""
MAX_PUBLISHERS = 20
MAX_KEYS = 10
MAX_NAME = 200
_FIELDS = {"name", "keys", "threshold"}


@dataclass(frozen=True)
class Publisher:
    """A publisher a clinic trusts: its name, its pinned public keys and its threshold."""

    name: str
    keys: tuple[bytes, ...]
    """The pinned public keys, 32 raw bytes each."""
    threshold: int = 1
    example: bool = field(default=False, compare=False)
    """True only for the project's example-content key (trusted for example content)."""

    @property
    def key_ids(self) -> list[str]:
        return [key_id(k) for k in self.keys]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "keys": [public_text(k) for k in self.keys],
            "threshold": self.threshold,
        }


def example_publisher() -> Publisher:
    raw = parse_public(EXAMPLE_PUBLIC_KEY)
    assert raw is not None
    return Publisher(EXAMPLE_NAME, (raw,), 1, example=True)


def read_publishers(path: Path, value: Any) -> list[Publisher]:
    """The ``pack_publishers`` setting of the settings file ``path``, checked.

    Raises ValueError whose message names the file, the place in the setting and the fix.
    """
    if isinstance(value, list) and all(isinstance(p, Publisher) for p in value):
        return list(value)
    where = "pack_publishers"
    if not isinstance(value, list):
        raise ValueError(
            _("{path}: the setting '{where}' must be a list of publishers").format(
                path=path, where=where
            )
        )
    if len(value) > MAX_PUBLISHERS:
        raise ValueError(
            _("{path}: '{where}' lists {count} publishers; at most {limit} are allowed").format(
                path=path, where=where, count=len(value), limit=MAX_PUBLISHERS
            )
        )
    example = key_id(example_publisher().keys[0])
    found: list[Publisher] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(value):
        place = f"{where}[{index}]"
        publisher = _publisher(path, place, item, example, seen)
        if any(p.name == publisher.name for p in found):
            raise ValueError(
                _("{path}: {place}.name: the name '{name}' is used twice; keep one").format(
                    path=path, place=place, name=publisher.name
                )
            )
        found.append(publisher)
    return found


def _publisher(path: Path, place: str, item: Any, example: str, seen: dict[str, str]) -> Publisher:
    if not isinstance(item, dict) or not {"name", "keys"} <= set(item) <= _FIELDS:
        raise ValueError(
            _(
                "{path}: {place}: a publisher has a 'name', a list of 'keys' and optionally "
                "a 'threshold' (the signatures needed, 1 when left out), and nothing else"
            ).format(path=path, place=place)
        )
    name = item["name"]
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME or "\0" in name:
        raise ValueError(
            _("{path}: {place}.name: give the publisher's name, at most {limit} characters").format(
                path=path, place=place, limit=MAX_NAME
            )
        )
    keys = item["keys"]
    if not isinstance(keys, list) or len(keys) > MAX_KEYS:
        raise ValueError(
            _("{path}: {place}.keys: expected a list of at most {limit} public keys").format(
                path=path, place=place, limit=MAX_KEYS
            )
        )
    raw_keys: list[bytes] = []
    for number, text in enumerate(keys):
        key_place = f"{place}.keys[{number}]"
        raw = parse_public(text) if isinstance(text, str) else None
        if raw is None:
            raise ValueError(
                _(
                    "{path}: {place}: not a public key; copy the line that starts with "
                    "'ed25519:' from the publisher's KEY.pub file"
                ).format(path=path, place=key_place)
            )
        ident = key_id(raw)
        if ident == example:
            raise ValueError(
                _(
                    "{path}: {place}: this is the project's example-content key; it vouches "
                    "only for example content and cannot be pinned for a publisher"
                ).format(path=path, place=key_place)
            )
        if ident in seen:
            raise ValueError(
                _("{path}: {place}: this key is already pinned at {other}; pin a key once").format(
                    path=path, place=key_place, other=seen[ident]
                )
            )
        seen[ident] = key_place
        raw_keys.append(raw)
    threshold = item.get("threshold", 1)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(
            _("{path}: {place}.threshold: expected a whole number of signatures, 1 or more").format(
                path=path, place=place
            )
        )
    needed = max(2, threshold + 1)
    if len(raw_keys) < needed:
        raise ValueError(
            _(
                "{path}: {place}.keys: {count} keys are pinned; pin at least {needed} (the "
                "{threshold} signatures needed, and one more so that a key can be replaced)"
            ).format(
                path=path, place=place, count=len(raw_keys), needed=needed, threshold=threshold
            )
        )
    return Publisher(name.strip(), tuple(raw_keys), threshold)
