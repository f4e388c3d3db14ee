"""Breaking text into lines: long words broken to fit, and each paragraph broken once.

Two costs made a record of long unbreakable words take minutes to build:

- A word wider than its line is broken by reportlab one character at a time, measuring
  each (``splitLongWords``). That is right, but slow, and a paragraph in a table cell
  that runs over several pages is broken again each time the table is split, once per
  page: quadratic in the length of the cell. :class:`Paragraph` keeps the lines it
  broke for a width and reuses them while they are still its own.
- Text drawn straight onto the canvas (the ratings chart's labels, the names under the
  signatures) was wrapped at spaces only, so a long word ran off the page.
  :func:`break_wide` breaks a line that is still too wide at the last character that
  fits, found by bisection.

Only reportlab is imported here, so both ``rtl`` and ``blocks`` can build on it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from reportlab.platypus import Paragraph as _ReportlabParagraph


class Paragraph(_ReportlabParagraph):
    """reportlab's paragraph, broken into lines once per width.

    ``wrap`` depends only on the width (and the text and style, which do not change):
    the lines from the last call are reused when the width is the same and they are
    still the paragraph's own (``split`` may drop them, or set others).
    """

    _wrapped: tuple[float, Any, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        cached = self._wrapped
        if (
            cached is not None
            and cached[0] == availWidth
            and self.__dict__.get("blPara") is cached[1]
        ):
            self.width, self.height = cached[2]
            return cached[2]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        lines = self.__dict__.get("blPara")
        self._wrapped = (availWidth, lines, size) if lines is not None else None
        return size


def _cut_allowed(text: str, index: int) -> bool:
    """May a line end before ``text[index]`` (not inside a combining sequence)?"""
    char = text[index]
    return not (
        unicodedata.combining(char)
        or unicodedata.category(char) in ("Mn", "Me", "Cf")
        or "\udc00" <= char <= "\udfff"
    )


def break_wide(line: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``line`` as it is if it fits ``width``, else cut into pieces that each fit.

    Each piece is the longest start of what is left that ``measure`` finds no wider
    than ``width`` (at least one character, so a glyph wider than the line still
    moves on). Cuts never split a character from its combining marks.
    """
    pieces: list[str] = []
    rest = line
    while rest and measure(rest) > width:
        low, high = 1, len(rest) - 1  # the answer is in [1, high]
        while low < high:
            middle = (low + high + 1) // 2
            if measure(rest[:middle]) <= width:
                low = middle
            else:
                high = middle - 1
        cut = low
        while cut > 1 and not _cut_allowed(rest, cut):
            cut -= 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces
