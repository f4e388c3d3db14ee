"""What the packaging tests share: a clean clone of HEAD, the frozen bundle built from it,
and an empty home to run an installed app in."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run(args: list[str | Path], **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run a build step; a failure shows its output."""
    done = subprocess.run(
        [str(a) for a in args],
        check=False,
        capture_output=True,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )
    assert done.returncode == 0, f"{args}: {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


def empty_home_env(home: Path) -> dict[str, str]:
    """The environment of a user with an empty home, and no checkout or venv in sight."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "DECISION_AID", "PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        LANGUAGE="en",
        PYTHONNOUSERSITE="1",
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    return env


@pytest.fixture(scope="session")
def clean_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of HEAD: what CI builds from (no compiled catalogs, no local leftovers)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: the packages are built from a clone of HEAD")
    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout: the packages are built from a clone of HEAD")
    clone = tmp_path_factory.mktemp("clone") / "decision-aid"
    run(["git", "clone", "--quiet", "--no-hardlinks", ROOT, clone])
    head = run(["git", "-C", ROOT, "rev-parse", "HEAD"]).stdout.strip()
    run(["git", "-C", clone, "checkout", "--quiet", "--detach", head])
    assert not list(clone.rglob("*.mo")), "a clean clone has no compiled catalogs"
    return clone


@pytest.fixture(scope="session")
def bundle(clean_clone: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen bundle built from the clean clone with its own build command."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: run scripts/setup.sh test (a dev dependency)")
    base = tmp_path_factory.mktemp("bundle")
    script = clean_clone / "scripts" / "build_bundle.py"
    done = run(
        [sys.executable, script, "--dist", base / "dist", "--work", base / "work"],
        cwd=clean_clone,
        timeout=900,
    )
    assert "Built " in done.stdout, done.stdout
    folder = base / "dist" / "decision-aid"
    # the package came from the clone, not from the checkout the tests run in
    xref = (base / "work" / "decision-aid" / "xref-decision-aid.html").read_text()
    assert str(clean_clone / "decision_aid" / "cli") in xref
    assert str(ROOT / "decision_aid") not in xref
    return folder
