"""scripts/perf_table.py: the README's performance table is made from the benches' JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import perf_table


def figure(id_: str, ours: float, ratio: float, met: bool | None) -> dict[str, object]:
    return {
        "id": id_,
        "what": f"what {id_}",
        "bare_what": "bare | piped",
        "unit": "ms",
        "runs": 5,
        "ours": ours,
        "bare": 10.0,
        "ratio": ratio,
        "ratio_quartiles": [ratio - 0.1, ratio + 0.1],
        "goal": "≤ 1.3×",
        "met": met,
    }


def test_table_lists_every_figure_in_order(tmp_path: Path) -> None:
    for n, bench in enumerate(perf_table.ORDER):
        data = {"bench": bench, "figures": [figure(f"{bench}-a", 12.5 + n, 1.25, n % 2 == 0)]}
        (tmp_path / f"{bench}.json").write_text(json.dumps(data))
    rows = perf_table.table(tmp_path).splitlines()[2:]
    assert len(rows) == len(perf_table.ORDER)
    assert "`bench/startup.py`, `startup-a`" in rows[0]
    assert "12.5 ms" in rows[0] and "**1.25×** (1.15–1.35)" in rows[0]
    assert "bare \\| piped" in rows[0]  # a | in a text cannot break the table
    assert rows[1].endswith("| **not met** |") and rows[0].endswith("| met |")


def test_missing_results_say_how_to_make_them(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"bench/startup\.py --json"):
        perf_table.table(tmp_path)


def test_readme_table_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/perf_table.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
