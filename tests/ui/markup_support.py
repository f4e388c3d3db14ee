"""What every widget shows, as it reaches the eye, to prove that no text acts as markup.

:func:`shown_texts` walks a window (or dialog, or message box) and returns, for every
text a widget shows, the text as given and as Qt shows it: a label's rich text laid
out, a button's ``&`` taken as a shortcut, a window title's ``[*]`` placeholder, a
tooltip that looks like markup, the documents of text browsers and of item delegates,
and the data of item models. :func:`markup_problems` lists every place where markup
was interpreted. To cover one more window or dialog, pass it to
:func:`markup_problems`; a new kind of widget gets its case in :func:`_texts_of`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QStyleOptionViewItem,
    QTabBar,
    QTextEdit,
    QWidget,
)

from decision_aid.i18n.bidi import strip_isolates
from tests.fixtures.hostile import tells


@dataclass
class Shown:
    """One text of one widget: as given, and as it reaches the eye."""

    where: str
    given: str
    shown: str
    problems: list[str] = field(default_factory=list)


def without_mnemonics(text: str) -> str:
    """What a button shows for ``text``: ``&&`` is an ``&``, any other ``&`` marks a shortcut."""
    return re.sub(r"&(.)", r"\1", text, flags=re.DOTALL)


def title_shown(text: str) -> str:
    """What a window title shows for ``text``: ``[*][*]`` is ``[*]``, ``[*]`` alone is hidden."""
    return re.sub(r"\[\*\](\[\*\])?", lambda m: "[*]" if m.group(1) else "", text)


def document_problems(doc: QTextDocument) -> list[str]:
    """Images and foreign links in a laid-out document."""
    problems = []
    block = doc.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            char_format = iterator.fragment().charFormat()
            if char_format.isImageFormat():
                problems.append(f"an image: {char_format.toImageFormat().name()}")
            if char_format.isAnchor() and char_format.anchorHref() == "x":
                problems.append("a link from the markup")
            iterator += 1
        block = block.next()
    return problems


def _rich(text: str) -> tuple[str, list[str]]:
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText(), document_problems(doc)


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or widget.accessibleName()[:40]})"


def _label(label: QLabel) -> Iterator[Shown]:
    text = label.text()
    if not text:
        return
    problems = []
    text_format = label.textFormat()
    if text_format == Qt.TextFormat.AutoText and label.objectName() != "qtooltip_label":
        # (Qt's own tooltip label: tooltips are checked where they are set.)
        problems.append("the label leaves Qt to guess whether its text is markup")
    if text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        shown, found = _rich(text)
        problems += found
    else:
        shown = without_mnemonics(text) if label.buddy() is not None else text
    yield Shown(_name(label), text, shown, problems)


def _tooltip(where: str, tip: str) -> Shown:
    if GuiQt.mightBeRichText(tip):
        shown, problems = _rich(tip)
        return Shown(where + " tooltip", tip, shown, problems)
    return Shown(where + " tooltip", tip, tip)


def _source(model: QAbstractItemModel) -> QAbstractItemModel:
    """The Python model under any proxies (asked directly: see grid_view.cell_data)."""
    while isinstance(model, QSortFilterProxyModel):
        model = model.sourceModel()
    return model


def _item_view(view: QAbstractItemView) -> Iterator[Shown]:
    model = view.model()
    if model is None:
        return
    delegate = view.itemDelegate()
    painted = hasattr(delegate, "document")
    if not painted:
        model = _source(model)
    where = _name(view)
    for column in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(value, str) and value:
                if role == Qt.ItemDataRole.ToolTipRole:
                    yield _tooltip(f"{where} heading {column}", value)
                else:
                    yield Shown(f"{where} heading {column}", value, value)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column, QModelIndex())
            here = f"{where} cell {row},{column}"
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str) and tip:
                yield _tooltip(here, tip)
            if painted:
                option = QStyleOptionViewItem()
                option.font = view.font()
                option.fontMetrics = view.fontMetrics()
                option.palette = view.palette()
                option.rect = view.visualRect(index)
                doc = delegate.document(option, index, max(1, option.rect.width()))
                yield Shown(here, doc.toHtml(), doc.toPlainText(), document_problems(doc))
            else:
                value = model.data(index, Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str) and value:
                    yield Shown(here, value, value)


def _actions(actions: list[QAction], where: str) -> Iterator[Shown]:
    for action in actions:
        if action.text():
            text = action.text().split("\t")[0]
            yield Shown(f"{where} action", text, without_mnemonics(text))
        menu = action.menu()
        if isinstance(menu, QMenu):
            yield from _actions(menu.actions(), where)


def _texts_of(widget: QWidget) -> Iterator[Shown]:
    where = _name(widget)
    if widget.isWindow() and widget.windowTitle():
        title = widget.windowTitle()
        yield Shown(where + " title", title, title_shown(title))
    if widget.toolTip():
        yield _tooltip(where, widget.toolTip())
    if isinstance(widget, QLabel):
        yield from _label(widget)
    elif isinstance(widget, QAbstractButton) and widget.text():
        yield Shown(where, widget.text(), without_mnemonics(widget.text()))
    elif isinstance(widget, QGroupBox) and widget.title():
        yield Shown(where, widget.title(), without_mnemonics(widget.title()))
    elif isinstance(widget, QTabBar):
        for tab in range(widget.count()):
            text = widget.tabText(tab)
            yield Shown(f"{where} tab {tab}", text, without_mnemonics(text))
    elif isinstance(widget, QTextEdit | QPlainTextEdit):
        doc = widget.document()
        yield Shown(where, doc.toHtml(), doc.toPlainText(), document_problems(doc))
    elif isinstance(widget, QAbstractItemView):
        yield from _item_view(widget)
    if isinstance(widget, QMainWindow):
        yield from _actions(widget.menuBar().actions(), where)


def shown_texts(root: QWidget) -> list[Shown]:
    """Every text that ``root`` and the widgets inside it show."""
    found: list[Shown] = []
    for widget in [root, *root.findChildren(QWidget)]:
        for item in _texts_of(widget):
            item.problems += tells(item.shown)
            found.append(item)
    return found


def markup_problems(*roots: QWidget) -> list[str]:
    """Every place under ``roots`` where a text acts as markup, in words."""
    return [
        f"{item.where}: {problem} (given {item.given[:160]!r})"
        for root in roots
        for item in shown_texts(root)
        for problem in item.problems
    ]


def showing(text: str, *roots: QWidget) -> list[Shown]:
    """The texts under ``roots`` that show ``text`` as written (isolates, which keep phone
    numbers and addresses in order in right-to-left text, are not seen)."""
    return [
        item for root in roots for item in shown_texts(root) if text in strip_isolates(item.shown)
    ]
