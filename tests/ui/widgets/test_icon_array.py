"""The icon array: grouping from the corner, identical layouts, ranges, text and grayscale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from decision_aid.content.icon_layout import CellState, cell_position, grid_shape, palette
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
    array = _shown(qtbot, IconArray(count, denominator, colours=palette("bad")))
    assert array.affected_cells() == list(range(count))
    states = array.states()
    assert all(s is CellState.UNAFFECTED for s in states[count:])
    # Top-left corner first, then along the row, then the next row down (an array of
    # 1000 block by block: ten across in each block of 100).
    for index in range(min(count, 23)):
        assert array.cell_position(index) == cell_position(index, denominator)
        row, column = array.cell_position(index)
        assert (row, column) == divmod(index, 10 if denominator == 1000 else array.shape[0])
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
    one = _shown(qtbot, IconArray(6, 100, low=6, high=8, colours=palette("good")), 400)
    two = _shown(qtbot, IconArray(10, 100, colours=palette("good")), 400)
    assert one.shape == two.shape
    assert [one.cell_rect(i) for i in range(100)] == [two.cell_rect(i) for i in range(100)]
    big = _shown(qtbot, IconArray(49, 1000, low=46, high=61), 500)
    small = _shown(qtbot, IconArray(45, 1000), 500)
    assert [big.cell_rect(i) for i in range(1000)] == [small.cell_rect(i) for i in range(1000)]


def test_range_icons_either_side_of_the_count(qtbot: QtBot) -> None:
    array = IconArray(6, 100, low=6, high=8, colours=palette("good"))
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
        colours=palette("good"),
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


@pytest.mark.parametrize("valence", ["bad", "good"])
def test_readable_in_grayscale(qtbot: QtBot, valence: str) -> None:
    array = _shown(
        qtbot,
        IconArray(10, 100, low=8, high=12, colours=palette(valence)),
        600,  # type: ignore[arg-type]
    )
    image = _gray(array)
    by_state: dict[CellState, list[float]] = {state: [] for state in CellState}
    for index, state in enumerate(array.states()):
        if len(by_state[state]) < 5:
            by_state[state].append(_mean(image, _core(array.cell_rect(index))))
    mean = {state: sum(v) / len(v) for state, v in by_state.items() if v}
    # Solid affected icons are much darker than hollow unaffected ones...
    assert mean[CellState.UNAFFECTED] - mean[CellState.AFFECTED] > 60
    # ... a solid range icon stays dark and a hollow one light, each with its stripe.
    assert mean[CellState.MAYBE_NOT] < mean[CellState.MAYBE] - 40
    assert mean[CellState.MAYBE_NOT] < mean[CellState.UNAFFECTED] - 60
    whole = {
        state: _mean(image, array.cell_rect(array.states().index(state)))
        for state in (
            CellState.AFFECTED,
            CellState.MAYBE_NOT,
            CellState.MAYBE,
            CellState.UNAFFECTED,
        )
    }
    # Over the whole icon the stripes tell range icons from the others.
    assert whole[CellState.AFFECTED] < whole[CellState.MAYBE_NOT] - 3
    assert whole[CellState.MAYBE] < whole[CellState.UNAFFECTED] - 3


def test_swatch_for_the_legend(qtbot: QtBot) -> None:
    solid = IconArray.swatch(CellState.AFFECTED, palette("bad"), 20).toImage()
    hollow = IconArray.swatch(CellState.UNAFFECTED, palette("bad"), 20).toImage()
    assert solid.size().width() == 20
    centre = (10, 10)
    assert solid.pixelColor(*centre).name() == "#d55e00"
    assert hollow.pixelColor(*centre).name() == "#ffffff"


def test_right_to_left_fills_from_the_top_right(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    ltr = IconArray(3, 100, colours=palette("bad"))
    rtl = IconArray(3, 100, colours=palette("bad"))
    rtl.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    for widget in (ltr, rtl):
        qtbot.addWidget(widget)
        widget.resize(300, 300)
    first_ltr, first_rtl = ltr.cell_rect(0), rtl.cell_rect(0)
    assert first_ltr.top() == first_rtl.top()
    assert first_rtl.left() > rtl.width() / 2 > first_ltr.left()
    assert rtl.cell_rect(1).left() < first_rtl.left()  # then leftwards, as Arabic reads


def _colour_at(array: IconArray, rect: QRect) -> str:
    """The colour of an icon's body (below the dot, clear of stripes)."""
    image = array.grab().toImage()
    return image.pixelColor(rect.center().x(), rect.y() + rect.height() * 78 // 100).name()


def test_the_people_the_option_changes_get_their_own_colour_and_a_dot(qtbot: QtBot) -> None:
    """Statin Choice: 6 have the event with the statin; the 4 it spares are green."""
    colours = palette("bad", "gain")
    statin = _shown(qtbot, IconArray(6, 100, compare=10, colours=colours), 400)
    none = _shown(qtbot, IconArray(10, 100, compare=10, colours=colours), 400)
    assert statin.changed_cells() == [6, 7, 8, 9]
    assert none.changed_cells() == []
    assert statin.affected_cells() == list(range(6))
    assert _colour_at(statin, statin.cell_rect(0)) == colours.event.lower()
    assert _colour_at(statin, statin.cell_rect(7)) == colours.changed.lower()
    assert _colour_at(none, none.cell_rect(7)) == colours.event.lower()
    assert _colour_at(statin, statin.cell_rect(20)) == "#ffffff"
    # The white dot tells a changed person from an affected one without colour.
    image = _gray(statin)
    dotted, plain = statin.cell_rect(7), statin.cell_rect(3)

    def dot(rect: QRect) -> int:
        return image.pixelColor(rect.center().x(), rect.y() + rect.height() * 7 // 10).value()

    assert dot(dotted) > 200 > dot(plain)
    # Harm caused: the extra people follow the ones who have it anyway.
    more = _shown(qtbot, IconArray(49, 1000, compare=45, colours=palette("bad", "loss")), 600)
    assert more.changed_cells() == [45, 46, 47, 48]


def test_an_array_of_1000_magnifies_the_corner_where_the_people_are(qtbot: QtBot) -> None:
    array = _shown(qtbot, IconArray(178, 1000, low=125, high=200, zoom=2), 640)
    assert array.range_cells() == [], "the range is said in words, not drawn"
    geometry = array.geometry_now()
    assert geometry.zoom == 2 and geometry.zoom_cell >= 12, "people a patient can count"
    assert geometry.cell <= 6
    bounds = array.rect()
    zoomed = [array.zoom_rect(i) for i in range(200)]
    assert all(r is not None and bounds.contains(r) for r in zoomed)
    assert array.zoom_rect(200) is None
    # The magnified blocks are beside the whole array, laid out as two arrays of 100.
    first, second_block = zoomed[0], zoomed[100]
    assert first is not None and second_block is not None
    assert first.left() > array.cell_rect(999).right()
    assert first.top() == second_block.top() and second_block.left() > zoomed[9].right()
    small, big = array.zoom_frames()  # type: ignore[misc]
    assert small.contains(array.cell_rect(0)) and small.contains(array.cell_rect(199))
    assert not small.contains(array.cell_rect(200).center())
    assert big.contains(first) and big.height() > 4 * small.height() // 2
    # Too narrow for beside: below the whole array.
    narrow = _shown(qtbot, IconArray(178, 1000, zoom=2), 330)
    below = narrow.zoom_rect(0)
    assert below is not None and below.top() > narrow.cell_rect(999).bottom()


def test_a_picture_shrinks_to_a_height_and_back(qtbot: QtBot) -> None:
    array = _shown(qtbot, IconArray(6, 100), 600)
    full = array.heightForWidth(600)
    array.set_max_height(180)
    assert array.heightForWidth(600) <= 180 < full
    # Its width at full size follows the limit: the words beside it get the rest.
    assert array.full_width() == array.geometry_now().width
    array.set_max_height(None)
    assert array.heightForWidth(600) == full
    assert array.full_width() > 180
    zoomed = IconArray(50, 1000, zoom=1)
    qtbot.addWidget(zoomed)
    zoomed.set_max_height(170)
    assert zoomed.heightForWidth(640) <= 170


def test_right_to_left_magnifies_the_top_right_corner(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    array = IconArray(30, 1000, zoom=1)
    array.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    _shown(qtbot, array, 640)
    first = array.cell_rect(0)
    zoom_first = array.zoom_rect(0)
    assert zoom_first is not None
    assert first.right() > array.width() * 3 // 4, "the whole array keeps to the right"
    assert zoom_first.right() < first.left(), "its magnified corner sits to its left"
    assert array.zoom_rect(1).left() < zoom_first.left()  # type: ignore[union-attr]
