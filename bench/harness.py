"""What every bench shares: interleaved runs, medians and spreads, whole processes, output.

A bench measures decision-aid (*ours*) and the bare toolkit doing the same work (*bare*)
in the same run, alternating ours, bare, ours, bare ... so that drift on a shared
machine hits both alike. Each figure is reported as the median of ours, the median of
bare, the median of the pairwise ratios ours/bare, and the spread of those ratios (their
lower and upper quartile, and the least and the most).

Every bench prints a table, or with ``--json`` one JSON object (``scripts/perf_table.py``
turns those into the README's table):

    {"bench": "startup", "figures": [{"id": ..., "what": ..., "bare_what": ..., "unit": "ms",
      "ours": ..., "bare": ..., "ratio": ..., "ratio_quartiles": [..], "ratio_range": [..],
      "ours_range": [..], "runs": ..., "goal": "...", "met": true}]}
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "bench" / "probe"
"""Holds the ``sitecustomize`` that watches a whole process (see bench/probe)."""
HOME_FOLDERS = (
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_STATE_HOME", "state"),
    ("XDG_CACHE_HOME", "cache"),
)


def own_home() -> Path:
    """Give this bench (and every process it starts) a new, empty home folder of its own,
    removed when it ends.

    A bench measures a new user on this computer: it never reads the real user's
    settings, drafts, pack versions seen or audit trail, and never writes to them (a
    bench that opens consultations would otherwise add them to the user's audit trail,
    and a pack version seen there would refuse an older checkout's packs)."""
    import atexit
    import shutil
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="bench-home-"))
    atexit.register(shutil.rmtree, home, True)
    os.environ["HOME"] = str(home)
    for variable, folder in HOME_FOLDERS:
        os.environ[variable] = str(home / folder)
    os.environ["DECISION_AID_SYSTEM_SETTINGS"] = str(home / "system" / "settings.json")
    os.environ.pop("XDG_CONFIG_DIRS", None)
    return home


BENCH_HOME = own_home()
"""This bench's own home folder (see :func:`own_home`)."""


@dataclass
class Figure:
    """One measured figure: ours against the bare toolkit, pair by pair."""

    id: str
    what: str
    bare_what: str
    unit: str
    ours: list[float]
    bare: list[float]
    goal: str = "—"
    met: bool | None = None
    """None: no goal (a figure for information)."""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def ratios(self) -> list[float]:
        return [a / b for a, b in zip(self.ours, self.bare, strict=True) if b > 0]

    def as_json(self) -> dict[str, Any]:
        ratios = self.ratios()
        return {
            "id": self.id,
            "what": self.what,
            "bare_what": self.bare_what,
            "unit": self.unit,
            "runs": len(self.ours),
            "ours": _round(statistics.median(self.ours)),
            "bare": _round(statistics.median(self.bare)),
            "ours_range": [_round(min(self.ours)), _round(max(self.ours))],
            "bare_range": [_round(min(self.bare)), _round(max(self.bare))],
            "ratio": round(statistics.median(ratios), 2) if ratios else None,
            "ratio_quartiles": _quartiles(ratios),
            "ratio_range": [round(min(ratios), 2), round(max(ratios), 2)] if ratios else None,
            "goal": self.goal,
            "met": self.met,
            "note": self.note,
            **self.extra,
        }


def _round(value: float) -> float:
    return round(value, 3 if abs(value) < 10 else 1)


