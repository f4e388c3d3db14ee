"""The local groups and services a group session offers (trusted directories only, the
pack's topics, the facilitator's language) and those the facilitator marks as discussed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decision_aid.group.resources import GroupResources, key_of
from tests.directory.support import unsigned_directory
from tests.group.conftest import example_directories, knee_with_topics

TODAY = date(2026, 12, 5)
WALKS = ("example-community", "riverside-walks")
PEERS = ("example-community", "joint-pain-peer-group")


def offered(tmp_path: Path, language: str = "en", **kwargs: object) -> GroupResources:
    loaded = knee_with_topics(tmp_path, **kwargs)  # type: ignore[arg-type]
    topics = loaded.meta.community_topics
    return GroupResources.offered(example_directories(), topics, language, TODAY)


def test_entries_for_the_packs_topics_in_the_facilitators_language(tmp_path: Path) -> None:
    resources = offered(tmp_path / "en")
    assert [key_of(o) for o in resources.offers] == [WALKS, PEERS]
    assert [o.stale for o in resources.offers] == [False, True]  # last checked in 2024
    assert [o.entry.languages for o in resources.offers] == [("en", "pl"), ("en", "cy")]
    polish = offered(tmp_path / "pl", "pl")
    assert [key_of(o) for o in polish.offers] == [WALKS]  # the only one run in Polish


def test_a_pack_without_topics_offers_nothing(tmp_path: Path) -> None:
    resources = offered(tmp_path, topics="[]")
    assert resources.topics == () and resources.offers == () and resources.refused == ()


def test_an_untrusted_directory_is_not_offered(tmp_path: Path) -> None:
    extra = tmp_path / "more"
    unsigned_directory(extra, ("id: example-community", "id: unsigned-one"), name="unsigned-one")
    loaded = knee_with_topics(tmp_path)
    resources = GroupResources.offered(
        example_directories(extra), loaded.meta.community_topics, "en", TODAY
    )
    assert {o.directory_id for o in resources.offers} == {"example-community"}
    assert any("not signed by a publisher" in problem for problem in resources.refused)


def test_marking_what_was_discussed(tmp_path: Path) -> None:
    changes: list[int] = []
    loaded = knee_with_topics(tmp_path)
    resources = GroupResources.offered(
        example_directories(),
        loaded.meta.community_topics,
        "en",
        TODAY,
        on_change=lambda: changes.append(1),
    )
    assert resources.discussed() == () and resources.version == 0
    resources.mark(PEERS, True)
    resources.mark(WALKS, True)
    resources.mark(WALKS, True)  # no change, no news
    assert len(changes) == 2 and resources.version == 2
    walks, peers = resources.discussed()  # in the order offered
    assert walks.choice.entry == "riverside-walks" and walks.languages == ("en", "pl")
    assert walks.choice.contact == "01632 960101 · https://walks.example.org"
    assert walks.choice.directory_version == "1.1.0" and walks.choice.example
    assert peers.choice.how_to_join.startswith("Phone or email before your first visit")
    resources.mark(WALKS, False)
    assert [d.choice.entry for d in resources.discussed()] == ["joint-pain-peer-group"]
    with pytest.raises(KeyError):
        resources.mark(("example-community", "heart-health-cafe"), True)  # not offered


def test_every_phone_is_given_the_same_plain_values(tmp_path: Path) -> None:
    resources = offered(tmp_path)
    assert resources.for_phones() == {"version": 0, "entries": []}
    resources.mark(WALKS, True)
    assert resources.for_phones() == {
        "version": 1,
        "entries": [
            {
                "name": "Riverside Health Walks",
                "example": True,
                "organisation": "Riverside Voluntary Action (fictional)",
                "when": "Tuesdays and Fridays, 10am to 11am",
                "where": "Meet at the Riverside Library steps, 1 Example Street, Riverside",
                "how_to_join": (
                    "Turn up on the day, or ask your GP practice's social prescribing link "
                    "worker to refer you."
                ),
                "phone": "01632 960101",
                "email": "",
                "web": "https://walks.example.org",
                "languages": ["English", "Polski"],
            }
        ],
    }
