"""Benchmark: open the library index of 200 packs, against a bare parse of the same files.

Run: .venv/bin/python bench/library_index.py [--packs 200] [--repeat 15]

The index reads only each pack's metadata file (pack.yaml) and lists its
translations. The baseline parses the same pack.yaml files with ruamel.yaml's
safe loader and nothing else, in the same process and run, so the ratio holds
on a noisy machine. A second baseline parses every file of every pack, which is
what an index that opened whole packs would cost at the least.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from decision_aid.content.library import build_index  # noqa: E402

TEMPLATE = ROOT / "tests" / "fixtures" / "packs" / "minimal"


def make_packs(folder: Path, count: int) -> list[Path]:
    """Copies of the test pack with distinct ids, titles and a few translations."""
    paths = []
    meta = (TEMPLATE / "pack.yaml").read_text()
    for i in range(count):
        target = folder / f"pack-{i:03d}"
        shutil.copytree(TEMPLATE, target)
        (target / "pack.yaml").write_text(
            meta.replace("id: minimal", f"id: pack-{i:03d}").replace(
                "title: Test pack", f"title: Generated pack number {i}"
            )
        )
        if i % 3 == 0:
            (target / "translations").mkdir()
            for locale in ("cy", "pl"):
                text = f"format_version: 1\nlocale: {locale}\nstatus: draft\n"
                text += f"strings: {{title: T{i}}}\n"
                (target / "translations" / f"{locale}.yaml").write_text(text)
        paths.append(target)
    return paths


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        packs = make_packs(folder, args.packs)
        yaml = YAML(typ="safe", pure=False)
        meta_files = [p / "pack.yaml" for p in packs]
        all_files = [f for p in packs for f in sorted(p.rglob("*.yaml"))]

        def index() -> object:
            entries = build_index([folder])
            assert len(entries) == args.packs and all(e.valid for e in entries)
            return entries

        def bare_meta() -> object:
            return [yaml.load(f.read_bytes()) for f in meta_files]

        def bare_all() -> object:
            return [yaml.load(f.read_bytes()) for f in all_files]

        results = {}
        work = {"index": index, "bare_meta": bare_meta, "bare_all": bare_all}
        for job in work.values():
            job()  # warm-up: imports and the file cache
        # Interleave the three so drift on a shared machine hits each alike.
        samples: dict[str, list[float]] = {name: [] for name in work}
        for _ in range(args.repeat):
            for name, job in work.items():
                samples[name].append(timed(job))
        for name, values in samples.items():
            results[name] = statistics.median(values) * 1000
        ratio_meta = [i / b for i, b in zip(samples["index"], samples["bare_meta"], strict=True)]
        ratio_all = [i / b for i, b in zip(samples["index"], samples["bare_all"], strict=True)]
        report = {
            "packs": args.packs,
            "index_ms": round(results["index"], 1),
            "bare_parse_metadata_ms": round(results["bare_meta"], 1),
            "bare_parse_all_files_ms": round(results["bare_all"], 1),
            "ratio_vs_bare_metadata": round(statistics.median(ratio_meta), 2),
            "ratio_vs_bare_all_files": round(statistics.median(ratio_all), 2),
            "goal_ms": 300,
        }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
