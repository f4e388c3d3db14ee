"""What the format says about each field, for the workbench's structure and forms.

Read from the pack models themselves: each field's kind (text, a choice, a list of
blocks ...), whether it is required, and its help text, which is the field's own
docstring (the same text ``decision-aid packs schema`` publishes). Nothing here is Qt.
"""

from __future__ import annotations

import inspect
import re
import sys
import types
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from decision_aid.content import model, model_parts
from decision_aid.content.docs import attribute_docs
from decision_aid.content.fields import TRANSLATABLE
from decision_aid.content.model import PackContent, PackMeta, TranslationFile

ROOTS: dict[str, type[BaseModel]] = {
    "pack": PackMeta,
    "content": PackContent,
}
"""The model of each part of a pack; any other part is a translation file."""

SHORT_TEXTS = frozenset(
    {"name", "term", "event", "concern", "label", "title", "role", "credentials", "also"}
)
"""Text fields that hold a few words: edited on one line."""

KEYED_BY_OPTION = frozenset(
    {
        ("Question", "answers"),
        ("PackOutcome", "figures"),
        ("GroupFigures", "figures"),
        ("Value", "fares"),
    }
)
"""Blocks of fields keyed by option id: one entry per option."""
KEYED_BY_GROUP = frozenset({("PackOutcome", "groups")})
"""Blocks keyed by the ids of the baseline groups."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a model, as the workbench edits it."""

    name: str
    kind: str
    """'text' (several lines), 'line', 'choice', 'flags' (several choices), 'bool', 'int',
    'date', 'texts' (one per line), 'ids', 'model' (a block of fields), 'models' (a list
    of blocks), 'map' (blocks keyed by id) or 'strings' (translated text by path)."""
    doc: str
    required: bool
    translatable: bool = False
    choices: tuple[Any, ...] = ()
    model: type[BaseModel] | None = None
    minimum: int | None = None
    maximum: int | None = None

    @property
    def scalar(self) -> bool:
        """True for a field edited in place in the form (not a block of its own)."""
        return self.kind not in ("model", "models", "map", "strings")


def _unwrap(annotation: Any) -> tuple[Any, bool, bool]:
    """(bare type, optional, translatable)."""
    optional = translatable = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            parts = get_args(annotation)
            translatable = translatable or any(a is TRANSLATABLE for a in parts[1:])
            annotation = parts[0]
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(members) < len(get_args(annotation))
            if len(members) != 1:
                return annotation, optional, translatable
            annotation = members[0]
        else:
            return annotation, optional, translatable


def _is_model(annotation: Any) -> bool:
    return inspect.isclass(annotation) and issubclass(annotation, BaseModel)


def _bounds(metadata: list[Any]) -> tuple[int | None, int | None]:
    low = high = None
    for item in metadata:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high


def _kind(name: str, bare: Any, translatable: bool) -> tuple[str, tuple[Any, ...], Any]:
    origin = get_origin(bare)
    if _is_model(bare):
        return "model", (), bare
    if origin is Literal:
        return "choice", get_args(bare), None
    if bare is bool:
        return "bool", (), None
    if bare is int:
        return "int", (), None
    if bare is date:
        return "date", (), None
    if origin is tuple:
        item, _optional, item_translatable = _unwrap(get_args(bare)[0])
        if _is_model(item):
            return "models", (), item
        if get_origin(item) is Literal:
            return "flags", get_args(item), None
        if item_translatable or name in ("jargon",):
            return "texts", (), None
        return "ids", (), None
    if origin is dict:
        value, _optional, _t = _unwrap(get_args(bare)[1])
        if _is_model(value):
            return "map", (), value
        return "strings", (), None
    if translatable and name not in SHORT_TEXTS:
        return "text", (), None
    return "line", (), None


@cache
def _docs() -> dict[str, dict[str, str]]:
    return {**attribute_docs(model_parts), **attribute_docs(sys.modules[model.__name__])}


@cache
def fields_of(cls: type[BaseModel]) -> tuple[FieldSpec, ...]:
    """Every field of a pack model, in the format's order, with its help text."""
    docs = _docs().get(cls.__name__, {})
    specs = []
    for name, info in cls.model_fields.items():
        bare, optional, translatable = _unwrap(info.rebuild_annotation())
        kind, choices, sub = _kind(name, bare, translatable)
        low, high = _bounds(list(info.metadata))
        required = info.is_required()
        if kind in ("models", "map", "texts", "ids", "flags") and info.default is not None:
            required = required and info.default is PydanticUndefined
        specs.append(
            FieldSpec(
                name=name,
                kind=kind,
                doc=readable(docs.get(name, "")),
                required=required and not optional,
                translatable=translatable,
                choices=choices,
                model=sub,
                minimum=low,
                maximum=high,
            )
        )
    return tuple(specs)


def readable(doc: str) -> str:
    """A docstring as help text: each paragraph on one line, ``code`` in quotes."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", doc.strip())]
    return re.sub(r"``([^`]+)``", r"'\1'", "\n".join(p for p in paragraphs if p))


def field(cls: type[BaseModel], name: str) -> FieldSpec | None:
    """One field of a model by name."""
    return next((spec for spec in fields_of(cls) if spec.name == name), None)


def model_doc(cls: type[BaseModel]) -> str:
    """The model's own docstring: what the block is."""
    return readable(inspect.cleandoc(cls.__doc__ or ""))


def root_model(part: str | None) -> type[BaseModel]:
    """The model of a pack file's part ('pack', 'content' or a locale)."""
    return ROOTS.get(part or "", TranslationFile)


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model of the block at ``loc`` in a file whose root is ``root``; None when the
    place is not a block (a text, a list) or not in the format."""
    current: type[BaseModel] | None = root
    pending: FieldSpec | None = None
    for step in loc:
        if pending is not None:
            if pending.kind == "models" and isinstance(step, int):
                current, pending = pending.model, None
                continue
            if pending.kind == "map" and isinstance(step, str):
                current, pending = pending.model, None
                continue
            return None
        if current is None or not isinstance(step, str):
            return None
        spec = field(current, step)
        if spec is None:
            return None
        if spec.kind == "model":
            current = spec.model
        elif spec.kind in ("models", "map"):
            pending, current = spec, None
        else:
            return None
    return current if pending is None else None


def spec_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> FieldSpec | None:
    """The field at the end of ``loc`` (a field of the block that holds it)."""
    if not loc or not isinstance(loc[-1], str):
        return None
    parent = model_at(root, loc[:-1])
    return field(parent, loc[-1]) if parent is not None else None


def keyed_by(cls: type[BaseModel], name: str) -> str | None:
    """'options' or 'groups' when a block of fields is keyed by those ids."""
    if (cls.__name__, name) in KEYED_BY_OPTION:
        return "options"
    if (cls.__name__, name) in KEYED_BY_GROUP:
        return "groups"
    return None
