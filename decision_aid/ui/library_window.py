"""The main window: the library of option-grid packs with their status."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from decision_aid import __version__
from decision_aid.i18n import (
    _,
    current_language,
    format_date,
    native_name,
    ngettext,
    on_language_changed,
)
from decision_aid.ui.language import apply_language, language_menu, ui_language, ui_languages
from decision_aid.ui.library_layout import column_widths, primary_button
from decision_aid.ui.library_model import ENTRY_ROLE, LibraryFilter, LibraryModel, status_text
from decision_aid.ui.plain_text import ask, buddy_label, plain_label
from decision_aid.ui.recovery_banner import RecoveryBanner
from decision_aid.ui.tasks import Task, run_task
from decision_aid.ui.theme import ensure_installed
from decision_aid.ui.type_scale import relative_font
from decision_aid.ui.window_size import open_size

if TYPE_CHECKING:
    from decision_aid.content.library import Entry
    from decision_aid.content.loader import LoadedPack
    from decision_aid.content.store import PackStore
    from decision_aid.session.model import SessionRecord
    from decision_aid.session.state import Clock
    from decision_aid.session.store import DraftInfo, DraftStore
    from decision_aid.ui.consultation_window import ConsultationWindow


class LibraryWindow(QMainWindow):
    """Lists every pack found, searchable, with details and reasons for invalid packs."""

    def __init__(
        self,
        roots: list[Path],
        today: Callable[[], date] = date.today,
        *,
        store: DraftStore | None = None,
        clock: Clock | None = None,
        autosave_ms: int | None = None,
        pack_store: PackStore | None = None,
    ) -> None:
        super().__init__()
        ensure_installed()
        self._roots = list(roots)
        self._today = today
        self.store = store
        self.pack_store = pack_store
        """Where the pack of every consultation started is kept (None: the default store)."""
        self.clock = clock
        """The consultation clock; None means the real time."""
        self.autosave_ms = autosave_ms
        self.task: Task | None = None
        self.open_task: Task | None = None
        self.consultations: list[ConsultationWindow] = []
        self.resize(open_size(self, 1280, 720))
        self.model = LibraryModel(today)
        self.proxy = LibraryFilter()
        self.proxy.setSourceModel(self.model)
        self._build_ui()
        for signal in (self.proxy.modelReset, self.proxy.layoutChanged, self.proxy.rowsInserted):
            signal.connect(self.fit_columns)
        self._unsubscribe_language = on_language_changed(lambda _code: self._rebuild())
        self.statusBar().showMessage(_("Loading packs…"))
        # Start reading packs once the event loop runs, so the window paints first.
        QTimer.singleShot(0, self.reload)

    def _build_ui(self) -> None:
        """Every widget and menu, in the current language (again after a change)."""
        query = self.search.text() if hasattr(self, "search") else ""
        selected = self.selected_entry() if hasattr(self, "table") else None
        self.setWindowTitle(_("decision-aid — Library"))

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by title, condition or keyword"))
        self.search.setAccessibleName(_("Search packs"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_query)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.search.setText(query)
        self.table.setAccessibleName(_("Packs"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # The title gets the width; the other columns wrap their words rather than
        # cut the title short, and nothing is elided ("…").
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.search.returnPressed.connect(self.open_selected)

        self.patient_language = QComboBox()
        self.patient_language.setAccessibleName(_("Patient's language"))
        self.patient_language.setToolTip(_("The language the patient sees the option grid in"))
        language_label = buddy_label(_("Patient's &language:"), self.patient_language)

        self.open_button = QPushButton(_("&Open with patient"))
        self.open_button.setAccessibleName(_("Open the selected pack"))
        self.open_button.setToolTip(_("Start a consultation with the selected pack (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        primary_button(self.open_button)

        self.banner = RecoveryBanner()
        self.banner.recover.connect(self.recover)
        self.banner.discard.connect(self.discard_draft)

        self.details = QTextBrowser()
        self.details.setAccessibleName(_("Pack details"))
        self.details.setOpenExternalLinks(False)

        self.heading = relative_font(plain_label(_("Option grids")), HEADING_SCALE, bold=True)
        self.heading.setAccessibleName(_("Option grids"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.heading)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)
        opening = QHBoxLayout()
        opening.addStretch(1)
        opening.addWidget(language_label)
        opening.addWidget(self.patient_language)
        opening.addWidget(self.open_button)
        left_layout.addLayout(opening)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        width = self.width()
        splitter.setSizes([round(width * 0.64), round(width * 0.36)])
        splitter.setChildrenCollapsible(False)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.banner)
        layout.addWidget(splitter)
        old = self.takeCentralWidget()
        self.setCentralWidget(central)
        if old is not None:
            old.deleteLater()
        self.menuBar().clear()
        for action in self.actions():
            self.removeAction(action)
        self._build_menus()
        self.model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1
        )
        self.fit_columns()
        if selected is not None:
            self._select(selected)

    def fit_columns(self) -> None:
        """Widths for the columns after the title: see :func:`column_widths`."""
        header = self.table.horizontalHeader()
        for column, width in column_widths(self.table).items():
            header.resizeSection(column, width)
        least = sum(column_widths(self.table, least=True).values())
        scroll = self.table.style().pixelMetric(self.table.style().PixelMetric.PM_ScrollBarExtent)
        self.table.setMinimumWidth(least + 2 * self.table.frameWidth() + scroll)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            self.fit_columns()

    def _rebuild(self) -> None:
        self._build_ui()
        self.model.set_entries(self.model.entries())
        entry = self.selected_entry()
        if entry is not None:
            self.details.setHtml(details_html(entry, self._today()))
        self._show_count()

    def _select(self, entry: Entry) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(row, 0), ENTRY_ROLE) is entry:
                self.table.selectRow(row)
                return

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
        verify = QAction(_("&Verify a record…"), self)
        verify.triggered.connect(self.verify_record)
        file_menu.addAction(verify)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.menuBar().addMenu(
            language_menu(self, _("&Language"), ui_languages(), ui_language(), apply_language)
        )
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
        self.task = run_task(self, lambda: _index(roots), self._loaded, self._load_failed)

    def _show_count(self) -> None:
        entries = self.model.entries()
        invalid = sum(not e.valid for e in entries)
        duplicates = sum(not e.used for e in entries)
        text = (
            ngettext("{n} pack", "{n} packs", len(entries)).format(n=len(entries))
            + " · "
            + ngettext("{n} invalid", "{n} invalid", invalid).format(n=invalid)
        )
        if duplicates:
            text += " · " + ngettext(
                "{n} duplicate not used", "{n} duplicates not used", duplicates
            ).format(n=duplicates)
        self.statusBar().showMessage(text)

    def _loaded(self, entries: list[Entry]) -> None:
        self.model.set_entries(entries)
        self._show_count()
        self.check_drafts()
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
        ask(
            self,
            QMessageBox.Icon.Warning,
            _("Could not read the pack folders"),
            _("The library could not be read: {problem}").format(problem=exc),
        )

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose a folder of packs"))
        if folder:
            self._roots.append(Path(folder))
            self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._unsubscribe_language()
        super().closeEvent(event)

    def verify_record(self) -> None:
        """Check the signature and provenance of a record PDF."""
        from decision_aid.ui.dialogs.verify_dialog import VerifyDialog

        VerifyDialog(parent=self).exec()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("About decision-aid"),
            _("decision-aid {version}: a shared decision-making aid.").format(version=__version__),
        )

    # -- opening a pack --------------------------------------------------------

    def entry_for(self, pack_id: str) -> Entry | None:
        """The copy of ``pack_id`` the library uses (the highest version)."""
        from decision_aid.content.library import used_entry

        return used_entry(self.model.entries(), pack_id)

    def _pack_store(self) -> PackStore:
        if self.pack_store is None:
            from decision_aid.content.store import PackStore, default_store_dir

            self.pack_store = PackStore(default_store_dir())
        return self.pack_store

    def confirm_expired(self, entry: Entry) -> bool:
        """Ask before opening an expired pack. Tests replace this."""
        assert entry.meta is not None
        answer = ask(
            self,
            QMessageBox.Icon.Warning,
            _("This pack has expired"),
            _(
                "{title} expired on {date}. Its evidence may be out of date and it should "
                "be reviewed before use.\n\nOpen it anyway?"
            ).format(title=entry.meta.title, date=format_date(entry.meta.expires)),
            buttons=QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            default=QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        self.open_entry(entry, language=self.patient_language.currentData())

    def open_entry(
        self, entry: Entry, record: SessionRecord | None = None, language: str | None = None
    ) -> None:
        """Load the whole pack off the GUI thread, then start (or resume) a consultation."""
        if not entry.valid:
            self.statusBar().showMessage(_("This pack cannot be opened; see its problems."))
            return
        if not entry.used and entry.used_instead is not None:
            self.statusBar().showMessage(
                _("This copy is not used: another copy of the pack has a higher version.")
            )
            return
        if entry.expired(self._today()) and not self.confirm_expired(entry):
            return
        if self.open_task is not None and self.open_task.running:
            return
        self.statusBar().showMessage(
            _("Opening {title}…").format(title=entry.meta.title if entry.meta else entry.id)
        )
        entries, store = self.model.entries(), self._pack_store()
        self.open_task = run_task(
            self,
            lambda: _open_pack(entry, record, entries, store),
            lambda opened: self._opened(opened[0], record, language, opened[1]),
            lambda exc: self._open_failed(entry, exc),
        )

    def _opened(
        self,
        loaded: LoadedPack,
        record: SessionRecord | None,
        language: str | None = None,
        kept_problem: str | None = None,
    ) -> None:
        from decision_aid.session.model import now_utc
        from decision_aid.session.state import Session
        from decision_aid.ui.consultation_window import ConsultationWindow

        if language not in loaded.languages:
            language = None
        session = Session(
            loaded.pack,
            content_hash=loaded.content_hash,
            record=record,
            clock=self.clock or now_utc,
            language=language,
            translations=loaded.translations,
        )
        extra = {} if self.autosave_ms is None else {"autosave_ms": self.autosave_ms}
        window = ConsultationWindow(loaded, session, self.store, roots=list(self._roots), **extra)
        window.closed.connect(lambda: self._consultation_closed(window))
        self.consultations.append(window)
        window.show()
        message = _("Opened {title}.").format(title=loaded.meta.title)
        if record is not None and record.pack.content_hash != loaded.content_hash:
            message = _(
                "Recovered the consultation. The pack has changed since it was saved, and "
                "version {version} that the patient was shown was not found; check the "
                "figures with the patient again. Its record is made only from the version "
                "shown, or marked on every page as made from another."
            ).format(version=record.pack.version)
        elif record is not None:
            message = _(
                "Recovered the consultation with {title} version {version}, as the patient "
                "was shown it."
            ).format(title=loaded.meta.title, version=loaded.meta.version)
        if kept_problem:
            message += " " + kept_problem
        self.statusBar().showMessage(message)

    def _open_failed(self, entry: Entry, exc: Exception) -> None:
        from decision_aid.content.errors import PackError
        from decision_aid.content.library import mark_duplicates

        entries = self.model.entries()
        mark_duplicates(entries)  # the entry turned invalid: another copy may be used now
        self.model.set_entries(entries)
        if isinstance(exc, PackError):
            self.statusBar().showMessage(_("This pack cannot be opened; see its problems."))
            self.details.setHtml(details_html(entry, self._today()))
        else:
            self._load_failed(exc)

    def _consultation_closed(self, window: ConsultationWindow) -> None:
        if window in self.consultations:
            self.consultations.remove(window)
        self.check_drafts()

    # -- recovery --------------------------------------------------------------

    def check_drafts(self) -> None:
        """Offer to recover an unfinished consultation left by a crash or a power cut."""
        if self.store is None:
            return
        from decision_aid.session.store import DraftError

        try:
            drafts = self.store.unfinished()
        except DraftError as exc:
            self.banner.show_problem(str(exc))
            return
        open_ids = {w.session.record.id for w in self.consultations}
        drafts = [d for d in drafts if d.id not in open_ids]
        titles = {
            e.meta.id: e.meta.title for e in self.model.entries() if e.meta is not None and e.used
        }
        self.banner.show_drafts(drafts, titles)

    def recover(self, info: DraftInfo) -> None:
        assert self.store is not None
        from decision_aid.session.store import DraftError

        try:
            record = self.store.load(info.path)
        except DraftError as exc:
            self.banner.show_problem(str(exc))
            return
        entry = self.entry_for(record.pack.id)
        if entry is None:
            self.banner.show_problem(
                _(
                    "The unfinished consultation used the pack '{pack}', which is not in the "
                    "library now. Add its folder (File › Add pack folder) to recover it."
                ).format(pack=record.pack.id)
            )
            return
        self.banner.hide()
        self.open_entry(entry, record)

    def discard_draft(self, info: DraftInfo) -> None:
        assert self.store is not None
        from decision_aid.session.store import DraftError

        try:
            self.store.discard(info.id)
        except DraftError as exc:
            self.banner.show_problem(str(exc))
            return
        self.check_drafts()

    # -- details ---------------------------------------------------------------

    def selected_entry(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        entry = self.proxy.data(rows[0], ENTRY_ROLE)
        return entry  # type: ignore[no-any-return]

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        entry = self.selected_entry()
        self.details.setHtml(details_html(entry, self._today()) if entry else "")
        self._fill_patient_languages(entry)

    def _fill_patient_languages(self, entry: Entry | None) -> None:
        """The selected pack's languages, the screen language first when the pack has it."""
        self.patient_language.clear()
        if entry is None or not entry.valid:
            return
        for code in entry.languages:
            self.patient_language.addItem(native_name(code), code)
        index = self.patient_language.findData(current_language())
        self.patient_language.setCurrentIndex(max(index, 0))


