"""The benchmarks still run (their figures are read by people, not asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_library_index_bench_runs() -> None:
    result = subprocess.run(
        [sys.executable, "bench/library_index.py", "--packs", "5", "--repeat", "1", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["packs"] == 5
    assert report["index_ms"] > 0 and report["ratio_vs_bare_metadata"] > 0
