"""The entries a plan offers: those sharing a topic with the pack and running in the
patient's language, from every directory the clinic has; and which are stale."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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
    stale: bool


def _base(language: str) -> str:
    return language.split("_", maxsplit=1)[0].lower()


def offers(
    directories: list[tuple[str, str, bool, tuple[Entry, ...]]],
    topics: tuple[str, ...],
    language: str,
    today: date,
) -> list[Offer]:
    """The entries tagged with any of ``topics`` that run in ``language`` (a language
    code; 'en_GB' matches 'en'), in the order of the directories and their entries."""
    wanted = set(topics)
    base = _base(language)
    found: list[Offer] = []
    for directory_id, title, example, entries in directories:
        for entry in entries:
            if not wanted.intersection(entry.topics):
                continue
            if base not in {_base(code) for code in entry.languages}:
                continue
            found.append(Offer(directory_id, title, example, entry, is_stale(entry, today)))
    return found
