"""The icon array: grouping from the corner, identical layouts, ranges, text and grayscale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from decision_aid.content.icon_layout import CellState, grid_shape
from decision_aid.ui.widgets.icon_array import IconArray


def _shown(qtbot: QtBot, array: IconArray, width: int = 600) -> IconArray:
    qtbot.addWidget(array)
    array.resize(width, array.heightForWidth(width))
    return array


def _gray(array: IconArray) -> QImage:
    return array.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)


def _core(cell: QRect) -> QRect:
    """A patch of an icon's body clear of its stripe: filled if solid, empty if hollow."""
    w, h = cell.width(), cell.height()
    return QRect(
        cell.x() + w * 55 // 100,
        cell.y() + h * 72 // 100,
        max(1, w * 17 // 100),
        max(1, h * 14 // 100),
    )


def _mean(image: QImage, rect: QRect) -> float:
    values = [
        image.pixelColor(x, y).value()
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]
    return sum(values) / len(values)


@pytest.mark.parametrize(("count", "denominator"), [(6, 100), (178, 1000), (0, 100), (100, 100)])
def test_affected_icons_are_the_first_in_fill_order(
    qtbot: QtBot, count: int, denominator: int
) -> None:
    array = _shown(qtbot, IconArray(count, denominator, kind="harm"))
    assert array.affected_cells() == list(range(count))
    states = array.states()
    assert all(s is CellState.UNAFFECTED for s in states[count:])
    columns = array.shape[0]
    # Top-left corner first, then along the row, then the next row down.
    for index in range(min(count, 2 * columns + 3)):
        assert array.cell_position(index) == divmod(index, columns)
    if count > 1:
        first, second = array.cell_rect(0), array.cell_rect(1)
        assert first.top() == second.top() and first.left() < second.left()
        assert first.topLeft() == min(
            (array.cell_rect(i).topLeft() for i in range(denominator)),
            key=lambda p: (p.y(), p.x()),
        )


def test_shapes_for_100_and_1000() -> None:
    assert grid_shape(100)[:2] == (10, 10)
    assert grid_shape(1000)[:2] == (50, 20)


@pytest.mark.parametrize("denominator", [100, 1000])
def test_every_icon_fits_inside_the_widget(qtbot: QtBot, denominator: int) -> None:
    for width in (220, 480, 900):
        array = _shown(qtbot, IconArray(3, denominator), width)
        assert array.heightForWidth(width) == array.height()
        bounds = array.rect()
        rects = [array.cell_rect(i) for i in range(denominator)]
        assert all(bounds.contains(r) for r in rects)
        # No two icons overlap: distinct positions and at least a pixel per icon.
        assert len({(r.x(), r.y()) for r in rects}) == denominator
        assert rects[0].width() >= 4


def test_picture_grows_with_width_up_to_a_limit(qtbot: QtBot) -> None:
    heights = [IconArray(5, 100).heightForWidth(w) for w in (150, 250, 350, 2000)]
    assert heights[0] < heights[1] < heights[2]
    assert heights[3] == IconArray(5, 100).heightForWidth(5000)


def test_two_arrays_with_one_denominator_have_identical_layouts(qtbot: QtBot) -> None:
    one = _shown(qtbot, IconArray(6, 100, low=6, high=8, kind="benefit"), 400)
    two = _shown(qtbot, IconArray(10, 100, kind="benefit"), 400)
    assert one.shape == two.shape
    assert [one.cell_rect(i) for i in range(100)] == [two.cell_rect(i) for i in range(100)]
    big = _shown(qtbot, IconArray(49, 1000, low=46, high=61), 500)
    small = _shown(qtbot, IconArray(45, 1000), 500)
    assert [big.cell_rect(i) for i in range(1000)] == [small.cell_rect(i) for i in range(1000)]


def test_range_icons_either_side_of_the_count(qtbot: QtBot) -> None:
    array = IconArray(6, 100, low=6, high=8, kind="benefit")
    qtbot.addWidget(array)
    assert array.affected_cells() == list(range(6))
    assert array.range_cells() == [6, 7]
    assert array.states()[6:8] == [CellState.MAYBE, CellState.MAYBE]
    wide = IconArray(20, 100, low=15, high=25)
    qtbot.addWidget(wide)
    states = wide.states()
    assert states[:15] == [CellState.AFFECTED] * 15
    assert states[15:20] == [CellState.MAYBE_NOT] * 5
    assert states[20:25] == [CellState.MAYBE] * 5
    assert states[25:] == [CellState.UNAFFECTED] * 75
    assert wide.affected_cells() == list(range(20))
    assert wide.range_cells() == list(range(15, 25))


def test_accessible_description_is_the_sentence(qtbot: QtBot) -> None:
    array = IconArray(
        6,
        100,
        low=6,
        high=8,
        kind="benefit",
        event="have a heart attack or stroke",
        over="10 years",
    )
    qtbot.addWidget(array)
    assert array.accessibleDescription() == (
        "Out of 100 people like you, over 10 years, 6 will have a heart attack or stroke, "
        "and 94 will not. The evidence says it could be anywhere from 6 to 8."
    )
    assert array.accessibleName() == "Picture of 6 out of 100"
    array.set_figure(1, 1000, event="die", over="1 year")
    assert array.count == 1 and array.denominator == 1000
    assert array.affected_cells() == [0]
    assert array.accessibleDescription() == (
        "Out of 1000 people like you, over 1 year, 1 will die, and 999 will not."
    )
    assert array.accessibleName() == "Picture of 1 out of 1000"


def test_impossible_figures_are_refused(qtbot: QtBot) -> None:
    with pytest.raises(ValueError):
        IconArray(101, 100)
    with pytest.raises(ValueError):
        IconArray(6, 100, low=7, high=8)
    with pytest.raises(ValueError):
        IconArray(6, 100, low=5)


@pytest.mark.parametrize(("denominator", "kind"), [(100, "harm"), (1000, "benefit")])
def test_readable_in_grayscale(qtbot: QtBot, denominator: int, kind: str) -> None:
    count = denominator // 10
    low, high = count - denominator // 50, count + denominator // 50
    array = _shown(qtbot, IconArray(count, denominator, low=low, high=high, kind=kind), 600)  # type: ignore[arg-type]
    image = _gray(array)
    by_state: dict[CellState, list[float]] = {state: [] for state in CellState}
    for index, state in enumerate(array.states()):
        if len(by_state[state]) < 5:
            by_state[state].append(_mean(image, _core(array.cell_rect(index))))
    mean = {state: sum(v) / len(v) for state, v in by_state.items()}
    # Solid affected icons are much darker than hollow unaffected ones...
    assert mean[CellState.UNAFFECTED] - mean[CellState.AFFECTED] > 60
    # ... a solid range icon stays dark and a hollow one light, each with its stripe.
    assert mean[CellState.MAYBE_NOT] < mean[CellState.MAYBE] - 40
    assert mean[CellState.MAYBE_NOT] < mean[CellState.UNAFFECTED] - 60
    whole = {
        state: _mean(image, array.cell_rect(array.states().index(state))) for state in CellState
    }
    # Over the whole icon the stripes tell range icons from the others.
    assert whole[CellState.AFFECTED] < whole[CellState.MAYBE_NOT] - 3
    assert whole[CellState.MAYBE] < whole[CellState.UNAFFECTED] - 3


def test_swatch_for_the_legend(qtbot: QtBot) -> None:
    solid = IconArray.swatch(CellState.AFFECTED, "harm", 20).toImage()
    hollow = IconArray.swatch(CellState.UNAFFECTED, "harm", 20).toImage()
    assert solid.size().width() == 20
    centre = (10, 10)
    assert solid.pixelColor(*centre).name() == "#d55e00"
    assert hollow.pixelColor(*centre).name() == "#ffffff"


def test_right_to_left_fills_from_the_top_right(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    ltr = IconArray(3, 100, kind="harm")
    rtl = IconArray(3, 100, kind="harm")
    rtl.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    for widget in (ltr, rtl):
        qtbot.addWidget(widget)
        widget.resize(300, 300)
    first_ltr, first_rtl = ltr.cell_rect(0), rtl.cell_rect(0)
    assert first_ltr.top() == first_rtl.top()
    assert first_rtl.left() > rtl.width() / 2 > first_ltr.left()
    assert rtl.cell_rect(1).left() < first_rtl.left()  # then leftwards, as Arabic reads
