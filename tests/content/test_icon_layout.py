"""The icon-array layout shared by screen and paper."""

from __future__ import annotations

import pytest

from decision_aid.content.icon_layout import (
    CellState,
    cell_position,
    cell_states,
    draws_range,
    grid_shape,
    palette,
    zoom_blocks,
    zoom_position,
)


@pytest.mark.parametrize(
    ("denominator", "shape"),
    [(100, (10, 10, 5)), (1000, (50, 20, 10)), (50, (8, 7, 0)), (7, (3, 3, 0))],
)
def test_grid_shape(denominator: int, shape: tuple[int, int, int]) -> None:
    assert grid_shape(denominator) == shape


def test_cell_states_group_the_affected_first_and_mark_the_range() -> None:
    states = cell_states(6, 100, low=4, high=8)
    assert states[:4] == [CellState.AFFECTED] * 4
    assert states[4:6] == [CellState.MAYBE_NOT] * 2
    assert states[6:8] == [CellState.MAYBE] * 2
    assert set(states[8:]) == {CellState.UNAFFECTED}
    assert cell_states(0, 1000) == [CellState.UNAFFECTED] * 1000


def test_changed_people_sit_between_the_two_counts() -> None:
    """Statin Choice's picture: 6 have it with the statin, 4 more would without it."""
    fewer = cell_states(6, 100, compare=10)
    assert fewer[:6] == [CellState.AFFECTED] * 6
    assert fewer[6:10] == [CellState.CHANGED] * 4
    assert set(fewer[10:]) == {CellState.UNAFFECTED}
    more = cell_states(49, 1000, compare=45)
    assert more[:45] == [CellState.AFFECTED] * 45
    assert more[45:49] == [CellState.CHANGED] * 4
    assert cell_states(27, 100, compare=27) == cell_states(27, 100)


def test_a_range_over_changed_people_stripes_them() -> None:
    states = cell_states(6, 100, low=6, high=8, compare=10)
    assert states[6:8] == [CellState.CHANGED_MAYBE] * 2
    assert states[8:10] == [CellState.CHANGED] * 2
    more = cell_states(20, 100, low=15, high=25, compare=12)
    assert more[12:15] == [CellState.CHANGED] * 3
    assert more[15:20] == [CellState.CHANGED_MAYBE] * 5
    assert more[20:25] == [CellState.MAYBE] * 5


def test_arrays_of_1000_give_the_range_in_words_not_stripes() -> None:
    assert draws_range(100) and not draws_range(1000)
    states = cell_states(178, 1000, low=125, high=200)
    assert set(states) == {CellState.AFFECTED, CellState.UNAFFECTED}
    assert states.count(CellState.AFFECTED) == 178


def test_1000_fills_block_by_block_so_the_affected_share_a_corner() -> None:
    # The first 100 fill the top-left block of 10 x 10, row by row ...
    assert [cell_position(i, 1000) for i in (0, 9, 10, 99)] == [(0, 0), (0, 9), (1, 0), (9, 9)]
    # ... then the next block to the right, then the second row of blocks.
    assert cell_position(100, 1000) == (0, 10)
    assert cell_position(499, 1000) == (9, 49)
    assert cell_position(500, 1000) == (10, 0)
    assert len({cell_position(i, 1000) for i in range(1000)}) == 1000
    # 100 is row by row, as before.
    assert [cell_position(i, 100) for i in (0, 9, 10)] == [(0, 0), (0, 9), (1, 0)]
    # The magnified blocks sit side by side in the same order.
    assert [zoom_position(i) for i in (0, 99, 100, 150)] == [(0, 0), (9, 9), (0, 10), (5, 10)]


@pytest.mark.parametrize(
    ("extent", "denominator", "blocks"),
    [
        (3, 1000, 1),
        (0, 1000, 1),
        (100, 1000, 1),
        (101, 1000, 2),
        (200, 1000, 2),
        (500, 1000, 5),
        (501, 1000, 0),
        (10, 100, 0),
    ],
)
def test_zoom_covers_every_coloured_person(extent: int, denominator: int, blocks: int) -> None:
    assert zoom_blocks(extent, denominator) == blocks


def test_colours_say_good_or_bad_and_gain_or_loss() -> None:
    bad, good = palette("bad"), palette("good")
    assert bad.event != good.event
    assert palette("bad", "gain").changed != palette("bad", "loss").changed
    assert palette("bad", "gain").changed not in (bad.event, good.event)
