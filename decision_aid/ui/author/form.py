"""The form for the part of the pack chosen in the structure.

One row per field: its name, an editor, the reading grade of patient text as it is
typed, and the field's help text, which is the format's own documentation of the field
(its docstring, as ``decision-aid packs schema`` publishes it). Small blocks of fields
(a range, the three sides of living with an option) sit inside the form; lists of
blocks are rows of the structure, and the form adds, moves and removes them.

The form never writes to the document: every change goes out as an
:class:`EditRequest`, which the window makes into an undoable step.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from decision_aid.authoring.document import (
    MISSING,
    DropFile,
    Edit,
    Insert,
    PackDocument,
    Remove,
    Where,
)
from decision_aid.content.model import PackContent, TranslationFile
from decision_aid.i18n import _, native_name, ngettext
from decision_aid.ui.author.fields import FieldEditor, editor_for
from decision_aid.ui.author.grade import GradeLabel
from decision_aid.ui.author.schema import (
    FieldSpec,
    field,
    fields_of,
    keyed_by,
    model_at,
    model_doc,
    root_model,
)
from decision_aid.ui.author.structure import Node, item_label
from decision_aid.ui.author.templates import template
from decision_aid.ui.plain_text import literal_ampersands, plain_label
from decision_aid.ui.type_scale import relative_font

HELP_SCALE = 0.92
"""The help under each field, relative to the form's text."""


@dataclass
class EditRequest:
    """Edits the author asked for, as one undoable step."""

    edits: list[Edit]
    text: str
    typing: Hashable | None = None


@dataclass
class _Bound:
    where: Where
    editor: FieldEditor
    grade: GradeLabel | None = None


