"""Filler where text should be, in any language: 'NOT GIVEN IN SOURCE', 'n/a', 'غير متوفر'.

``text.placeholder`` is an error for every text a patient could read, in the source
language and in every translation, judged by the same list of fillers in English, Welsh,
Polish and Arabic (:func:`decision_aid.content.lint.common.is_placeholder`). A pack
without the information leaves an optional field out; a required one needs real words.
The funding statement is left to IPDAS C6, which names it.

``template.text`` is a warning for each text of pack.yaml and content.yaml that is still
an instruction of the template, a whole text in square brackets such as ``"[What the
option involves, in one or two plain sentences.]"`` (``decision-aid packs new`` writes
them): the author has not written that part yet.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import (
    is_placeholder,
    located_strings,
    located_translations,
    shorten,
)
from decision_aid.content.loader import LoadedPack
from decision_aid.content.parse import Loc
from decision_aid.i18n import _

_INSTRUCTION = re.compile(r"\[[^\[\]]+\]", re.DOTALL)
"""A whole text in square brackets: what the template asks the author to write."""


def _instructions(value: Any, loc: Loc) -> list[Loc]:
    """The places of every text in square brackets, depth first."""
    if isinstance(value, str):
        return [loc] if _INSTRUCTION.fullmatch(value.strip()) else []
    found: list[Loc] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _instructions(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _instructions(item, (*loc, index))
    return found


def template_text(loaded: LoadedPack) -> list[Problem]:
    """A warning for each text still written as the template's instruction."""
    out: list[Problem] = []
    for part in ("pack", "content"):
        parsed = loaded.parsed.get(part)
        if parsed is None:
            continue
        for loc in _instructions(parsed.data, ()):
            out.append(
                loaded.problem(
                    part,
                    loc,
                    _(
                        "still the template's instruction; write the pack's own text in its "
                        "place, without the square brackets"
                    ),
                    severity="warning",
                    rule="template.text",
                )
            )
    return out


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """An error for each text, source or translated, that is only a filler."""
    out: list[Problem] = []
    for item in [*located_strings(loaded), *located_translations(loaded)]:
        if item.loc == ("funding",) or not is_placeholder(item.text):
            continue
        out.append(
            loaded.problem(
                item.part,
                item.loc,
                _(
                    "'{text}' stands in for text that is not written; write what the patient "
                    "should read, or leave the field out where it is optional"
                ).format(text=shorten(item.text, 40)),
                rule="text.placeholder",
            )
        )
    return out + template_text(loaded)
