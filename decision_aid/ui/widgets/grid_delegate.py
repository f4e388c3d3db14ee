"""How the option grid paints: wrapped rich text in padded cells, and wrapping headings.

One laid-out document is kept per cell, font and palette (see :class:`CellDelegate`);
the headings wrap in bold on a tinted band (:class:`GridHeader`).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from decision_aid.ui.widgets.grid_model import HTML_ROLE, KIND_ROLE, Index, cell_data


def _mix(first: QColor, second: QColor, amount: float) -> QColor:
    """``first`` moved ``amount`` (0-1) of the way towards ``second``."""
    return QColor(
        round(first.red() + (second.red() - first.red()) * amount),
        round(first.green() + (second.green() - first.green()) * amount),
        round(first.blue() + (second.blue() - first.blue()) * amount),
    )


class CellDelegate(QStyledItemDelegate):
    """Paints wrapped rich text with padding, row shading, rules and a clear focus frame.

    One laid-out document is kept per cell, font and palette, and re-wrapped when the
    column width changes, so the cache never holds more than the cells on screen; the
    view clears it whenever the model is reset.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[int, int, str, int, int], QTextDocument] = {}
        self._templates: dict[tuple[str, int, int, bool], QTextDocument] = {}

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
        doc = self._template(option, kind in ("label", "section")).clone()
        doc.setHtml(str(cell_data(index, HTML_ROLE) or ""))
        doc.setTextWidth(max(1, width))
        return doc

    def _template(self, option: QStyleOptionViewItem, bold: bool) -> QTextDocument:
        """An empty document with a cell's font, direction, margins and style sheet.

        Every cell's document is a copy of one of these: a copy keeps the parsed style
        sheet, where setting it on each new document would parse it again.
        """
        key = (option.font.key(), option.palette.cacheKey(), option.direction.value, bold)
        template = self._templates.get(key)
        if template is not None:
            return template
        font = QFont(option.font)
        font.setBold(bold)
        template = QTextDocument(self)
        # Every paragraph runs in the grid's direction, also one that starts with a
        # Latin word ("PSA ...") in an Arabic grid.
        text_option = QTextOption()
        text_option.setTextDirection(option.direction)
        template.setDefaultTextOption(text_option)
        template.setDocumentMargin(0)
        template.setDefaultFont(font)
        template.setIndentWidth(option.fontMetrics.height() * 1.1)
        muted = _mix(
            option.palette.color(QPalette.ColorRole.Text), option.palette.base().color(), 0.3
        )
        template.setDefaultStyleSheet(f".meta {{ color: {muted.name()}; }}")
        self._templates[key] = template
        return template

    def anchor_at(self, option: QStyleOptionViewItem, index: Index, position: QPoint) -> str:
        """The link under ``position`` (viewport coordinates) in the cell's text, or ''."""
        pad = self._padding(option)
        doc = self.document(option, index, option.rect.width() - 2 * pad)
        point = QPointF(position - option.rect.topLeft() - QPoint(pad, pad))
        return doc.documentLayout().anchorAt(point)

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


class GridHeader(QHeaderView):
    """Column headings that wrap, in bold, on a tinted band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(False)
        self.setHighlightSections(False)

    def padding(self) -> int:
        return CellDelegate.padding_for(self.fontMetrics())

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
