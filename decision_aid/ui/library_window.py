"""The main window: the library of option-grid packs with their status."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
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
from decision_aid.ui.library_details import details_html
from decision_aid.ui.library_layout import column_widths, primary_button
from decision_aid.ui.library_model import ENTRY_ROLE, LibraryFilter, LibraryModel
from decision_aid.ui.plain_text import ask, buddy_label, plain_label
from decision_aid.ui.recovery_banner import RecoveryBanner
from decision_aid.ui.tasks import Task, run_task
from decision_aid.ui.theme import ensure_installed
from decision_aid.ui.type_scale import relative_font
from decision_aid.ui.window_size import open_size

if TYPE_CHECKING:
    from decision_aid.content.library import Entry
    from decision_aid.content.loader import LoadedPack
    from decision_aid.content.model import PackMeta
    from decision_aid.content.store import PackStore
    from decision_aid.session.model import SessionRecord
    from decision_aid.session.state import Clock
    from decision_aid.session.store import DraftInfo, DraftStore
    from decision_aid.ui.consultation_window import ConsultationWindow


class LibraryWindow(QMainWindow):
    """Lists every pack found, searchable, with details and reasons for invalid packs."""

    consultation_started = Signal(object)
    """A consultation window was opened and shown (the ConsultationWindow)."""

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
        self.titles_task: Task | None = None
        """Reads the packs' titles and details in a new screen language (off the GUI thread)."""
        self.check_task: Task | None = None
        """Checks the packs the first screen listed on the cache's quick check (see reload)."""
        self._listing = 0
        """Counts the listings started: a check of an earlier one is not applied."""
        self._to_check: tuple[int, list[Entry]] = (0, [])
        """The quick listing waiting for its check, and its count."""
        self.consultations: list[ConsultationWindow] = []
        self.group_windows: list[QMainWindow] = []
        """Group sessions opened from the library (kept so that they stay open)."""
        self.resize(open_size(self, 1280, 720))
        self.model = LibraryModel(today)
        self.proxy = LibraryFilter()
        self.proxy.setSourceModel(self.model)
        self._selected: Entry | None = None
        """The pack whose details are shown (see _selection_changed)."""
        self._build_ui()
        # The widths fit every pack, whatever a search shows (see column_widths): a search
        # that shows scattered rows signals each run of them, thousands for 10 000 packs.
        for signal in (self.model.modelReset, self.model.dataChanged):
            signal.connect(self.fit_columns)
        self._unsubscribe_language = on_language_changed(lambda _code: self._rebuild())
        self.statusBar().showMessage(_("Loading packs…"))
        self._painted = False
        self._started = False
        self._after_paint: list[Callable[[], None]] = []
        # Read the packs once the window has painted its first frame (see _start).
        QTimer.singleShot(0, self._start_unless_painting)

    # -- the first frame ----------------------------------------------------------

    def after_first_paint(self, work: Callable[[], None]) -> None:
        """Run ``work`` on the GUI thread once the window has painted its first frame
        (at once if it has): set-up the first frame does not need waits for it."""
        if self._started:
            work()
        else:
            self._after_paint.append(work)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Queued: it runs once the whole frame (every child) has painted.
            QTimer.singleShot(0, self._start)

    def _start_unless_painting(self) -> None:
        """Start at once when the window is not shown (nothing to wait for); a shown one
        starts after its first frame, or after FIRST_FRAME_WAIT_MS should none come (a
        window on another desktop is not painted until it is seen)."""
        if self.isVisible() and not self._painted:
            QTimer.singleShot(FIRST_FRAME_WAIT_MS, self._start)
        else:
            self._start()

    def _start(self) -> None:
        """Run the work that waited for the first frame, then read the packs."""
        if self._started:
            return
        self._started = True
        waiting, self._after_paint = self._after_paint, []
        for work in waiting:
            work()
        if self.task is None:
            self.reload()

    def _build_ui(self) -> None:
        """Every widget and menu, in the current language (again after a change)."""
        query = self.search.text() if hasattr(self, "search") else ""
        selected = self.selected_entry() if hasattr(self, "table") else None
        self._selected = None  # new widgets: the details and languages are filled anew
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
        self._fit_rows(self.model.rowCount())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.search.returnPressed.connect(self.open_selected)

        self.patient_language = QComboBox()
        # As wide as the longest name in it ('Cymraeg' lost its 'g' at a fixed width).
        self.patient_language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
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
        self.banner.new_key.connect(self.use_new_key)

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

    def _fit_rows(self, rows: int) -> None:
        """Rows as tall as their wrapped text, up to LARGE_LIBRARY packs. Beyond, one line
        each, cut short with an ellipsis (the tooltip and the details pane show it all):
        fitting every row's height to its text measures every row, which takes seconds
        for 10 000 packs, at every search."""
        large = rows > LARGE_LIBRARY
        self.table.setWordWrap(not large)
        self.table.setTextElideMode(
            Qt.TextElideMode.ElideRight if large else Qt.TextElideMode.ElideNone
        )
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Fixed if large else QHeaderView.ResizeMode.ResizeToContents
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            self.fit_columns()

    def _rebuild(self) -> None:
        self._build_ui()
        self.model.set_entries(self.model.entries())
        self._show_details(self.selected_entry())
        self._show_count()
        entries, language = self.model.entries(), current_language()
        self.titles_task = run_task(
            self,
            lambda: _localized(entries, language),
            lambda local: self._localized(language, local),
            lambda _exc: None,  # the titles stay as written; opening a pack says what is wrong
        )

    def _localized(self, language: str, local: dict[Entry, PackMeta]) -> None:
        """Titles and details in ``language``, unless the screen has changed again since."""
        if language != current_language():
            return
        self.model.set_local_meta(local)
        self._show_details(self.selected_entry())

    def _select(self, entry: Entry) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(row, 0), ENTRY_ROLE) is entry:
                self.select_row(row)
                return

    def select_row(self, row: int) -> None:
        """Select the row ``row`` of the (filtered) table, and show its details.

        Through the selection model: ``QTableView.selectRow`` finds no column to select
        in a right-to-left layout, which left the Arabic library with nothing selected.
        """
        index = self.proxy.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)

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
        kiosk = QAction(_("Open from &kiosk…"), self)
        kiosk.triggered.connect(self.open_from_kiosk)
        file_menu.addAction(kiosk)
        verify = QAction(_("&Verify a record…"), self)
        verify.triggered.connect(self.verify_record)
        file_menu.addAction(verify)
        group = QAction(_("Run a &group session with this pack…"), self)
        group.triggered.connect(self.open_group_session)
        file_menu.addAction(group)
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
        """Rebuild the index off the GUI thread.

        Packs the metadata cache holds unchanged on its quick check are listed at once;
        their full keys are checked afterwards, also off the GUI thread, and the list is
        replaced only if that finds a pack changed (see library_cache)."""
        if self.task is not None and self.task.running:
            return
        roots, language = list(self._roots), current_language()
        self._listing += 1
        self.statusBar().showMessage(_("Loading packs…"))
        self.task = run_task(
            self, lambda: _index(roots, language, quick=True), self._loaded, self._load_failed
        )

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

    def _loaded(self, result: tuple[list[Entry], dict[Entry, PackMeta]]) -> None:
        entries, local = result
        self._list(entries, local)
        from decision_aid.ui.source_lines import forget_source_lines

        forget_source_lines()  # the pack models' modules were imported for the listing
        if not all(entry.checked for entry in entries):
            # Once the list is on screen: the check holds Python's lock for most of a
            # second for 10 000 packs, which would hold up the list's own first paint.
            self._to_check = (self._listing, entries)
            QTimer.singleShot(CHECK_DELAY_MS, self._check_listed)

    def _check_listed(self) -> None:
        listing, entries = self._to_check
        self._to_check = (0, [])
        if entries and listing == self._listing:
            self._check(entries)

    def _check(self, shown: list[Entry]) -> None:
        """Build the index again with every pack's full key, and list it if it differs."""
        roots, language, listing = list(self._roots), current_language(), self._listing
        self.check_task = run_task(
            self,
            lambda: _checked(roots, language, shown),
            lambda result: self._checked(listing, language, result),
            lambda _exc: None,  # the next start reads the packs again
        )

    def _checked(
        self,
        listing: int,
        language: str,
        result: tuple[list[Entry], dict[Entry, PackMeta]] | None,
    ) -> None:
        if result is None or listing != self._listing:
            return  # as listed, or listed anew since
        if language != current_language():
            self._check(self.model.entries())  # its titles are in another language
            return
        selected = self.selected_entry()
        self._list(*result, keep=selected.path if selected is not None else None)

    def _list(
        self, entries: list[Entry], local: dict[Entry, PackMeta], keep: Path | None = None
    ) -> None:
        self._fit_rows(len(entries))
        self.model.set_entries(entries, local)
        self._show_count()
        self.check_drafts()
        kept = next((e for e in entries if e.path == keep), None) if keep is not None else None
        if kept is not None:
            self._select(kept)
        elif entries:
            self.select_row(0)
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

    def open_from_kiosk(self) -> None:
        """Start a consultation from the code of a patient's kiosk hand-over."""
        from decision_aid.ui.dialogs.kiosk_open_dialog import open_from_kiosk

        open_from_kiosk(self)

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
        """Ask before opening an expired pack, or one whose signature has expired (the
        same warning). Tests replace this."""
        assert entry.meta is not None
        title = _title(self.model.meta(entry))
        trust = entry.trust
        if entry.expired(self._today()) or trust is None or trust.expires is None:
            heading = _("This pack has expired")
            text = _(
                "{title} expired on {date}. Its evidence may be out of date and it should "
                "be reviewed before use.\n\nOpen it anyway?"
            ).format(title=title, date=format_date(entry.meta.expires))
        else:
            heading = _("This pack's signature has expired")
            text = _(
                "The signature of {title} expired on {date}: this copy may be out of date, "
                "or held back by whoever passed it on. Get the current copy from "
                "{publisher}.\n\nOpen it anyway?"
            ).format(
                title=title,
                date=format_date(trust.expires),
                publisher=trust.publisher_name(),
            )
        answer = ask(
            self,
            QMessageBox.Icon.Warning,
            heading,
            text,
            buttons=QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            default=QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

    def open_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        self.open_entry(entry, language=self.patient_language.currentData())

    def open_group_session(self) -> None:
        """Open the selected pack in group mode (decision_aid.ui.group)."""
        from decision_aid.ui.group.run import open_group_window

        entry = self.selected_entry()
        if entry is None or not entry.valid or not entry.used:
            self.statusBar().showMessage(_("Choose a pack that can be opened first."))
            return
        self.open_task = run_task(
            self,
            entry.open,
            lambda loaded: self.group_windows.append(open_group_window(loaded)),
            lambda exc: self._open_failed(entry, exc, None),
        )

    def open_entry(
        self, entry: Entry, record: SessionRecord | None = None, language: str | None = None
    ) -> bool:
        """Load the whole pack off the GUI thread, then start (or resume) a consultation.

        Returns False when nothing is opened (an invalid pack, an expired one or one whose
        signature expired declined, or another opening under way).
        """
        if not entry.valid:
            self.statusBar().showMessage(_("This pack cannot be opened; see its problems."))
            return False
        if not entry.used and entry.used_instead is not None:
            self.statusBar().showMessage(
                _("This copy is not used: another copy of the pack has a higher version.")
            )
            return False
        today = self._today()
        if (entry.expired(today) or entry.frozen(today)) and not self.confirm_expired(entry):
            return False
        if self.open_task is not None and self.open_task.running:
            return False
        self.statusBar().showMessage(
            _("Opening {title}…").format(title=_title(self.model.meta(entry)) or entry.id)
        )
        entries, store = self.model.entries(), self._pack_store()
        self.open_task = run_task(
            self,
            lambda: _open_pack(entry, record, entries, store),
            lambda opened: self._opened(opened[0], record, language, opened[1]),
            lambda exc: self._open_failed(entry, exc, record),
        )
        return True

    def _opened(
        self,
        loaded: LoadedPack,
        record: SessionRecord | None,
        language: str | None = None,
        kept_problem: str | None = None,
    ) -> None:
        from decision_aid.session.model import now_utc
        from decision_aid.session.state import Session, SessionError
        from decision_aid.ui.consultation_window import ConsultationWindow
        from decision_aid.ui.source_lines import forget_source_lines

        forget_source_lines()  # those of the consultation's modules, before its widgets
        if language not in loaded.languages:
            language = None
        try:
            session = Session(
                loaded.pack,
                content_hash=loaded.content_hash,
                record=record,
                clock=self.clock or now_utc,
                language=language,
                translations=loaded.translations,
            )
        except SessionError as exc:  # a recovered draft that does not fit the pack now
            assert record is not None
            self._release(record)
            kept = (
                _("The kiosk hand-over does not fit this pack; the hand-over is kept.")
                if record.kiosk is not None
                else _("The unfinished consultation cannot be recovered; its draft is kept.")
            )
            self.banner.show_problem(kept + "\n" + str(exc))
            return
        extra = {} if self.autosave_ms is None else {"autosave_ms": self.autosave_ms}
        window = ConsultationWindow(loaded, session, self.store, roots=list(self._roots), **extra)
        window.closed.connect(lambda: self._consultation_closed(window))
        self.consultations.append(window)
        window.show()
        forget_source_lines()  # and those its steps imported as they were built
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
        self.consultation_started.emit(window)

    def _open_failed(self, entry: Entry, exc: Exception, record: SessionRecord | None) -> None:
        from decision_aid.content.errors import PackError
        from decision_aid.content.library import mark_duplicates

        self._release(record)
        entries = self.model.entries()
        mark_duplicates(entries)  # the entry turned invalid: another copy may be used now
        self.model.set_entries(entries)
        if isinstance(exc, PackError):
            self.statusBar().showMessage(_("This pack cannot be opened; see its problems."))
            self._show_details(entry)
        else:
            self._load_failed(exc)

    def _consultation_closed(self, window: ConsultationWindow) -> None:
        if window in self.consultations:
            self.consultations.remove(window)
        self._release(window.session.record)
        self.check_drafts()

    def _release(self, record: SessionRecord | None) -> None:
        """Unlock a consultation's draft: another window may recover it now."""
        if self.store is not None and record is not None:
            self.store.release(record.id)

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
            meta.id: meta.title
            for e in self.model.entries()
            if (meta := self.model.meta(e)) is not None and e.used
        }
        self.banner.show_drafts(drafts, titles, key=self.store.key_path)

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
            self._release(record)
            self.banner.show_problem(
                _(
                    "The unfinished consultation used the pack '{pack}', which is not in the "
                    "library now. Add its folder (File › Add pack folder) to recover it."
                ).format(pack=record.pack.id)
            )
            return
        self.banner.hide()
        if not self.open_entry(entry, record):
            self._release(record)
            self.check_drafts()

    def discard_draft(self, info: DraftInfo) -> None:
        assert self.store is not None
        from decision_aid.session.store import DraftError

        try:
            self.store.discard(info)
        except DraftError as exc:
            self.banner.show_problem(str(exc))
            return
        self.check_drafts()

    def use_new_key(self) -> None:
        """The user chose a new draft key although drafts wait for the missing one."""
        assert self.store is not None
        from decision_aid.session.store import DraftError

        try:
            self.store.new_key()
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
        if entry is not None and entry is self._selected:
            # The same pack at another row: a search moves it once per run of rows shown.
            return
        self._selected = entry
        self._show_details(entry)
        self._fill_patient_languages(entry)

    def _show_details(self, entry: Entry | None) -> None:
        if entry is None:
            self.details.setHtml("")
            return
        self.details.setHtml(details_html(entry, self._today(), self.model.meta(entry)))

    def _fill_patient_languages(self, entry: Entry | None) -> None:
        """The selected pack's languages, the screen language first when the pack has it."""
        self.patient_language.clear()
        if entry is None or not entry.valid:
            return
        for code in entry.languages:
            self.patient_language.addItem(native_name(code), code)
        index = self.patient_language.findData(current_language())
        self.patient_language.setCurrentIndex(max(index, 0))


