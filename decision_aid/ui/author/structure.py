"""The pack's structure as a tree: metadata, options, questions and their cells, outcomes
and their figures, values, knowledge questions, support, references, glossary and
translations.

Each row is one place in the pack (a :class:`Node`); selecting it opens its form. The
tree is read from the document as it stands, so a pack that breaks the format still
shows every part it has. A second column gives each cell's reading grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from decision_aid.authoring.document import MISSING, PackDocument, Where
from decision_aid.content.model import (
    Baseline,
    Cell,
    PackContent,
    PackMeta,
    Screening,
    TranslationFile,
)
from decision_aid.i18n import N_, _, native_name, translate
from decision_aid.ui.author.grade import short_grade
from decision_aid.ui.author.schema import FieldSpec, field, fields_of
from decision_aid.ui.plain_text import typed

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Options"), ("options",)),
    (N_("Questions and cells"), ("questions",)),
    (N_("Outcomes and figures"), ("outcomes", "baseline")),
    (N_("Values"), ("values",)),
    (N_("Knowledge questions"), ("knowledge",)),
    (N_("Support"), ("support",)),
    (N_("References"), ("references",)),
    (N_("Glossary"), ("glossary", "jargon")),
    (N_("Statements for every option"), ("shared",)),
    (N_("Screening"), ("screening",)),
    (N_("Kept warnings"), ("lint_exceptions",)),
)
"""The content's parts, in the order an author meets them: a title and its fields."""

LABEL_FIELDS = ("name", "text", "event", "concern", "question", "term", "label", "rule", "id")
"""The field that names an item in the tree, the first one it has."""


@dataclass(frozen=True)
class Node:
    """One row: a place in the pack and what the format says is there."""

    kind: str
    """'block' (a block of fields), 'list' (a list of blocks, or one of the content's
    parts), 'item' (a block in a list), 'entry' (a block keyed by id) or 'translations'."""
    where: Where
    model: type[BaseModel] | None = None
    spec: FieldSpec | None = None
    """For a list: the field that holds it."""
    fields: tuple[str, ...] = ()
    """For one of the content's parts: the content's fields shown in its form."""
    title: str = ""


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def item_label(data: Any, key: str | int | None = None) -> str:
    """How a block is named in the tree: its name, text or id, in its own direction (an
    English name stays English in a right-to-left window)."""
    return typed(_label(data, key))


def _label(data: Any, key: str | int | None) -> str:
    if isinstance(data, dict):
        for name in LABEL_FIELDS:
            value = data.get(name)
            if isinstance(value, str) and value.strip():
                text = _short(value)
                return f"{key}: {text}" if isinstance(key, str) and name != "id" else text
        if "count" in data and "out_of" in data:
            figure = _("{count} out of {out_of}").format(count=data["count"], out_of=data["out_of"])
            return f"{key}: {figure}"
        if "score" in data:
            return f"{key}: {data['score']}"
        if "no_data" in data:
            return f"{key}: {_short(str(data['no_data']), 36)}"
    if isinstance(key, str):
        return key
    return _("(empty)") if key is None else _("item {n}").format(n=int(key) + 1)


