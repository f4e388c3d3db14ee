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
    assert entry.status(date(2026, 6, 1)) == "example — not clinically reviewed"
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
