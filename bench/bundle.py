"""Bench: the frozen bundle against the source app: its size, and the cold start of commands.

Run: .venv/bin/python bench/bundle.py [--repeat 9] [--json] [--bundle DIR]

Ours is the frozen bundle's program (``dist/decision-aid/decision-aid``, built by
``scripts/build_bundle.py``; ``--bundle`` names another folder). Bare is the source app:
the ``decision-aid`` command of the project's virtual environment, the same code and the
same locked libraries. Both run as whole processes, started fresh, alternating, each
with its own empty home folder, after one unmeasured run of each (the file cache, for
both alike); every module of the source side is compiled to bytecode first.

Figures:

- ``bundle_size``: megabytes on disk of the bundle folder, against what the source app
  installs into a virtual environment: the package with its packs, examples and compiled
  catalogs, plus every runtime distribution of ``requirements.lock`` (the files each
  one's RECORD lists). The bundle also carries the Python interpreter, its standard
  library and a few system libraries (GLib, X11, GnuTLS ...) that the source app takes
  from the system; neither side counts libGL or the fonts both need.
- ``packs_list``: ``decision-aid packs list``, start to exit: reads and validates the
  three shipped packs (pydantic, ruamel.yaml).
- ``record_verify``: ``decision-aid report verify`` of a signed record, start to exit
  (pyHanko, cryptography).
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    ROOT,
    Figure,
    compile_ahead,
    entry_point,
    interleave,
    parser,
    report,
    run_process,
)

DEFAULT_BUNDLE = ROOT / "dist" / "decision-aid"
PACK_ID = "knee-osteoarthritis"


def folder_mb(folder: Path) -> float:
    """Megabytes of every file under ``folder`` (links not followed)."""
    total = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def source_install_mb() -> float:
    """What installing the source app puts into a virtual environment (see the docstring)."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Za-z0-9_.-]+)==", lock, flags=re.MULTILINE)
    total = 0
    for name in names:
        dist = importlib.metadata.distribution(name)
        for file in dist.files or []:
            path = Path(str(dist.locate_file(file)))
            if path.is_file():
                total += path.stat().st_size
    package = total / 1e6
    for folder in ("decision_aid", "option_grids", "examples"):
        package += folder_mb(ROOT / folder)
    return package


def user_env(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "DECISION_AID_PACKS": "",
        "LANGUAGE": "en",
    }


def signed_record(folder: Path) -> Path:
    """A record built and signed by the source app (not timed)."""
    env = {**user_env(folder / "home"), "QT_QPA_PLATFORM": "offscreen"}
    passphrase = folder / "passphrase"
    passphrase.write_text("a bench passphrase\n", encoding="utf-8")
    key, record = folder / "bench.p12", folder / "record.pdf"
    session = ROOT / "examples" / f"{PACK_ID}.session.json"
    build = ["report", "build", "--pack", PACK_ID, "--session", str(session), "--out"]
    for args in (
        ["keys", "init", "--out", str(key), "--name", "Dr Bench", "--passphrase-file"],
        [*build, str(record), "--sign", str(key), "--passphrase-file"],
    ):
        subprocess.run(
            [entry_point(), *args, str(passphrase)],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    return record


def main() -> int:
    p = parser(__doc__, 9)
    p.add_argument("--bundle", type=Path, default=DEFAULT_BUNDLE, help="the bundle's folder")
    args = p.parse_args()
    frozen = args.bundle / "decision-aid"
    if not frozen.is_file():
        raise SystemExit(f"{frozen} is missing: build it with scripts/build_bundle.py")
    compile_ahead()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        record = signed_record(base)
        runs = [0]

        def command(program: str, *words: str) -> float:
            runs[0] += 1
            home = base / f"home-{runs[0]}"
            return run_process([program, *words], user_env(home), probe=False, cwd=base).wall_ms

        jobs = {
            "packs_list": ("packs", "list"),
            "record_verify": ("report", "verify", str(record)),
        }
        times = {}
        for name, words in jobs.items():
            command(str(frozen), *words)
            command(entry_point(), *words)
            times[name] = interleave(
                {
                    "ours": lambda words=words: command(str(frozen), *words),
                    "bare": lambda words=words: command(entry_point(), *words),
                },
                args.repeat,
            )
    size = Figure(
        "bundle_size",
        "the frozen bundle (dist/decision-aid/) on disk",
        "the source app installed in a venv: the package and its locked runtime libraries",
        "MB",
        [folder_mb(args.bundle)],
        [source_install_mb()],
        note="the bundle also holds Python, its standard library and some system libraries",
    )
    figures = [
        size,
        Figure(
            "packs_list",
            "`decision-aid packs list` from the frozen bundle, start to exit",
            "the same command of the source app (the venv's `decision-aid`)",
            "ms",
            times["packs_list"]["ours"],
            times["packs_list"]["bare"],
        ),
        Figure(
            "record_verify",
            "`decision-aid report verify` of a signed record from the frozen bundle",
            "the same command of the source app",
            "ms",
            times["record_verify"]["ours"],
            times["record_verify"]["bare"],
        ),
    ]
    return report("bundle", figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
