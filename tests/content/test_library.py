"""The library index reads metadata only, and one bad pack never hides the others."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.library import build_index, default_pack_dirs, pack_paths
from tests.conftest import FIXTURES, MINIMAL


def test_bad_packs_do_not_stop_good_ones(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    for name in ("alias-bomb", "missing-funding", "dotdot-entry.zip", "id-mismatch"):
        source = FIXTURES / "invalid" / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    entries = build_index([tmp_path])
    assert [e.id for e in entries if e.valid] == ["minimal"]
    invalid = [e for e in entries if not e.valid]
    assert len(invalid) == 4
    assert all(e.problems and e.status(date(2026, 6, 1)) == "invalid" for e in invalid)
    assert entries[0].valid  # valid packs first


def test_status_reflects_dates_and_review() -> None:
    [entry] = build_index([MINIMAL])
    assert entry.status(date(2026, 6, 1)) == (
        "example — not clinically reviewed; unverified content: not signed"
    )
    assert entry.status(date(2027, 6, 1)).startswith("review overdue since 2027-01-10")
    assert entry.status(date(2028, 6, 1)).startswith("expired 2028-01-10")
    assert entry.expired(date(2028, 6, 1))


def test_opening_a_broken_content_file_marks_the_entry_invalid(make_pack) -> None:
    folder = make_pack()
    (folder / "content.yaml").write_text("options: 3\n")
    [entry] = build_index([folder])
    assert entry.valid  # metadata alone is fine
    with pytest.raises(PackError):
        entry.open()
    assert not entry.valid
    assert entry.problems[0].file.endswith("content.yaml")


def test_hidden_and_stray_files_are_skipped(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("notes")
    assert [p.name for p in pack_paths([tmp_path])] == ["minimal"]


def test_default_dirs_include_shipped_user_and_env(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DECISION_AID_PACKS", str(tmp_path))
    dirs = default_pack_dirs()
    assert dirs[0].name == "option_grids"
    assert "decision-aid" in str(dirs[1])
    assert dirs[-1] == tmp_path


def test_to_json_fields() -> None:
    [entry] = build_index([MINIMAL])
    data = entry.to_json(date(2026, 6, 1))
    assert data["id"] == "minimal"
    assert data["languages"] == ["en"]
    assert data["valid"] is True


# -- copies of one pack id ------------------------------------------------------------------


def copy_of(folder: Path, version: str, title: str) -> Path:
    """The minimal pack in ``folder``, with this version and title."""
    target = folder / "minimal"
    shutil.copytree(MINIMAL, target)
    meta = target / "pack.yaml"
    text = meta.read_text().replace("version: 0.1.0", f"version: {version}", 1)
    meta.write_text(text.replace("title: Test pack", f"title: {title}", 1))
    return target


@pytest.mark.parametrize("older_first", [True, False])
def test_the_highest_version_is_used_whatever_the_title_or_folder_order(
    tmp_path: Path, older_first: bool
) -> None:
    from decision_aid.content.library import used_entry

    shipped = copy_of(tmp_path / "shipped", "1.0.0", "Zebra, the shipped pack")
    user = copy_of(tmp_path / "user", "0.0.1", "Aardvark, an older copy")
    roots = [user.parent, shipped.parent] if older_first else [shipped.parent, user.parent]
    entries = build_index(roots)
    used = used_entry(entries, "minimal")
    assert used is not None and used.path == shipped and used.meta is not None
    assert used.meta.version == "1.0.0"
    [older] = [e for e in entries if e.path == user]
    assert not older.used and older.used_instead is used and used.duplicates == [older]
    assert [e.path for e in entries] == [shipped, user]  # together, the used one first
    day = date(2026, 6, 1)
    assert older.status(day).startswith(f"duplicate, not used: version 1.0.0 in {shipped}")
    assert used.status(day).startswith("used; other copies not used: 1")
    data = older.to_json(day)
    assert data["used"] is False and data["used_instead"] == str(shipped)
    assert used.to_json(day)["duplicates"] == [{"path": str(user), "version": "0.0.1"}]


def test_equal_versions_the_folder_searched_first_wins(tmp_path: Path) -> None:
    from decision_aid.content.library import used_entry

    first = copy_of(tmp_path / "b-first", "1.0.0", "Zz")
    second = copy_of(tmp_path / "a-second", "1.0.0", "Aa")
    used = used_entry(build_index([first.parent, second.parent]), "minimal")
    assert used is not None and used.path == first
    used = used_entry(build_index([second.parent, first.parent]), "minimal")
    assert used is not None and used.path == second


def test_versions_compare_as_numbers() -> None:
    from decision_aid.content.library import version_key

    assert version_key("1.10.0") > version_key("1.9.0")
    assert version_key("2.0.0") > version_key("1.99.99")
    assert version_key("1.0.0") == version_key("01.0.0")
    huge = "9" * 5000 + ".0.0"  # more digits than int() accepts: compared without it
    assert version_key(huge) > version_key("8" * 5000 + ".0.0") > version_key("1.0.0")


def test_an_invalid_copy_never_hides_a_valid_one(tmp_path: Path) -> None:
    from decision_aid.content.library import mark_duplicates, used_entry

    newer = copy_of(tmp_path / "one", "2.0.0", "New")
    older = copy_of(tmp_path / "two", "1.0.0", "Old")
    (newer / "content.yaml").write_text("options: 3\n")
    entries = build_index([newer.parent, older.parent])
    used = used_entry(entries, "minimal")
    assert used is not None and used.path == newer  # metadata alone is fine
    with pytest.raises(PackError):
        used.open()
    mark_duplicates(entries)
    used = used_entry(entries, "minimal")
    assert used is not None and used.path == older


def test_paths_that_cannot_be_looked_up_are_no_packs_and_no_crash(tmp_path: Path) -> None:
    """A root whose name is too long for the system, and a folder whose pack.yaml is a
    link to such a name: listing never raises, and the link is refused when loaded."""
    from decision_aid.content.library import is_pack
    from decision_aid.content.loader import load_pack

    too_long = tmp_path / ("x" * 300)
    assert not is_pack(too_long)
    assert pack_paths([too_long]) == []
    with pytest.raises(PackError, match="cannot read"):
        load_pack(too_long)
    linked = tmp_path / "linked"
    shutil.copytree(MINIMAL, linked)
    (linked / "pack.yaml").unlink()
    (linked / "pack.yaml").symlink_to("y" * 300)
    assert is_pack(linked) and pack_paths([linked]) == [linked]
    with pytest.raises(PackError, match="links are not allowed"):
        load_pack(linked)
