"""The command line: exit codes and output of the pack commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from decision_aid.cli import main
from tests.conftest import FIXTURES, MINIMAL, ROOT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "validate", str(MINIMAL))
    assert code == 0
    assert "valid" in out and "1 pack checked, 0 invalid." in out


def test_validate_invalid_names_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "validate", str(MINIMAL), str(FIXTURES / "invalid"))
    assert code == 1
    assert "count-above-denominator/content.yaml:49: outcomes[1].figures.tablet.count:" in out
    assert "Traceback" not in out


def test_validate_missing_path_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "packs", "validate", "/no/such/pack")
    assert code == 2
    assert "no such file or folder" in err


@pytest.mark.parametrize("command", ["validate", "lint", "hash", "info", "verify", "list"])
def test_a_path_too_long_to_look_up_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    """A name longer than the system allows (ENAMETOOLONG from every look-up) used to stop
    the pack commands on an unexpected problem (exit 3)."""
    code, _, err = run(capsys, "packs", command, str(tmp_path / ("x" * 300)))
    # 'list' reports an empty library (no pack found there) with 1, naming the folder.
    assert code in ((1, 2) if command == "list" else (0, 2)), err
    assert "unexpected" not in err
    if command != "list":
        assert "no such file or folder" in err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["packs", "validate"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["packs", "lint", str(MINIMAL), "--today", "yesterday"])
    assert caught.value.code == 2


def test_lint_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "lint", str(MINIMAL), "--today", "2026-06-01")
    assert code == 0, out
    assert "0 errors" in out
    code, out, _ = run(capsys, "packs", "lint", str(MINIMAL), "--today", "2030-01-01")
    assert code == 1
    assert "expired" in out.lower()


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "schema")
    assert code == 0
    schema = json.loads(out)
    assert set(schema["$defs"]) == {"pack.yaml", "content.yaml", "translations/<locale>.yaml"}


def test_list_lines_start_with_id(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "packs", "list", str(MINIMAL), "--today", "2026-06-01")
    assert code == 0
    assert out.splitlines() == [
        "minimal\t0.1.0\tTest pack\ten\t"
        "example — not clinically reviewed; unverified content: not signed"
    ]


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "list", "--json", str(FIXTURES / "packs"))
    assert code == 0
    [entry] = json.loads(out)
    assert entry["id"] == "minimal" and entry["version"] == "0.1.0"
    assert entry["languages"] == ["en"]


def test_list_default_shows_shipped_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "list", "--json")
    assert code == 0
    ids = {e["id"] for e in json.loads(out)}
    shipped = {p.name for p in (ROOT / "option_grids").iterdir() if p.is_dir()}
    assert shipped <= ids


def test_strings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "strings", str(MINIMAL))
    assert code == 0
    assert json.loads(out)["options.tablet.name"] == "Take the tablet"


def test_unexpected_error_gives_message_not_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(_args: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("decision_aid.cli.packs._schema", boom)
    code, _, err = run(capsys, "packs", "schema")
    assert code == 3
    assert "disk on fire" in err and "Traceback" not in err
    log = Path(err.strip().rsplit("Details: ", 1)[1])
    assert "RuntimeError" in log.read_text()


def test_gui_without_display_explains(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "decision_aid", "--packs", str(MINIMAL)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "No display found" in result.stderr


def test_console_entry_flushes_output_and_exit_code(tmp_path: Path) -> None:
    """The entry point ends commands with os._exit; output and exit codes survive it."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    listed = subprocess.run(
        [sys.executable, "-m", "decision_aid", "packs", "list", "--json", str(MINIMAL)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert listed.returncode == 0
    assert json.loads(listed.stdout)[0]["id"] == "minimal"
    missing = subprocess.run(
        [sys.executable, "-m", "decision_aid", "packs", "validate", "/no/such/pack"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2 and "no such file or folder" in missing.stderr


def test_global_packs_option_composes_with_commands(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``--packs DIR`` comes before the command, as in git, and never swallows it."""
    for args in (
        ["--packs", str(FIXTURES / "packs"), "packs", "list", "--json"],
        [f"--packs={FIXTURES / 'packs'}", "packs", "list", "--json"],
        ["--packs", str(tmp_path), "--packs", str(FIXTURES / "packs"), "packs", "list", "--json"],
    ):
        code, out, _ = run(capsys, *args)
        assert code == 0, args
        assert [e["id"] for e in json.loads(out)] == ["minimal"], args


def test_packs_list_path_wins_over_the_global_folders(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--packs", str(ROOT / "option_grids"), "packs", "list", str(MINIMAL))
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["minimal"]


def test_keys_init_refuses_an_absurd_validity(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["keys", "init", "--out", "x.p12", "--name", "X", "--days", "99999999"])
    assert caught.value.code == 2
    assert "between 1 and 3650 days" in capsys.readouterr().err


def test_global_packs_option_never_swallows_a_command() -> None:
    from decision_aid.cli import build_parser

    args = build_parser().parse_args(["--packs", "somewhere", "report", "verify", "record.pdf"])
    assert args.pack_dirs == [Path("somewhere")] and args.file == Path("record.pdf")
    args = build_parser().parse_args(["--packs", "a", "--packs", "b"])
    assert args.pack_dirs == [Path("a"), Path("b")]


def test_list_reports_duplicates_and_the_copy_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import shutil

    for folder, version in (("user", "0.0.1"), ("shipped", "0.2.0")):
        target = tmp_path / folder / "minimal"
        shutil.copytree(MINIMAL, target)
        meta = target / "pack.yaml"
        meta.write_text(meta.read_text().replace("version: 0.1.0", f"version: {version}"))
    user, shipped = tmp_path / "user", tmp_path / "shipped"
    code, out, err = run(capsys, "packs", "list", str(user), str(shipped), "--today", "2026-06-01")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("minimal\t0.2.0\t") and "used; other copies not used: 1" in lines[0]
    assert lines[1].startswith("minimal\t0.0.1\t") and "duplicate, not used" in lines[1]
    assert "Duplicate pack id 'minimal': version 0.2.0" in err and "highest version" in err
    assert f"not used: version 0.0.1 in {user / 'minimal'}" in err
    code, out, err = run(capsys, "packs", "list", "--json", str(user), str(shipped))
    data = json.loads(out)
    assert [(d["version"], d["used"]) for d in data] == [("0.2.0", True), ("0.0.1", False)]
    assert data[1]["used_instead"] == str(shipped / "minimal")
    assert data[0]["duplicates"] == [{"path": str(user / "minimal"), "version": "0.0.1"}]
    assert "Duplicate pack id" in err


def test_hash_prints_id_version_and_content_hash(capsys: pytest.CaptureFixture[str]) -> None:
    """A session file needs the pack's content hash; only Python could compute it."""
    from decision_aid.content.loader import load_pack

    code, out, _ = run(capsys, "packs", "hash", str(MINIMAL))
    assert code == 0
    expected = load_pack(MINIMAL).content_hash
    assert out.splitlines() == [f"minimal\t0.1.0\t{expected}\t{MINIMAL}"]
    code, out, _ = run(capsys, "packs", "hash", "--json", str(MINIMAL))
    assert json.loads(out) == [
        {"id": "minimal", "version": "0.1.0", "content_hash": expected, "path": str(MINIMAL)}
    ]
    code, info, _ = run(capsys, "packs", "info", str(MINIMAL))
    assert code == 0 and info.splitlines() == [f"minimal\t0.1.0\t{expected}\t{MINIMAL}"]


def test_hash_of_an_invalid_pack_says_why(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "packs", "hash", str(FIXTURES / "invalid" / "wrong-type"))
    assert code == 1
    assert out == ""
    assert "INVALID" in err and "expected a whole number" in err
    code, _, _ = run(capsys, "packs", "hash", "/no/such/pack")
    assert code == 2


def test_lint_says_which_ipdas_criteria_are_present(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "lint", str(MINIMAL), "--today", "2026-06-01")
    assert code == 0
    assert f"{MINIMAL}: 0 errors, 0 warnings, 0 kept on purpose" in out
    assert "IPDAS: 12 of 12 criteria present" in out
    assert "whether they meet the standard is for a reviewer to judge" in out
    assert " met" not in out


def test_lint_counts_the_warnings_kept_on_purpose(capsys: pytest.CaptureFixture[str]) -> None:
    kept = FIXTURES / "lint" / "harms-only-kept"
    code, out, _ = run(capsys, "packs", "lint", str(kept), "--today", "2026-06-01", "-v")
    assert code == 0
    assert "0 errors, 0 warnings, 1 kept on purpose" in out
    assert "info: kept on purpose (Both tests find the same number of cancers" in out
    kept_line = next(line for line in out.splitlines() if "kept on purpose (" in line)
    assert kept_line.endswith("[ipdas.C1]"), "the rule is printed, as an exception names it"


def test_list_of_an_empty_folder_says_so_and_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "packs", "list", "--json", str(tmp_path))
    assert code == 1
    assert json.loads(out) == []
    assert f"No pack found in: {tmp_path}" in err
