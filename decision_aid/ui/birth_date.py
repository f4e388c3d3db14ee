"""A date of birth typed as the screen's language writes dates ('04/05/1956' in English,
'4.05.1956' in Polish), or as an ISO date; always with a four-digit year."""

from __future__ import annotations

import re
from datetime import date

from decision_aid.i18n import current_language

EXAMPLE = date(1956, 5, 4)
EARLIEST = date(1880, 1, 1)


FIGURES = {
    "en": "{d:02}/{m:02}/{y}",
    "cy": "{d}/{m}/{y}",
    "pl": "{d}.{m:02}.{y}",
    "ar": "{d}\u200f/{m}\u200f/{y}",
}
"""How each shipped language writes a date in figures, as CLDR's 'yMMdd' (checked against
Babel in tests/ui/test_birth_date.py): the placeholder needs no Babel at start."""


def birth_date_text(value: date) -> str:
    """``value`` as the screen's language writes a date in figures, e.g. '04/05/1956'."""
    pattern = FIGURES.get(current_language())
    if pattern is not None:
        return pattern.format(d=value.day, m=value.month, y=value.year)
    from babel.dates import format_skeleton

    from decision_aid.report.when import conventions

    return str(format_skeleton("yMMdd", value, locale=conventions(current_language())))


def parse_birth_date(text: str, today: date) -> date:
    """The date ``text`` gives; ValueError if it is not a plausible date of birth."""
    from babel.dates import parse_date

    from decision_aid.report.when import conventions

    cleaned = text.strip()
    if not re.search(r"\d{4}", cleaned):
        raise ValueError(text)  # a two-digit year is ambiguous for a date of birth
    try:
        found = parse_date(cleaned, locale=conventions(current_language()))
    except (ValueError, IndexError) as exc:
        raise ValueError(text) from exc
    if not EARLIEST <= found <= today:
        raise ValueError(text)
    return found
