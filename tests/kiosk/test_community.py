"""What the kiosk offers of the clinic's community directories: the plan step's entries for
the pack's topics and the patient's language, less the stale ones; phone and email on the
screen, never a web address; at most as many as a patient can choose."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from decision_aid.content.trust.policy import TrustPolicy
from decision_aid.directory.available import Available, find_directories
from decision_aid.directory.match import Offer
from decision_aid.kiosk.community import MAX_OFFERED, chosen, kiosk_offers, screen_contact
from decision_aid.session.model import MAX_SUPPORTERS
from tests.directory.support import EXAMPLE

TODAY = date(2026, 12, 4)
KNEE = ("pain", "joints-and-mobility")


def example() -> Available:
    found = find_directories(TrustPolicy(strict=True, today=lambda: TODAY), [EXAMPLE.parent])
    assert [d.directory.id for d in found.directories] == ["example-community"]
    return found


def ids(offers: list[Offer]) -> list[str]:
    return [offer.entry.id for offer in offers]


def test_the_plan_steps_entries_less_the_stale_ones() -> None:
    available = example()
    plan_step = available.offers(KNEE, "en", TODAY)
    assert ids(plan_step) == ["riverside-walks", "joint-pain-peer-group"]
    assert [o.stale for o in plan_step] == [False, True]
    assert ids(kiosk_offers(available, KNEE, "en", TODAY)) == ["riverside-walks"]
    # In Welsh the only match is the stale joint pain group: the kiosk offers nothing.
    assert ids(available.offers(KNEE, "cy", TODAY)) == ["joint-pain-peer-group"]
    assert kiosk_offers(available, KNEE, "cy", TODAY) == []
    assert ids(kiosk_offers(available, KNEE, "pl", TODAY)) == ["riverside-walks"]


def test_nothing_without_topics_or_directories() -> None:
    assert kiosk_offers(example(), (), "en", TODAY) == []
    assert kiosk_offers(None, KNEE, "en", TODAY) == []
    assert kiosk_offers(Available(), KNEE, "en", TODAY) == []


def test_the_screen_gives_phone_and_email_but_no_web_address() -> None:
    entries = {o.entry.id: o.entry for o in example().offers(("peer-support",), "en", TODAY)}
    entries |= {o.entry.id: o.entry for o in example().offers(("heart-health",), "ar", TODAY)}
    assert screen_contact(entries["heart-health-cafe"]) == "01632 960303"
    assert screen_contact(entries["joint-pain-peer-group"]) == (
        "01632 960202 · jointpain@example.org"
    )
    web_only = entries["heart-health-cafe"].contact.model_copy(
        update={"phone": None, "web": "https://heartcafe.example.org"}
    )
    assert (
        screen_contact(entries["heart-health-cafe"].model_copy(update={"contact": web_only})) == ""
    )


def test_at_most_as_many_as_a_patient_can_choose(tmp_path: Path) -> None:
    available = example()
    [loaded] = available.directories
    walks = loaded.directory.entries[0]
    many = tuple(
        walks.model_copy(update={"id": f"walk-{n}", "name": f"Walk {n}"}) for n in range(30)
    )
    bigger = dataclasses.replace(
        loaded, directory=loaded.directory.model_copy(update={"entries": many})
    )
    offered = kiosk_offers(Available([bigger]), KNEE, "en", TODAY)
    assert len(offered) == MAX_OFFERED == MAX_SUPPORTERS
    assert ids(offered) == [f"walk-{n}" for n in range(MAX_OFFERED)]
    kept = chosen([(offer, True) for offer in offered], Available([bigger]))
    assert len(kept) == MAX_SUPPORTERS and kept[0].entry == "walk-0"


def test_a_choice_keeps_the_full_contact_for_the_slip_and_the_record() -> None:
    available = example()
    offered = kiosk_offers(available, KNEE, "en", TODAY)
    [walks] = chosen([(offered[0], True)], available)
    assert walks.contact == "01632 960101 · https://walks.example.org"
    assert walks.directory_version == available.version("example-community")
    assert walks.example is True
    assert chosen([(offered[0], False)], available) == []