def help_label(text: str) -> QLabel:
    """A field's help text, as the format documents it."""
    label = plain_label(text, wrap=True)
    relative_font(label, HELP_SCALE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FormPanel(QScrollArea):
    """The fields of one part of the pack; says ``edit_requested`` for every change."""

    edit_requested = Signal(object)
    translations_requested = Signal(str)
    """The locale whose strings the author wants to see side by side."""
    add_translation_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(_("Form"))
        self.document: PackDocument | None = None
        self.node: Node | None = None
        self.language = "en"
        self.read_only = False
        self.bound: list[_Bound] = []
        self.heading: QLabel = plain_label()
        self._origins: dict[object, Any] = {}
        """The node at a field when the author began typing into it (its style)."""
        self.show_message(_("Choose a part of the pack in the structure to edit it here."))

    # -- building -------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """Show a sentence instead of a form (no pack, or a pack that cannot be edited)."""
        self.node = None
        self.bound = []
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(plain_label(text, wrap=True))
        layout.addStretch(1)
        self.setWidget(page)

    def show_node(self, document: PackDocument, node: Node | None, language: str) -> None:
        """Build the form of ``node``."""
        self.document = document
        self.language = language
        self.read_only = document.read_only is not None
        if node is None:
            self.show_message(_("Choose a part of the pack in the structure to edit it here."))
            return
        self.node = node
        self.bound = []
        page = QWidget()
        page.setObjectName("authorForm")
        layout = QVBoxLayout(page)
        title = node.title or item_label(
            document.get(node.where), node.where[-1] if node.where else None
        )
        heading = relative_font(plain_label(title, wrap=True), 1.2, bold=True)
        heading.setAccessibleName(title)
        self.heading = heading
        layout.addWidget(heading)
        if node.kind == "translations":
            layout.addWidget(
                help_label(
                    _(
                        "Each translation is one file in the pack's translations folder. "
                        "Choose a language to edit its details; its text is edited side by "
                        "side with the source text."
                    )
                )
            )
            self._buttons(layout, [(_("Add a translation…"), self.add_translation_requested.emit)])
        elif node.kind == "list" and not node.fields:
            self._list_form(layout, document, node)
        elif node.fields and node.spec is not None and node.spec.kind == "models":
            self._list_form(layout, document, node)
            for name in node.fields[1:]:
                spec = field(PackContent, name)
                if spec is not None and spec.scalar:
                    self._row(layout, (node.where[0], name), spec, PackContent)
        elif node.model is not None:
            self._block_form(layout, document, node)
        layout.addStretch(1)
        self.setWidget(page)
        self._enable()

    def _buttons(self, layout: QVBoxLayout, buttons: list[tuple[str, Any]]) -> None:
        row = QHBoxLayout()
        for text, slot in buttons:
            button = QPushButton(literal_ampersands(text))
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            button.setProperty("authorAction", True)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

    def _list_form(self, layout: QVBoxLayout, document: PackDocument, node: Node) -> None:
        spec = node.spec
        if spec is None or spec.model is None:
            return
        layout.addWidget(help_label(spec.doc))
        data = document.get(node.where)
        count = len(data) if isinstance(data, list) else 0
        layout.addWidget(
            plain_label(
                ngettext("{count} item in the pack.", "{count} items in the pack.", count).format(
                    count=count
                )
            )
        )
        name = spec.name
        self._buttons(
            layout, [(_("Add to {name}").format(name=name), lambda: self._add_item(node))]
        )

    def _block_form(self, layout: QVBoxLayout, document: PackDocument, node: Node) -> None:
        model = node.model
        assert model is not None
        doc = model_doc(model)
        if doc:
            layout.addWidget(help_label(doc))
        present = document.node(node.where) is not MISSING
        if not present:
            layout.addWidget(
                plain_label(
                    _("This pack has no {name} yet.").format(name=node.where[-1]), wrap=True
                )
            )
            self._buttons(
                layout,
                [(_("Add {name}").format(name=node.where[-1]), lambda: self._add_block(node))],
            )
            return
        actions: list[tuple[str, Any]] = []
        if node.kind == "item":
            actions += [
                (_("Move up"), lambda: self._move(node, -1)),
                (_("Move down"), lambda: self._move(node, 1)),
                (_("Remove"), lambda: self._remove(node)),
            ]
        elif node.kind == "entry" or (
            node.kind == "block" and node.spec is not None and not node.spec.required
        ):
            actions.append((_("Remove"), lambda: self._remove(node)))
        if model is TranslationFile and len(node.where) == 1:
            locale = document.part_of(str(node.where[0])) or ""
            actions.append(
                (_("Edit the text side by side"), lambda: self.translations_requested.emit(locale))
            )
            actions.append((_("Remove this translation"), lambda: self._drop(node, locale)))
        if actions:
            self._buttons(layout, actions)
        for spec in fields_of(model):
            where = (*node.where, spec.name)
            if spec.scalar:
                self._row(layout, where, spec, model)
            elif (
                spec.kind == "model"
                and spec.model is not None
                and all(s.scalar for s in fields_of(spec.model))
            ):
                self._inline(layout, document, where, spec)
            elif spec.kind == "map" and spec.model is not None:
                self._map_row(layout, document, where, spec, model)
            elif spec.kind == "models":
                data = document.get(where)
                count = len(data) if isinstance(data, list) else 0
                box = QFrame()
                row = QVBoxLayout(box)
                row.setContentsMargins(0, 4, 0, 4)
                row.addWidget(self._name_label(spec))
                row.addWidget(help_label(spec.doc))
                row.addWidget(
                    plain_label(
                        ngettext(
                            "{count} item in the pack.", "{count} items in the pack.", count
                        ).format(count=count)
                    )
                )
                layout.addWidget(box)

    # -- rows -----------------------------------------------------------------------

    def _name_label(self, spec: FieldSpec) -> QLabel:
        need = _("required") if spec.required else _("optional")
        label = plain_label(f"{spec.name} — {need}")
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    def _row(
        self, layout: QVBoxLayout, where: Where, spec: FieldSpec, model: type[BaseModel]
    ) -> None:
        assert self.document is not None
        box = QFrame()
        box.setObjectName("fieldRow")
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 4, 0, 4)
        row.setSpacing(2)
        if spec.kind != "bool":
            row.addWidget(self._name_label(spec))
        editor = editor_for(spec)
        value = self.document.get(where)
        editor.set_value(value)
        order = tuple(s.name for s in fields_of(model))
        editor.edited.connect(
            lambda new, typing, w=where, o=order, n=spec.name: self._edit(w, new, typing, o, n)
        )
        row.addWidget(editor)
        grade = None
        if spec.translatable and spec.kind in ("text", "line"):
            grade = GradeLabel(self.language)
            grade.show_text(value if isinstance(value, str) else "")
            editor.edited.connect(
                lambda new, _typing, g=grade: g.show_text(new if isinstance(new, str) else "")
            )
            row.addWidget(grade)
        if spec.doc:
            row.addWidget(help_label(spec.doc))
        layout.addWidget(box)
        self.bound.append(_Bound(where, editor, grade))

    def _inline(
        self, layout: QVBoxLayout, document: PackDocument, where: Where, spec: FieldSpec
    ) -> None:
        assert spec.model is not None
        box = QGroupBox(literal_ampersands(spec.name))
        box.setAccessibleName(spec.name)
        inner = QVBoxLayout(box)
        if spec.doc:
            inner.addWidget(help_label(spec.doc))
        if document.node(where) is MISSING:
            node = Node("block", where, spec.model, spec)
            self._buttons(
                inner, [(_("Add {name}").format(name=spec.name), lambda: self._add_block(node))]
            )
        else:
            if not spec.required:
                node = Node("block", where, spec.model, spec)
                self._buttons(
                    inner, [(_("Remove {name}").format(name=spec.name), lambda: self._remove(node))]
                )
            for sub in fields_of(spec.model):
                self._row(inner, (*where, sub.name), sub, spec.model)
        layout.addWidget(box)

    def _map_row(
        self,
        layout: QVBoxLayout,
        document: PackDocument,
        where: Where,
        spec: FieldSpec,
        model: type[BaseModel],
    ) -> None:
        box = QFrame()
        row = QVBoxLayout(box)
        row.setContentsMargins(0, 4, 0, 4)
        row.addWidget(self._name_label(spec))
        row.addWidget(help_label(spec.doc))
        keys = self._keys(document, keyed_by(model, spec.name))
        data = document.get(where)
        have = list(data) if isinstance(data, dict) else []
        missing = [key for key in keys if key not in have]
        if missing:
            line = QHBoxLayout()
            combo = QComboBox()
            combo.setAccessibleName(_("Entry to add to {name}").format(name=spec.name))
            for key in missing:
                combo.addItem(key, key)
            button = QPushButton(literal_ampersands(_("Add to {name}").format(name=spec.name)))
            button.setProperty("authorAction", True)
            button.clicked.connect(
                lambda: self._add_entry(where, spec, str(combo.currentData()), keys)
            )
            line.addWidget(combo)
            line.addWidget(button)
            line.addStretch(1)
            row.addLayout(line)
        layout.addWidget(box)

    def _keys(self, document: PackDocument, kind: str | None) -> list[str]:
        content = document.parts["content"]
        place = {"options": ("options",), "groups": ("baseline", "groups")}.get(kind or "")
        items = document.get((content, *place)) if place else None
        if not isinstance(items, list):
            return []
        return [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]

    # -- edits ----------------------------------------------------------------------

    def _order(self, where: Where) -> tuple[str, ...]:
        """The format's order of the fields of the block that holds ``where``."""
        assert self.document is not None
        root = root_model(self.document.part_of(str(where[0])))
        holder = model_at(root, tuple(where[1:-1]))
        return tuple(s.name for s in fields_of(holder)) if holder is not None else ()

    def _edit(
        self, where: Where, value: Any, typing: Hashable | None, order: tuple[str, ...], name: str
    ) -> None:
        if self.document is None or self.read_only:
            return
        like = None
        if typing is not None:
            key = (where, typing)
            if key not in self._origins:
                self._origins = {key: self.document.node(where)}
            like = self._origins[key]
        edit = self.document.put(where, value, order, like=like)
        self.edit_requested.emit(
            EditRequest(
                [edit],
                _("Edit {field}").format(field=name),
                (where, typing) if typing is not None else None,
            )
        )

    def _template(
        self, model: type[BaseModel], taken: set[str], sibling: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        assert self.document is not None
        return template(
            model,
            options=self._keys(self.document, "options"),
            groups=self._keys(self.document, "groups"),
            taken=taken,
            sibling=sibling,
        )

    def _add_item(self, node: Node) -> None:
        if self.document is None or node.spec is None or node.spec.model is None:
            return
        data = self.document.get(node.where)
        items = data if isinstance(data, list) else []
        taken = {str(i.get("id")) for i in items if isinstance(i, dict)}
        block = self._template(node.spec.model, taken)
        if data is MISSING:
            edit: Edit = self.document.put(node.where, [block], self._order(node.where))
        else:
            edit = self.document.insert((*node.where, len(items)), block)
        self.edit_requested.emit(
            EditRequest([edit], _("Add to {name}").format(name=node.spec.name))
        )

    def _add_block(self, node: Node) -> None:
        if self.document is None or node.model is None:
            return
        block = self._template(node.model, set())
        edit = self.document.put(node.where, block, self._order(node.where))
        self.edit_requested.emit(EditRequest([edit], _("Add {name}").format(name=node.where[-1])))

    def _add_entry(self, where: Where, spec: FieldSpec, key: str, keys: list[str]) -> None:
        if self.document is None or spec.model is None:
            return
        data = self.document.get(where)
        siblings = (
            [v for v in data.values() if isinstance(v, dict)] if isinstance(data, dict) else []
        )
        block = self._template(spec.model, set(), siblings[0] if siblings else None)
        if data is MISSING:
            edit = self.document.put(where, {key: block}, ())
        else:
            edit = self.document.put((*where, key), block, tuple(keys))
        self.edit_requested.emit(EditRequest([edit], _("Add to {name}").format(name=spec.name)))

    def _remove(self, node: Node) -> None:
        if self.document is None:
            return
        key = node.where[-1]
        if isinstance(key, int):
            edit: Edit = Remove(node.where)
        else:
            edit = self.document.put(node.where, MISSING)
        self.edit_requested.emit(
            EditRequest(
                [edit],
                _("Remove {name}").format(name=item_label(self.document.get(node.where), key)),
            )
        )

    def _drop(self, node: Node, locale: str) -> None:
        """Take a translation out of the pack (saving deletes its file; undo brings it back)."""
        if self.document is None:
            return
        self.edit_requested.emit(
            EditRequest(
                [DropFile(node.where)],
                _("Remove the translation into {language}").format(language=native_name(locale)),
            )
        )

    def _move(self, node: Node, step: int) -> None:
        if self.document is None:
            return
        index = node.where[-1]
        siblings = self.document.get(node.where[:-1])
        if not isinstance(index, int) or not isinstance(siblings, list):
            return
        target = index + step
        if not 0 <= target < len(siblings):
            return
        moved = self.document.node(node.where)
        edits: list[Edit] = [Remove(node.where), Insert((*node.where[:-1], target), moved)]
        self.edit_requested.emit(
            EditRequest(
                edits,
                _("Move {name}").format(name=item_label(self.document.get(node.where), index)),
            )
        )

    # -- following the document -----------------------------------------------------

    def document_changed(self, where: Where) -> None:
        """Show the document's values again where ``where`` changed."""
        if self.document is None:
            return
        node = self.node
        if node is not None and not node.title and node.where:
            inside = where[: len(node.where)] == node.where
            if inside and self.document.node(node.where) is not MISSING:
                title = item_label(self.document.get(node.where), node.where[-1])
                self.heading.setText(title)
                self.heading.setAccessibleName(title)
        for bound in self.bound:
            near = bound.where[: len(where)] == where or where[: len(bound.where)] == bound.where
            if near:
                value = self.document.get(bound.where)
                bound.editor.refresh(value)
                if bound.grade is not None:
                    bound.grade.show_text(value if isinstance(value, str) else "")

    def focus_field(self, where: Where) -> bool:
        """Put the keyboard focus on the field at (or inside) ``where``."""
        for bound in self.bound:
            if where[: len(bound.where)] == bound.where:
                widget = bound.editor.focus_widget()
                self.ensureWidgetVisible(bound.editor)
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def _enable(self) -> None:
        if not self.read_only:
            return
        page = self.widget()
        for bound in self.bound:
            bound.editor.setEnabled(False)
        for button in page.findChildren(QPushButton):
            if button.property("authorAction"):
                button.setEnabled(False)
