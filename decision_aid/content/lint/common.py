"""Small helpers shared by the lint rules. No Qt, no clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from decision_aid.content.loader import LoadedPack
from decision_aid.content.strings import pack_strings

Loc = tuple[str | int, ...]

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")

PLACEHOLDERS = frozenset(
    {
        # English
        "tbd",
        "tba",
        "tbc",
        "todo",
        "to do",
        "to be added",
        "to be confirmed",
        "n/a",
        "na",
        "none",
        "nil",
        "-",
        "—",
        "?",
        "...",
        "…",
        "xxx",
        "lorem ipsum",
        "placeholder",
        "unknown",
        "no information",
        "no data",
        # Welsh
        "dim",
        "i'w gadarnhau",
        "i'w ychwanegu",
        "amherthnasol",
        "anhysbys",
        # Polish
        "brak",
        "brak danych",
        "brak informacji",
        "do uzupełnienia",
        "nie dotyczy",
        "nieznane",
        # Arabic
        "لا يوجد",
        "لا توجد",
        "غير متوفر",
        "غير متوفرة",
        "غير مذكور",
        "غير معروف",
        "لا ينطبق",
        "لا معلومات",
    }
)
"""Whole texts that stand in for content an author has not written, in the shipped languages.

Compared case-blind, without the full stops, colons and spaces around them."""

_FILLER = re.compile(
    r"^(?:"
    # 'NOT GIVEN IN SOURCE', 'Not described in this pack', 'Not stated in the source'
    r"(?:not|no)\s+(?:given|described|stated|provided|available|specified|included|"
    r"mentioned|listed)(?:\s+(?:in|by)\s+(?:the|this)?\s*(?:source|pack|paper|document))?"
    # Welsh: 'Heb ei roi yn y ffynhonnell', 'Heb ei ddisgrifio yn y pecyn hwn'
    r"|heb\s+ei\s+\w+(?:\s+yn\s+y\s+(?:ffynhonnell|pecyn)(?:\s+hwn)?)?"
    # Polish: 'Nie podano w źródle', 'Nie opisano w tym pakiecie'
    r"|nie\s+(?:podano|opisano|określono|wymieniono)(?:\s+w\s+(?:źródle|tym\s+pakiecie))?"
    # Arabic: 'غير مذكور في المصدر', 'لم يذكر في هذه الحزمة'
    r"|(?:غير|لم)\s+(?:مذكور|مذكورة|متوفر|متوفرة|موصوف|موصوفة|يذكر|تذكر|يوصف|يرد)"
    r"(?:\s+في\s+(?:المصدر|هذه\s+الحزمة|هذا\s+الدليل))?"
    r")$",
    re.IGNORECASE,
)
_EDGES = " \t\n.:;!؛。"


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
    """True for 'TBD', 'n/a', 'NOT GIVEN IN SOURCE', 'غير متوفر' and similar stand-ins.

    The same fillers count in English, Welsh, Polish and Arabic, so a pack is judged the
    same whatever language it is written or translated in."""
    core = " ".join(text.strip(_EDGES).split()).casefold()
    return core in PLACEHOLDERS or _FILLER.match(core) is not None


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


def located_translations(loaded: LoadedPack) -> Iterator[Located]:
    """Every text of every translation file, located in that file."""
    for locale, translation in loaded.translations.items():
        for key, text in translation.strings.items():
            yield Located(locale, ("strings", key), key, text)


def shorten(text: str, limit: int = 60) -> str:
    """A text cut to ``limit`` characters for quoting in a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
