"""``decision-aid audit verify`` and ``audit show``: what they print and their exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid import audit
from decision_aid.cli import main
from tests.audit.support import lines, make_log, write_lines


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_an_intact_log_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    log = make_log(audit.default_log_path(), 5)
    code, out, err = run(capsys, "audit", "verify")
    assert (code, err) == (0, "")
    assert out.startswith(
        f"{log}: OK: 5 entries, their chain unbroken from the first to the last.\n"
        "Last entry: number 5, hash "
    )


def test_verify_names_the_first_broken_link_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    log = make_log(tmp_path / "copy" / "audit.jsonl", 8)
    found = lines(log)
    found[2], found[5] = found[5], found[2]
    write_lines(log, found)
    code, out, _err = run(capsys, "audit", "verify", "--log", log)
    assert code == 1
    assert out.splitlines()[:2] == [
        f"{log}: BROKEN at line 3.",
        "What is wrong: The entry is number 6, where number 3 was due: entries were "
        "removed, added or moved here.",
    ]
    assert out.splitlines()[2].startswith("What to do: Keep the log and its head file")
    assert out.splitlines()[3] == "The 2 entries before it hold."


def test_verify_a_log_cut_short_at_its_end(capsys: pytest.CaptureFixture[str]) -> None:
    log = make_log(audit.default_log_path(), 4)
    write_lines(log, lines(log)[:2])
    code, out, _err = run(capsys, "audit", "verify")
    assert code == 1
    assert out.splitlines()[0] == f"{log}: BROKEN at its end (after line 2)."
    assert "The log ends at entry 2, but its head file" in out


def test_verify_without_a_log_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "none.jsonl"
    code, out, err = run(capsys, "audit", "verify", "--log", missing)
    assert (code, out) == (2, "")
    assert err == f"There is no audit log at {missing}: nothing has been recorded there yet.\n"


def test_verify_a_log_that_is_a_folder_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(capsys, "audit", "verify", "--log", tmp_path)
    assert code == 2
    assert str(tmp_path) in err and "cannot be read" in err


def test_show_lists_every_entry_oldest_first(capsys: pytest.CaptureFixture[str]) -> None:
    audit.record("kiosk.idle_wipe")
    audit.record("record.verified", pdf_sha256="ab" * 32, signed=True, ok=False)
    code, out, err = run(capsys, "audit", "show")
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    assert first.startswith("     1  ") and first.endswith("Z  kiosk.idle_wipe")
    assert second.startswith("     2  ")
    assert second.endswith(f'record.verified  ok=false, pdf_sha256="{"ab" * 32}", signed=true')


def test_show_json_and_a_line_that_is_no_entry(capsys: pytest.CaptureFixture[str]) -> None:
    log = make_log(audit.default_log_path(), 2)
    write_lines(log, [*lines(log), b"not an entry\n"])
    code, out, _err = run(capsys, "audit", "show", "--json")
    assert code == 0
    shown = [json.loads(line) for line in out.splitlines()]
    assert [item["line"] for item in shown] == [1, 2, 3]
    assert shown[0]["seq"] == 1 and shown[0]["kind"] == "kiosk.idle_wipe"
    assert shown[2] == {"line": 3, "problem": "it is not a line of JSON"}
    code, out, _err = run(capsys, "audit", "show")
    assert out.splitlines()[-1] == "line 3: not an entry (it is not a line of JSON)"


def test_show_without_a_log_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "audit", "show")
    assert code == 2 and "There is no audit log" in err


def test_audit_alone_prints_its_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "audit")
    assert code == 2
    assert "verify" in out and "show" in out
