"""Packs that name community topics, for the kiosk's "Local groups and services" screen.

The shipped packs may name no topics (or others): the kiosk tests use copies of them,
unsigned, whose ``community_topics`` are TOPICS, so that the shipped example directory
(directories/example-community) has entries to offer in every language: in English the
health walks, the heart health café and the money advice (the joint pain group was last
checked over 12 months ago, and the kiosk does not offer it); in Welsh the money advice;
in Polish the walks, the Polish wellbeing circle and the money advice; in Arabic the café
and the money advice.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from decision_aid.content.loader import LoadedPack, load_pack
from tests.conftest import SHIPPED

TOPICS = ("physical-activity", "joints-and-mobility", "heart-health", "money-and-debt")
WITH_TOPICS = ("statins-primary-prevention", "knee-osteoarthritis")
"""The packs the kiosk tests offer with TOPICS; psa-screening keeps its own (none yet)."""
OFFERED = {
    "en": ["riverside-walks", "heart-health-cafe", "money-advice"],
    "cy": ["money-advice"],
    "pl": ["riverside-walks", "polish-wellbeing-circle", "money-advice"],
    "ar": ["heart-health-cafe", "money-advice"],
}
"""The entries of the example directory the kiosk offers with TOPICS, by language."""


def copy_with_topics(root: Path, pack_id: str, topics: tuple[str, ...] = TOPICS) -> Path:
    """A copy of the shipped pack ``pack_id`` in ``root``, unsigned, naming ``topics``."""
    folder = root / pack_id
    shutil.copytree(SHIPPED / pack_id, folder, ignore=shutil.ignore_patterns("signature"))
    meta = folder / "pack.yaml"
    text = re.sub(r"^community_topics:.*\n(?:  - .*\n)*", "", meta.read_text(), flags=re.M)
    named = f"community_topics: [{', '.join(topics)}]" if topics else "community_topics: []"
    assert "\nkind: " in text
    meta.write_text(text.replace("\nkind: ", f"\n{named}\nkind: ", 1))
    return folder


def loaded_with_topics(root: Path, pack_id: str, topics: tuple[str, ...] = TOPICS) -> LoadedPack:
    loaded = load_pack(copy_with_topics(root, pack_id, topics))
    assert loaded.meta.community_topics == topics
    return loaded
