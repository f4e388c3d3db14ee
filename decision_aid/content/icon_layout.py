"""The layout of an icon array, shared by the screen and the printed record.

One place decides how many columns and rows an array has, where its gaps are and
what each icon stands for, so the picture on screen and on paper is the same.
"""

from __future__ import annotations

import math
from enum import IntEnum


class CellState(IntEnum):
    """What one icon stands for."""

    UNAFFECTED = 0
    """Does not have the event (hollow)."""
    AFFECTED = 1
    """Has the event in the best estimate (solid)."""
    MAYBE_NOT = 2
    """Counted in the best estimate, but the range goes lower (solid, white stripe)."""
    MAYBE = 3
    """Not counted, but the range goes higher (hollow, coloured stripe)."""


def grid_shape(denominator: int) -> tuple[int, int, int]:
    """Columns, rows and the block size (icons between gaps) for a denominator.

    100 is 10 x 10 in blocks of 5; 1000 is 50 x 20 in blocks of 10, so each block of
    the bigger array holds 100 icons. Any other denominator gets a near-square grid.
    """
    if denominator == 100:
        return 10, 10, 5
    if denominator == 1000:
        return 50, 20, 10
    columns = max(1, math.ceil(math.sqrt(denominator)))
    return columns, max(1, math.ceil(denominator / columns)), 0


def cell_states(
    count: int, denominator: int, low: int | None = None, high: int | None = None
) -> list[CellState]:
    """The state of each icon in fill order (from the starting corner, row by row)."""
    low = count if low is None else min(low, count)
    high = count if high is None else max(high, count)
    states = [CellState.UNAFFECTED] * denominator
    for index in range(min(count, denominator)):
        states[index] = CellState.MAYBE_NOT if index >= low else CellState.AFFECTED
    for index in range(count, min(high, denominator)):
        states[index] = CellState.MAYBE
    return states
