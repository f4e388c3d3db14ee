"""The main window: the library of option-grid packs with their status."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from decision_aid import __version__
from decision_aid.content.library import Entry, build_index
from decision_aid.i18n import _, ngettext
from decision_aid.ui.library_model import ENTRY_ROLE, LibraryFilter, LibraryModel, status_text
from decision_aid.ui.tasks import Task, run_task


class LibraryWindow(QMainWindow):
    """Lists every pack found, searchable, with details and reasons for invalid packs."""

    def __init__(self, roots: list[Path], today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self._roots = list(roots)
        self._today = today
        self.task: Task | None = None
        self.setWindowTitle(_("decision-aid — Library"))
        self.resize(1000, 620)

        self.model = LibraryModel(today)
        self.proxy = LibraryFilter()
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by title, condition or keyword"))
        self.search.setAccessibleName(_("Search packs"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_query)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Packs"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.details = QTextBrowser()
        self.details.setAccessibleName(_("Pack details"))
        self.details.setOpenExternalLinks(False)

        self.heading = QLabel(_("Option grids"))
        self.heading.setAccessibleName(_("Option grids"))
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.heading)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])
        splitter.setChildrenCollapsible(False)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(splitter)
        self.setCentralWidget(central)
        self._build_menus()
        self.statusBar().showMessage(_("Loading packs…"))
        self.reload()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        add = QAction(_("&Add pack folder…"), self)
        add.setShortcut(QKeySequence.StandardKey.Open)
        add.triggered.connect(self._add_folder)
        file_menu.addAction(add)
        reload_action = QAction(_("&Reload"), self)
        reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
        reload_action.triggered.connect(self.reload)
        file_menu.addAction(reload_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        find = QAction(_("&Find"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.search.setFocus)
        self.addAction(find)
        help_menu = self.menuBar().addMenu(_("&Help"))
        about = QAction(_("&About decision-aid"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    # -- loading ---------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild the index off the GUI thread."""
        if self.task is not None and self.task.running:
            return
        roots = list(self._roots)
        self.statusBar().showMessage(_("Loading packs…"))
        self.task = run_task(self, lambda: build_index(roots), self._loaded, self._load_failed)

    def _loaded(self, entries: list[Entry]) -> None:
        self.model.set_entries(entries)
        invalid = sum(not e.valid for e in entries)
        self.statusBar().showMessage(
            ngettext("{n} pack", "{n} packs", len(entries)).format(n=len(entries))
            + " · "
            + ngettext("{n} invalid", "{n} invalid", invalid).format(n=invalid)
        )
        if entries:
            self.table.selectRow(0)
        else:
            self.details.setHtml(
                "<p>"
                + html.escape(_("No packs found. Use File › Add pack folder to choose one."))
                + "</p>"
            )

    def _load_failed(self, exc: Exception) -> None:
        self.statusBar().showMessage(_("Could not read the pack folders."))
        QMessageBox.warning(
            self,
            _("Could not read the pack folders"),
            _("The library could not be read: {problem}").format(problem=exc),
        )

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder of packs"))
        if folder:
            self._roots.append(Path(folder))
            self.reload()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("About decision-aid"),
            _("decision-aid {version}: a shared decision-making aid.").format(version=__version__),
        )

    # -- details ---------------------------------------------------------------

    def selected_entry(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        entry = self.proxy.data(rows[0], ENTRY_ROLE)
        return entry if isinstance(entry, Entry) else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        entry = self.selected_entry()
        self.details.setHtml(details_html(entry, self._today()) if entry else "")


def details_html(entry: Entry, today: date) -> str:
    """The details pane for one entry."""
    esc = html.escape
    meta = entry.meta
    if meta is None or not entry.valid:
        items = "".join(f"<li><code>{esc(str(p))}</code></li>" for p in entry.problems)
        return (
            f"<h2>{esc(entry.path.name)}</h2>"
            f"<p><b>{esc(_('This pack cannot be opened.'))}</b> "
            f"{esc(_('Ask its author to fix these problems:'))}</p><ul>{items}</ul>"
        )
    rows = [
        (_("Decision"), meta.decision),
        (_("Condition"), meta.condition),
        (_("For"), meta.population),
        (_("Status"), status_text(entry, today)),
        (_("Version"), meta.version),
        (_("Languages"), ", ".join(entry.languages)),
        (_("Published"), meta.published.isoformat()),
        (_("Evidence searched"), meta.evidence_searched.isoformat()),
        (_("Review due"), meta.review_due.isoformat()),
        (_("Expires"), meta.expires.isoformat()),
        (_("Authors"), ", ".join(a.name for a in meta.authors)),
        (_("Funding"), meta.funding),
    ]
    table = "".join(
        f"<tr><th align='left' valign='top'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows
    )
    banner = ""
    if meta.review.status == "example":
        banner = (
            "<p style='background:#fff4ce; color:#3b2f00; padding:6px'>"
            f"<b>{esc(_('Example content, not clinically reviewed.'))}</b> "
            f"{esc(_('Do not use it with patients until a named clinician has reviewed it.'))}</p>"
        )
    return f"<h2>{esc(meta.title)}</h2>{banner}<table cellspacing='4'>{table}</table>"
