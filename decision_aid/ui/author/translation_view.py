"""Translations side by side: each text of the pack and its translation, missing ones first.

One row per translatable text (``decision-aid packs strings``): its string path, the
source text, and the translation, which the author edits in place. Every change is one
undoable step of the workbench, and the preview follows it in that language. Rows the
translation lacks come first and say so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from decision_aid.authoring.document import MISSING, PackDocument, Where
from decision_aid.content.loader import LoadedPack
from decision_aid.content.strings import optional_strings, pack_strings
from decision_aid.i18n import _, native_name, ngettext
from decision_aid.ui.author.form import EditRequest
from decision_aid.ui.plain_text import plain_label, window_title
from decision_aid.ui.window_size import open_size

MISSING_BACKGROUND = QColor("#fff4ce")
"""Rows the translation lacks."""

PATH, SOURCE, TRANSLATION = range(3)


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
        self._filling = False
        self.summary: QLabel = plain_label(wrap=True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Text"), _("Source"), _("Translation")])
        self.table.setAccessibleName(_("Translations side by side"))
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PATH, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TRANSLATION, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(PATH, 200)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.itemChanged.connect(self._changed)
        self.optional: set[str] = set()
        self._fit = QTimer(self)
        self._fit.setSingleShot(True)
        self._fit.setInterval(0)
        self._fit.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_args: self._fit.start())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_translation(self, document: PackDocument, loaded: LoadedPack, locale: str) -> None:
        """List the pack's texts beside this locale's translations, missing ones first."""
        self.document = document
        self.locale = locale
        self.rel = document.parts[locale]
        required = pack_strings(loaded.pack)
        optional = optional_strings(loaded.pack)
        self.optional = {item.path for item in optional}
        strings = [*required, *optional]
        self.order = [item.path for item in strings]
        translated = document.get((self.rel, "strings"))
        done = translated if isinstance(translated, dict) else {}
        rows = sorted(strings, key=lambda item: (item.path in self.optional, item.path in done))
        self._filling = True
        try:
            self.table.setRowCount(len(rows))
            self.rows = {}
            for row, item in enumerate(rows):
                self.rows[item.path] = row
                path = QTableWidgetItem(item.path)
                source = QTableWidgetItem(item.text)
                for cell in (path, source):
                    cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                text = done.get(item.path)
                translation = QTableWidgetItem(text if isinstance(text, str) else "")
                translation.setData(Qt.ItemDataRole.UserRole, item.path)
                self.table.setItem(row, PATH, path)
                self.table.setItem(row, SOURCE, source)
                self.table.setItem(row, TRANSLATION, translation)
                self._mark(row, isinstance(text, str) and bool(text.strip()))
                if item.path in self.optional:
                    source.setText(_("(optional: other forms of the term in this language)"))
        finally:
            self._filling = False
        self.table.resizeRowsToContents()
        self._summarise()

    def _mark(self, row: int, present: bool) -> None:
        path = self.table.item(row, PATH)
        if path is None:
            return
        present = present or path.text() in self.optional
        brush = QBrush() if present else QBrush(MISSING_BACKGROUND)
        for column in range(3):
            cell = self.table.item(row, column)
            if cell is not None:
                cell.setBackground(brush)
        path.setToolTip("" if present else _("Not translated yet: the source text is shown."))

    def _summarise(self) -> None:
        if self.document is None:
            return
        missing = sum(
            1
            for path, row in self.rows.items()
            if path not in self.optional
            and not (self.table.item(row, TRANSLATION) or QTableWidgetItem()).text().strip()
        )
        name = native_name(self.locale)
        self.summary.setText(
            ngettext(
                "{language}: {n} text of {total} is not translated yet; it is listed first.",
                "{language}: {n} texts of {total} are not translated yet; they are listed first.",
                missing,
            ).format(language=name, n=missing, total=len(self.rows) - len(self.optional))
            if missing
            else _("{language}: every text is translated.").format(language=name)
        )

    def _changed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.document is None or item.column() != TRANSLATION:
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        text = item.text()
        where: Where = (self.rel, "strings", str(path))
        value = text if text.strip() else MISSING
        edit = self.document.put(where, value, self.order)
        self.edit_requested.emit(EditRequest([edit], _("Translate {path}").format(path=path)))
        self._mark(item.row(), bool(text.strip()))
        self._summarise()

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
                self._mark(row, bool(text.strip()))
        self._summarise()


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
        self.resize(open_size(self, 1100, 650))

    def show_translation(self, document: PackDocument, loaded: LoadedPack, locale: str) -> None:
        self.setWindowTitle(
            window_title(
                _("Translations side by side — {language} ({code})").format(
                    language=native_name(locale), code=locale
                )
            )
        )
        self.view.show_translation(document, loaded, locale)
