"""Benchmark: cold start to the first painted library window, and peak memory of a journey.

Run: .venv/bin/python bench/startup.py [--runs 9] [--json]

Each figure is a whole process, started fresh, measured in the same run against a
bare PySide6 QMainWindow with a similar widget count (search box, table with a
model, text pane, splitter, menus, status bar), alternating A B A B so drift on a
shared machine hits both alike. Reported as medians and the median ratio.

- first paint: process start to the first paint of the library window, set up as
  the app does it (shipped fonts, the user's language); the pack index then loads
  off the GUI thread; then exit;
- packs listed: process start to the first paint that shows the shipped packs.
- journey: open the knee pack, render every step of the consultation, exit;
  peak resident memory (ru_maxrss) against the bare window's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import (QApplication, QLabel, QLineEdit, QMainWindow, QSplitter,
    QTableView, QTextBrowser, QVBoxLayout, QWidget, QPushButton)
app = QApplication(sys.argv[:1])
window = QMainWindow()
left = QWidget(); layout = QVBoxLayout(left)
layout.addWidget(QLabel("Option grids")); layout.addWidget(QLineEdit())
table = QTableView(); table.setModel(QStringListModel(["a", "b", "c"])); layout.addWidget(table)
layout.addWidget(QPushButton("Open"))
splitter = QSplitter(); splitter.addWidget(left); splitter.addWidget(QTextBrowser())
window.setCentralWidget(splitter)
for name in ("File", "Help"):
    window.menuBar().addMenu(name)
window.statusBar().showMessage("ready")
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            import os, time
            print(time.time(), flush=True)
            os._exit(0)
        return False
spy = Painted(); table.viewport().installEventFilter(spy)
window.show()
app.exec()
"""

APP_FIRST = r"""
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from decision_aid.content.library import default_pack_dirs
from decision_aid.ui.library_window import LibraryWindow
app = QApplication(sys.argv[:1])
from decision_aid.i18n import preferred_language
from decision_aid.ui.language import apply_language
apply_language(preferred_language())
window = LibraryWindow(default_pack_dirs())
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            import os, time
            print(time.time(), flush=True)
            os._exit(0)
        return False
spy = Painted(); window.table.viewport().installEventFilter(spy)
window.show()
app.exec()
"""

APP = r"""
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from decision_aid.content.library import default_pack_dirs
from decision_aid.ui.library_window import LibraryWindow
app = QApplication(sys.argv[:1])
from decision_aid.i18n import preferred_language
from decision_aid.ui.language import apply_language
apply_language(preferred_language())
window = LibraryWindow(default_pack_dirs())
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and window.model.rowCount() > 0:
            import os, time
            print(time.time(), flush=True)
            os._exit(0)
        return False
spy = Painted(); window.table.viewport().installEventFilter(spy)
window.show()
app.exec()
"""

JOURNEY = r"""
import sys
from PySide6.QtWidgets import QApplication
from decision_aid.content.library import shipped_packs_dir
from decision_aid.content.loader import load_pack
from decision_aid.session.model import STEPS
from decision_aid.session.state import Session
from decision_aid.ui.consultation_window import ConsultationWindow
app = QApplication(sys.argv[:1])
loaded = load_pack(shipped_packs_dir() / "knee-osteoarthritis")
window = ConsultationWindow(loaded, Session(loaded.pack, content_hash=loaded.content_hash))
window.show()
for step in STEPS:
    window.go_to(step)
    window.grab()
window.close()
"""


def run(code: str) -> tuple[float, int]:
    """Wall seconds and peak resident kilobytes of one fresh process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark process failed with {proc.returncode}")
    return elapsed, usage.ru_maxrss


def pair(a: str, b: str, runs: int) -> dict[str, float]:
    run(a), run(b)  # warm the file cache
    wall_a, wall_b, mem_a, mem_b = [], [], [], []
    for _ in range(runs):
        t, m = run(a)
        wall_a.append(t)
        mem_a.append(m)
        t, m = run(b)
        wall_b.append(t)
        mem_b.append(m)
    return {
        "a_ms": round(statistics.median(wall_a) * 1000, 1),
        "b_ms": round(statistics.median(wall_b) * 1000, 1),
        "ratio": round(statistics.median(x / y for x, y in zip(wall_a, wall_b, strict=True)), 2),
        "a_peak_mb": round(statistics.median(mem_a) / 1024, 1),
        "b_peak_mb": round(statistics.median(mem_b) / 1024, 1),
        "peak_ratio": round(statistics.median(x / y for x, y in zip(mem_a, mem_b, strict=True)), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    first = pair(APP_FIRST, BARE, args.runs)
    start = pair(APP, BARE, args.runs)
    journey = pair(JOURNEY, BARE, max(3, args.runs // 3))
    report = {
        "first_paint_app_ms": first["a_ms"],
        "first_paint_bare_ms": first["b_ms"],
        "first_paint_ratio": first["ratio"],
        "first_paint_goal_ratio": 1.3,
        "packs_listed_app_ms": start["a_ms"],
        "packs_listed_ratio": start["ratio"],
        "journey_peak_mb": journey["a_peak_mb"],
        "bare_peak_mb": journey["b_peak_mb"],
        "journey_peak_ratio": journey["peak_ratio"],
        "journey_goal_ratio": 1.5,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:22} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
