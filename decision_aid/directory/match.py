"""The entries a plan offers: those sharing a topic with the pack and running in the
patient's language, from every directory the clinic has; which are stale; and each
entry's text in the patient's language where its directory gives it.

Every consumer (the clinician's plan step, the kiosk, a group session) gets offers whose
entry already speaks the patient's language, and says which language its text is in
(:attr:`Offer.text_language`), so that a screen can say when the details are in another
language and mark them for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from decision_aid.directory.model import Entry

STALE_AFTER = timedelta(days=365)
"""An entry last checked longer ago than this (12 months) is flagged to staff."""


def is_stale(entry: Entry, today: date) -> bool:
    """Whether the entry was last checked more than 12 months before ``today``."""
    return today - entry.last_checked > STALE_AFTER


@dataclass(frozen=True)
class Offer:
    """One entry offered, with where it comes from."""

    directory_id: str
    directory_title: str
    example_data: bool
    entry: Entry
    """The entry, its text in the patient's language where its directory gives it."""
    stale: bool
    text_language: str
    """The language the entry's text is in: the translation's (such as 'cy'), or the
    directory's own language (such as 'en') when it has no translation for the patient's."""


class Source(NamedTuple):
    """One directory's entries, as matching needs them."""

    directory_id: str
    title: str
    example_data: bool
    entries: tuple[Entry, ...]
    language: str
    """The language the entries' own text is in."""


def _base(language: str) -> str:
    return language.split("_", maxsplit=1)[0].lower()


def same_language(first: str, second: str) -> bool:
    """Whether two language codes name one language ('en_GB' and 'en' do)."""
    return _base(first) == _base(second)


def localised(entry: Entry, language: str, own: str) -> tuple[Entry, str]:
    """``entry`` with its text in ``language`` where a translation gives it, and the
    language its text is then in. An entry already in ``language`` (its directory's own,
    ``own``) or without a translation into it is returned as it is, with ``own``."""
    if same_language(language, own):
        return entry, own
    found = entry.translation(language)
    if found is None:
        return entry, own
    code, text = found
    return entry.model_copy(update=text.given()), code


def offers(
    directories: Sequence[Source], topics: tuple[str, ...], language: str, today: date
) -> list[Offer]:
    """The entries tagged with any of ``topics`` that run in ``language`` (a language
    code; 'en_GB' matches 'en'), in the order of the directories and their entries, each
    in ``language`` where its directory translates it."""
    wanted = set(topics)
    base = _base(language)
    found: list[Offer] = []
    for source in directories:
        for entry in source.entries:
            if not wanted.intersection(entry.topics):
                continue
            if base not in {_base(code) for code in entry.languages}:
                continue
            shown, text_language = localised(entry, language, source.language)
            found.append(
                Offer(
                    source.directory_id,
                    source.title,
                    source.example_data,
                    shown,
                    is_stale(entry, today),
                    text_language,
                )
            )
    return found
