"""How the option grid shares its width: columns never narrower than their longest word."""

from __future__ import annotations

import re

_BREAK = re.compile(r"\s+|(?<=-)")


def words(text: str) -> list[str]:
    """The pieces a line may not break inside: words, and hyphenated words at the hyphen."""
    return [word for word in _BREAK.split(text) if word]


def share(width: int, least: list[int]) -> list[int]:
    """``width`` shared as evenly as the columns' least widths allow; every column gets
    at least its least width, and the last takes what rounding leaves."""
    widths = list(least)
    fixed: set[int] = set()
    while True:
        free = [i for i in range(len(least)) if i not in fixed]
        if not free:
            break
        each = (width - sum(least[i] for i in fixed)) // len(free)
        wider = [i for i in free if least[i] > each]
        if not wider:
            for i in free:
                widths[i] = each
            break
        fixed.update(wider)
    if widths:
        widths[-1] = max(least[-1], widths[-1] + width - sum(widths))
    return widths
