"""Translations side by side, and marking a checked translation current."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.translations import (
    counts,
    mark_current,
    needing_work,
    translation_entries,
)
from decision_aid.content.loader import load_pack
from decision_aid.content.translation_state import source_hash
from tests.conftest import MINIMAL, SHIPPED

HEADER = "format_version: 1\nlocale: cy\nstatus: draft, not reviewed\nstrings:\n"
CELL = "questions.effect.answers.tablet.text"


def pack_with_welsh(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(HEADER + body, encoding="utf-8")
    return folder


def test_missing_come_first_then_stale_then_unchecked(tmp_path: Path) -> None:
    folder = pack_with_welsh(
        tmp_path,
        "  title: Pecyn prawf\n"
        "  decision: A ddylwn i gymryd y dabled?\n"
        f"  {CELL}: Allan o 100 o bobl, mae 2 yn cael diwrnod gwael bob wythnos.\n"
        "source_hashes:\n"
        f'  title: "{source_hash("Test pack")}"\n'
        '  decision: "000000000000"\n',
    )
    entries = translation_entries(load_pack(folder), "cy")
    states = [e.state for e in entries]
    assert states == sorted(states, key=["missing", "stale", "unchecked", "current"].index)
    by_path = {e.path: e for e in entries}
    assert by_path["condition"].state == "missing"
    assert by_path["condition"].translation is None
    assert by_path["decision"].state == "stale"
    assert by_path[CELL].state == "unchecked"
    assert by_path[CELL].numbers_differ
    assert by_path[CELL].source_numbers == ("100", "20")
    assert by_path[CELL].translation_numbers == ("100", "2")
    assert by_path["title"].state == "current"
    assert not by_path["title"].needs_work
    assert "title" not in {e.path for e in needing_work(entries)}
    found = counts(entries)
    assert (found["stale"], found["unchecked"], found["current"], found["numbers"]) == (1, 1, 1, 1)
    assert found["missing"] == len(entries) - 3


def test_a_language_without_a_file_is_all_missing() -> None:
    entries = translation_entries(load_pack(MINIMAL), "pl")
    assert entries and {e.state for e in entries} == {"missing"}
    with pytest.raises(AuthoringError, match="the language the pack is written in"):
        translation_entries(load_pack(MINIMAL), "en")


def test_marking_current_adds_only_hash_lines(tmp_path: Path) -> None:
    folder = pack_with_welsh(
        tmp_path, "  title: Pecyn prawf  # checked by Eleri\n  decision: 'A ddylwn i?'\n"
    )
    path = folder / "translations" / "cy.yaml"
    before = path.read_text(encoding="utf-8")
    assert mark_current(load_pack(folder), "cy", ["decision"]) == ["decision"]
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    added = after[len(before) :]
    assert added.endswith(
        f'source_hashes:\n  decision: "{source_hash("Should I take the tablet?")}"\n'
    )
    assert added.startswith("# The hash of the source text")
    assert mark_current(load_pack(folder), "cy", None) == ["title"]
    diff = list(difflib.unified_diff(after.splitlines(), path.read_text().splitlines(), n=0))
    assert [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        f'+  title: "{source_hash("Test pack")}"'
    ]
    entries = translation_entries(load_pack(folder), "cy")
    assert {e.path: e.state for e in entries}["title"] == "current"
    assert mark_current(load_pack(folder), "cy", ["title"]) == []


def test_a_stale_hash_is_replaced_in_place(tmp_path: Path) -> None:
    folder = pack_with_welsh(
        tmp_path,
        '  title: Pecyn prawf\nsource_hashes:\n  title: "000000000000"\n# the end\n',
    )
    mark_current(load_pack(folder), "cy", ["title"])
    text = (folder / "translations" / "cy.yaml").read_text(encoding="utf-8")
    assert text.endswith(f'source_hashes:\n  title: "{source_hash("Test pack")}"\n# the end\n')


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["titel"], "'titel' names no text in the pack"),
        (["condition"], "'condition' is not translated yet; translate it first"),
    ],
)
def test_bad_keys_write_nothing(tmp_path: Path, keys: list[str], message: str) -> None:
    folder = pack_with_welsh(tmp_path, "  title: Pecyn prawf\n")
    before = (folder / "translations" / "cy.yaml").read_bytes()
    with pytest.raises(AuthoringError, match=message) as caught:
        mark_current(load_pack(folder), "cy", keys)
    assert caught.value.where.endswith("translations/cy.yaml")
    assert (folder / "translations" / "cy.yaml").read_bytes() == before


def test_a_language_without_a_file_cannot_be_marked(tmp_path: Path) -> None:
    folder = pack_with_welsh(tmp_path, "  title: Pecyn prawf\n")
    with pytest.raises(AuthoringError, match="no translation file for 'pl'"):
        mark_current(load_pack(folder), "pl", None)


def test_an_archive_is_not_changed(tmp_path: Path) -> None:
    folder = pack_with_welsh(tmp_path, "  title: Pecyn prawf\n")
    archive = Path(shutil.make_archive(str(tmp_path / "minimal"), "zip", tmp_path, "minimal"))
    with pytest.raises(AuthoringError, match="unpack it into a folder"):
        mark_current(load_pack(archive), "cy", None)
    assert folder.exists()


@pytest.mark.parametrize(
    "pack", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_shipped_translations_are_current_with_the_same_numbers(pack: str) -> None:
    loaded = load_pack(SHIPPED / pack)
    for locale in ("cy", "pl", "ar"):
        assert needing_work(translation_entries(loaded, locale)) == [], locale
