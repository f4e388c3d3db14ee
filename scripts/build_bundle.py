"""Build the frozen bundle: ``dist/decision-aid/``, one folder with the app and its Python.

    .venv/bin/python scripts/build_bundle.py [--dist DIR] [--work DIR]

It runs PyInstaller (a dev dependency: ``scripts/setup.sh test`` installs it) on
``packaging/decision-aid.spec`` and prints where the bundle is, its size, and the command
that starts it. The same command builds on Windows and macOS, on that system.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "decision-aid.spec"
NAME = "decision-aid"


def folder_size(folder: Path) -> int:
    """Bytes in every file under ``folder`` (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def executable(bundle: Path) -> Path:
    """The bundle's program: ``decision-aid`` (``decision-aid.exe`` on Windows)."""
    return bundle / (NAME + (".exe" if sys.platform == "win32" else ""))


def build(dist: Path, work: Path) -> Path:
    """Build the bundle into ``dist``; return its folder. Raises on a failed build."""
    if importlib.util.find_spec("PyInstaller") is None:
        raise SystemExit(
            "PyInstaller is not installed in this environment: run scripts/setup.sh test "
            "(it installs the dev dependencies), then this command again."
        )
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(SPEC),
    ]  # fmt: skip
    done = subprocess.run(command, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"PyInstaller failed (exit {done.returncode}); its messages are above.")
    bundle = dist / NAME
    if not executable(bundle).is_file():
        raise SystemExit(f"{executable(bundle)}: missing after the build")
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle goes")
    parser.add_argument(
        "--work", type=Path, default=ROOT / "build" / "pyinstaller", help="build files"
    )
    args = parser.parse_args(argv)
    started = time.monotonic()
    bundle = build(args.dist.resolve(), args.work.resolve())
    seconds = time.monotonic() - started
    size = folder_size(bundle) / 1e6
    print(f"Built {bundle} ({size:.0f} MB) in {seconds:.0f} s. Start it with: {executable(bundle)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
