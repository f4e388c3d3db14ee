"""A new translation of a pack: its language checked, and its file with nothing translated
yet. Until a text is translated, the pack shows it in the source language, and the linter
lists it as missing. No Qt.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from decision_aid.content.fields import LOCALE_PATTERN
from decision_aid.i18n import _

SUGGESTED = (
    "ar",
    "bn",
    "cy",
    "de",
    "es",
    "fa",
    "fr",
    "gd",
    "gu",
    "hi",
    "it",
    "lt",
    "pa",
    "pl",
    "pt",
    "ro",
    "ru",
    "so",
    "ta",
    "tr",
    "uk",
    "ur",
    "zh",
)
"""Languages offered first: those of this app's screens, and those often asked for in UK
clinics. Any other code the format allows can be typed."""

STATUS = "translation not yet reviewed by a native-speaking clinician"
"""A new translation's review state, until a reviewer changes it."""


def locale_problem(code: str, source_language: str, existing: Collection[str]) -> str | None:
    """What is wrong with ``code`` as the language of a new translation (None: nothing)."""
    if not re.fullmatch(LOCALE_PATTERN, code):
        return _(
            "'{code}' is not a language code: give two or three lower-case letters, such as "
            "'ar' or 'cy', with a region if needed, such as 'pt_BR'"
        ).format(code=code)
    if code == source_language:
        return _(
            "the pack is written in '{code}': choose the language to translate it into"
        ).format(code=code)
    if code in existing:
        return _("the pack has a translation into '{code}' already").format(code=code)
    return None


def translation_text(locale: str) -> str:
    """The text of a new translation file for ``locale``, with nothing translated yet."""
    return f"""\
# The pack's text in '{locale}'. Each string is keyed by its path, as 'decision-aid
# packs strings FOLDER' lists them; a string left out is shown in the source language.
# Translate side by side in the author's workbench (Pack > Translations side by
# side), which records the source text each string was translated from.
format_version: 1
locale: {locale}
status: {STATUS}
strings: {{}}
"""
