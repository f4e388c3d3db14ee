"""What the kiosk offers of the clinic's community directories, and what it keeps of a choice.

A patient alone at the kiosk is offered the local groups and services that the clinician's
plan step would offer (:mod:`decision_aid.directory.available`): the entries of the trusted
directories that share a topic with the pack and run in the patient's language. Less than
the plan step, on purpose:

- **No stale entry.** An entry last checked more than 12 months ago may have stopped
  running; the plan step shows it with a note for staff, who can check before suggesting
  it. A patient alone cannot, so the kiosk leaves it out rather than send someone to a
  door that may be shut.
- **No refused directory, and no word about it.** Directories the trust policy refused are
  for staff (``decision-aid kiosk --check`` names them), never for the patient's screen.
- **No web address on the screen.** Nothing on the kiosk can be opened; an address there is
  a dead end. The screen gives a phone number or email address; the chosen entry keeps its
  full contact (with the web address) for the slip and the record.
- **At most** :data:`MAX_OFFERED`, in the directories' order: as many as a patient can
  choose (the record's limit), and a screen a patient can still read to the end.
"""

from __future__ import annotations

from datetime import date

from decision_aid.directory.available import Available, choice
from decision_aid.directory.match import Offer
from decision_aid.directory.model import Entry
from decision_aid.session.model import MAX_SUPPORTERS, CommunityChoice

MAX_OFFERED = MAX_SUPPORTERS
"""The most entries the kiosk offers (and a patient can choose) in one journey."""


def kiosk_offers(
    available: Available | None, topics: tuple[str, ...], language: str, today: date
) -> list[Offer]:
    """The entries the kiosk offers for a pack's ``topics`` in the patient's ``language``;
    none without topics or directories."""
    if available is None or not topics:
        return []
    fresh = [offer for offer in available.offers(topics, language, today) if not offer.stale]
    return fresh[:MAX_OFFERED]


def screen_contact(entry: Entry) -> str:
    """How to reach an entry as the kiosk's screen says it: phone and email, no web address."""
    contact = entry.contact
    return " · ".join(part for part in (contact.phone, contact.email) if part)


def chosen(offers: list[tuple[Offer, bool]], available: Available) -> list[CommunityChoice]:
    """What the record keeps of the offers marked True, in the order they were offered."""
    kept = [choice(offer, available.version(offer.directory_id)) for offer, on in offers if on]
    return kept[:MAX_OFFERED]
