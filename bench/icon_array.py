"""Bench: repaint the two kinds of icon array, against the bare toolkit drawing the same icons.

Run: .venv/bin/python bench/icon_array.py [--repeat 200] [--json]

Both kinds the packs use are measured at 600×400, as the risk step shows them:

- ``people_100``: 38 out of 100 people with a range (31 to 46) and 25 in the compared
  option, so solid, hollow, striped and dotted people all appear;
- ``squares_1000``: 178 out of 1000 squares with a range, and the first two blocks of
  100 magnified as people (the corner a patient can count).

Ours is the app's ``IconArray`` widget. Bare is a plain QWidget whose ``paintEvent``
draws the same icons at the same places in the simplest way the toolkit offers: one
``fillRect`` per square and one ``fillPath`` per person, each in its state's colour.
Both are shown offscreen at the same size and repainted with ``QWidget.repaint()``
(a synchronous paint into the window's backing store), interleaved.

Per kind, two figures:

- ``repaint``: the same picture painted again (scrolling, a tooltip, a window moved
  over it): the goal is at most 2 ms;
- ``new_figure``: a new figure shown (another option, another risk group), which draws
  the picture anew; the bare side draws as it always does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import Figure, interleave, parser, report, timed  # noqa: E402
from PySide6.QtCore import QPointF, QRect, QRectF  # noqa: E402
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPaintEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from decision_aid.content.icon_layout import CellState, palette  # noqa: E402
from decision_aid.ui.widgets.icon_array import IconArray  # noqa: E402

GOAL_MS = 2.0
WIDTH, HEIGHT = 600, 400
KINDS = {
    "people_100": [
        {"count": 38, "denominator": 100, "low": 31, "high": 46, "compare": 25},
        {"count": 25, "denominator": 100, "low": 20, "high": 31, "compare": 38},
    ],
    "squares_1000": [
        {"count": 178, "denominator": 1000, "low": 125, "high": 200, "compare": 0, "zoom": 2},
        {"count": 150, "denominator": 1000, "low": 110, "high": 190, "compare": 0, "zoom": 2},
    ],
}


def person(rect: QRect) -> QPainterPath:
    """A head and shoulders filling ``rect``."""
    size = rect.width()
    path = QPainterPath()
    head = size * 0.34
    path.addEllipse(QRectF(rect.x() + (size - head) / 2, rect.y() + size * 0.04, head, head))
    body = size * 0.64
    top = size * 0.42
    path.addRoundedRect(
        QRectF(rect.x() + (size - body) / 2, rect.y() + top, body, size * 0.96 - top),
        size * 0.2,
        size * 0.2,
    )
    return path


class Bare(QWidget):
    """The bare toolkit: the same icons at the same places, drawn one call each."""

    def __init__(self, icons: IconArray) -> None:
        super().__init__()
        colours = icons.colours
        brushes = {
            state: QBrush(QColor(colours.event if state.name != "CHANGED" else colours.changed))
            for state in CellState
        }
        brushes[CellState.UNAFFECTED] = QBrush(QColor("#BBBBBB"))
        states = icons.states()
        people = icons.denominator == 100
        self.squares: list[tuple[QRect, QBrush]] = []
        self.people: list[tuple[QPainterPath, QBrush]] = []
        for index, state in enumerate(states):
            rect = icons.cell_rect(index).adjusted(1, 1, -1, -1)
            if people:
                self.people.append((person(rect), brushes[state]))
            else:
                self.squares.append((rect, brushes[state]))
            zoomed = icons.zoom_rect(index)
            if zoomed is not None:
                self.people.append((person(zoomed.adjusted(1, 1, -1, -1)), brushes[state]))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        for rect, brush in self.squares:
            painter.fillRect(rect, brush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for path, brush in self.people:
            painter.fillPath(path.translated(QPointF(0, 0)), brush)
        painter.end()


def bench_kind(name: str, repeat: int) -> list[Figure]:
    first, second = KINDS[name]
    icons = IconArray(**first, colours=palette("bad", "loss"))  # type: ignore[arg-type]
    icons.resize(WIDTH, HEIGHT)
    bare = Bare(icons)
    bare.resize(WIDTH, HEIGHT)
    for widget in (icons, bare):
        widget.show()
    QApplication.processEvents()
    for widget in (icons, bare):
        widget.repaint()  # warm-up: the backing store, fonts, the pixmap
    repaint = interleave({"ours": timed(icons.repaint), "bare": timed(bare.repaint)}, repeat)
    figures = [first, second]

    def new_figure() -> None:
        figures.reverse()
        icons.set_figure(**figures[0])  # type: ignore[arg-type]
        icons.repaint()

    changed = interleave({"ours": timed(new_figure), "bare": timed(bare.repaint)}, repeat)
    for widget in (icons, bare):
        widget.close()
    icons.deleteLater()
    bare.deleteLater()
    label = "100 people" if name == "people_100" else "1000 squares with a magnified corner"
    repaint_fig = Figure(
        f"{name}_repaint",
        f"repaint of an icon array of {label}, {WIDTH}×{HEIGHT}",
        "a plain widget drawing the same icons (fillRect per square, fillPath per person)",
        "ms",
        repaint["ours"],
        repaint["bare"],
        goal=f"≤ {GOAL_MS:g} ms",
    )
    repaint_fig.met = repaint_fig.as_json()["ours"] <= GOAL_MS
    return [
        repaint_fig,
        Figure(
            f"{name}_new_figure",
            f"a new figure in that icon array ({label}): drawn anew",
            "the same plain widget's repaint",
            "ms",
            changed["ours"],
            changed["bare"],
        ),
    ]


def main() -> int:
    args = parser(__doc__, 200, "repaints of each side").parse_args()
    app = QApplication.instance() or QApplication([])
    figures = [f for kind in KINDS for f in bench_kind(kind, args.repeat)]
    del app
    return report("icon_array", figures, args.json)


if __name__ == "__main__":
    sys.exit(main())
