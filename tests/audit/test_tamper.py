"""Tampering with the audit log, in every way the chain must catch: each is found, and the
first broken link is named by its line."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from decision_aid.audit.chain import canonical, make_entry
from decision_aid.audit.check import check_log
from decision_aid.audit.log import AuditLog, head_path
from tests.audit.support import HASH, lines, make_log, write_lines


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return make_log(tmp_path / "audit.jsonl", 10)


def test_an_untouched_log_verifies(log: Path) -> None:
    verdict = check_log(log)
    assert verdict.ok, verdict.broken
    assert verdict.entries == 10
    assert verdict.last is not None and verdict.last.seq == 10
    assert verdict.notes == []


@pytest.mark.parametrize("dropped", [1, 3, 9])
def test_dropping_the_last_lines_is_found(log: Path, dropped: int) -> None:
    write_lines(log, lines(log)[:-dropped])
    verdict = check_log(log)
    assert verdict.broken is not None
    assert verdict.broken.at_end
    assert verdict.broken.line == 11 - dropped
    assert f"ends at entry {10 - dropped}" in verdict.broken.problem
    assert "records entry 10" in verdict.broken.problem
    assert "evidence" in verdict.broken.fix


def test_dropping_every_line_is_found(log: Path) -> None:
    log.write_bytes(b"")
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.at_end
    assert "ends at entry 0" in verdict.broken.problem


def test_removing_the_log_is_found(log: Path) -> None:
    log.unlink()
    verdict = check_log(log)
    assert verdict.broken is not None
    assert "The log is missing" in verdict.broken.problem
    assert "10 entries" in verdict.broken.problem


@pytest.mark.parametrize("keep", [7, 100, 200])
def test_a_line_cut_mid_way_is_found(log: Path, keep: int) -> None:
    found = lines(log)
    write_lines(log, [*found[:-1], found[-1][:keep]])
    verdict = check_log(log)
    assert verdict.broken is not None
    assert verdict.broken.line == 10
    assert "cut short" in verdict.broken.problem
    assert "power cut" in verdict.broken.fix


def test_a_middle_line_cut_mid_way_is_found(log: Path) -> None:
    found = lines(log)
    found[4] = found[4][:50] + b"\n"
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None
    assert verdict.broken.line == 5
    assert "not an audit entry" in verdict.broken.problem


def test_one_field_changed_is_found(log: Path) -> None:
    found = lines(log)
    assert b'"signed":true' in found[4]
    found[4] = found[4].replace(b'"signed":true', b'"signed":false')
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None
    assert verdict.broken.line == 5
    assert "changed after it was written" in verdict.broken.problem
    assert verdict.entries == 4


def test_a_changed_time_is_found(log: Path) -> None:
    found = lines(log)
    entry = json.loads(found[2])
    entry["time"] = "2020-01-01T00:00:00.000Z"
    found[2] = canonical(entry) + b"\n"
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 3
    assert "changed after it was written" in verdict.broken.problem


def test_a_changed_entry_with_its_hash_made_again_breaks_the_next_link(log: Path) -> None:
    found = lines(log)
    entry = json.loads(found[4])
    forged = make_entry(
        entry["seq"], entry["time"], entry["kind"], {**entry["fields"], "ok": False}, entry["prev"]
    )
    found[4] = forged.line()
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None
    assert verdict.broken.line == 6
    assert "does not follow on from the one before it" in verdict.broken.problem


def test_two_lines_swapped_are_found(log: Path) -> None:
    found = lines(log)
    found[3], found[6] = found[6], found[3]
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None
    assert verdict.broken.line == 4
    assert "number 7, where number 4 was due" in verdict.broken.problem


def test_two_neighbours_swapped_are_found(log: Path) -> None:
    found = lines(log)
    found[0], found[1] = found[1], found[0]
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 1
    assert "number 2, where number 1 was due" in verdict.broken.problem


def test_a_middle_line_deleted_is_found(log: Path) -> None:
    found = lines(log)
    del found[5]
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None
    assert verdict.broken.line == 6
    assert "number 7, where number 6 was due" in verdict.broken.problem
    assert verdict.entries == 5


def test_the_first_line_deleted_is_found(log: Path) -> None:
    write_lines(log, lines(log)[1:])
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 1
    assert "number 2, where number 1 was due" in verdict.broken.problem


def test_a_forged_line_inserted_is_found(log: Path) -> None:
    found = lines(log)
    forged = json.loads(found[3])
    forged["fields"] = {"pdf_sha256": "cd" * 32, "signed": True, "ok": True}
    found.insert(4, canonical(forged) + b"\n")
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 5
    assert "changed after it was written" in verdict.broken.problem


def test_a_well_made_forged_line_inserted_breaks_the_line_after_it(log: Path) -> None:
    """A forger who numbers and links the inserted line properly, and hashes it: the
    original line after it no longer follows on."""
    found = lines(log)
    before = json.loads(found[3])
    forged = make_entry(
        before["seq"] + 1,
        before["time"],
        "record.verified",
        {"pdf_sha256": "cd" * 32, "signed": True, "ok": True},
        before["hash"],
    )
    found.insert(4, forged.line())
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 6
    assert "number 5, where number 6 was due" in verdict.broken.problem


def test_a_forged_line_appended_with_a_made_up_hash_is_found(log: Path) -> None:
    last = json.loads(lines(log)[-1])
    forged = {**last, "seq": 11, "prev": last["hash"], "hash": "ef" * 32}
    with log.open("ab") as handle:
        handle.write(canonical(forged) + b"\n")
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 11
    assert "changed after it was written" in verdict.broken.problem


def test_a_line_of_something_else_is_found(log: Path) -> None:
    found = lines(log)
    found.insert(2, b"patient: nobody\n")
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 3
    assert "not a line of JSON" in verdict.broken.problem


def test_an_entry_with_a_name_twice_is_found(log: Path) -> None:
    found = lines(log)
    found[1] = found[1].replace(b'{"fields"', b'{"kind":"kiosk.idle_wipe","fields"', 1)
    write_lines(log, found)
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 2
    assert "appears twice" in verdict.broken.problem


def test_the_head_file_removed_is_found(log: Path) -> None:
    head_path(log).unlink()
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.at_end
    assert "head file" in verdict.broken.problem and "is missing" in verdict.broken.problem


def test_a_damaged_head_file_is_found(log: Path) -> None:
    head_path(log).write_text("{}", encoding="utf-8")
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.at_end
    assert "is damaged" in verdict.broken.problem


def test_a_log_and_head_replaced_by_another_chain_is_found(tmp_path: Path, log: Path) -> None:
    """The log of another computer (or a rewritten one) put in place, the head kept."""
    other = make_log(tmp_path / "other" / "audit.jsonl", 10)
    log.write_bytes(other.read_bytes())
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.at_end
    assert "Entry 10 is not the entry the head file" in verdict.broken.problem


def test_a_crash_mid_write_is_noted_by_the_next_append_and_then_verifies(log: Path) -> None:
    """The app stopped while writing entry 11: its head still says 10."""
    entry = make_entry(11, "2026-12-04T09:30:00.000Z", "kiosk.idle_wipe", {}, "00" * 32)
    cut = entry.line()[:40]
    with log.open("ab") as handle:
        handle.write(cut)
    assert not check_log(log).ok
    written, problem = AuditLog(log).append("kiosk.idle_wipe", {})
    assert problem is None
    assert written.seq == 12
    verdict = check_log(log)
    assert verdict.ok, verdict.broken
    assert verdict.notes == [
        "Line 11 was cut short when decision-aid or the computer stopped while writing it; "
        "the app noted it on line 12."
    ]
    torn = json.loads(lines(log)[11])
    assert torn["kind"] == "audit.torn"
    assert torn["fields"] == {
        "line": 11,
        "bytes": 40,
        "sha256": hashlib.sha256(cut).hexdigest(),
    }


def test_lines_cut_off_then_an_append_leave_the_gap_on_record(log: Path) -> None:
    write_lines(log, lines(log)[:6])
    AuditLog(log).append("kiosk.idle_wipe", {})
    AuditLog(log).append("kiosk.idle_wipe", {})
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 7
    assert "ended at entry 6 but its head file recorded entry 10" in verdict.broken.problem


def test_a_cut_entry_followed_by_an_append_leaves_the_gap_on_record(log: Path) -> None:
    """Cutting into the last whole entry is not a crash: the head recorded that entry."""
    found = lines(log)
    write_lines(log, [*found[:-1], found[-1][:30]])
    AuditLog(log).append("kiosk.idle_wipe", {})
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 12
    assert "ended at entry 9 but its head file recorded entry 10" in verdict.broken.problem


def test_a_removed_head_is_left_on_record_by_the_next_append(log: Path) -> None:
    head_path(log).unlink()
    AuditLog(log).append("kiosk.idle_wipe", {})
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 11
    assert "head file was missing or damaged" in verdict.broken.problem


def test_a_removed_log_is_left_on_record_by_the_next_append(log: Path) -> None:
    log.unlink()
    AuditLog(log).append("kiosk.idle_wipe", {})
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 1
    assert "ended at entry 0 but its head file recorded entry 10" in verdict.broken.problem


def test_a_torn_note_about_a_whole_line_is_found(log: Path) -> None:
    last = json.loads(lines(log)[-1])
    forged = make_entry(
        11, last["time"], "audit.torn", {"line": 10, "bytes": 5, "sha256": HASH}, last["hash"]
    )
    with log.open("ab") as handle:
        handle.write(forged.line())
    verdict = check_log(log)
    assert verdict.broken is not None and verdict.broken.line == 11
    assert "but that line is whole" in verdict.broken.problem


def test_a_head_behind_the_log_is_a_note_not_a_break(log: Path) -> None:
    """The head could not be updated after the last two appends (a full disk, say)."""
    found = lines(log)
    entry = json.loads(found[7])
    head_path(log).write_text(
        json.dumps({"format": 1, "seq": 8, "hash": entry["hash"]}), encoding="utf-8"
    )
    verdict = check_log(log)
    assert verdict.ok, verdict.broken
    assert verdict.notes == [
        "The head file is 2 entries behind the log (it could not be updated then); the next "
        "event brings it up to date."
    ]


def test_the_first_entry_without_its_head_is_expected(tmp_path: Path) -> None:
    """The app stopped after writing the very first entry and before its head."""
    log = make_log(tmp_path / "audit.jsonl", 1)
    head_path(log).unlink()
    assert check_log(log).ok
