"""Bench: the consultation with a generated large pack (6 options × 40 grid rows).

Run: .venv/bin/python bench/consultation.py [--repeat 15] [--json]

The pack is made by bench/large_pack.py: the largest grid a pack is expected to have.
Both figures are taken in one process, offscreen, at 1280×720, ours and bare in turn:

- ``grid_first_paint``: the grid step built from the pack (the decision, the dates and
  the option grid with its 40 rows of 6 answers) and painted for the first time. Bare:
  a plain QTableWidget of the same 40 × 6 answers under the same heading, built and
  painted. Both paint through ``grab()``: offscreen, a window just shown is not exposed
  yet, and ``repaint()`` would paint nothing. Ours measures the rows below the first
  screen right after its first paint; the time until every row is measured is given as
  ``all_rows_measured_ms`` (information).
- ``step_switch``: the consultation window going to the next step (the window's own
  ``go_to``: the pages commit, the session moves, the page is shown and painted), round
  the seven steps. Bare: a QStackedWidget of seven pages of labels switching page and
  painting.

Goals: each ≤ 50 ms (the median of ours).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import Figure, interleave, parser, report, timed  # noqa: E402
from large_pack import make_large_pack  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QApplication,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.loader import load_pack  # noqa: E402
from decision_aid.session.model import STEPS  # noqa: E402
from decision_aid.session.state import Session  # noqa: E402
from decision_aid.ui.binding import SessionBinding  # noqa: E402
from decision_aid.ui.consultation_window import ConsultationWindow  # noqa: E402
from decision_aid.ui.steps.grid_step import GridStep  # noqa: E402

GOAL_MS = 50.0
SIZE = (1280, 720)


def main() -> int:
    args = parser(__doc__, 15).parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        loaded = load_pack(make_large_pack(Path(tmp)))
    pack = loaded.pack
    options = [o.name for o in pack.content.options]
    rows = [
        (q.text, [q.answers[o.id].text for o in pack.content.options])
        for q in pack.content.questions
    ]

    all_rows: list[float] = []

    def ours_grid() -> float:
        start = time.perf_counter()
        session = Session(pack, content_hash=loaded.content_hash)
        binding = SessionBinding(session)
        page = GridStep(binding)
        page.resize(*SIZE)
        page.show()
        page.grab()  # paints now: a window not yet exposed ignores repaint()
        first_paint = (time.perf_counter() - start) * 1000
        # The rows below the first screen are measured right after it (information).
        while not page.grid.rows_measured():
            app.processEvents()
        all_rows.append((time.perf_counter() - start) * 1000)
        page.close()
        page.deleteLater()
        binding.detach()
        return first_paint

    def bare_grid() -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(pack.meta.decision))
        table = QTableWidget(len(rows), len(options))
        table.setHorizontalHeaderLabels(options)
        table.setWordWrap(True)
        for r, (question, answers) in enumerate(rows):
            table.setVerticalHeaderItem(r, QTableWidgetItem(question))
            for c, answer in enumerate(answers):
                table.setItem(r, c, QTableWidgetItem(answer))
        table.resizeRowsToContents()
        layout.addWidget(table)
        page.resize(*SIZE)
        page.show()
        page.grab()  # paints now: a window not yet exposed ignores repaint()
        page.close()
        page.deleteLater()

    for warm in (ours_grid, bare_grid):
        warm()
        app.processEvents()
    all_rows.clear()
    grid = interleave({"ours": ours_grid, "bare": timed(bare_grid)}, args.repeat)
    app.processEvents()

    session = Session(pack, content_hash=loaded.content_hash)
    window = ConsultationWindow(loaded, session)
    window.resize(*SIZE)
    window.show()
    stack = QStackedWidget()
    for step in STEPS:
        page = QWidget()
        layout = QVBoxLayout(page)
        for n in range(12):
            layout.addWidget(QLabel(f"{step}: line {n} of a page of text"))
        stack.addWidget(page)
    stack.resize(*SIZE)
    stack.show()
    app.processEvents()
    place = [0, 0]

    def ours_step() -> None:
        place[0] = (place[0] + 1) % len(STEPS)
        window.go_to(STEPS[place[0]])  # type: ignore[arg-type]
        window.repaint()

    def bare_step() -> None:
        place[1] = (place[1] + 1) % len(STEPS)
        stack.setCurrentIndex(place[1])
        stack.repaint()

    for _ in STEPS:  # every page shown once: fonts, layouts, pictures
        ours_step()
        bare_step()
    switch = interleave(
        {"ours": timed(ours_step), "bare": timed(bare_step)}, args.repeat * len(STEPS)
    )
    window.close()
    stack.close()
    app.processEvents()
    first = Figure(
        "grid_first_paint",
        "first paint of the grid step of a generated 6 × 40 pack, built and painted",
        "a plain QTableWidget of the same 40 × 6 answers under the same heading",
        "ms",
        grid["ours"],
        grid["bare"],
        goal=f"≤ {GOAL_MS:g} ms",
        extra={"all_rows_measured_ms": round(statistics.median(all_rows), 1)},
    )
    first.met = first.as_json()["ours"] <= GOAL_MS
    step = Figure(
        "step_switch",
        "step switch in the consultation window (go_to the next step and paint), same pack",
        "a QStackedWidget of seven pages of labels switching page and painting",
        "ms",
        switch["ours"],
        switch["bare"],
        goal=f"≤ {GOAL_MS:g} ms",
        extra={"slowest_switch_ms": round(max(switch["ours"]), 1)},
    )
    step.met = step.as_json()["ours"] <= GOAL_MS
    return report("consultation", [first, step], args.json)


if __name__ == "__main__":
    sys.exit(main())
