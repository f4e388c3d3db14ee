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


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "work" / "minimal"
    shutil.copytree(MINIMAL, folder)
    return folder


def test_review_then_bump_then_compare(capsys: pytest.CaptureFixture[str], pack: Path) -> None:
    code, out, _ = run(
        capsys,
        "packs",
        "review",
        str(pack),
        "--role",
        "clinician",
        "--name",
        "Dr A. Example",
        "--interests",
        "None declared.",
        "--date",
        "2026-12-05",
    )
    assert code == 0
    assert out.startswith("Dr A. Example (clinician) signed off minimal 0.1.0 on 2026-12-05, ")
    assert "now marked clinically reviewed" in out
    code, out, _ = run(capsys, "packs", "validate", str(pack))
    assert code == 0
    code, out, _ = run(
        capsys, "packs", "bump", str(pack), "--part", "minor", "--note", "Figure updated."
    )
    assert code == 0
    assert out.splitlines() == [
        "minimal: version 0.1.0 → 0.2.0, with its changelog entry",
        "The review status is 'example' again: version 0.2.0 needs a clinician's sign-off "
        "(decision-aid packs review).",
    ]
    code, out, _ = run(capsys, "packs", "compare", str(MINIMAL), str(pack))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "minimal 0.1.0 → minimal 0.2.0: 3 changes"
    assert "other: version: 0.1.0 → 0.2.0" in lines
    code, out, _ = run(capsys, "packs", "compare", str(MINIMAL), str(pack), "--json")
    changes = json.loads(out)
    assert {c["kind"] for c in changes} == {"other"}
    assert changes[0]["path"] == ["version"]


def test_compare_prints_figures_first(capsys: pytest.CaptureFixture[str], pack: Path) -> None:
    content = pack / "content.yaml"
    content.write_text(
        content.read_text().replace("tablet: {count: 10,", "tablet: {count: 12,"), encoding="utf-8"
    )
    code, out, _ = run(capsys, "packs", "compare", str(MINIMAL), str(pack))
    assert code == 0
    assert out.splitlines()[1] == "figure: outcome 'sickness' › option 'tablet' › count: 10 → 12"


def test_authoring_errors_are_said_plainly(capsys: pytest.CaptureFixture[str], pack: Path) -> None:
    code, _, err = run(
        capsys,
        "packs",
        "review",
        str(pack),
        "--role",
        "clinician",
        "--name",
        " ",
        "--interests",
        "None declared.",
    )
    assert code == 1
    assert err.startswith("--name: give a value")
    code, _, err = run(capsys, "packs", "compare", str(pack), str(pack.parent / "nope"))
    assert code == 1
    assert "no such file or folder" in err
    with pytest.raises(SystemExit) as caught:
        main(["packs", "bump", str(pack), "--part", "huge", "--note", "x"])
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_new_writes_a_pack_that_validates(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_dir = tmp_path / "my-packs"
    code, out, _ = run(
        capsys, "packs", "new", "falls", "--title", "Preventing falls", "--out", str(out_dir)
    )
    assert code == 0
    assert out.splitlines()[0] == f"Wrote {out_dir / 'falls'}"
    code, out, _ = run(capsys, "packs", "validate", str(out_dir / "falls"))
    assert code == 0
    code, _, err = run(
        capsys, "packs", "new", "falls", "--title", "Preventing falls", "--out", str(out_dir)
    )
    assert code == 1
    assert "already exists" in err


def test_import_reads_a_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheet = tmp_path / "grid.csv"
    sheet.write_text(
        "Question,Exercise,Surgery\nWhat does it involve?,Classes.,An operation.\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys, "packs", "import", str(sheet), "--id", "knee", "--out", str(tmp_path / "out")
    )
    assert code == 0
    assert out.splitlines()[0] == f"Read 2 options and 1 question from {sheet}."
    code, _, _ = run(capsys, "packs", "validate", str(tmp_path / "out" / "knee"))
    assert code == 0


def test_import_names_the_bad_cell(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheet = tmp_path / "grid.csv"
    sheet.write_text("Question,Exercise,Surgery\nWhat does it involve?,Classes.\n", "utf-8")
    code, _, err = run(
        capsys, "packs", "import", str(sheet), "--id", "knee", "--out", str(tmp_path / "out")
    )
    assert code == 1
    assert err.startswith(f"{sheet}, row 2, column C: the answer for 'Surgery' is missing")
    assert not (tmp_path / "out" / "knee").exists()
