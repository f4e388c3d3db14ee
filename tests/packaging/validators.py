"""Debian's validators for the desktop entry and the AppStream metadata, for the tests.

``scripts/setup.sh test`` installs them; a missing one fails the test that needs it and
says how to install it (never a skip: CI must run them)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def validator(program: str, package: str) -> str:
    """The validator's path; a missing one fails the test and says how to install it."""
    path = shutil.which(program)
    if path is None:
        pytest.fail(
            f"{program} is not installed: run scripts/setup.sh test as root, or "
            f"apt-get install {package}"
        )
    return path


def validate_desktop(path: Path) -> None:
    done = subprocess.run(
        [validator("desktop-file-validate", "desktop-file-utils"), str(path)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # hints are advice; errors and warnings are not accepted
    assert "error:" not in done.stdout and "warning:" not in done.stdout, done.stdout


def validate_appstream(*args: str) -> None:
    done = subprocess.run(
        [validator("appstreamcli", "appstream"), *args, "--no-net", "--strict"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
