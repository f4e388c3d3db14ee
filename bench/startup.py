"""Bench: cold start of the real `decision-aid` command to its first painted library window.

Run: .venv/bin/python bench/startup.py [--repeat 9] [--json]

Ours is the installed ``decision-aid`` command itself, with no arguments, as a user
starts it: it sets up the app (theme, fonts, the user's language, the draft store, the
start-up sweep) and shows the library window. Bare is ``bench/bare/window.py``: a plain
PySide6 QMainWindow with a similar widget count (a table with a model, a search box,
a details pane in a splitter, menus, a status bar). Both are whole processes, started
fresh, alternating, and both end the same way: the bench probe (bench/probe) ends each
with ``os._exit(0)`` right after its first painted frame. Each starts with its own
empty home folder, as a new user.

Figures:

- ``first_paint``: start to the first painted library window. The probe also lists
  the modules imported by then: none of pydantic, Babel, cryptography or the draft store
  may be (the first paint does not need them).
- ``packs_listed``: start to the first frame that lists the three shipped packs, against
  the bare window painting a table of three rows.
- ``journey_memory``: peak memory of the real journey: the probe waits for the library to
  list its packs, opens the knee pack as a user does (select its row, press Open: the pack
  loads on a worker thread) and shows and paints every step of the consultation. Bare:
  the bare window that also loads the knee pack through decision-aid's own models (the
  data a journey cannot do without). Goal ≤ 1.3×.
- ``kiosk_first_paint``: ``decision-aid kiosk`` (set up as a clinic sets it up: the
  clinic's key made by ``decision-aid kiosk keys init``, a staff PIN set by ``decision-aid
  kiosk set-pin``, a hand-over folder, the three shipped packs) from its start to its
  first painted welcome screen, against ``decision-aid`` (the library window) from its
  start to its first paint, in the same home, alternating. Goal: no slower (≤ 1.0×).
  The kiosk reads and checks its packs and key right after that frame, before it
  handles the first touch (see decision_aid.ui.kiosk.controller).
"""

from __future__ import annotations

import json
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
    python,
    report,
    run_process,
)

FIRST_PAINT_GOAL = 1.3
MEMORY_GOAL = 1.3
KIOSK_GOAL = 1.0
KNEE = str(ROOT / "option_grids" / "knee-osteoarthritis")
NOT_BEFORE_PAINT = ("pydantic", "babel", "cryptography", "decision_aid.session.store")
"""Modules the first paint does not need, so they must not be imported before it."""
BARE = str(ROOT / "bench" / "bare" / "window.py")


def user_env(home: Path) -> dict[str, str]:
    """A new user's folders (nothing of the real user's is read or written)."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "DECISION_AID_PACKS": "",
    }


def kiosk_env(home: Path) -> dict[str, str]:
    """A clinic's kiosk set up in ``home`` with the app's own commands (not timed)."""
    env = user_env(home)
    spool, keys = home / "spool", home / "keys"
    spool.mkdir(parents=True)
    (home / "passphrase").write_text("a clinic passphrase\n", encoding="utf-8")
    (home / "pin").write_text("246810\n", encoding="utf-8")
    passphrase = str(home / "passphrase")
    for args in (
        ["kiosk", "keys", "init", "--out", str(keys), "--passphrase-file", passphrase],
        ["kiosk", "set-pin", "--pin-file", str(home / "pin")],
    ):
        subprocess.run([entry_point(), *args], env=env, check=True, capture_output=True)
    settings = home / "config" / "decision-aid" / "settings.json"
    values = json.loads(settings.read_text(encoding="utf-8"))
    values.update(kiosk_spool=str(spool), kiosk_public_key=str(keys / "kiosk-handover.pub"))
    settings.write_text(json.dumps(values), encoding="utf-8")
    return env


def kiosk_start(repeat: int) -> Figure:
    """The kiosk's start to its painted welcome against the library's, same home."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**kiosk_env(Path(tmp)), "BENCH_PROBE": "paint"}

        early: set[str] = set()

        def kiosk() -> float:
            found = run_process([entry_point(), "kiosk"], env)
            early.update(m for m in found.probe["modules"] if m.startswith(NOT_BEFORE_PAINT))
            return found.wall_ms

        def library() -> float:
            return run_process([entry_point()], env).wall_ms

        kiosk()
        library()
        times = interleave({"ours": kiosk, "bare": library}, repeat)
    figure = Figure(
        "kiosk_first_paint",
        "start of `decision-aid kiosk` (a clinic's set-up, three packs) to its painted welcome",
        "start of `decision-aid` (the library window) to its first paint, same home",
        "ms",
        times["ours"],
        times["bare"],
        goal=f"≤ {KIOSK_GOAL}× (no slower than the library's start), none of pydantic, "
        "Babel, cryptography, draft store before it",
        extra={"imported_before_paint": sorted(early)},
    )
    figure.met = figure.as_json()["ratio"] <= KIOSK_GOAL and not early
    return figure


