"""The bare toolkit's library window: a PySide6 QMainWindow with a similar widget count.

Run by the benches as a whole process, like ``decision-aid`` itself (the bench probe
ends it after its first painted frame). It has what the library window has, built
with plain widgets: a heading, a search box, a table with a model, a language list, an
Open button, a details pane in a splitter, a hidden banner with two buttons, menus with
their actions, and a status bar; no app code, fonts or translations.

``--rows N`` fills the table with N rows (as the library lists its packs).
``--load-pack DIR`` also loads that pack through decision-aid's own models before
showing the window: the fair baseline for the memory of a journey, which cannot be
made without the pack's data.
"""

import argparse
import sys

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

options = argparse.ArgumentParser()
options.add_argument("--rows", type=int, default=0)
options.add_argument("--load-pack", default=None)
args = options.parse_args()

app = QApplication(sys.argv[:1])
if args.load_pack:
    from pathlib import Path

    from decision_aid.content.loader import load_pack

    loaded = load_pack(Path(args.load_pack))

window = QMainWindow()
window.setWindowTitle("Library")
screen = app.primaryScreen().availableGeometry()
window.resize(min(1280, screen.width()), min(720, screen.height()))
left = QWidget()
layout = QVBoxLayout(left)
layout.addWidget(QLabel("Option grids"))
layout.addWidget(QLineEdit())
table = QTableView()
table.setModel(QStringListModel([f"Pack {i}" for i in range(args.rows)]))
layout.addWidget(table)
row = QHBoxLayout()
row.addStretch(1)
row.addWidget(QLabel("Language:"))
row.addWidget(QComboBox())
row.addWidget(QPushButton("Open"))
layout.addLayout(row)
splitter = QSplitter(Qt.Orientation.Horizontal)
splitter.addWidget(left)
splitter.addWidget(QTextBrowser())
banner = QFrame()
banner_layout = QHBoxLayout(banner)
banner_layout.addWidget(QLabel("Unfinished consultation"))
banner_layout.addWidget(QPushButton("Recover"))
banner_layout.addWidget(QPushButton("Discard"))
banner.hide()
central = QWidget()
outer = QVBoxLayout(central)
outer.addWidget(banner)
outer.addWidget(splitter)
window.setCentralWidget(central)
MENUS = (("File", ("Add", "Reload", "Verify", "Quit")), ("Language", ()), ("Help", ("About",)))
for name, actions in MENUS:
    menu = window.menuBar().addMenu(name)
    for text in actions:
        menu.addAction(QAction(text, window))
window.statusBar().showMessage("Loading")
window.show()
app.exec()
