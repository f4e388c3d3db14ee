"""Appending: one chain whoever appends at once, a file only its owner reads, and a
failure to write that never stops the work (except for a signed record's entry)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from decision_aid import audit
from decision_aid.audit.check import check_log
from decision_aid.audit.log import AuditError, AuditLog, head_path, lock_path
from tests.audit.support import kinds, make_log
from tests.conftest import ROOT

APPENDER = """
import sys
from pathlib import Path
from decision_aid.audit.log import AuditLog
log = AuditLog(Path(sys.argv[1]))
for number in range(int(sys.argv[2])):
    log.append("record.verified", {"signed": False, "ok": number % 2 == 0})
"""


def test_two_processes_appending_at_once_keep_one_chain(tmp_path: Path) -> None:
    log = tmp_path / "state" / "audit.jsonl"
    each = 60
    workers = [
        subprocess.Popen([sys.executable, "-c", APPENDER, str(log), str(each)], cwd=ROOT)
        for _ in range(4)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]
    verdict = check_log(log)
    assert verdict.ok, verdict.broken
    assert verdict.entries == 4 * each


def test_threads_appending_at_once_keep_one_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.jsonl")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(25):
                log.append("kiosk.idle_wipe", {})
        except BaseException as exc:  # pragma: no cover - what the test looks for
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    verdict = check_log(log.path)
    assert verdict.ok and verdict.entries == 100


def test_the_log_and_its_head_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    log = make_log(tmp_path / "state" / "audit.jsonl", 2)
    for path in (log, head_path(log)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_a_link_in_place_of_the_log_is_never_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not the log\n", encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    log.symlink_to(elsewhere)
    with pytest.raises(AuditError, match="could not be written"):
        AuditLog(log).append("kiosk.idle_wipe", {})
    assert elsewhere.read_text(encoding="utf-8") == "not the log\n"


def test_a_link_in_place_of_the_lock_is_never_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("kept\n", encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    lock_path(log).symlink_to(elsewhere)
    with pytest.raises(AuditError, match="could not be written"):
        AuditLog(log).append("kiosk.idle_wipe", {})
    assert elsewhere.read_text(encoding="utf-8") == "kept\n"


def test_a_folder_in_place_of_the_log_is_refused(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    log.mkdir()
    with pytest.raises(AuditError, match=str(log)):
        AuditLog(log).append("kiosk.idle_wipe", {})


@pytest.fixture
def unwritable_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The state folder is a file: nothing can be written under it."""
    blocker = tmp_path / "state-is-a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    return blocker


def test_a_log_that_cannot_be_written_is_reported_once_and_the_work_goes_on(
    unwritable_state: Path,
) -> None:
    told: list[str] = []
    audit.set_reporter(told.append)
    try:
        audit.record("kiosk.idle_wipe")
        audit.record("kiosk.idle_wipe")
    finally:
        audit.reset()
    assert len(told) == 1
    assert str(audit.default_log_path()) in told[0]
    assert "could not be written" in told[0]
    assert "Free some disk space or fix the folder's permissions" in told[0]
    assert "Your work is not affected" in told[0]


def test_the_report_comes_again_after_the_log_worked_in_between(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[str] = []
    audit.set_reporter(told.append)
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    try:
        monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
        audit.record("kiosk.idle_wipe")
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
        audit.record("kiosk.idle_wipe")
        monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
        audit.record("kiosk.idle_wipe")
    finally:
        audit.reset()
    assert len(told) == 2


def test_by_default_the_report_goes_to_the_standard_error(
    unwritable_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audit.record("kiosk.idle_wipe")
    assert "decision-aid: The audit log" in capsys.readouterr().err


def test_strict_raises_instead(unwritable_state: Path) -> None:
    with pytest.raises(AuditError, match="could not be written"):
        audit.record("kiosk.idle_wipe", strict=True)


def test_a_head_that_cannot_be_updated_is_reported_and_the_entry_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    audit.record("kiosk.idle_wipe")
    head = head_path(audit.default_log_path())
    head.unlink()
    head.mkdir()  # the head cannot be replaced now
    told: list[str] = []
    audit.set_reporter(told.append)
    try:
        audit.record("kiosk.idle_wipe", strict=True)
    finally:
        audit.reset()
    assert kinds() == ["kiosk.idle_wipe", "audit.gap", "kiosk.idle_wipe"]
    assert len(told) == 1 and "head file" in told[0]


def test_an_unknown_event_or_field_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown audit event"):
        audit.record("patient.named")
    with pytest.raises(ValueError, match="has no field 'answers'"):
        audit.record("consultation.finished", answers="yes")
    assert kinds() == []


def test_a_value_that_is_not_of_its_field_s_form_is_left_out_and_reported() -> None:
    told: list[str] = []
    audit.set_reporter(told.append)
    try:
        audit.record("record.signed", signer="Dr A\nExample", pdf_sha256="ab" * 32)
        audit.record("record.verified", pdf_sha256="not a hash")
    finally:
        audit.reset()
    assert kinds() == []
    assert len(told) == 2 and "record.signed.signer" in told[0]


def test_a_kiosk_records_only_what_a_kiosk_may() -> None:
    audit.kiosk_only()
    try:
        audit.record("consultation.started", record_id="abc", pack_id="knee")
        audit.record("record.verified", pdf_sha256="ab" * 32)
        audit.record("kiosk.idle_wipe")
    finally:
        audit.reset()
    assert kinds() == ["kiosk.idle_wipe"]


def test_the_log_lives_in_the_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "st"))
    assert audit.default_log_path() == tmp_path / "st" / "decision-aid" / "audit.jsonl"
    audit.record("kiosk.idle_wipe")
    assert os.path.exists(tmp_path / "st" / "decision-aid" / "audit.jsonl")
