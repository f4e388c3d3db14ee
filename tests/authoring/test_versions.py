"""Raising a pack's version with a changelog entry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.review import record_sign_off
from decision_aid.authoring.versions import bump_version, next_version
from decision_aid.content.loader import load_pack
from tests.authoring.support import SHIPPED_IDS, changed_lines, copy_pack, shipped
from tests.conftest import MINIMAL

DAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("part", "expected"), [("major", "2.0.0"), ("minor", "1.3.0"), ("patch", "1.2.4")]
)
def test_next_version(part: str, expected: str) -> None:
    assert next_version("1.2.3", part) == expected  # type: ignore[arg-type]
    assert next_version("1.9.9", "minor") == "1.10.0"


@pytest.mark.parametrize("pack_id", SHIPPED_IDS)
def test_a_bump_changes_the_version_line_and_adds_the_entry(pack_id: str, tmp_path: Path) -> None:
    folder = shipped(pack_id, tmp_path)
    before = (folder / "pack.yaml").read_text(encoding="utf-8")
    old = load_pack(folder).meta.version
    earlier = len(load_pack(folder).meta.changelog)  # the shipped packs have one by now
    bump = bump_version(load_pack(folder), "minor", ["New figures.", "Welsh checked."], DAY)
    assert (bump.old, bump.new, bump.back_to_example) == (old, next_version(old, "minor"), False)
    after = (folder / "pack.yaml").read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        f"-version: {old}",
        f"+version: {bump.new}",
        *([] if earlier else ["+changelog:"]),
        f"+  - version: {bump.new}",
        "+    date: 2026-12-06",
        "+    changes:",
        "+      - New figures.",
        "+      - Welsh checked.",
    ]
    meta = load_pack(folder).meta
    assert meta.version == bump.new
    assert meta.changelog[-1].changes == ("New figures.", "Welsh checked.")
    assert len(meta.changelog) == earlier + 1


def test_a_second_bump_appends_to_the_changelog(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    bump_version(load_pack(folder), "patch", ["First fix."], DAY)
    bump_version(load_pack(folder), "major", ["New evidence."], date(2026, 12, 7))
    meta = load_pack(folder).meta
    assert meta.version == "1.0.0"
    assert [e.version for e in meta.changelog] == ["0.1.1", "1.0.0"]


def test_a_reviewed_pack_goes_back_to_example(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    record_sign_off(
        load_pack(folder), role="clinician", name="Dr A", interests="None declared.", day=DAY
    )
    assert load_pack(folder).meta.review.status == "reviewed"
    bump = bump_version(load_pack(folder), "minor", ["Changed a figure."], DAY)
    assert bump.back_to_example
    meta = load_pack(folder).meta
    assert meta.review.status == "example"
    assert meta.review.reviewer is None and meta.review.date is None
    assert meta.reviewers[0].name == "Dr A"


@pytest.mark.parametrize(
    ("notes", "where"), [([], "--note"), (["  "], "--note"), (["ok", ""], "--note")]
)
def test_a_bump_says_what_changed(tmp_path: Path, notes: list[str], where: str) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    before = (folder / "pack.yaml").read_bytes()
    with pytest.raises(AuthoringError, match="say what changed") as caught:
        bump_version(load_pack(folder), "minor", notes, DAY)
    assert caught.value.where == where
    assert (folder / "pack.yaml").read_bytes() == before


def test_a_version_already_in_the_changelog_is_refused(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    path = folder / "pack.yaml"
    path.write_text(
        path.read_text()
        + "changelog:\n  - version: 0.2.0\n    date: 2026-01-01\n    changes: [Planned.]\n",
        encoding="utf-8",
    )
    with pytest.raises(AuthoringError, match=r"already has an entry for version 0\.2\.0"):
        bump_version(load_pack(folder), "minor", ["Again."], DAY)


def test_a_file_whose_layout_cannot_be_kept_is_not_rewritten(tmp_path: Path) -> None:
    folder = copy_pack(MINIMAL, tmp_path)
    path = folder / "pack.yaml"
    text = path.read_text().replace(
        "  - name: Test Author\n    role: author", "  -   name: Test Author\n      role: author"
    )
    text = text.replace(
        "    credentials: none\n    competing_interests",
        "      credentials: none\n      competing_interests",
    )
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(AuthoringError, match="indentation is not one this tool can keep"):
        bump_version(load_pack(folder), "minor", ["Changed."], DAY)
    assert path.read_bytes() == before
