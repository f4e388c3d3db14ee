"""Comparing two versions of a pack: what a clinical reviewer needs to see."""

from __future__ import annotations

import shutil
from pathlib import Path

from decision_aid.authoring.compare import Change, compare_packs
from decision_aid.content.loader import load_pack
from tests.authoring.support import copy_pack, shipped
from tests.conftest import MINIMAL, SHIPPED


def edited(tmp_path: Path, edits: dict[str, list[tuple[str, str]]], base: Path = MINIMAL) -> Path:
    folder = copy_pack(base, tmp_path)
    for file, pairs in edits.items():
        path = folder / file
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return folder


def brief(changes: list[Change]) -> list[tuple[str, str, str | None, str | None]]:
    return [(c.kind, c.place, c.old, c.new) for c in changes]


def test_a_whole_outcome_is_figures_and_its_settings_are_other(tmp_path: Path) -> None:
    sickness = (
        "    valence: bad\n    reference_class: test readers\n"
        "    figures:\n      tablet: {count: 10"
    )
    new = edited(
        tmp_path, {"content.yaml": [(sickness, sickness.replace("valence: bad", "valence: good"))]}
    )
    changes = compare_packs(load_pack(MINIMAL), load_pack(new))
    assert brief(changes) == [("other", "outcome 'sickness' › valence", "bad", "good")]
    folder = copy_pack(MINIMAL, tmp_path / "cut")
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: sickness"), text.index("values:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    removed = compare_packs(load_pack(MINIMAL), load_pack(folder))
    assert [(c.kind, c.action, c.place) for c in removed] == [
        ("figure", "removed", "outcome 'sickness'")
    ]


def test_the_same_pack_has_no_changes() -> None:
    loaded = load_pack(SHIPPED / "statins-primary-prevention")
    assert compare_packs(loaded, loaded) == []


def test_figures_denominators_time_frames_and_citations_per_outcome_and_option(
    tmp_path: Path,
) -> None:
    new = edited(
        tmp_path,
        {
            "content.yaml": [
                (
                    "tablet: {count: 10, out_of: 100, over: 1 year}",
                    "tablet: {count: 8, out_of: 100, over: 1 year}",
                ),
                (
                    "nothing: {count: 30, out_of: 100, over: 1 year}",
                    "nothing: {count: 300, out_of: 1000, over: 1 year}",
                ),
                (
                    "tablet: {count: 20, out_of: 100, over: 1 year, range: {low: 15, high: 25}}",
                    "tablet: {count: 200, out_of: 1000, over: 1 year, "
                    "range: {low: 150, high: 250}}",
                ),
                (
                    "    certainty: low\n    citations: [trial]",
                    "    certainty: moderate\n    citations: [trial, review]",
                ),
                (
                    "    url: https://example.org/trial\n",
                    "    url: https://example.org/trial-2\n  - id: review\n"
                    "    citation: A made-up review. 2021.\n    url: https://example.org/review\n",
                ),
            ]
        },
    )
    changes = compare_packs(load_pack(MINIMAL), load_pack(new))
    assert brief(changes) == [
        ("figure", "outcome 'bad-days' › option 'tablet' › count", "20", "200"),
        ("figure", "outcome 'bad-days' › option 'tablet' › range › low", "15", "150"),
        ("figure", "outcome 'bad-days' › option 'tablet' › range › high", "25", "250"),
        ("figure", "outcome 'bad-days' › option 'nothing' › count", "30", "300"),
        ("figure", "outcome 'sickness' › option 'tablet' › count", "10", "8"),
        ("denominator", "outcome 'bad-days' › option 'tablet' › out_of", "100", "1000"),
        ("denominator", "outcome 'bad-days' › option 'nothing' › out_of", "100", "1000"),
        ("citation", "outcome 'sickness' › citations", "trial", "trial, review"),
        (
            "reference",
            "reference 'trial' › url",
            "https://example.org/trial",
            "https://example.org/trial-2",
        ),
        (
            "reference",
            "reference 'review'",
            None,
            "citation: A made-up review. 2021.; url: https://example.org/review",
        ),
        ("certainty", "outcome 'sickness' › certainty", "low", "moderate"),
    ]
    added = next(c for c in changes if c.place == "reference 'review'")
    assert added.action == "added"
    assert added.path == ("references", "review")
    assert changes[0].path == ("outcomes", "bad-days", "figures", "tablet", "count")
    assert changes[0].part == "content"


def test_time_frames_and_texts_with_their_numbers(tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        {
            "content.yaml": [
                (
                    "over: 1 year}\n      nothing: {count: 2",
                    "over: 2 years}\n      nothing: {count: 2",
                ),
                (
                    "out_of: 100, over: 1 year}\n    certainty: low",
                    "out_of: 100, over: 2 years}\n    certainty: low",
                ),
                ("text: Out of 100 people, 20 have", "text: Out of 100 people, 25 have"),
                ("name: No tablet", "name: No tablets"),
            ]
        },
    )
    changes = compare_packs(load_pack(MINIMAL), load_pack(new))
    assert [(c.kind, c.place) for c in changes] == [
        ("time frame", "outcome 'sickness' › option 'tablet' › over"),
        ("time frame", "outcome 'sickness' › option 'nothing' › over"),
        ("text", "option 'nothing' › name"),
        ("text", "question 'effect' › option 'tablet' › text"),
    ]
    assert [c.numbers_changed for c in changes[2:]] == [False, True]


def test_items_are_matched_by_id_not_position(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: tablet")
    middle = text.index("  - id: nothing")
    end = text.index("questions:")
    path.write_text(
        text[:start] + text[middle:end] + text[start:middle] + text[end:], encoding="utf-8"
    )
    assert [o.id for o in load_pack(folder).content.options] == ["nothing", "tablet"]
    assert compare_packs(load_pack(MINIMAL), load_pack(folder)) == []


def test_translations_and_metadata(tmp_path: Path) -> None:
    old = shipped("psa-screening", tmp_path / "old")
    version = load_pack(old).meta.version
    new = edited(
        tmp_path / "new",
        {
            "pack.yaml": [(f"version: {version}", "version: 9.0.0")],
            "translations/cy.yaml": [("tua 5 allan o 1000", "tua 4 allan o 1000")],
        },
        base=SHIPPED / "psa-screening",
    )
    changes = compare_packs(load_pack(old), load_pack(new))
    assert [(c.kind, c.part, c.path) for c in changes] == [
        ("translation", "cy", ("strings", "options.psa-test.benefits.1")),
        ("other", "pack", ("version",)),
    ]
    assert changes[0].place == "cy › options.psa-test.benefits.1"
    assert changes[0].numbers_changed


def test_an_archive_compares_with_a_folder(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    archive = Path(shutil.make_archive(str(tmp_path / "minimal"), "zip", folder.parent, "minimal"))
    assert compare_packs(load_pack(archive), load_pack(folder)) == []


def test_a_removed_item_is_one_change(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    path = folder / "content.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("support:\n"), text.index("references:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    changes = compare_packs(load_pack(MINIMAL), load_pack(folder))
    assert [(c.kind, c.action, c.place, c.new) for c in changes] == [
        ("text", "removed", "support 'helpline'", None)
    ]
    assert changes[0].old is not None and "Test helpline" in changes[0].old
