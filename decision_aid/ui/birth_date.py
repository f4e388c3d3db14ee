"""A date of birth typed as the screen's language writes dates ('04/05/1956' in English,
'4.05.1956' in Polish), or as an ISO date; always with a four-digit year."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_skeleton, parse_date

from decision_aid.i18n import current_language
from decision_aid.report.when import conventions

EXAMPLE = date(1956, 5, 4)
EARLIEST = date(1880, 1, 1)


def birth_date_text(value: date) -> str:
    """``value`` as the screen's language writes a date in figures, e.g. '04/05/1956'."""
    return str(format_skeleton("yMMdd", value, locale=conventions(current_language())))


def parse_birth_date(text: str, today: date) -> date:
    """The date ``text`` gives; ValueError if it is not a plausible date of birth."""
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
