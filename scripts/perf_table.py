"""Regenerate the README's performance table from the benches' JSON output.

Run each bench with ``--json`` into ``bench/results/<bench>.json`` (see bench/README.md),
then: ``.venv/bin/python scripts/perf_table.py``. The table between the markers
``<!-- perf-table:start -->`` and ``<!-- perf-table:end -->`` in README.md is replaced;
nothing else is touched. ``--check`` only says whether the README is up to date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
START, END = "<!-- perf-table:start -->", "<!-- perf-table:end -->"
ORDER = ("startup", "record", "icon_array", "library_index", "consultation", "author")


def _value(value: float, unit: str) -> str:
    return f"{value:g} {unit}"


def _row(bench: str, figure: dict[str, Any]) -> str:
    unit = figure["unit"]
    ratio = figure["ratio"]
    q = figure["ratio_quartiles"] or [ratio, ratio]
    verdict = {True: "met", False: "**not met**", None: "—"}[figure["met"]]
    cells = [
        f"{figure['what']} (`bench/{bench}.py`, `{figure['id']}`)",
        f"{_value(figure['ours'], unit)}",
        f"{_value(figure['bare'], unit)}: {figure['bare_what']}",
        f"**{ratio:g}×** ({q[0]:g}–{q[1]:g})" if ratio is not None else "—",
        str(figure["runs"]),
        figure["goal"],
        verdict,
    ]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def table(results: Path = RESULTS) -> str:
    lines = [
        "| what | decision-aid (median) | bare toolkit (median) | ratio (quartiles) | runs "
        "| goal | |",
        "|---|---|---|---|---|---|---|",
    ]
    for bench in ORDER:
        path = results / f"{bench}.json"
        if not path.exists():
            raise SystemExit(f"{path} is missing: run bench/{bench}.py --json > {path}")
        data = json.loads(path.read_text(encoding="utf-8"))
        lines += [_row(bench, figure) for figure in data["figures"]]
    return "\n".join(lines)


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--check", action="store_true", help="fail if the README is stale")
    args = options.parse_args()
    text = README.read_text(encoding="utf-8")
    before, start, rest = text.partition(START)
    _, end, after = rest.partition(END)
    if not start or not end:
        raise SystemExit(f"README.md has no {START} … {END} markers")
    new = before + START + "\n" + table() + "\n" + END + after
    if args.check:
        if new != text:
            print("README.md's performance table is stale: run scripts/perf_table.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
