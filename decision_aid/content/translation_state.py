"""Whether each translated string is missing, stale, unchecked or current.

A translation file keeps, beside its ``strings``, the hash of the source text each string
was translated from (``source_hashes``, keyed by the same string paths). When the source
text changes afterwards, its hash no longer matches: the translation is **stale** until a
translator checks it against the new text and marks it current again
(``decision-aid packs translations PACK --lang L --mark-current KEY``).

The hash is the first 12 hexadecimal digits of the SHA-256 of the source text with its runs
of white space made single spaces, so re-wrapping a paragraph in the YAML file does not make
its translations stale. It is no security measure (the signature of a pack is), only a
fingerprint of the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from decision_aid.content.model import Pack, TranslationFile
from decision_aid.content.strings import Loc, pack_strings

SOURCE_HASH_CHARS = 12
"""Hexadecimal digits of a source hash."""

State = Literal["missing", "stale", "unchecked", "current"]
"""missing: not translated; stale: translated from a source text that has changed since;
unchecked: translated, but with no source hash to tell (an older file); current: translated
from the source text as it is."""

STATE_ORDER: dict[State, int] = {"missing": 0, "stale": 1, "unchecked": 2, "current": 3}
"""The order a translator works through them: missing first."""


def source_hash(text: str) -> str:
    """The fingerprint of a source text that a translation records."""
    plain = " ".join(text.split())
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()[:SOURCE_HASH_CHARS]


@dataclass(frozen=True)
class StringState:
    """One source text and what its translation into one language is."""

    path: str
    """The string path, the key in the translation file."""
    loc: Loc
    """Its place in the pack: ('meta' or 'content', then the field path)."""
    source: str
    """The source text as it is now."""
    translation: str | None
    """The translated text, or None when it is missing."""
    state: State
    current_hash: str
    """The hash of the source text as it is now (what marking it current records)."""
    recorded_hash: str | None
    """The hash the translation file records for it, when it records one."""


def string_states(pack: Pack, translation: TranslationFile) -> list[StringState]:
    """Every translatable text of the pack with its state in ``translation``, in reading order."""
    out: list[StringState] = []
    for item in pack_strings(pack):
        text = translation.strings.get(item.path)
        current = source_hash(item.text)
        recorded = translation.source_hashes.get(item.path)
        state: State
        if text is None:
            state = "missing"
        elif recorded is None:
            state = "unchecked"
        elif recorded != current:
            state = "stale"
        else:
            state = "current"
        out.append(StringState(item.path, item.loc, item.text, text, state, current, recorded))
    return out
