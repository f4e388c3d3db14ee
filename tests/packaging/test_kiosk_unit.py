"""packaging/kiosk/: a unit systemd accepts, that runs the kiosk as documented; Windows notes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

KIOSK = ROOT / "packaging" / "kiosk"
UNIT = KIOSK / "decision-aid-kiosk.service"


def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (it comes with systemd)")
    copy = tmp_path / UNIT.name
    shutil.copyfile(UNIT, copy)
    done = subprocess.run(
        ["systemd-analyze", "verify", str(copy)], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert UNIT.name not in done.stderr, done.stderr


def test_the_unit_runs_cage_with_the_kiosk_as_its_own_user() -> None:
    lines = [line.strip() for line in UNIT.read_text().splitlines()]
    # /usr/bin/decision-aid: where the Debian package puts the command (tests/packaging).
    assert "ExecStart=/usr/bin/cage -- /usr/bin/decision-aid kiosk" in lines
    assert "User=kiosk" in lines and "PAMName=login" in lines
    assert "Restart=on-failure" in lines
    assert "ExecStop=/usr/bin/pkill --signal TERM --parent $MAINPID" in lines


def test_the_windows_notes_block_every_escape_key() -> None:
    notes = (KIOSK / "windows.md").read_text()
    for key in ("Alt+F4", "Alt+Tab", "Ctrl+Esc", "Windows", "Ctrl+Alt+Del", "Ctrl+Shift+Esc"):
        assert key in notes, key
    assert "Shell Launcher" in notes and "Keyboard Filter" in notes
