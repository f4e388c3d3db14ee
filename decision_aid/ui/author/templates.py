"""New blocks for the workbench's Add buttons: what the format requires, left for the
author to fill in.

Required texts start empty and required choices (a certainty, a kind) are left out, so
the lint panel says at once what is still to write and choose; an
identifier is made unique among its siblings; blocks keyed by option get one entry
for each option of the pack, so a new question has a cell for every option.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel

from decision_aid.content.model import Figure, KnowledgeQuestion, LivingWith, PackOutcome
from decision_aid.ui.author.schema import fields_of, keyed_by

FIRST_FIGURE: dict[str, Any] = {"count": 0, "out_of": 100, "over": "1 year"}
"""A new figure's count, denominator and time frame, when its outcome has no other."""


def unique_id(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` ... the first not in ``taken``."""
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _value(kind: str, choices: tuple[Any, ...], minimum: int | None) -> Any:
    if kind in ("text", "line"):
        return ""
    if kind == "choice":
        # A real choice (certainty, kind ...) is the author's to make, never a default.
        return choices[0] if len(choices) == 1 else None
    if kind == "bool":
        return False
    if kind == "int":
        return max(minimum or 0, 0)
    if kind == "date":
        return date.today()
    return None


def template(
    cls: type[BaseModel],
    *,
    options: Sequence[str] = (),
    groups: Sequence[str] = (),
    id_stem: str = "new",
    taken: set[str] | None = None,
    sibling: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A new block of ``cls`` with every required field.

    ``options`` and ``groups`` are the pack's option and baseline-group ids (for blocks
    keyed by them); ``taken`` the ids of the new block's siblings; ``sibling`` a block of
    the same kind, whose denominator and time frame a new figure takes.
    """
    if cls is LivingWith:
        return {"text": ""}
    if cls is Figure:
        base = dict(FIRST_FIGURE)
        if sibling:
            for key in ("out_of", "over"):
                if key in sibling:
                    base[key] = sibling[key]
        return base
    block: dict[str, Any] = {}
    for spec in fields_of(cls):
        if spec.name == "id":
            block["id"] = unique_id(id_stem, taken or set())
            continue
        if not spec.required:
            continue
        if spec.kind == "model" and spec.model is not None:
            block[spec.name] = template(spec.model, options=options, groups=groups)
        elif spec.kind == "models" and spec.model is not None:
            count = 2 if cls is KnowledgeQuestion and spec.name == "choices" else 0
            block[spec.name] = [
                template(spec.model, id_stem=chr(ord("a") + index), taken=set())
                for index in range(count)
            ]
        elif spec.kind == "map" and spec.model is not None:
            keys = {"options": options, "groups": groups}.get(keyed_by(cls, spec.name) or "", [])
            block[spec.name] = {
                key: template(spec.model, options=options, groups=groups) for key in keys
            }
        elif spec.kind in ("texts", "ids", "flags"):
            block[spec.name] = []
        elif (value := _value(spec.kind, spec.choices, spec.minimum)) is not None:
            block[spec.name] = value
    if cls is PackOutcome:
        block["reference_class"] = ""
        block["figures"] = {key: dict(FIRST_FIGURE) for key in options}
    if cls is KnowledgeQuestion and block.get("choices"):
        block["answer"] = block["choices"][0]["id"]
    return block
