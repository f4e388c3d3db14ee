"""Translations side by side: each text of the pack and its translation, missing ones
first, then stale ones, with numbers that differ flagged.

One row per translatable text (``decision-aid packs strings``), in the order
:func:`decision_aid.authoring.translations.translation_entries` gives: missing, stale
(the source text changed after it was translated), not checked (no source hash recorded),
then current. The author edits the translation in place; a text translated or edited
here is recorded as translated from the source text beside it (its source hash), and
**Mark as checked** does the same for a translation that is still right. Every change is
one undoable step of the workbench, and the preview follows it in that language.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from decision_aid.authoring.document import MISSING, Edit, PackDocument, Where
from decision_aid.authoring.translations import TranslationEntry, counts, entries_for
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import TranslationFile
from decision_aid.content.strings import optional_strings
from decision_aid.content.translation_state import source_hash
from decision_aid.i18n import _, native_name
from decision_aid.ui.author.directions import OwnDirection
from decision_aid.ui.author.form import EditRequest
from decision_aid.ui.author.schema import fields_of
from decision_aid.ui.plain_text import literal_ampersands, plain_label, window_title
from decision_aid.ui.window_size import open_size

PATH, STATE, SOURCE, TRANSLATION = range(4)
BACKGROUNDS = {
    "missing": QColor("#fff4ce"),
    "stale": QColor("#ffe0b2"),
    "numbers": QColor("#ffd6d6"),
}
"""Rows that need the translator: missing, stale, or with numbers that differ."""


def state_words(entry: TranslationEntry | None) -> str:
    """The row's state in words, with the numbers when they differ."""
    if entry is None:
        return _("optional")
    words = {
        "missing": _("missing"),
        "stale": _("stale: the source changed after it was translated"),
        "unchecked": _("not checked against the source"),
        "current": _("current"),
    }[entry.state]
    if entry.numbers_differ:
        words += " · " + _("numbers differ: {source} in the source, {translation} here").format(
            source=", ".join(entry.source_numbers) or "-",
            translation=", ".join(entry.translation_numbers) or "-",
        )
    return words


