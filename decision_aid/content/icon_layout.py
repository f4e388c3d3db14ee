"""The layout of an icon array, shared by the screen and the printed record.

One place decides how many columns and rows an array has, where its gaps are, in
which order the icons fill, what each icon stands for and which colours it takes, so
the picture on screen and on paper is the same.

An array of 100 is 10 x 10 people in blocks of 5, filled row by row from the starting
corner. An array of 1000 is ten blocks of 100 (5 across, 2 down), filled block by
block, so the affected people sit together in the first blocks: those blocks are
also drawn magnified (the "zoom"), with people a patient can count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

Valence = Literal["good", "bad"]
Change = Literal["gain", "loss"]
"""Whether the people whose outcome differs between two options are better off (gain)."""


class CellState(IntEnum):
    """What one icon stands for."""

    UNAFFECTED = 0
    """Does not have the event (hollow)."""
    AFFECTED = 1
    """Has the event in the best estimate (solid, the event's colour)."""
    MAYBE_NOT = 2
    """Counted in the best estimate, but the range goes lower (solid, white stripe)."""
    MAYBE = 3
    """Not counted, but the range goes higher (hollow, coloured stripe)."""
    CHANGED = 4
    """Their outcome differs from the comparison option's (solid, own colour, white dot)."""
    CHANGED_MAYBE = 5
    """Differs in the best estimate, but the range says maybe not (as CHANGED, striped)."""


SOLID = (CellState.AFFECTED, CellState.MAYBE_NOT, CellState.CHANGED, CellState.CHANGED_MAYBE)
"""Icons drawn filled; the others are outlines."""
STRIPED = (CellState.MAYBE_NOT, CellState.MAYBE, CellState.CHANGED_MAYBE)
"""Icons with a diagonal stripe: the range says this one may be otherwise."""
DOTTED = (CellState.CHANGED, CellState.CHANGED_MAYBE)
"""Icons with a white dot: their outcome differs between the options."""

# -- colours (Okabe-Ito, colour-blind safe; each at least 3:1 against white) ------------------

EVENT_COLOURS: dict[Valence | None, str] = {
    "bad": "#D55E00",  # vermillion
    "good": "#0072B2",  # blue
    None: "#0072B2",
}
"""Colour of the people who have the event, by whether the event is good or bad."""
CHANGE_COLOURS: dict[Change | None, str] = {
    "gain": "#009E73",  # bluish green
    "loss": "#CC79A7",  # reddish purple
    None: "#000000",
}
"""Colour of the people whose outcome differs, by whether they are better or worse off."""
UNAFFECTED_COLOUR = "#767676"
"""Outline of the hollow icons: 4.5:1 against white."""


@dataclass(frozen=True)
class Palette:
    """The two colours of one picture: the event's, and the changed people's."""

    event: str
    changed: str


def palette(valence: Valence | None, change: Change | None = None) -> Palette:
    """The colours for an event of this valence, with changed people of this kind."""
    return Palette(EVENT_COLOURS[valence], CHANGE_COLOURS[change])


# -- shape and order -------------------------------------------------------------------------


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


BLOCK = 100
"""People in one block of an array of 1000 (10 x 10)."""
MAX_ZOOM_BLOCKS = 5
"""At most this many blocks of 100 are magnified: the top row of an array of 1000."""


def cell_position(index: int, denominator: int) -> tuple[int, int]:
    """Row and column of the icon at a fill-order index (from the starting corner).

    An array of 1000 fills block by block (each block of 100 row by row, the blocks
    left to right, then the second row of blocks); the others fill row by row.
    """
    columns, _rows, _block = grid_shape(denominator)
    if denominator != 1000:
        return divmod(index, columns)
    block, inside = divmod(index, BLOCK)
    block_row, block_column = divmod(block, columns // 10)
    row, column = divmod(inside, 10)
    return block_row * 10 + row, block_column * 10 + column


def zoom_position(index: int) -> tuple[int, int]:
    """Row and column of a fill-order index in the magnified blocks (blocks side by side)."""
    block, inside = divmod(index, BLOCK)
    row, column = divmod(inside, 10)
    return row, block * 10 + column


def zoom_blocks(extent: int, denominator: int) -> int:
    """How many blocks of 100 to magnify so that every coloured person of an array shows.

    ``extent`` is the furthest icon any picture of the outcome colours (counts, ranges
    and changed people). Only arrays of 1000 are magnified; at least one block, and none
    when the coloured people reach past the top row of blocks (the whole array then
    says more than a part of it).
    """
    if denominator != 1000:
        return 0
    blocks = max(1, math.ceil(extent / BLOCK))
    return blocks if blocks <= MAX_ZOOM_BLOCKS else 0


def draws_range(denominator: int) -> bool:
    """Whether the range is drawn as striped icons (else it is given in words only).

    In arrays of 1000 the icons are too small for a stripe a patient can see, and a
    range there spans dozens of people: the sentence under the picture says it.
    """
    return denominator != 1000


def cell_states(
    count: int,
    denominator: int,
    low: int | None = None,
    high: int | None = None,
    *,
    compare: int | None = None,
) -> list[CellState]:
    """The state of each icon in fill order (from the starting corner).

    ``compare``: the count of the option this one is compared with (the pack's "no
    treatment"); the people between the two counts are CHANGED. The range is marked
    only where :func:`draws_range` says so.
    """
    states = [CellState.UNAFFECTED] * denominator
    for index in range(min(count, denominator)):
        states[index] = CellState.AFFECTED
    if compare is not None and compare != count:
        for index in range(min(count, compare), min(max(count, compare), denominator)):
            states[index] = CellState.CHANGED
    if not draws_range(denominator):
        return states
    low = count if low is None else min(low, count)
    high = count if high is None else max(high, count)
    for index in range(low, min(count, denominator)):
        states[index] = _maybe(states[index])
    for index in range(count, min(high, denominator)):
        states[index] = _maybe(states[index])
    return states


def _maybe(state: CellState) -> CellState:
    """The striped form of a state: the range says this person may be otherwise."""
    if state is CellState.AFFECTED:
        return CellState.MAYBE_NOT
    if state is CellState.UNAFFECTED:
        return CellState.MAYBE
    return CellState.CHANGED_MAYBE
