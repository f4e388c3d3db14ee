"""The PDF's icon arrays use the on-screen widget's layout, and draw crisp, fixed shapes."""

from __future__ import annotations

import pytest

from decision_aid.content.icon_layout import palette
from decision_aid.report import icon_flowables as flowables
from decision_aid.ui.widgets import icon_array as widget


def test_paper_and_screen_share_one_layout() -> None:
    from decision_aid.content import icon_layout

    for module in (flowables, widget):
        assert module.grid_shape is icon_layout.grid_shape  # type: ignore[attr-defined]
        assert module.cell_states is icon_layout.cell_states  # type: ignore[attr-defined]
        assert module.CellState is icon_layout.CellState  # type: ignore[attr-defined]
    assert flowables.PERSON_DENOMINATORS == widget.PERSON_DENOMINATORS


def test_affected_icons_are_grouped_from_the_top_left() -> None:
    array = flowables.IconArrayFlowable(12, 100, width=150, colours=palette("good"))
    states = array.states
    assert states[:12] == [flowables.CellState.AFFECTED] * 12
    first_x, first_y = array.cell_origin(0)
    assert first_x < array.cell_origin(1)[0]
    assert array.cell_origin(10)[1] < first_y  # the second row is below the first
    assert first_y + array.cell + flowables.CARD_PAD == pytest.approx(array.height)


def test_same_width_gives_identical_layouts() -> None:
    a = flowables.IconArrayFlowable(3, 1000, width=200, low=2, high=5, zoom=1)
    b = flowables.IconArrayFlowable(40, 1000, width=200, compare=30, zoom=1)
    assert (a.width, a.height, a.cell, a.gap) == (b.width, b.height, b.cell, b.gap)
    assert [a.cell_origin(i) for i in range(1000)] == [b.cell_origin(i) for i in range(1000)]
    assert [a.zoom_origin(i) for i in range(100)] == [b.zoom_origin(i) for i in range(100)]
    assert a.width <= 200


def test_a_count_outside_the_denominator_is_refused() -> None:
    with pytest.raises(ValueError, match="count"):
        flowables.IconArrayFlowable(101, 100, width=100)