CHECK_DELAY_MS = 500
"""How long after a quick listing is on screen its full check starts (see reload)."""
LARGE_LIBRARY = 500
"""Above this many packs, the table's rows are one line each (see LibraryWindow._fit_rows)."""
HEADING_SCALE = 1.4
"""The library's heading, relative to the text."""
FIRST_FRAME_WAIT_MS = 500
"""A shown window that has not painted by then reads its packs all the same."""


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
    elif loaded.trust is None:  # the copy in the pack store: its signature, if any, again
        from decision_aid.content.trust.verify import stored_trust

        loaded.trust = stored_trust(loaded, entry.policy)
    try:
        store.keep(loaded)
    except StoreError as exc:
        return loaded, _(
            "The pack could not be kept in the pack store ({problem}); its record can be "
            "made while this version is installed."
        ).format(problem=exc)
    return loaded, None


def _title(meta: PackMeta | None) -> str:
    return meta.title if meta is not None else ""


def _index(
    roots: list[Path], language: str, *, quick: bool = False
) -> tuple[list[Entry], dict[Entry, PackMeta]]:
    """Build the library index, with each pack's metadata in ``language`` where the pack
    has that translation (runs off the GUI thread, so its imports do too). Unchanged packs
    come from the metadata cache kept between starts (with ``quick``, on its quick check)."""
    from decision_aid.content.library import build_index
    from decision_aid.content.library_cache import LibraryCache

    entries = build_index(roots, LibraryCache(), quick=quick)
    return entries, _localized(entries, language)


def _checked(
    roots: list[Path], language: str, shown: list[Entry]
) -> tuple[list[Entry], dict[Entry, PackMeta]] | None:
    """The index built with every pack's full key, or None when it lists what is shown."""
    from decision_aid.content.library import build_index, same_listing
    from decision_aid.content.library_cache import LibraryCache

    entries = build_index(roots, LibraryCache())
    if same_listing(shown, entries):
        return None
    return entries, _localized(entries, language)


def _localized(entries: list[Entry], language: str) -> dict[Entry, PackMeta]:
    """The metadata of each valid pack that has a translation into ``language``, translated."""
    from decision_aid.content.strings import meta_in

    local: dict[Entry, PackMeta] = {}
    for entry in entries:
        meta = entry.meta
        if meta is None or language == meta.source_language or language not in entry.languages:
            continue
        local[entry] = meta_in(entry.path, meta, language, entry.policy)
    return local
