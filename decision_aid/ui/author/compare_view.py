"""Compare with…: every change between another version of the pack and this one.

What a clinical reviewer needs before signing off a new version: the changes
:func:`decision_aid.authoring.compare.compare_packs` finds, grouped by kind in the order a
reviewer reads them. Changed figures, denominators, time frames and citations are
highlighted, and a text whose numbers changed says so. Double-click a change (or press
Enter) to open its field in the workbench.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from decision_aid.authoring.compare import KINDS, Change, Kind
from decision_aid.authoring.document import PackDocument, Where
from decision_aid.i18n import N_, _, ngettext, translate
from decision_aid.ui.author.directions import in_order
from decision_aid.ui.plain_text import literal_ampersands, plain_label, typed, window_title
from decision_aid.ui.window_size import open_size

KEY_KINDS: frozenset[Kind] = frozenset({"figure", "denominator", "time frame", "citation"})
"""What a clinical reviewer must see first: highlighted."""
HIGHLIGHT = QColor("#fff0b3")

KIND_NAMES: dict[Kind, str] = {
    "figure": N_("Figures"),
    "denominator": N_("Denominators"),
    "time frame": N_("Time frames"),
    "citation": N_("Citations"),
    "reference": N_("References"),
    "certainty": N_("Certainty of the evidence"),
    "text": N_("Texts"),
    "translation": N_("Translations"),
    "other": N_("Other changes"),
}


def where_of_change(document: PackDocument, change: Change) -> Where | None:
    """The place of a change in the document: ids become list positions again; None for
    something the document no longer has (a removed item)."""
    rel = document.parts.get(change.part)
    if rel is None:
        return None
    where: list[str | int] = [rel]
    data: Any = document.get((rel,))
    for step in change.path:
        if isinstance(data, list) and isinstance(step, str):
            index = next(
                (
                    i
                    for i, item in enumerate(data)
                    if isinstance(item, dict) and item.get("id") == step
                ),
                None,
            )
            if index is None:
                return None
            where.append(index)
            data = data[index]
        elif isinstance(data, dict) and str(step) in data:
            where.append(str(step))
            data = data[str(step)]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            where.append(step)
            data = data[step]
        else:
            break
    return tuple(where)


def _value(text: str | None) -> str:
    return _("(none)") if text is None else typed(" ".join(text.split()))


class CompareDialog(QDialog):
    """The changes between two versions; ``change_chosen(change)`` opens one."""

    change_chosen = Signal(object)

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.changes: list[Change] = []
        self.summary = plain_label(wrap=True)
        self.summary.setAccessibleName(_("Summary of the changes"))
        self.key_only = QCheckBox(
            literal_ampersands(_("Only figures, denominators, time frames and citations"))
        )
        self.key_only.toggled.connect(lambda _on: self._fill())
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(_("Changes"))
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Where"), _("Before"), _("Now")])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(0, 520)
        self.tree.itemActivated.connect(self._chosen)
        self.tree.itemDoubleClicked.connect(self._chosen)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.key_only)
        layout.addWidget(self.tree, 1)
        layout.addWidget(close)
        self.resize(open_size(self, 1200, 680))

    def show_changes(self, changes: list[Change], old: str, new: str) -> None:
        """List ``changes`` from the version described by ``old`` to ``new``."""
        self.changes = changes
        self.setWindowTitle(window_title(_("Compare {old} with {new}").format(old=old, new=new)))
        key = sum(change.kind in KEY_KINDS for change in changes)
        self.summary.setText(
            ngettext(
                "{n} change from {old} to {new}",
                "{n} changes from {old} to {new}",
                len(changes),
            ).format(n=len(changes), old=old, new=new)
            + " "
            + ngettext(
                "({key} of them to a figure, denominator, time frame or citation, highlighted).",
                "({key} of them to figures, denominators, time frames or citations, highlighted).",
                key,
            ).format(key=key)
            if changes
            else _("No change between {old} and {new}.").format(old=old, new=new)
        )
        self._fill()

    def _fill(self) -> None:
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for kind in KINDS:
            if self.key_only.isChecked() and kind not in KEY_KINDS:
                continue
            found = [c for c in self.changes if c.kind == kind]
            if not found:
                continue
            heading = _("{kind} ({n})").format(kind=translate(KIND_NAMES[kind]), n=len(found))
            group = QTreeWidgetItem([heading, "", ""])
            group.setFont(0, bold)
            self.tree.addTopLevelItem(group)
            for change in found:
                place = typed(in_order(change.place))
                if change.action == "added":
                    place = _("{place} (added)").format(place=place)
                elif change.action == "removed":
                    place = _("{place} (removed)").format(place=place)
                if change.numbers_changed:
                    place = _("{place} — its numbers changed").format(place=place)
                item = QTreeWidgetItem([place, _value(change.old), _value(change.new)])
                item.setData(0, Qt.ItemDataRole.UserRole, change)
                for column in range(3):
                    item.setToolTip(column, item.text(column))
                if kind in KEY_KINDS or change.numbers_changed:
                    for column in range(3):
                        item.setBackground(column, QBrush(HIGHLIGHT))
                    item.setFont(2, bold)
                group.addChild(item)
            group.setExpanded(True)

    def _chosen(self, item: QTreeWidgetItem | None, _column: int = 0) -> None:
        change = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(change, Change):
            self.change_chosen.emit(change)