HEADING_SCALE = 1.4
"""The library's heading, relative to the text."""


def _open_pack(
    entry: Entry, record: SessionRecord | None, entries: list[Entry], store: PackStore
) -> tuple[LoadedPack, str | None]:
    """Off the GUI thread: the pack to open, kept in the pack store, and a note when it
    could not be kept. A recovered consultation gets the pack it was shown (a copy in the
    library, or in the pack store) when there is one, else the entry's."""
    from decision_aid.content.store import StoreError, shown_pack

    loaded: LoadedPack | None = None
    if record is not None:
        ref = record.pack
        try:
            loaded = shown_pack(entries, store, ref.id, ref.version, ref.content_hash)
        except StoreError:
            loaded = None  # the record dialog says why, should a record be made
    if loaded is None:
        loaded = entry.open()
    try:
        store.keep(loaded)
    except StoreError as exc:
        return loaded, _(
            "The pack could not be kept in the pack store ({problem}); its record can be "
            "made while this version is installed."
        ).format(problem=exc)
    return loaded, None


def _index(roots: list[Path]) -> list[Entry]:
    """Build the library index (runs off the GUI thread, so its imports do too)."""
    from decision_aid.content.library import build_index

    return build_index(roots)


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
        (_("Folder"), str(entry.path)),
        (_("Languages"), ", ".join(entry.languages)),
        (_("Published"), format_date(meta.published)),
        (_("Evidence searched"), format_date(meta.evidence_searched)),
        (_("Review due"), format_date(meta.review_due)),
        (_("Expires"), format_date(meta.expires)),
        (_("Authors"), ", ".join(a.name for a in meta.authors)),
        (_("Funding"), meta.funding),
    ]
    table = "".join(
        f"<tr><th align='left' valign='top'>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows
    )
    banner = duplicates_html(entry)
    if meta.review.status == "example":
        banner += (
            "<p style='background:#fff4ce; color:#3b2f00; padding:6px'>"
            f"<b>{esc(_('Example content, not clinically reviewed.'))}</b> "
            f"{esc(_('Do not use it with patients until a named clinician has reviewed it.'))}</p>"
        )
    return f"<h2>{esc(meta.title)}</h2>{banner}<table cellspacing='4'>{table}</table>"


def duplicates_html(entry: Entry) -> str:
    """The details pane's note on other copies of the same pack id (empty when none)."""
    esc = html.escape
    rule = _(
        "When several copies share an id, the highest version is used; on equal versions, "
        "the copy in the folder searched first."
    )
    used = entry.used_instead
    if used is not None and used.meta is not None:
        text = _(
            "This copy is not used: the copy of version {version} in {path} is used instead. "
            "Remove this copy, or give it a higher version if it is the newer one."
        ).format(version=used.meta.version, path=used.path)
        return (
            "<p style='background:#fde8e8; color:#5c0010; padding:6px'>"
            f"<b>{esc(_('Duplicate pack id.'))}</b> {esc(text)} {esc(rule)}</p>"
        )
    if entry.duplicates:
        others = "".join(
            "<li>"
            + esc(
                _("version {version} in {path}").format(
                    version=d.meta.version if d.meta else "?", path=d.path
                )
            )
            + "</li>"
            for d in entry.duplicates
        )
        return (
            "<p style='background:#fff4ce; color:#3b2f00; padding:6px'>"
            f"<b>{esc(_('Other copies of this pack were found and are not used:'))}</b></p>"
            f"<ul>{others}</ul><p>{esc(rule)}</p>"
        )
    return ""