class TranslationTable(QWidget):
    """The texts of one translation beside the source's; says ``edit_requested``."""

    edit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document: PackDocument | None = None
        self.locale = ""
        self.rel = ""
        self.order: list[str] = []
        self.rows: dict[str, int] = {}
        self.entries: dict[str, TranslationEntry] = {}
        self.optional: set[str] = set()
        self._filling = False
        self.summary: QLabel = plain_label(wrap=True)
        self.summary.setAccessibleName(_("How far the translation is"))
        self.mark = QPushButton(literal_ampersands(_("Mark as checked")))
        self.mark.setToolTip(
            _("The chosen translations are right for the source text as it is now.")
        )
        self.mark.clicked.connect(self.mark_checked)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.mark)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Text"), _("State"), _("Source"), _("Translation")])
        self.table.setAccessibleName(_("Translations side by side"))
        self.table.setWordWrap(True)
        self.table.setItemDelegate(OwnDirection(self.table))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in (
            (PATH, QHeaderView.ResizeMode.Interactive),
            (STATE, QHeaderView.ResizeMode.Interactive),
            (SOURCE, QHeaderView.ResizeMode.Stretch),
            (TRANSLATION, QHeaderView.ResizeMode.Stretch),
        ):
            header.setSectionResizeMode(column, mode)
        self.table.setColumnWidth(PATH, 190)
        self.table.setColumnWidth(STATE, 170)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.itemChanged.connect(self._changed)
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._fit.start())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    # -- showing ----------------------------------------------------------------------

    def _entries(self, loaded: LoadedPack) -> list[TranslationEntry]:
        translation = loaded.translations.get(self.locale) or TranslationFile(
            format_version=1, locale=self.locale, status="-", strings={}
        )
        return entries_for(loaded.pack, translation, loaded.meta.source_language, self.locale)

    def show_translation(self, document: PackDocument, loaded: LoadedPack, locale: str) -> None:
        """List the pack's texts beside this locale's translations, those needing work first."""
        self.document = document
        self.locale = locale
        self.rel = document.parts[locale]
        entries = self._entries(loaded)
        optional = optional_strings(loaded.pack)
        self.optional = {item.path for item in optional}
        self.entries = {entry.path: entry for entry in entries}
        self.order = [entry.path for entry in entries] + [item.path for item in optional]
        rows: list[tuple[str, str]] = [(e.path, e.source) for e in entries]
        rows += [
            (item.path, _("(optional: other forms of the term in this language)"))
            for item in optional
        ]
        translated = document.get((self.rel, "strings"))
        done = translated if isinstance(translated, dict) else {}
        self._filling = True
        try:
            self.table.setRowCount(len(rows))
            self.rows = {}
            for row, (path, source) in enumerate(rows):
                self.rows[path] = row
                cells = [QTableWidgetItem(path), QTableWidgetItem(), QTableWidgetItem(source)]
                for cell in cells:
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                text = done.get(path)
                translation = QTableWidgetItem(text if isinstance(text, str) else "")
                translation.setData(Qt.ItemDataRole.UserRole, path)
                for column, cell in zip((PATH, STATE, SOURCE), cells, strict=True):
                    self.table.setItem(row, column, cell)
                self.table.setItem(row, TRANSLATION, translation)
                self._mark(path)
        finally:
            self._filling = False
        self.table.resizeRowsToContents()
        self._summarise()

    def refresh_states(self, loaded: LoadedPack) -> None:
        """Work each row's state out again from the pack as it stands (rows stay put)."""
        if self.document is None:
            return
        self.entries = {entry.path: entry for entry in self._entries(loaded)}
        for path in self.rows:
            self._mark(path)
        self._summarise()

    def _mark(self, path: str) -> None:
        row = self.rows.get(path)
        if row is None:
            return
        filling, self._filling = self._filling, True  # a new colour is no edit
        try:
            self._paint(path, row)
        finally:
            self._filling = filling

    def _paint(self, path: str, row: int) -> None:
        entry = self.entries.get(path)
        state = self.table.item(row, STATE)
        if state is not None:
            state.setText(state_words(entry))
        key = None
        if entry is not None:
            key = "numbers" if entry.numbers_differ else entry.state
        brush = QBrush(BACKGROUNDS[key]) if key in BACKGROUNDS else QBrush()
        for column in range(4):
            cell = self.table.item(row, column)
            if cell is not None:
                cell.setBackground(brush)

    def _summarise(self) -> None:
        found = counts(list(self.entries.values()))
        name = native_name(self.locale)
        self.summary.setText(
            _(
                "{language}: {missing} missing, {stale} stale, {unchecked} not checked, "
                "{current} current; {numbers} with numbers that differ. Those that need work "
                "are listed first."
            ).format(
                language=name,
                missing=found["missing"],
                stale=found["stale"],
                unchecked=found["unchecked"],
                current=found["current"],
                numbers=found["numbers"],
            )
        )

    def select(self, path: str) -> None:
        """Bring one text's row to view and choose its translation."""
        row = self.rows.get(path)
        if row is not None:
            self.table.setCurrentCell(row, TRANSLATION)
            self.table.scrollToItem(self.table.item(row, TRANSLATION))

    # -- editing ----------------------------------------------------------------------

    def _hash_edit(self, path: str, value: object) -> Edit | None:
        """The edit that records (or, with MISSING, removes) a text's source hash."""
        assert self.document is not None
        block = self.document.get((self.rel, "source_hashes"))
        if isinstance(value, str):
            value = DoubleQuotedScalarString(value)  # in quotes, as the packs write them
        if value is MISSING:
            if isinstance(block, dict) and path in block:
                return self.document.put((self.rel, "source_hashes", path), MISSING)
            return None
        if isinstance(block, dict):
            return self.document.put((self.rel, "source_hashes", path), value, self.order)
        order = [spec.name for spec in fields_of(TranslationFile)]
        return self.document.put((self.rel, "source_hashes"), {path: value}, order)

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.document is None or item.column() != TRANSLATION:
            return
        path = str(item.data(Qt.ItemDataRole.UserRole))
        text = item.text()
        before = self.document.get((self.rel, "strings", path))
        if text == (before if isinstance(before, str) else ""):
            return  # the cell changed but not its text: a stale translation stays stale
        present = bool(text.strip())
        edits: list[Edit] = [
            self.document.put((self.rel, "strings", path), text if present else MISSING, self.order)
        ]
        entry = self.entries.get(path)
        if entry is not None:
            hashed = self._hash_edit(path, source_hash(entry.source) if present else MISSING)
            if hashed is not None:
                edits.append(hashed)
        self.edit_requested.emit(EditRequest(edits, _("Translate {path}").format(path=path)))

    def mark_checked(self) -> None:
        """Record the chosen translations as checked against the source text as it is."""
        if self.document is None:
            return
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        edits: list[Edit] = []
        for path, row in self.rows.items():
            entry = self.entries.get(path)
            if row not in rows or entry is None or entry.translation is None:
                continue
            if entry.state in ("stale", "unchecked"):
                hashed = self._hash_edit(path, source_hash(entry.source))
                if hashed is not None:
                    edits.append(hashed)
        if edits:
            self.edit_requested.emit(EditRequest(edits, _("Mark translations as checked")))

    def document_changed(self, where: Where) -> None:
        """Show the document's translation again where ``where`` changed (undo, redo)."""
        if self.document is None or not where or where[0] != self.rel:
            return
        for path, row in self.rows.items():
            target: Where = (self.rel, "strings", path)
            if where[: len(target)] != target and target[: len(where)] != where:
                continue
            value = self.document.get(target)
            text = value if isinstance(value, str) else ""
            cell = self.table.item(row, TRANSLATION)
            if cell is not None and cell.text() != text:
                self._filling = True
                try:
                    cell.setText(text)
                finally:
                    self._filling = False


class TranslationsDialog(QDialog):
    """A window of its own for one translation, beside the workbench (which it edits)."""

    def __init__(self, parent: QWidget, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.view = TranslationTable(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(close)
        for keys, slot in ((["Ctrl+Z"], undo), (["Ctrl+Shift+Z", "Ctrl+Y"], redo)):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.addAction(action)
        self.resize(open_size(self, 1200, 680))

    def show_translation(self, document: PackDocument, loaded: LoadedPack, locale: str) -> None:
        self.setWindowTitle(
            window_title(
                _("Translations side by side — {language} ({code})").format(
                    language=native_name(locale), code=locale
                )
            )
        )
        self.view.show_translation(document, loaded, locale)
