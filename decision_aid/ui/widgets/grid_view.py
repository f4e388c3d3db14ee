"""The option grid: options as columns, the questions patients ask as rows.

The view shows only what the session leaves visible (``visible_options`` and
``visible_rows``) and refreshes itself when the session changes. Below the questions
it shows what each option is like (benefits, harms and living with it). Every answer
cell opens a :class:`CellDetailDialog` with its detail, certainty and full sources:
double-click it, press Enter or Space on it, or use its context menu.

The grid is the pack's, so it speaks the patient's language (``session.language``) and
runs in its direction, mirrored for Arabic, on the clinician's screen as on the
patient's; only its tooltips and accessible names follow the screen.

The table never scrolls itself: it is as tall as its rows, sized to their wrapped text,
and the page around it scrolls. Keeping the current cell in view is done through the
nearest enclosing scroll area.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from decision_aid.content.model import Cell, Option
from decision_aid.i18n import N_, _, current_language, ngettext, translate, using
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import direction
from decision_aid.ui.plain_text import escaped, tooltip
from decision_aid.ui.widgets.cell_detail import CellDetailDialog, certainty_label
from decision_aid.ui.widgets.grid_columns import share, words

Index = QModelIndex | QPersistentModelIndex

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 3
OPTION_ID_ROLE = Qt.ItemDataRole.UserRole + 4

PROFILE_ROWS: tuple[tuple[str, str], ...] = (
    ("benefits", N_("Benefits")),
    ("harms", N_("Harms and burdens")),
    ("physical", N_("Body and daily life")),
    ("emotional", N_("Feelings")),
    ("social", N_("Work, family and social life")),
)
"""Rows under the questions: what each option is like, from the pack's option texts."""


@dataclass(frozen=True)
class GridRow:
    """One row of the table: a question, the section heading, or a profile row."""

    kind: str
    """'question', 'section' or 'profile'."""
    key: str
    """The question id, or the profile key ('benefits', 'harms', 'physical' ...)."""
    label: str
    """The text in the first column."""


def cell_data(index: Index, role: int) -> Any:
    """``index.data(role)`` without the round trip through QVariant.

    PySide6 6.12 drops a reference to None each time ``QModelIndex.data()`` returns
    an empty value, which aborts the interpreter at exit; asking the Python model
    directly avoids that.
    """
    model = index.model()
    if not index.isValid() or model is None:
        return None
    return model.data(index, role)


