"""Filler where text should be, in any language: 'NOT GIVEN IN SOURCE', 'n/a', 'غير متوفر'.

``text.placeholder`` is an error for every text a patient could read, in the source
language and in every translation, judged by the same list of fillers in English, Welsh,
Polish and Arabic (:func:`decision_aid.content.lint.common.is_placeholder`). A pack
without the information leaves an optional field out; a required one needs real words.
The funding statement is left to IPDAS C6, which names it.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import (
    is_placeholder,
    located_strings,
    located_translations,
    shorten,
)
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _


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
    return out