def main() -> int:
    args = parser(__doc__, 9).parse_args()
    compile_ahead()
    with tempfile.TemporaryDirectory() as tmp:
        env = user_env(Path(tmp))
        imported: list[list[str]] = []
        widgets: dict[str, int] = {}

        def ours(mode: str, rows: int = 1) -> float:
            found = run_process(
                [entry_point()], {**env, "BENCH_PROBE": mode, "BENCH_PROBE_ROWS": str(rows)}
            )
            if mode == "paint":
                modules = found.probe["modules"]
                imported.append([m for m in modules if m.startswith(NOT_BEFORE_PAINT)])
                widgets["ours"] = found.probe["widgets"]
            return found.wall_ms

        def bare(mode: str, rows: int = 0) -> float:
            found = run_process(
                [python(), BARE, "--rows", str(rows)],
                {**env, "BENCH_PROBE": mode, "BENCH_PROBE_ROWS": str(rows)},
            )
            widgets["bare"] = found.probe["widgets"]
            return found.wall_ms

        for warm in (lambda: ours("paint"), lambda: bare("paint")):
            warm()  # the file cache, for both alike
        paint = interleave(
            {"ours": lambda: ours("paint"), "bare": lambda: bare("paint")}, args.repeat
        )
        listed = interleave(
            {"ours": lambda: ours("listed", 3), "bare": lambda: bare("listed", 3)},
            max(1, args.repeat // 2),
        )
        memory = interleave(
            {
                "ours": lambda: (
                    run_process([entry_point()], {**env, "BENCH_PROBE": "journey"}).peak_mb
                ),
                "bare": lambda: (
                    run_process(
                        [python(), BARE, "--load-pack", KNEE], {**env, "BENCH_PROBE": "paint"}
                    ).peak_mb
                ),
            },
            max(1, args.repeat // 3),
        )
    early = sorted({m for run in imported for m in run})
    first = Figure(
        "first_paint",
        "start of `decision-aid` to its first painted library window",
        "a bare PySide6 QMainWindow with a similar widget count",
        "ms",
        paint["ours"],
        paint["bare"],
        goal=f"≤ {FIRST_PAINT_GOAL}×, none of pydantic, Babel, cryptography, draft store before it",
        extra={"imported_before_paint": early, "widgets": widgets},
    )
    first.met = first.as_json()["ratio"] <= FIRST_PAINT_GOAL and not early
    figures = [
        first,
        Figure(
            "packs_listed",
            "start of `decision-aid` until the three shipped packs are listed",
            "the bare window painting a table of three rows",
            "ms",
            listed["ours"],
            listed["bare"],
        ),
    ]
    journey = Figure(
        "journey_memory",
        "peak memory of the real journey: library, knee pack opened on a worker, all 7 steps",
        "the bare window loading the knee pack through decision-aid's models",
        "MB",
        memory["ours"],
        memory["bare"],
        goal=f"≤ {MEMORY_GOAL}×",
    )
    journey.met = journey.as_json()["ratio"] <= MEMORY_GOAL
    figures.append(journey)
    figures.append(kiosk_start(args.repeat))
    return report("startup", figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