class StructureTree(QTreeWidget):
    """The tree of the pack's parts; ``node_selected(node)`` when one is chosen."""

    node_selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([_("Part of the pack"), _("Grade")])
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.headerItem().setToolTip(1, _("Reading grade of each cell (Flesch-Kincaid)"))
        self.setAccessibleName(_("Structure of the pack"))
        self.setUniformRowHeights(True)
        self.document: PackDocument | None = None
        self.items: dict[Where, QTreeWidgetItem] = {}
        self.currentItemChanged.connect(self._current_changed)

    # -- building ------------------------------------------------------------------

    def rebuild(self, document: PackDocument | None) -> None:
        """Read the tree again, keeping the row chosen and the rows open."""
        self.document = document
        chosen = self.current_node()
        opened = {w for w, item in self.items.items() if item.isExpanded()}
        self.blockSignals(True)
        try:
            self.clear()
            self.items = {}
            if document is not None:
                self._build(document)
            for where, item in self.items.items():
                item.setExpanded(where in opened or len(where) <= 1)
        finally:
            self.blockSignals(False)
        target = self.nearest(chosen.where) if chosen is not None else None
        if target is None and self.topLevelItemCount():
            target = self.topLevelItem(0)
        if target is not None:
            self.setCurrentItem(target)
            self.scrollToItem(target)
        self.node_selected.emit(self.current_node())

    def _add(
        self, parent: QTreeWidgetItem | None, node: Node, label: str, first: bool = False
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, ""])
        item.setData(0, Qt.ItemDataRole.UserRole, node)
        item.setToolTip(0, label)
        if parent is None:
            self.addTopLevelItem(item)
        elif first:
            parent.insertChild(0, item)
        else:
            parent.addChild(item)
        key = node.where if node.kind != "translations" else ("#translations",)
        self.items.setdefault(key, item)
        return item

    def _build(self, document: PackDocument) -> None:
        pack = document.parts["pack"]
        content = document.parts["content"]
        meta = self._add(None, Node("block", (pack,), PackMeta, title=_("Metadata")), "")
        meta.setText(0, _("Metadata"))
        self._children(meta, document, (pack,), PackMeta)
        for title, names in GROUPS:
            first = field(PackContent, names[0])
            assert first is not None
            where: Where = (content, names[0])
            if first.kind == "models":
                node = Node("list", where, first.model, first, names, translate(title))
            else:
                node = Node("block", where, first.model, first, names, translate(title))
            group = self._add(None, node, translate(title))
            if first.kind == "models":
                self._items(group, document, where, first)
            elif document.node(where) is not MISSING and first.model is not None:
                self._children(group, document, where, first.model)
            for name in names[1:]:
                spec = field(PackContent, name)
                if spec is None or spec.model is None:
                    continue
                sub: Where = (content, name)
                if spec.kind == "models":
                    self._items(group, document, sub, spec)
                elif spec.kind == "model":
                    label = _("Baseline groups") if spec.model is Baseline else name
                    block = self._add(group, Node("block", sub, spec.model, spec), label, True)
                    if document.node(sub) is not MISSING:
                        self._children(block, document, sub, spec.model)
        locales = [part for part in document.parts if part not in ("pack", "content")]
        translations = self._add(
            None, Node("translations", (), title=_("Translations")), _("Translations")
        )
        for locale in locales:
            rel = document.parts[locale]
            label = f"{native_name(locale)} ({locale})"
            item = self._add(translations, Node("block", (rel,), TranslationFile), label)
            self._children(item, document, (rel,), TranslationFile)
        self.refresh_labels()

    def _items(
        self, parent: QTreeWidgetItem, document: PackDocument, where: Where, spec: FieldSpec
    ) -> None:
        data = document.get(where)
        if not isinstance(data, list) or spec.model is None:
            return
        for index, value in enumerate(data):
            item_where = (*where, index)
            item = self._add(parent, Node("item", item_where, spec.model), item_label(value, index))
            if isinstance(value, dict):
                self._children(item, document, item_where, spec.model)

    def _children(
        self, parent: QTreeWidgetItem, document: PackDocument, where: Where, model: type[BaseModel]
    ) -> None:
        for spec in fields_of(model):
            if spec.model is None:
                continue
            sub: Where = (*where, spec.name)
            if spec.kind == "models":
                node = Node("list", sub, spec.model, spec)
                group = self._add(parent, node, spec.name)
                self._items(group, document, sub, spec)
            elif spec.kind == "map":
                data = document.get(sub)
                if not isinstance(data, dict):
                    continue
                for key, value in data.items():
                    entry = (*sub, key)
                    item = self._add(
                        parent, Node("entry", entry, spec.model), item_label(value, key)
                    )
                    if isinstance(value, dict):
                        self._children(item, document, entry, spec.model)
            elif spec.kind == "model" and any(not s.scalar for s in fields_of(spec.model)):
                if model is PackContent or spec.model is Screening:
                    continue  # shown as one of the content's parts
                block = self._add(parent, Node("block", sub, spec.model, spec), spec.name)
                if document.node(sub) is not MISSING:
                    self._children(block, document, sub, spec.model)

    # -- labels and grades ----------------------------------------------------------

    def refresh_labels(self, within: Where | None = None) -> None:
        """Name every item (or those at ``within``) from the document, with grades."""
        if self.document is None:
            return
        for where, item in self.items.items():
            node: Node = item.data(0, Qt.ItemDataRole.UserRole)
            if node.kind not in ("item", "entry"):
                continue
            if (
                within is not None
                and where[: len(within)] != within
                and within[: len(where)] != where
            ):
                continue
            data = self.document.get(where)
            label = item_label(data, where[-1])
            item.setText(0, label)
            item.setToolTip(0, label)
            if node.model is Cell and isinstance(data, dict):
                text = data.get("text")
                item.setText(1, short_grade(text) if isinstance(text, str) else "")

    # -- choosing ------------------------------------------------------------------

    def current_node(self) -> Node | None:
        item = self.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def nearest(self, where: Where) -> QTreeWidgetItem | None:
        """The row of the deepest part that holds ``where``."""
        for end in range(len(where), 0, -1):
            item = self.items.get(tuple(where[:end]))
            if item is not None:
                return item
        return None

    def select(self, where: Where) -> Node | None:
        """Choose the row of the deepest part that holds ``where``."""
        item = self.nearest(where)
        if item is not None:
            self.setCurrentItem(item)
            self.scrollToItem(item)
        return self.current_node()

    def _current_changed(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.node_selected.emit(current.data(0, Qt.ItemDataRole.UserRole))