def _quartiles(values: list[float]) -> list[float] | None:
    if not values:
        return None
    if len(values) < 2:
        return [round(values[0], 2)] * 2
    q = statistics.quantiles(values, n=4, method="inclusive")
    return [round(q[0], 2), round(q[2], 2)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def parser(
    doc: str | None, repeat: int, what: str = "runs of each side"
) -> argparse.ArgumentParser:
    """The command line every bench takes: ``--repeat N`` and ``--json``."""
    assert doc is not None
    p = argparse.ArgumentParser(description=doc.splitlines()[0])
    p.add_argument("--repeat", type=int, default=repeat, help=f"{what} (default {repeat})")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    return p


def interleave(jobs: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """Run each job ``repeat`` times, in turn (A B A B ...); each job returns its figure."""
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeat):
        for name, job in jobs.items():
            samples[name].append(job())
    return samples


def timed(work: Callable[[], object]) -> Callable[[], float]:
    """A job that returns how long ``work`` took, in milliseconds."""

    def job() -> float:
        start = time.perf_counter()
        work()
        return (time.perf_counter() - start) * 1000

    return job


def compile_ahead() -> None:
    """Compile every module to bytecode before timing whole processes.

    A shell with PYTHONDONTWRITEBYTECODE=1 and no ``__pycache__`` would otherwise compile
    every import in every process: a cost no installed copy pays, and not the same on
    both sides. Quick when all is compiled already.
    """
    targets = [ROOT / "decision_aid", Path(sysconfig.get_paths()["purelib"])]
    for target in targets:
        compileall.compile_dir(str(target), quiet=2, workers=0)


@dataclass
class Process:
    """One whole process: wall milliseconds, peak resident MB, and what the probe wrote."""

    wall_ms: float
    peak_mb: float
    probe: dict[str, Any]


def run_process(
    args: list[str], env: dict[str, str] | None = None, probe: bool = True, cwd: Path = ROOT
) -> Process:
    """Start ``args`` fresh and wait for it to end; with ``probe``, the probe watches it.

    The probe (bench/probe/sitecustomize.py) writes its findings as JSON into a file
    named by ``BENCH_PROBE_OUT``; read here after the process ends.
    """
    full = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    out = None
    if probe:
        import tempfile

        handle, name = tempfile.mkstemp(prefix="bench-probe-", suffix=".json")
        os.close(handle)
        out = Path(name)
        full["BENCH_PROBE_OUT"] = str(out)
        full["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROBE), full.get("PYTHONPATH", "")) if p
        )
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=cwd, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    errors = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    found: dict[str, Any] = {}
    if out is not None:
        text = out.read_text()
        out.unlink()
        found = json.loads(text) if text else {}
    if proc.returncode != 0 or (probe and not found) or "error" in found:
        raise SystemExit(
            f"bench process {args[:3]} failed ({proc.returncode}): "
            f"{found.get('error', '')} {errors.decode(errors='replace')[-2000:]}"
        )
    return Process(wall, usage.ru_maxrss / 1024, found)


def report(bench: str, figures: list[Figure], as_json: bool) -> int:
    """Print the figures (a table, or JSON with ``--json``)."""
    data = {"bench": bench, "figures": [f.as_json() for f in figures]}
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    for f in data["figures"]:
        unit = f["unit"]
        print(f"{f['id']}: {f['what']}")
        print(f"  ours {f['ours']} {unit} (range {f['ours_range'][0]}–{f['ours_range'][1]})")
        print(f"  bare {f['bare']} {unit}: {f['bare_what']}")
        if f["ratio"] is not None:
            q, r = f["ratio_quartiles"], f["ratio_range"]
            print(f"  ratio {f['ratio']}× (quartiles {q[0]}–{q[1]}, range {r[0]}–{r[1]})")
        verdict = {True: "met", False: "NOT met", None: ""}[f["met"]]
        print(f"  goal {f['goal']} {verdict}  [{f['runs']} runs]")
        if f["note"]:
            print(f"  note: {f['note']}")
    return 0


def python() -> str:
    """The interpreter the benches run with (the project's virtual environment's)."""
    return sys.executable


def entry_point() -> str:
    """The real ``decision-aid`` command, as installed in the virtual environment."""
    found = Path(sys.executable).parent / "decision-aid"
    if not found.exists():
        raise SystemExit(f"{found} is missing: run scripts/setup.sh first")
    return str(found)
