"""Where a pack's glossary terms occur in a text: for the grid's tap-for-meaning and the linter.

A term written in capitals ('NICE', 'QRISK3', 'MRI') is an abbreviation and matches only
in capitals, so 'nice' the word is never taken for it; any other term matches in any
case. A term matches as a whole word: not inside a longer word, nor joined to one by a
hyphen. Where two forms could match at one place, the longer wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from decision_aid.content.model_parts import GlossaryEntry


@dataclass(frozen=True)
class TermMatch:
    """One place a term occurs: where in the text, and which entry explains it."""

    start: int
    end: int
    entry: GlossaryEntry

    @property
    def text(self) -> str:
        return self.entry.term


def is_abbreviation(form: str) -> bool:
    """True for a form written in capitals, such as 'NICE' or 'QRISK3'."""
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@lru_cache(maxsize=512)
def form_pattern(form: str) -> re.Pattern[str]:
    """The pattern that finds ``form`` as a whole word."""
    flags = 0 if is_abbreviation(form) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(form.strip())}(?![\w-])", flags)


def find_terms(text: str, entries: Iterable[GlossaryEntry]) -> list[TermMatch]:
    """Every place a glossary term occurs in ``text``, in order, without overlaps."""
    found: list[TermMatch] = []
    for entry in entries:
        for form in entry.forms:
            if not form.strip():
                continue
            found += [
                TermMatch(m.start(), m.end(), entry) for m in form_pattern(form).finditer(text)
            ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[TermMatch] = []
    for match in found:
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept


def first_uses(text: str, entries: Iterable[GlossaryEntry]) -> list[TermMatch]:
    """The first place each term occurs in ``text``, in order."""
    seen: set[str] = set()
    out: list[TermMatch] = []
    for match in find_terms(text, entries):
        if match.entry.id not in seen:
            seen.add(match.entry.id)
            out.append(match)
    return out


def entries_in(text: str, entries: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    """The glossary entries whose terms occur in ``text``, in order of first use."""
    return [match.entry for match in first_uses(text, entries)]


def mentions(text: str, form: str) -> int:
    """How many times ``form`` occurs in ``text`` as a whole word."""
    return len(form_pattern(form).findall(text))
