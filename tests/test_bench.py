"""Every bench still runs through its real entry point (its figures are read by people and
by scripts/perf_table.py, not asserted here: no timed assertions in tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

HOME_FOLDERS = (
    ("XDG_CONFIG_HOME", "config"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_STATE_HOME", "state"),
    ("XDG_CACHE_HOME", "cache"),
)

BENCHES = {
    "startup": (
        ["--repeat", "1"],
        ["first_paint", "packs_listed", "journey_memory", "kiosk_first_paint"],
    ),
    "record": (["--repeat", "1"], ["record"]),
    "icon_array": (
        ["--repeat", "2"],
        [
            "people_100_repaint",
            "people_100_new_figure",
            "squares_1000_repaint",
            "squares_1000_new_figure",
        ],
    ),
    "library_index": (
        ["--repeat", "1", "--packs", "4", "--large", "12"],
        ["index_cold", "listed_warm", "first_paint_large", "search_large"],
    ),
    "consultation": (["--repeat", "1"], ["grid_first_paint", "step_switch"]),
    "author": (["--repeat", "1"], ["grid_cell_edit", "figure_edit"]),
}


def test_every_bench_is_tested() -> None:
    # bench/bundle.py needs the frozen bundle: tests/packaging/test_bundle.py runs it
    found = {p.stem for p in (ROOT / "bench").glob("*.py")} - {"harness", "large_pack", "bundle"}
    assert found == set(BENCHES)


@pytest.fixture(scope="module")
def user_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The home folder of the user who runs the benches."""
    return tmp_path_factory.mktemp("user-home")


@pytest.fixture(scope="module")
def runs(user_home: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every bench started at once, each in its own process (the machine's cores share
    them; no figure is asserted, so they need not run alone), then waited for."""
    env = {
        **os.environ,
        "HOME": str(user_home),
        **{variable: str(user_home / folder) for variable, folder in HOME_FOLDERS},
    }
    env.pop("DECISION_AID_SYSTEM_SETTINGS", None)
    started = {
        bench: subprocess.Popen(
            [sys.executable, f"bench/{bench}.py", *args, "--json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for bench, (args, _ids) in BENCHES.items()
    }
    done: dict[str, subprocess.CompletedProcess[str]] = {}
    for bench, process in started.items():
        try:
            out, err = process.communicate(timeout=300)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
        done[bench] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return done


@pytest.mark.parametrize("bench", sorted(BENCHES))
def test_bench_runs(bench: str, runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    _args, ids = BENCHES[bench]
    result = runs[bench]
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on each call of a void
    # method; the icon bench's bare 1000 fillRect calls a paint exhaust it. 6.11.3 does not.
    assert "none_dealloc" not in result.stderr, "PySide6 frees None (refcount bug of this build)"
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["bench"] == bench
    assert [figure["id"] for figure in report["figures"]] == ids
    for figure in report["figures"]:
        assert figure["ours"] > 0 and figure["bare"] > 0 and figure["ratio"] > 0, figure
        assert figure["runs"] >= 1 and figure["goal"]
        assert figure["met"] in (True, False, None)


def test_benches_leave_the_users_home_alone(
    runs: dict[str, subprocess.CompletedProcess[str]], user_home: Path
) -> None:
    # A bench runs as a new user in a home of its own: the real user's audit trail, drafts
    # and pack versions seen are neither read nor written (a version seen there once
    # refused an older checkout's packs and failed the record bench).
    assert all(result.returncode == 0 for result in runs.values())
    assert sorted(str(p.relative_to(user_home)) for p in user_home.rglob("*")) == []
