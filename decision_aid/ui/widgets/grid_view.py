"""The option grid: options as columns, the questions patients ask as rows.

The view shows only what the session leaves visible (``visible_options`` and
``visible_rows``) and refreshes itself when the session changes. Below the questions
it shows what each option is like (benefits, harms and living with it). Every answer
cell opens a :class:`CellDetailDialog` with its detail, certainty and full sources:
double-click it, press Enter or Space on it, or use its context menu.

Rows the pack adds only when it has them: who can have each option (its eligibility),
first; and, last, what holds whichever option is chosen, across all the columns. A
glossary term in any cell is a term to tap for its meaning (F1 on the cell, or its
context menu, does the same from the keyboard; see :mod:`.glossary_terms`).

The grid is the pack's, so it speaks the patient's language (``session.language``) and
runs in its direction, mirrored for Arabic, on the clinician's screen as on the
patient's; only its tooltips and accessible names follow the screen.

The table model is in :mod:`.grid_model` and the painting in :mod:`.grid_delegate`.

The table never scrolls itself: it is as tall as its rows, sized to their wrapped text,
and the page around it scrolls. Keeping the current cell in view is done through the
nearest enclosing scroll area.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from decision_aid.content.model_parts import GlossaryEntry
from decision_aid.i18n import _, current_language, ngettext, using
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import direction
from decision_aid.ui.plain_text import tooltip
from decision_aid.ui.widgets.cell_detail import CellDetailDialog
from decision_aid.ui.widgets.glossary_terms import MeaningPopup, entry_for, meanings_text
from decision_aid.ui.widgets.grid_columns import share, words
from decision_aid.ui.widgets.grid_delegate import CellDelegate, GridHeader
from decision_aid.ui.widgets.grid_model import (
    KIND_ROLE,
    OPTION_ID_ROLE,
    ROW_ID_ROLE,
    GridModel,
    Index,
    cell_data,
)

__all__ = ["GridModel", "GridView", "cell_data"]


class GridView(QTableView):
    """The option grid for one session; see the module docstring."""

    detail_opened = Signal(str, str)
    """A cell's detail was opened: (row id, option id)."""

    def __init__(self, binding: SessionBinding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._laying_out = False
        self._again = False
        self._heights_pending = False
        self._measured = False
        """Whether the rows were measured once (the first time, only the first screen)."""
        self._rest_pending = False
        """Whether rows below the first screen still wait for their height."""
        self._header_height = 0
        self._quiet = False
        self._narrowest_cache: tuple[object, list[int]] | None = None
        self.binding = binding
        self.ui_language = current_language()
        """The language of the grid's hints and names (the pack's text is the patient's)."""
        self.setLayoutDirection(direction(binding.session.language))
        self.detail_dialog: CellDetailDialog | None = None
        self.grid_model = GridModel(binding.session, self.ui_language)
        self.setHorizontalHeader(GridHeader(self))
        self.setModel(self.grid_model)
        self._delegate = CellDelegate(self)
        self.setItemDelegate(self._delegate)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setTabKeyNavigation(True)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleDescription(
            _("Use the arrow keys to move between cells. Press Enter for details and sources.")
        )
        self.doubleClicked.connect(self.open_detail)
        self.context_menu = QMenu(self)
        self.context_menu.setAccessibleName(_("Cell actions"))
        self.open_action = self.context_menu.addAction(_("Open details and sources"))
        self.open_action.triggered.connect(lambda: self.open_detail(self.currentIndex()))
        self.meaning_action = self.context_menu.addAction(_("What the words mean (F1)"))
        self.meaning_action.triggered.connect(lambda: self.show_meanings(self.currentIndex()))
        self.meaning_popup: MeaningPopup | None = None
        binding.changed.connect(self._on_changed)
        self._apply_spans()
        self._update_name()
        self._relayout()

    @property
    def session(self) -> Session:
        return self.binding.session

    # -- reading the session ---------------------------------------------------------

    def _on_changed(self, topic: str) -> None:
        if topic in ("hidden", "all"):
            self.refresh()

    def refresh(self) -> None:
        """Re-read the visible options and rows, keeping the current cell where possible."""
        with using(self.ui_language):
            self._refresh()

    def _refresh(self) -> None:
        current = self.currentIndex()
        keep = (
            cell_data(current, ROW_ID_ROLE),
            cell_data(current, OPTION_ID_ROLE),
            current.column() == 0,
        )
        self.grid_model.reload()
        self._narrowest_cache = None
        self._delegate.clear_cache()
        self._apply_spans()
        self._update_name()
        self._relayout()
        if current.isValid():
            self._quiet = True
            try:
                self.setCurrentIndex(self._find(*keep))
            finally:
                self._quiet = False

    def _find(self, row_id: Any, option_id: Any, label: bool) -> QModelIndex:
        model = self.grid_model
        row = next((i for i, r in enumerate(model.rows) if r.key == row_id), 0)
        column = 0
        if not label:
            ids = [o.id for o in model.options]
            column = ids.index(option_id) + 1 if option_id in ids else 1
        return model.index(row, column)

    def _apply_spans(self) -> None:
        self.clearSpans()
        model = self.grid_model
        self.setSpan(model.section_row(), 0, 1, model.columnCount())
        shared = model.shared_row()
        if shared is not None and model.columnCount() > 2:
            self.setSpan(shared, 1, 1, model.columnCount() - 1)

    def _update_name(self) -> None:
        options = len(self.grid_model.options)
        rows = sum(r.kind == "question" for r in self.grid_model.rows)
        self.setAccessibleName(
            _("Option grid: {options} and {questions}").format(
                options=ngettext("{n} option", "{n} options", options).format(n=options),
                questions=ngettext("{n} question", "{n} questions", rows).format(n=rows),
            )
        )

    def column_names(self) -> list[str]:
        """The option names shown as column headings, left to right."""
        return [o.name for o in self.grid_model.options]

    def row_questions(self) -> list[str]:
        """The questions shown as rows, top to bottom."""
        return [r.label for r in self.grid_model.rows if r.kind == "question"]

    def cell_index(self, row_id: str, option_id: str) -> QModelIndex:
        """The model index of the answer to ``row_id`` for ``option_id``."""
        model = self.grid_model
        row = next(i for i, r in enumerate(model.rows) if r.kind == "question" and r.key == row_id)
        column = 1 + [o.id for o in model.options].index(option_id)
        return model.index(row, column)

    # -- details -----------------------------------------------------------------------

    def open_detail(self, index: Index | None = None) -> CellDetailDialog | None:
        """Open the detail of an answer cell (the current one by default)."""
        index = self.currentIndex() if index is None else index
        if not index.isValid() or cell_data(index, KIND_ROLE) != "answer":
            return None
        row_id = str(cell_data(index, ROW_ID_ROLE))
        option_id = str(cell_data(index, OPTION_ID_ROLE))
        if self.detail_dialog is not None:
            self.detail_dialog.close()
            self.detail_dialog.deleteLater()
        dialog = CellDetailDialog(
            self.session.pack.content, row_id, option_id, self, language=self.session.language
        )
        self.detail_dialog = dialog
        dialog.open()
        self.detail_opened.emit(row_id, option_id)
        return dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and (
            cell_data(self.currentIndex(), KIND_ROLE) == "answer"
        ):
            self.open_detail(self.currentIndex())
            event.accept()
            return
        if event.key() == Qt.Key.Key_F1 and self.grid_model.terms(self.currentIndex()):
            self.show_meanings(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    # -- tap for meaning ---------------------------------------------------------------

    def term_at(self, position: QPoint) -> GlossaryEntry | None:
        """The glossary term drawn at ``position`` (in the viewport), if any."""
        index = self.indexAt(position)
        if not index.isValid() or not self.grid_model.terms(index):
            return None
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.rect = self.visualRect(index)
        option.direction = self.layoutDirection()
        href = self._delegate.anchor_at(option, index, position)
        return entry_for(href, self.grid_model.glossary) if href else None

    def show_meanings(
        self, index: Index | None = None, entries: list[GlossaryEntry] | None = None
    ) -> MeaningPopup | None:
        """Open the meanings of ``entries`` (by default, of every term in the cell)."""
        index = self.currentIndex() if index is None else index
        shown = entries if entries is not None else self.grid_model.terms(index)
        if not shown:
            return None
        if self.meaning_popup is not None:
            self.meaning_popup.close()
        with using(self.ui_language):
            popup = MeaningPopup(shown, self, direction(self.session.language))
        popup.destroyed.connect(self._popup_closed)
        self.meaning_popup = popup
        rect = self.visualRect(index) if index.isValid() else QRect()
        popup.show_at(self.viewport().mapToGlobal(rect.bottomLeft()))
        return popup

    def _popup_closed(self) -> None:
        self.meaning_popup = None
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        position = event.position().toPoint()
        entry = self.term_at(position) if event.button() == Qt.MouseButton.LeftButton else None
        super().mouseReleaseEvent(event)
        if entry is not None:
            self.show_meanings(self.indexAt(position), [entry])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        over_term = self.term_at(event.position().toPoint()) is not None
        if over_term:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            entry = self.term_at(event.pos())
            if entry is not None:
                QToolTip.showText(
                    event.globalPos(), tooltip(meanings_text([entry])), self.viewport()
                )
                return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            index = self.indexAt(event.pos())
            if index.isValid():
                self.setCurrentIndex(index)
            position = event.globalPos()
        else:
            index = self.currentIndex()
            position = self.viewport().mapToGlobal(self.visualRect(index).center())
        self.open_action.setEnabled(cell_data(index, KIND_ROLE) == "answer")
        self.meaning_action.setEnabled(bool(self.grid_model.terms(index)))
        self.context_menu.popup(position)
        event.accept()

    # -- keyboard --------------------------------------------------------------------

    def moveCursor(  # noqa: N802
        self, cursor_action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab and Shift+Tab stop at the last and first cell, so focus can leave the grid."""
        current, model = self.currentIndex(), self.grid_model
        ends = {
            QAbstractItemView.CursorAction.MoveNext: (
                model.rowCount() - 1,
                model.columnCount() - 1,
            ),
            QAbstractItemView.CursorAction.MovePrevious: (0, 0),
        }
        if current.isValid() and ends.get(cursor_action) == (current.row(), current.column()):
            return QModelIndex(current)
        return super().moveCursor(cursor_action, modifiers)

    def currentChanged(self, current: Index, previous: Index) -> None:  # noqa: N802
        super().currentChanged(current, previous)
        if not self._quiet:
            self._reveal(current)

    def _reveal(self, index: Index) -> None:
        """Scroll the enclosing scroll area so the cell is on screen."""
        if not index.isValid():
            return
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        content = parent.widget() if parent is not None else None
        if parent is None or content is None:
            return
        rect = self.visualRect(index)
        centre = self.viewport().mapTo(content, rect.center())
        parent.ensureVisible(centre.x(), centre.y(), rect.width() // 2 + 8, rect.height() // 2 + 8)

    # -- layout ----------------------------------------------------------------------

    def _relayout(self) -> None:
        """Share the width between columns, wrap, and grow to the height of all rows."""
        if self._laying_out:
            self._again = True
            return
        self._laying_out = True
        try:
            for _attempt in range(3):
                self._again = False
                self._layout_once()
                if not self._again:
                    break
        finally:
            self._laying_out = False

    def _narrowest(self) -> list[int]:
        """Per column, the least width that breaks no word: its widest word (in its cells
        and heading) plus the cell's padding, and never under 8 average characters.

        Each distinct word is measured once per column and weight: a grid repeats its
        words a great deal, and measuring is the cost."""
        key = (self.font().key(), self.grid_model.columnCount(), len(self.grid_model.rows))
        if self._narrowest_cache is not None and self._narrowest_cache[0] == key:
            return self._narrowest_cache[1]
        model = self.grid_model
        plain = QFontMetrics(self.font())
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        pad = 2 * self._delegate.padding_for(plain) + 2
        widths = []
        for column in range(model.columnCount()):
            bold_words = set(words(str(model.headerData(column, Qt.Orientation.Horizontal) or "")))
            plain_words: set[str] = set()
            for row in range(model.rowCount()):
                index = model.index(row, column)
                kind = model.kind(index)
                if kind != "section":
                    found = words(str(model.data(index) or ""))
                    (bold_words if kind == "label" else plain_words).update(found)
            widest = max(
                [bold.horizontalAdvance(word) for word in bold_words]
                + [plain.horizontalAdvance(word) for word in plain_words],
                default=0,
            )
            widths.append(max(8 * plain.averageCharWidth(), widest + pad))
        self._narrowest_cache = (key, widths)
        return widths

    def _layout_once(self) -> None:
        char = self.fontMetrics().averageCharWidth()
        frame = 2 * self.frameWidth()
        least = self._narrowest()
        self.setMinimumWidth(sum(least) + frame)
        available = max(self.width() - frame, sum(least))
        label = max(least[0], min(round(available * 0.24), 34 * char))
        label = min(label, available - sum(least[1:]))
        for column, width in enumerate(share(available - label, least[1:]), start=1):
            self.setColumnWidth(column, width)
        self.setColumnWidth(0, label)
        header = self.horizontalHeader()
        assert isinstance(header, GridHeader)
        header_height = max(header.wanted_height(), header.sizeHint().height())
        header.setMinimumHeight(header_height)
        if not self.isVisible():
            # Rows are measured once, at the width the grid is shown at (see showEvent):
            # measuring wraps every cell's text, and a hidden grid's width is not final.
            self._heights_pending = True
            return
        self._heights_pending = False
        self._header_height = header_height
        if self._measured:
            self._rest_pending = False
            self.resizeRowsToContents()
        else:
            self._measure_first_screen()
        self.updateGeometries()
        rows = sum(self.rowHeight(r) for r in range(self.grid_model.rowCount()))
        self.setFixedHeight(frame + header_height + rows)

    def _measure_first_screen(self) -> None:
        """The grid's first measure: the rows that can be on screen now, the others
        right after the first paint (see :meth:`_measure_rest`).

        A new grid is shown with its page scrolled to the top, so no row lower than the
        window is tall can be seen; until they are measured, those rows have the table's
        default height. Measuring wraps every cell's text: most of a large grid's first
        paint."""
        self._measured = True
        reach = self.window().height()
        top = 0
        for row in range(self.grid_model.rowCount()):
            if top > reach:
                self._rest_pending = True
                QTimer.singleShot(0, self._measure_rest)
                return
            self.resizeRowToContents(row)
            top += self.rowHeight(row)

    def _measure_rest(self) -> None:
        """Every row measured, and the grid as tall as all of them."""
        if not self._rest_pending:
            return
        self._rest_pending = False
        self.resizeRowsToContents()
        frame = 2 * self.frameWidth()
        rows = sum(self.rowHeight(r) for r in range(self.grid_model.rowCount()))
        self.setFixedHeight(frame + self._header_height + rows)

    def rows_measured(self) -> bool:
        """Whether every row has its height (see :meth:`_measure_first_screen`)."""
        return self._measured and not self._rest_pending and not self._heights_pending

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.minimumWidth(), self.height())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._heights_pending:
            self._relayout()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._relayout()

    def changeEvent(self, event: Any) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._relayout()
