"""The library's layout: column widths that leave the title its width, and the window's
main action drawn as such."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QPushButton, QTableView

from decision_aid.ui.library_model import LibraryModel
from decision_aid.ui.type_scale import relative_font

WRAPPED_COLUMNS = {2: 13, 4: 15}
"""Columns that wrap their words (languages, status), with the width in average
characters below which they do not go when they wrap."""


def primary_button(button: QPushButton) -> QPushButton:
    """The window's main action: the default button, bold and in the highlight colour."""
    button.setDefault(True)
    button.setAutoDefault(True)
    relative_font(button, bold=True)
    palette = button.palette()
    palette.setColor(QPalette.ColorRole.Button, palette.color(QPalette.ColorRole.Highlight))
    palette.setColor(
        QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.HighlightedText)
    )
    button.setPalette(palette)
    return button


def column_widths(table: QTableView, *, least: bool = False) -> dict[int, int]:
    """Widths of the columns after the title: each as wide as its widest cell, except that
    the languages and the status wrap their words to leave the title its width (never
    narrower than their heading or longest word). With ``least``, every column's
    narrowest width that breaks no word, the title's included.

    Over every pack of the library, not only those a search shows (the columns keep their
    widths while the user types), and over each distinct text once."""
    model = table.model()
    source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
    metrics = table.fontMetrics()
    bold = QFont(table.horizontalHeader().font())
    bold.setBold(True)
    heading = QFontMetrics(bold)
    pad = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 8
    widths: dict[int, int] = {}
    for column in range(model.columnCount()):
        if column == 0 and not least:
            continue  # the title stretches
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        if isinstance(source, LibraryModel):
            texts = source.column_texts(column)
        else:
            texts = [
                str(model.data(model.index(row, column)) or "") for row in range(model.rowCount())
            ]
        words = {w for t in texts for w in t.split()}
        longest_word = max((metrics.horizontalAdvance(w) for w in words), default=0)
        floor = max(heading.horizontalAdvance(title), longest_word) + pad
        if least:
            widths[column] = floor
            continue
        natural = (
            max([heading.horizontalAdvance(title)] + [metrics.horizontalAdvance(t) for t in texts])
            + pad
        )
        if column in WRAPPED_COLUMNS:
            widths[column] = min(
                natural, max(floor, metrics.averageCharWidth() * WRAPPED_COLUMNS[column] + pad)
            )
        else:
            widths[column] = natural
    return widths
