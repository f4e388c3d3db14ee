"""Benchmark: repaint a 1000-icon array, against a bare widget filling the same 1000 squares.

Run: .venv/bin/python bench/icon_array.py [--repeat 200] [--json]

Both widgets are shown offscreen at the same size and repainted with
``QWidget.repaint()`` (a synchronous paint into the backing store), interleaved so
drift on a shared machine hits both alike. The bare widget's ``paintEvent`` calls
``QPainter.fillRect`` once per icon on precomputed rectangles: what the toolkit costs
at the least. The icon array draws its real picture (solid, hollow and striped
icons of a 178-out-of-1000 figure with a range). A resize, which recomputes the
icon geometry, is timed separately. The goal is a repaint of at most 8 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPaintEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from decision_aid.content.icon_layout import palette  # noqa: E402
from decision_aid.ui.widgets.icon_array import IconArray  # noqa: E402

GOAL_MS = 8.0
WIDTH, HEIGHT = 600, 400


class BareSquares(QWidget):
    """The bare toolkit: 1000 filled rectangles, one ``fillRect`` each."""

    def __init__(self, cells: list[QRect]) -> None:
        super().__init__()
        self.cells = cells
        self.colour = QColor("#D55E00")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        for rect in self.cells:
            painter.fillRect(rect, self.colour)
        painter.end()


def timed_repaint(widget: QWidget) -> float:
    start = time.perf_counter()
    widget.repaint()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    icons = IconArray(
        178, 1000, low=125, high=200, compare=0, zoom=2, colours=palette("bad", "loss")
    )
    icons.resize(WIDTH, HEIGHT)
    cells = [icons.cell_rect(i) for i in range(icons.denominator)]
    bare = BareSquares(cells)
    bare.resize(WIDTH, HEIGHT)
    for widget in (icons, bare):
        widget.show()
    app.processEvents()
    for widget in (icons, bare):
        for _ in range(2):
            widget.repaint()  # warm-up: caches and the backing store

    samples: dict[str, list[float]] = {"icon_array": [], "bare": []}
    for _ in range(args.repeat):
        samples["icon_array"].append(timed_repaint(icons))
        samples["bare"].append(timed_repaint(bare))

    # A resize invalidates the cached geometry: time it with the repaint that rebuilds it.
    resize_samples = []
    for i in range(max(3, args.repeat // 10)):
        start = time.perf_counter()
        icons.resize(WIDTH - 1 - i % 2, HEIGHT)  # sent at once to a shown widget
        icons.repaint()
        resize_samples.append(time.perf_counter() - start)
        app.processEvents()

    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    ratios = [i / b for i, b in zip(samples["icon_array"], samples["bare"], strict=True)]
    report = {
        "icons": icons.denominator,
        "size": f"{WIDTH}x{HEIGHT}",
        "repeat": args.repeat,
        "icon_array_repaint_ms": round(medians["icon_array"], 3),
        "bare_fillrect_repaint_ms": round(medians["bare"], 3),
        "ratio_vs_bare": round(statistics.median(ratios), 2),
        "repaint_after_resize_ms": round(statistics.median(resize_samples) * 1000, 3),
        "goal_ms": GOAL_MS,
        "within_goal": medians["icon_array"] <= GOAL_MS,
    }
    for widget in (icons, bare):
        widget.close()
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
