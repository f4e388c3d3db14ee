"""The local groups and services a group session can point people to, and those it did.

The facilitator's window offers the entries of the trusted community directories
(``directory.available``: unsigned, untrusted and expired directories are never
offered) that share a community topic with the pack and run in the facilitator's
language, the language the session is run in; each shows the languages it runs in, so
that a facilitator can tell a group which also run in Polish or Welsh. An entry last
checked more than 12 months ago is flagged to the facilitator.

The facilitator marks those discussed. The projector and the participants' phones
show them (name, when, where, how to join, how to get in touch), and the group's record
lists them with how to reach them. Nothing here is about a participant: marking is the
facilitator's alone, and every phone is given the same list.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from decision_aid.directory.available import Available, choice
from decision_aid.directory.match import Offer
from decision_aid.i18n import native_name
from decision_aid.session.model import CommunityChoice

Key = tuple[str, str]
"""An entry: (directory id, entry id)."""


def key_of(offer: Offer) -> Key:
    return offer.directory_id, offer.entry.id


@dataclass(frozen=True)
class Discussed:
    """An entry discussed, as the record keeps it, and the languages it runs in."""

    choice: CommunityChoice
    languages: tuple[str, ...]


class GroupResources:
    """The entries offered to one group session and which of them were discussed."""

    def __init__(
        self,
        offers: Sequence[Offer],
        versions: Mapping[str, str],
        *,
        topics: tuple[str, ...],
        refused: Sequence[str] = (),
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.offers = tuple(offers)
        self.topics = topics
        """The pack's community topics; none: the session offers no entries at all."""
        self.refused = tuple(refused)
        """Why directories found were not used, for the facilitator."""
        self._versions = dict(versions)
        self._on_change = on_change
        self._lock = threading.Lock()
        self._marked: frozenset[Key] = frozenset()
        self._version = 0

    @classmethod
    def offered(
        cls,
        available: Available,
        topics: tuple[str, ...],
        language: str,
        today: date,
        on_change: Callable[[], None] | None = None,
    ) -> GroupResources:
        """The entries of ``available`` for ``topics`` that run in ``language``."""
        offers = available.offers(topics, language, today) if topics else []
        versions = {o.directory_id: available.version(o.directory_id) for o in offers}
        refused = [p.message for p in available.refused] if topics else []
        return cls(offers, versions, topics=topics, refused=refused, on_change=on_change)

    @property
    def version(self) -> int:
        """Raised with every change, so that a phone redraws only when something changed."""
        with self._lock:
            return self._version

    def is_discussed(self, key: Key) -> bool:
        with self._lock:
            return key in self._marked

    def mark(self, key: Key, discussed: bool) -> None:
        """Mark an offered entry as discussed (or no longer)."""
        if key not in {key_of(o) for o in self.offers}:
            raise KeyError(key)
        with self._lock:
            marked = self._marked | {key} if discussed else self._marked - {key}
            if marked == self._marked:
                return
            self._marked = marked
            self._version += 1
        if self._on_change is not None:
            self._on_change()

    def discussed_offers(self) -> tuple[Offer, ...]:
        """The entries discussed, in the order offered."""
        with self._lock:
            marked = self._marked
        return tuple(o for o in self.offers if key_of(o) in marked)

    def discussed(self) -> tuple[Discussed, ...]:
        """The entries discussed as the record keeps them."""
        return tuple(
            Discussed(choice(o, self._versions[o.directory_id]), o.entry.languages)
            for o in self.discussed_offers()
        )

    def for_phones(self) -> dict[str, Any]:
        """What every participant's page shows: the entries discussed, as plain values
        (the page puts them on screen as text, never as markup)."""
        with self._lock:
            version, marked = self._version, self._marked
        entries = []
        for offer in (o for o in self.offers if key_of(o) in marked):
            entry = offer.entry
            entries.append(
                {
                    "name": entry.name,
                    "example": offer.example_data,
                    "organisation": entry.organisation,
                    "when": entry.when,
                    "where": entry.where,
                    "how_to_join": entry.how_to_join,
                    "phone": entry.contact.phone or "",
                    "email": entry.contact.email or "",
                    "web": entry.contact.web or "",
                    "languages": [native_name(code) for code in entry.languages],
                }
            )
        return {"version": version, "entries": entries}