def _mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0-1) of the way towards ``second``."""
    return QColor(
        round(first.red() + (second.red() - first.red()) * amount),
        round(first.green() + (second.green() - first.green()) * amount),
        round(first.blue() + (second.blue() - first.blue()) * amount),
    )


def _paragraph(text: str) -> str:
    return f"<p style='margin:0'>{escaped(text)}</p>"


class GridModel(QAbstractTableModel):
    """Column 0 holds the row labels; columns 1.. are the visible options.

    Every text is made when the model is (re)loaded: the grid's words in the patient's
    language, its hints in ``ui_language`` (the screen's, or the patient view's).
    """

    def __init__(self, session: Session, ui_language: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.ui_language = ui_language or current_language()
        self.options: list[Option] = []
        self.rows: list[GridRow] = []
        self._texts: dict[tuple[int, int], tuple[str, str]] = {}
        self._heading = ""
        self._hint = ""
        self.reload()

    def reload(self) -> None:
        """Re-read the visible options and rows from the session."""
        self.beginResetModel()
        with using(self.ui_language):
            self._hint = tooltip(_("Double-click or press Enter for the details and sources."))
        with using(self.session.language):
            self._load()
        self.endResetModel()

    def _load(self) -> None:
        content = self.session.pack.content
        visible = self.session.visible_options()
        self.options = [o for o in content.options if o.id in visible]
        shown_rows = set(self.session.visible_rows())
        self.rows = [
            GridRow("question", q.id, q.text) for q in content.questions if q.id in shown_rows
        ]
        self.rows.append(GridRow("section", "profile", _("What is each option like?")))
        self.rows += [GridRow("profile", key, translate(label)) for key, label in PROFILE_ROWS]
        self._heading = _("Questions people ask")
        self._texts = {}
        for row_number, row in enumerate(self.rows):
            for column in range(len(self.options) + 1):
                option = self.options[column - 1] if column > 0 else None
                self._texts[row_number, column] = (
                    self._text(row, option, rich=False),
                    self._text(row, option, rich=True),
                )

    def section_row(self) -> int:
        """Index of the 'What is each option like?' heading row."""
        return next(i for i, row in enumerate(self.rows) if row.kind == "section")

    # -- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.options) + 1

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._heading if section == 0 else self.options[section - 1].name
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            return tooltip(self.options[section - 1].description)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def kind(self, index: Index) -> str:
        """'label', 'answer', 'section' or 'profile'."""
        row = self.rows[index.row()]
        if row.kind == "section":
            return "section"
        if index.column() == 0:
            return "label"
        return "answer" if row.kind == "question" else "profile"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        option = self.options[index.column() - 1] if index.column() > 0 else None
        if role == KIND_ROLE:
            return self.kind(index)
        if role == ROW_ID_ROLE:
            return row.key
        if role == OPTION_ID_ROLE:
            return option.id if option else None
        if role in (Qt.ItemDataRole.DisplayRole, HTML_ROLE):
            return self._texts[index.row(), index.column()][role == HTML_ROLE]
        if role == Qt.ItemDataRole.ToolTipRole and self.kind(index) == "answer":
            return self._hint
        return None

    def _lines(self, row: GridRow, option: Option) -> list[str]:
        if row.key == "benefits":
            return list(option.benefits) or [_("None listed in this pack.")]
        if row.key == "harms":
            return list(option.harms) or [_("None listed in this pack.")]
        return [str(getattr(option.living_with, row.key))]

    def _meta_line(self, cell: Cell) -> str:
        parts = [certainty_label(cell.certainty)] if cell.certainty is not None else []
        if count := len(cell.citations):
            parts.append(ngettext("{n} source", "{n} sources", count).format(n=count))
        if cell.detail:
            parts.append(_("more detail"))
        return " · ".join(parts)

    def _text(self, row: GridRow, option: Option | None, *, rich: bool) -> str:
        """A cell's text: plain (for assistive technology) or rich (for painting)."""
        if option is None:
            return _paragraph(row.label) if rich else row.label
        if row.kind == "section":
            return ""
        if row.kind == "profile":
            lines = self._lines(row, option)
            if not rich:
                return "\n".join(lines)
            if row.key in ("benefits", "harms"):
                items = "".join(f"<li style='margin-bottom:3px'>{escaped(x)}</li>" for x in lines)
                return f"<ul style='margin:0'>{items}</ul>"
            return _paragraph(lines[0])
        question = next(q for q in self.session.pack.content.questions if q.id == row.key)
        cell = question.answers[option.id]
        meta = self._meta_line(cell)
        if not rich:
            return f"{cell.text}\n{meta}" if meta else cell.text
        if not meta:
            return _paragraph(cell.text)
        note = f"<p class='meta' style='margin:6px 0 0 0'><small>{escaped(meta)}</small></p>"
        return _paragraph(cell.text) + note


