"""Icon arrays as SVG for the participants' page, drawn from the pack's figures with the
same layout as the screen and the printed record (content.icon_layout)."""

from __future__ import annotations

from html import escape

from decision_aid.content.icon_layout import UNAFFECTED_COLOUR, cell_position, grid_shape

CELL = 10
"""Pixels per icon (the SVG scales with the page)."""
GAP = 4
"""Pixels between blocks."""


def _offset(index: int, block: int) -> int:
    return index * CELL + (index // block) * GAP if block else index * CELL


def icon_array_svg(count: int, denominator: int, colour: str, label: str, high: int = 0) -> str:
    """One array: ``count`` solid icons from the top-left corner, then the rest of the range
    (up to ``high``) as outlines in the event's colour, the others grey outlines.

    ``label`` is the array's text alternative (the sentence of the figure)."""
    columns, rows, block = grid_shape(denominator)
    width = _offset(columns - 1, block) + CELL
    height = _offset(rows - 1, block) + CELL
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="icons" role="img" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
    ]
    for index in range(denominator):
        row, column = cell_position(index, denominator)
        x = _offset(column, block) + CELL / 2
        y = _offset(row, block) + CELL / 2
        if index < count:
            paint = f'fill="{colour}" stroke="{colour}"'
        elif index < high:
            paint = f'fill="none" stroke="{colour}" stroke-width="1.6"'
        else:
            paint = f'fill="none" stroke="{UNAFFECTED_COLOUR}"'
        parts.append(f'<circle cx="{x:g}" cy="{y:g}" r="3.8" {paint}/>')
    parts.append("</svg>")
    return "".join(parts)
