"""The directories a consultation may offer from, and the entries it offers.

Only directories whose signature a publisher the clinic trusts (or the example-content
key) vouches for are offered, and not once their signature has expired: a plan points a
patient to a group or service, so nobody but a trusted publisher decides what is in it.
Directories that are refused are kept with their problems, for staff to see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from decision_aid.content.errors import PackError, Problem
from decision_aid.content.trust.policy import TrustPolicy
from decision_aid.directory.load import (
    LoadedDirectory,
    default_directory_dirs,
    directory_paths,
    load_directory,
)
from decision_aid.directory.match import Offer, Source, offers
from decision_aid.directory.model import Entry
from decision_aid.i18n import _
from decision_aid.session.model import CommunityChoice


@dataclass
class Available:
    """The trusted directories found, and why others were not used."""

    directories: list[LoadedDirectory] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)

    def offers(self, topics: tuple[str, ...], language: str, today: date) -> list[Offer]:
        """The entries for a pack's topics that run in the patient's language, their text
        in that language where their directory translates it."""
        found = [
            Source(
                d.directory.id,
                d.directory.title,
                d.directory.example_data,
                d.directory.entries,
                d.directory.language,
            )
            for d in self.directories
        ]
        return offers(found, topics, language, today)

    def version(self, directory_id: str) -> str:
        return next(d.directory.version for d in self.directories if d.directory.id == directory_id)


def find_directories(
    policy: TrustPolicy, roots: list[Path] | None = None, *, today: date | None = None
) -> Available:
    """Every directory under ``roots`` (by default the shipped, the user's and those in
    DECISION_AID_DIRECTORIES) that may be offered."""
    day = today or policy.today()
    found = Available()
    seen: set[str] = set()
    for path in directory_paths([r for r in (roots or default_directory_dirs()) if r.exists()]):
        try:
            loaded = load_directory(path, policy, today=day)
        except PackError as exc:
            found.refused += exc.problems
            continue
        trust = loaded.trust
        if not trust.verified:
            found.refused.append(
                Problem(
                    loaded.display,
                    None,
                    "(directory)",
                    _(
                        "this directory is not signed by a publisher this clinic trusts, so "
                        "its entries are not offered"
                    ),
                )
            )
            continue
        if trust.frozen(day):
            found.refused.append(
                Problem(
                    loaded.display,
                    None,
                    "(directory)",
                    _(
                        "this directory's signature expired; its entries are not offered "
                        "until its publisher signs it again"
                    ),
                )
            )
            continue
        if loaded.directory.id in seen:
            continue
        seen.add(loaded.directory.id)
        found.directories.append(loaded)
    return found


def contact_line(entry: Entry) -> str:
    """How to reach an entry, as one line: phone, email, web address."""
    contact = entry.contact
    return " · ".join(part for part in (contact.phone, contact.email, contact.web) if part)


def choice(offer: Offer, version: str) -> CommunityChoice:
    """What the record keeps of a chosen entry: its text as offered, so in the patient's
    language where its directory translates it."""
    entry = offer.entry
    return CommunityChoice(
        directory=offer.directory_id,
        directory_version=version,
        entry=entry.id,
        name=entry.name[:500],
        organisation=entry.organisation[:500],
        when=entry.when[:5000],
        where=entry.where[:5000],
        how_to_join=entry.how_to_join[:5000],
        contact=contact_line(entry)[:500],
        example=offer.example_data,
    )
