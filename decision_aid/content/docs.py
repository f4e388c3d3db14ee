"""Field documentation for JSON Schemas, read from the docstrings under model fields.

The models document each field with a string literal right under it. Reading those
at class creation (pydantic's ``use_attribute_docstrings``) costs start-up time and
about 10 MB of cached source, so they are read here instead, only when a schema is
published.
"""

from __future__ import annotations

import ast
import inspect
import itertools
from types import ModuleType
from typing import Any


def attribute_docs(module: ModuleType) -> dict[str, dict[str, str]]:
    """Docstrings under annotated class attributes, by class name and field name."""
    tree = ast.parse(inspect.getsource(module))
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs: dict[str, str] = {}
        body = node.body
        for first, second in itertools.pairwise(body):
            if (
                isinstance(first, ast.AnnAssign)
                and isinstance(first.target, ast.Name)
                and isinstance(second, ast.Expr)
                and isinstance(second.value, ast.Constant)
                and isinstance(second.value.value, str)
            ):
                docs[first.target.id] = inspect.cleandoc(second.value.value)
        if docs:
            found[node.name] = docs
    return found


def describe(schema: dict[str, Any], name: str, docs: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Fill in 'description' for every property of ``schema`` and its $defs."""

    def fill(part: dict[str, Any], class_name: str) -> None:
        for field, prop in part.get("properties", {}).items():
            text = docs.get(class_name, {}).get(field)
            if text and isinstance(prop, dict):
                prop.setdefault("description", text)

    fill(schema, name)
    for def_name, part in schema.get("$defs", {}).items():
        fill(part, def_name)
    return schema