class _CellDelegate(QStyledItemDelegate):
    """Paints wrapped rich text with padding, row shading, rules and a clear focus frame.

    One laid-out document is kept per cell, font and palette, and re-wrapped when the
    column width changes, so the cache never holds more than the cells on screen; the
    view clears it whenever the model is reset.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[int, int, str, int, int], QTextDocument] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    @staticmethod
    def padding_for(metrics: QFontMetrics) -> int:
        """The space round a cell's text: 0.6 of a line, between 7 and 14 px."""
        return min(14, max(7, round(metrics.height() * 0.6)))

    def _padding(self, option: QStyleOptionViewItem) -> int:
        return self.padding_for(option.fontMetrics)

    def document(self, option: QStyleOptionViewItem, index: Index, width: int) -> QTextDocument:
        """The laid-out text the cell paints: its HTML, every pack string in it escaped."""
        key = (
            index.row(),
            index.column(),
            option.font.key(),
            option.palette.cacheKey(),
            option.direction.value,
        )
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._new_document(option, index, width)
        elif cached.textWidth() != max(1, width):
            cached.setTextWidth(max(1, width))
        return cached

    def _new_document(
        self, option: QStyleOptionViewItem, index: Index, width: int
    ) -> QTextDocument:
        kind = cell_data(index, KIND_ROLE)
        font = QFont(option.font)
        if kind in ("label", "section"):
            font.setBold(True)
        doc = QTextDocument()
        # Every paragraph runs in the grid's direction, also one that starts with a
        # Latin word ("PSA ...") in an Arabic grid.
        text_option = QTextOption()
        text_option.setTextDirection(option.direction)
        doc.setDefaultTextOption(text_option)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(font)
        doc.setIndentWidth(option.fontMetrics.height() * 1.1)
        muted = _mix(
            option.palette.color(QPalette.ColorRole.Text), option.palette.base().color(), 0.3
        )
        doc.setDefaultStyleSheet(f".meta {{ color: {muted.name()}; }}")
        doc.setHtml(str(cell_data(index, HTML_ROLE) or ""))
        doc.setTextWidth(max(1, width))
        return doc

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        pad = self._padding(option)
        width = option.rect.width() if option.rect.width() > 0 else 20 * option.fontMetrics.height()
        doc = self.document(option, index, width - 2 * pad)
        return QSize(width, math.ceil(doc.size().height()) + 2 * pad)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        palette = option.palette
        kind = cell_data(index, KIND_ROLE)
        rect = option.rect
        base = palette.base().color()
        highlight = palette.highlight().color()
        if kind == "section":
            background = _mix(base, highlight, 0.16)
        elif index.row() % 2:
            background = palette.alternateBase().color()
        else:
            background = base
        if kind == "answer" and option.state & QStyle.StateFlag.State_MouseOver:
            background = _mix(background, highlight, 0.1)
        painter.save()
        painter.fillRect(rect, background)
        painter.setPen(QPen(_mix(base, palette.text().color(), 0.18), 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(highlight, 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        pad = self._padding(option)
        doc = self.document(option, index, rect.width() - 2 * pad)
        painter.translate(rect.left() + pad, rect.top() + pad)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, palette.text().color())
        doc.documentLayout().draw(painter, context)
        painter.restore()


class _Header(QHeaderView):
    """Column headings that wrap, in bold, on a tinted band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)

    def padding(self) -> int:
        return _CellDelegate.padding_for(self.fontMetrics())

    def bold_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def wanted_height(self) -> int:
        """Height that fits every heading, wrapped to its column."""
        model = self.model()
        if model is None:
            return 0
        metrics = QFontMetrics(self.bold_font())
        pad = self.padding()
        tallest = metrics.height()
        for section in range(model.columnCount()):
            text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            box = QRect(0, 0, max(1, self.sectionSize(section) - 2 * pad), 100000)
            flags = int(Qt.TextFlag.TextWordWrap)
            tallest = max(tallest, metrics.boundingRect(box, flags, text).height())
        return tallest + 2 * pad + 2

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:  # noqa: N802
        model = self.model()
        if model is None or not rect.isValid():
            return
        palette = self.palette()
        base = palette.base().color()
        painter.save()
        painter.fillRect(rect, _mix(palette.window().color(), palette.highlight().color(), 0.1))
        rule = _mix(base, palette.text().color(), 0.45)
        painter.setPen(QPen(rule, 2))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.setPen(QPen(_mix(base, palette.text().color(), 0.18), 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.setFont(self.bold_font())
        painter.setPen(palette.windowText().color())
        pad = self.padding()
        text = str(model.headerData(logical_index, Qt.Orientation.Horizontal) or "")
        # The heading starts where the grid's reading starts: on the right in Arabic.
        painter.setLayoutDirection(self.layoutDirection())
        leading = QStyle.visualAlignment(self.layoutDirection(), Qt.AlignmentFlag.AlignLeft)
        painter.drawText(
            rect.adjusted(pad, pad, -pad, -pad),
            int(leading | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap),
            text,
        )
        painter.restore()


class GridView(QTableView):
    """The option grid for one session; see the module docstring."""

    detail_opened = Signal(str, str)
    """A cell's detail was opened: (row id, option id)."""

    def __init__(self, binding: SessionBinding, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._laying_out = False
        self._again = False
        self._quiet = False
        self._narrowest_cache: tuple[object, list[int]] | None = None
        self.binding = binding
        self.ui_language = current_language()
        """The language of the grid's hints and names (the pack's text is the patient's)."""
        self.setLayoutDirection(direction(binding.session.language))
        self.detail_dialog: CellDetailDialog | None = None
        self.grid_model = GridModel(binding.session, self.ui_language)
        self.setHorizontalHeader(_Header(self))
        self.setModel(self.grid_model)
        self._delegate = _CellDelegate(self)
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
        self.setSpan(self.grid_model.section_row(), 0, 1, self.grid_model.columnCount())

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
        super().keyPressEvent(event)

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
        and heading) plus the cell's padding, and never under 8 average characters."""
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
            texts = [(str(model.headerData(column, Qt.Orientation.Horizontal) or ""), bold)]
            for row in range(model.rowCount()):
                index = model.index(row, column)
                metrics = bold if model.kind(index) in ("label", "section") else plain
                if model.kind(index) != "section":
                    texts.append((str(model.data(index) or ""), metrics))
            widest = max(
                (
                    metrics.horizontalAdvance(word)
                    for text, metrics in texts
                    for word in words(text)
                ),
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
        assert isinstance(header, _Header)
        header_height = max(header.wanted_height(), header.sizeHint().height())
        header.setMinimumHeight(header_height)
        self.resizeRowsToContents()
        self.updateGeometries()
        rows = sum(self.rowHeight(r) for r in range(self.grid_model.rowCount()))
        self.setFixedHeight(frame + header_height + rows)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.minimumWidth(), self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._relayout()

    def changeEvent(self, event: Any) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._relayout()
