"""The authors' pack commands: translations, bump, compare, review, new and import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from decision_aid.cli import main
from tests.conftest import MINIMAL

HEADER = "format_version: 1\nlocale: cy\nstatus: draft, not reviewed\nstrings:\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def welsh_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(
        HEADER + "  title: Pecyn prawf\n  decision: A ddylwn i gymryd y dabled?\n",
        encoding="utf-8",
    )
    return folder


def test_translations_lists_what_needs_work(
    capsys: pytest.CaptureFixture[str], welsh_pack: Path
) -> None:
    code, out, _ = run(capsys, "packs", "translations", str(welsh_pack), "--lang", "cy")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        "minimal, cy: 36 strings: 34 missing, 0 stale, 2 without a source hash, "
        "0 with other numbers, 0 current"
    )
    assert lines[1] == "missing: condition"
    assert "unchecked: title" in lines
    assert "  cy: Pecyn prawf" in lines


def test_translations_marks_current_then_json(
    capsys: pytest.CaptureFixture[str], welsh_pack: Path
) -> None:
    args = ("packs", "translations", str(welsh_pack), "--lang", "cy")
    code, out, _ = run(capsys, *args, "--mark-current", "title")
    assert (code, out) == (0, "cy: marked current: title\n")
    code, out, _ = run(capsys, *args, "--mark-current", "--all")
    assert (code, out) == (0, "cy: marked current: decision\n")
    code, out, _ = run(capsys, *args, "--json")
    entries = {e["path"]: e for e in json.loads(out)}
    assert entries["title"]["state"] == "current"
    assert entries["condition"]["state"] == "missing"


def test_translations_usage_errors(capsys: pytest.CaptureFixture[str], welsh_pack: Path) -> None:
    args = ("packs", "translations", str(welsh_pack), "--lang", "cy")
    assert run(capsys, *args, "--all")[0] == 2
    assert run(capsys, *args, "--mark-current")[0] == 2
    code, _, err = run(capsys, *args, "--mark-current", "nope")
    assert code == 1
    assert "'nope' names no text in the pack" in err
    assert "Traceback" not in err
