"""Bench: the library index at 200 and at 10 000 packs, against the bare toolkit.

Run: .venv/bin/python bench/library_index.py [--repeat 7] [--packs 200] [--large 10000] [--json]

The packs are copies of the test pack (tests/fixtures/packs/minimal) with their own ids
and titles, a third of them with two translations.

- ``index_cold``: ``build_index`` of ``--packs`` packs with an empty metadata cache (a
  first start: every pack.yaml parsed and validated, the cache written). Bare: the same
  pack.yaml files parsed by ruamel.yaml's safe loader, nothing else. In one process,
  in turn. Goal ≤ 300 ms.
- ``listed_warm``: the real ``decision-aid`` command started with the ``--large`` packs
  in ``DECISION_AID_PACKS`` and its metadata cache from an earlier start, until the first
  frame whose table lists them all. Bare: the bare window (bench/bare/window.py)
  painting a table of as many rows. Whole processes, in turn, both ended by the bench
  probe in the same way. Goal ≤ 1 s.
- ``first_paint_large``: the real command's first painted frame with the ``--large``
  packs, against the same command with only the shipped packs: the first paint must not
  depend on the number of packs. Goal ≤ 1.1×.
- ``search_large``: a word typed into the library's search box with the ``--large``
  packs listed, until the table is painted again. Bare: a QSortFilterProxyModel over a
  QStringListModel of the titles, filtered in C++, and its QTableView painted. Goal
  ≤ 50 ms.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import (  # noqa: E402
    Figure,
    compile_ahead,
    entry_point,
    interleave,
    parser,
    python,
    run_process,
    timed,
)
from harness import report as print_report  # noqa: E402
from startup import BARE, user_env  # noqa: E402

TEMPLATE = ROOT / "tests" / "fixtures" / "packs" / "minimal"
COLD_GOAL_MS = 300.0
WARM_GOAL_MS = 1000.0
PAINT_GOAL = 1.1
SEARCH_GOAL_MS = 50.0


def make_packs(folder: Path, count: int) -> list[Path]:
    """Copies of the test pack with distinct ids, titles and a few translations."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    meta = (TEMPLATE / "pack.yaml").read_text()
    for i in range(count):
        target = folder / f"pack-{i:05d}"
        shutil.copytree(TEMPLATE, target)
        (target / "pack.yaml").write_text(
            meta.replace("id: minimal", f"id: pack-{i:05d}").replace(
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


def cold_index(folder: Path, count: int, repeat: int) -> Figure:
    from ruamel.yaml import YAML

    from decision_aid.content.library import build_index
    from decision_aid.content.library_cache import LibraryCache

    packs = make_packs(folder / "small", count)
    yaml = YAML(typ="safe", pure=False)
    meta_files = [p / "pack.yaml" for p in packs]
    caches = folder / "caches"
    runs = [0]

    def ours() -> None:
        runs[0] += 1
        entries = build_index([folder / "small"], LibraryCache(caches / f"{runs[0]}.json"))
        assert len(entries) == count and all(e.valid for e in entries)

    def bare() -> None:
        for file in meta_files:
            yaml.load(file.read_bytes())

    ours()
    bare()
    samples = interleave({"ours": timed(ours), "bare": timed(bare)}, repeat)
    figure = Figure(
        "index_cold",
        f"library index of {count} packs, first start (empty metadata cache)",
        f"ruamel.yaml's safe loader parsing the same {count} pack.yaml files",
        "ms",
        samples["ours"],
        samples["bare"],
        goal=f"≤ {COLD_GOAL_MS:g} ms",
    )
    figure.met = figure.as_json()["ours"] <= COLD_GOAL_MS
    return figure


def whole_process(folder: Path, large: int, repeat: int) -> list[Figure]:
    home = folder / "home"
    env = {**user_env(home), "DECISION_AID_PACKS": str(folder / "large")}
    shipped = {**user_env(folder / "home-shipped")}
    rows = large + 3  # and the shipped packs

    def ours(mode: str, extra: dict[str, str] | None = None) -> float:
        found = run_process(
            [entry_point()],
            {**env, **(extra or {}), "BENCH_PROBE": mode, "BENCH_PROBE_ROWS": str(rows)},
        )
        return found.wall_ms

    def bare_listed() -> float:
        args = [python(), BARE, "--rows", str(rows)]
        return run_process(
            args, {**env, "BENCH_PROBE": "listed", "BENCH_PROBE_ROWS": str(rows)}
        ).wall_ms

    ours("listed")  # the first start writes the metadata cache
    bare_listed()
    listed = interleave({"ours": lambda: ours("listed"), "bare": bare_listed}, repeat)
    paint = interleave(
        {"ours": lambda: ours("paint"), "bare": lambda: ours("paint", shipped)}, repeat
    )
    warm = Figure(
        "listed_warm",
        f"start of `decision-aid` until {large} packs are listed, metadata cache from an "
        "earlier start",
        f"the bare window painting a table of {rows} rows",
        "ms",
        listed["ours"],
        listed["bare"],
        goal=f"≤ {WARM_GOAL_MS:g} ms",
    )
    warm.met = warm.as_json()["ours"] <= WARM_GOAL_MS
    first = Figure(
        "first_paint_large",
        f"start of `decision-aid` to its first painted window with {large} packs",
        "the same with only the three shipped packs",
        "ms",
        paint["ours"],
        paint["bare"],
        goal=f"≤ {PAINT_GOAL:g}× (independent of the number of packs)",
    )
    first.met = first.as_json()["ratio"] <= PAINT_GOAL
    return [warm, first]


def search(folder: Path, large: int, repeat: int) -> Figure:
    from PySide6.QtCore import QSortFilterProxyModel, QStringListModel
    from PySide6.QtWidgets import QApplication, QTableView

    os.environ.update({**user_env(folder / "home"), "DECISION_AID_PACKS": ""})
    from decision_aid.ui.library_window import LibraryWindow

    app = QApplication.instance() or QApplication([])
    window = LibraryWindow([folder / "large"])
    window.show()
    deadline = time.monotonic() + 300
    while window.model.rowCount() < large and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    titles = QStringListModel([f"Generated pack number {i}" for i in range(large)])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(titles)
    view = QTableView()
    view.setModel(proxy)
    view.resize(800, 600)
    view.show()
    app.processEvents()
    queries = ["number 7", "pack", "generated pack number 99", ""]
    place = [0, 0]

    def ours() -> None:
        place[0] += 1
        window.search.setText(queries[place[0] % len(queries)])
        window.repaint()

    def bare() -> None:
        place[1] += 1
        proxy.setFilterFixedString(queries[place[1] % len(queries)])
        view.repaint()

    ours()
    bare()
    samples = interleave({"ours": timed(ours), "bare": timed(bare)}, repeat * len(queries))
    window.close()
    view.close()
    figure = Figure(
        "search_large",
        f"a search typed with {large} packs listed, until the library is painted again",
        f"a QSortFilterProxyModel filtering {large} titles in C++, its table painted",
        "ms",
        samples["ours"],
        samples["bare"],
        goal=f"≤ {SEARCH_GOAL_MS:g} ms",
        extra={"rows_listed": window.model.rowCount()},
    )
    figure.met = figure.as_json()["ours"] <= SEARCH_GOAL_MS
    return figure


def main() -> int:
    p = parser(__doc__, 7)
    p.add_argument("--packs", type=int, default=200, help="packs for the cold index")
    p.add_argument("--large", type=int, default=10000, help="packs for the large library")
    args = p.parse_args()
    compile_ahead()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures = [cold_index(folder, args.packs, args.repeat)]
        make_packs(folder / "large", args.large)
        figures += whole_process(folder, args.large, max(1, args.repeat // 2))
        figures.append(search(folder, args.large, args.repeat))
    return print_report("library_index", figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
