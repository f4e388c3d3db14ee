"""The icon-array layout shared by screen and paper."""

from __future__ import annotations

import pytest

from decision_aid.content.icon_layout import CellState, cell_states, grid_shape


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
