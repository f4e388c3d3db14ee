"""Small helpers shared by the lint rules. No Qt, no clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from decision_aid.content.loader import LoadedPack
from decision_aid.content.strings import pack_strings

Loc = tuple[str | int, ...]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

PLACEHOLDERS = frozenset(
    {"tbd", "tba", "todo", "to do", "n/a", "na", "none", "nil", "-", "...", "xxx", "lorem ipsum"}
)
"""Texts that stand in for content an author has not written yet."""


def words(text: str) -> list[str]:
    """The words of a text (letters and digits; hyphens and apostrophes stay inside)."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """How many words a text has."""
    return len(words(text))


def sentences(text: str) -> list[str]:
    """A text split into sentences at '.', '!' or '?' followed by a space."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def is_placeholder(text: str) -> bool:
    """True for 'TBD', 'n/a', 'none' and similar stand-ins."""
    return text.strip().strip(".").strip().lower() in PLACEHOLDERS


def too_thin(text: str | None, min_words: int) -> bool:
    """True when a text is missing, a placeholder or shorter than ``min_words`` words."""
    return text is None or is_placeholder(text) or word_count(text) < min_words


def is_english(locale: str) -> bool:
    """True for 'en' and its regional forms such as 'en_GB'."""
    return locale.split("_", 1)[0] == "en"


@dataclass(frozen=True)
class Located:
    """One translatable text with the pack part ('pack' or 'content') and loc in that file."""

    part: str
    loc: Loc
    path: str
    text: str


def located_strings(loaded: LoadedPack) -> Iterator[Located]:
    """Every translatable source text of the pack, with the file part it lives in."""
    for item in pack_strings(loaded.pack):
        first, *rest = item.loc
        part = "pack" if first == "meta" else "content"
        yield Located(part, tuple(rest), item.path, item.text)


def shorten(text: str, limit: int = 60) -> str:
    """A text cut to ``limit`` characters for quoting in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
