"""The group's record lists the local groups and services discussed, with how to reach
and join them, and no names; a pack without community topics has no such section."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_aid.content.loader import LoadedPack
from decision_aid.group.page import pack_in
from decision_aid.group.record import build_group_record, group_record
from decision_aid.group.resources import GroupResources
from decision_aid.i18n import _, using
from tests.group.conftest import counts_for, example_directories, knee_with_topics
from tests.group.test_record import WHEN
from tests.group.test_resources import PEERS, TODAY, WALKS
from tests.report.common import pages_text
from tests.report.conftest import preflight as preflight  # noqa: PLC0414 - the fixture
from tests.report.signing import assert_pdfa1b

HEADING = "Local groups and services discussed"


def resources_for(loaded: LoadedPack, language: str = "en") -> GroupResources:
    topics = loaded.meta.community_topics
    return GroupResources.offered(example_directories(), topics, language, TODAY)


def record_pdf(
    tmp_path: Path, loaded: LoadedPack, resources: GroupResources | None, language: str = "en"
) -> Path:
    counts = counts_for(loaded, threshold=5)
    counts.ask("Is there a walking group near the library?")
    record = group_record(counts, pack_in(loaded, language), WHEN, language, resources=resources)
    path = tmp_path / f"group-{language}.pdf"
    path.write_bytes(build_group_record(record))
    return path


def flat(path: Path) -> str:
    return " ".join(" ".join(pages_text(path)).split())


def test_the_entries_discussed_are_listed_with_how_to_reach_them(tmp_path: Path) -> None:
    loaded = knee_with_topics(tmp_path)
    resources = resources_for(loaded)
    resources.mark(WALKS, True)
    text = flat(record_pdf(tmp_path, loaded, resources))
    assert HEADING in text
    for expected in (
        "Riverside Health Walks (example data): Riverside Voluntary Action (fictional)",
        "Contact: 01632 960101 · https://walks.example.org",
        "How to join: Turn up on the day, or ask your GP practice's social prescribing link",
        "When: Tuesdays and Fridays, 10am to 11am",
        "Where: Meet at the Riverside Library steps",
        "Runs in: English, Polski",
    ):
        assert expected in text
    assert "Living Well with Joint Pain" not in text  # offered, not discussed
    assert "Is there a walking group near the library?" in text


def test_none_discussed_is_said(tmp_path: Path) -> None:
    loaded = knee_with_topics(tmp_path)
    text = flat(record_pdf(tmp_path, loaded, resources_for(loaded)))
    assert HEADING in text and "None was marked as discussed." in text


def test_a_pack_without_topics_has_no_such_section(tmp_path: Path, knee: LoadedPack) -> None:
    plain = knee_with_topics(tmp_path, "[]")
    assert HEADING not in flat(record_pdf(tmp_path, plain, resources_for(plain)))
    if not knee.meta.community_topics:  # the shipped pack, as long as it names none
        assert HEADING not in flat(record_pdf(tmp_path, knee, None))


@pytest.mark.parametrize("language", ["cy", "pl", "ar"])
def test_in_the_records_language(tmp_path: Path, language: str) -> None:
    loaded = knee_with_topics(tmp_path)
    resources = resources_for(loaded, "en")
    resources.mark(WALKS, True)
    pdf = record_pdf(tmp_path, loaded, resources, language)
    raw = "".join(" ".join(pages_text(pdf)).split())
    with using(language):
        heading = _(HEADING)
    assert heading != HEADING and "".join(heading.split()) in "".join(raw.split())
    assert "01632960101" in raw and "https://walks.example.org" in raw


def test_the_record_with_entries_is_pdfa_1b_in_arabic(tmp_path: Path, preflight: list[str]) -> None:
    loaded = knee_with_topics(tmp_path)
    resources = resources_for(loaded)
    resources.mark(WALKS, True)
    resources.mark(PEERS, True)
    assert_pdfa1b(preflight, record_pdf(tmp_path, loaded, resources, "ar"))
