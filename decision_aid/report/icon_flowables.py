"""The icon array of the summary PDF, drawn as on screen: one reportlab Flowable.

It follows the on-screen widget (``decision_aid.ui.widgets.icon_array``) and the shared
layout (``decision_aid.content.icon_layout``): the same grid for the same denominator
(10 x 10 in blocks of 5, or 50 x 20 in blocks of 10 filled block by block), affected
people grouped from the top-left corner, person icons for 100 and squares for 1000 with
its first blocks magnified as people, the event's colour by whether it is good or bad,
and the people whose outcome differs from "no treatment" in their own colour with a
white dot. The uncertainty range is striped in arrays of 100 and given in words for
1000. Colour is never the only cue: solid, hollow, dot and stripe read the same in
grayscale. A test checks the layout functions below against the widget's.

Each icon is drawn straight onto the canvas (never reportlab's graphics ``Drawing``,
whose text defaults to Helvetica); a person is one form, reused. In a right-to-left
record the array is drawn mirrored (``mirrored``): icons fill from the top-right corner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from decision_aid.content.icon_layout import (
    DOTTED,
    SOLID,
    STRIPED,
    CellState,
    Palette,
    cell_position,
    cell_states,
    grid_shape,
    palette,
    zoom_position,
)
from decision_aid.report import styles as st

PERSON_DENOMINATORS = (100,)
MAX_CELL = {100: 11.0, 1000: 5.0}
"""Largest icon in points, by denominator."""
MAX_ZOOM_CELL = 11.0
"""Largest person in the magnified blocks of an array of 1000."""
MIN_BESIDE_ZOOM = 8.0
"""Magnified people at least this large go beside the whole array, else below it."""
ZOOM_SPACE = 8.0
"""Points between the whole array and its magnified blocks (below or beside it)."""
CARD_PAD = 4.0
ZOOM_FRAME = HexColor("#505050")
FAINT_OUTLINE = HexColor("#B4B4B4")
"""Outline of unaffected squares smaller than ``SMALL_CELL`` (a whole array beside its zoom):
dense outlines in the usual grey would read as a dark block."""
SMALL_CELL = 3.0


def icon_size(width: float, denominator: int) -> tuple[float, float]:
    """Icon and gap size (points) for an array that may be ``width`` wide."""
    columns, _rows, block = grid_shape(denominator)
    gaps = (columns - 1) // block if block else 0
    room = max(0.0, width - 2 * CARD_PAD)
    cell = room / (columns + gaps / 3)
    cell = min(MAX_CELL.get(denominator, 8.0), cell)
    return cell, (cell / 3 if block else 0.0)


def _array_size(denominator: int, cell: float, gap: float) -> tuple[float, float]:
    columns, rows, block = grid_shape(denominator)
    gaps_x = (columns - 1) // block if block else 0
    gaps_y = (rows - 1) // block if block else 0
    return columns * cell + gaps_x * gap, rows * cell + gaps_y * gap


def _zoom_size(zoom: int, cell: float) -> tuple[float, float]:
    """Width and height of the magnified blocks: a wide gap between blocks, a small one at 5."""
    gap = cell / 3
    return zoom * 10 * cell + (zoom + (zoom - 1) * 2) * gap, 10 * cell + gap


def _zoom_cell(room: float, zoom: int) -> float:
    return min(MAX_ZOOM_CELL, max(0.0, room) / (zoom * 10 + (zoom + (zoom - 1) * 2) / 3))


def _person_form(canv: Any, size: float, outline: float | None) -> str:
    """A form drawing one person (head and shoulders) filling a ``size`` square.

    Solid when ``outline`` is None, else hollow with that line width. The colours come
    from where the form is used, so one form serves every colour; drawing each person
    from a form keeps the page small and the build fast.
    """
    name = f"DAPerson{round(size * 1000)}" + (f"o{round(outline * 1000)}" if outline else "f")
    if canv.hasForm(name):
        return name
    margin = outline or 0.0
    canv.beginForm(name, -margin, -margin, size + margin, size + margin)
    path = canv.beginPath()
    head = size * 0.34
    path.circle(size / 2, size - size * 0.04 - head / 2, head / 2)
    body_w = size * 0.64
    body_h = size * 0.54
    path.roundRect((size - body_w) / 2, size * 0.04, body_w, body_h, size * 0.2)
    if outline:
        canv.setLineWidth(outline)
        canv.drawPath(path, stroke=1, fill=1)
    else:
        canv.drawPath(path, stroke=0, fill=1)
    canv.endForm()
    return name


class IconArrayFlowable(Flowable):
    """``count`` affected out of ``denominator``, with an optional ``low``..``high`` range.

    ``compare``: the count of the option compared with (the people in between are
    drawn as changed); ``colours``: the event's and the changed people's colours;
    ``zoom``: blocks of 100 of an array of 1000 drawn magnified, beside the whole array
    when the width allows, else below it. Every array given the same ``width``,
    denominator and zoom has the same layout.
    """

    def __init__(
        self,
        count: int,
        denominator: int,
        *,
        width: float,
        low: int | None = None,
        high: int | None = None,
        compare: int | None = None,
        colours: Palette | None = None,
        zoom: int = 0,
        mirrored: bool = False,
    ) -> None:
        super().__init__()
        if not 0 <= count <= denominator:
            raise ValueError(f"count {count} is not within 0..{denominator}")
        if zoom and (denominator != 1000 or zoom * 100 > denominator):
            raise ValueError(f"cannot magnify {zoom} blocks of an array of {denominator}")
        self.count, self.denominator = count, denominator
        self.colours = colours or palette(None)
        self.mirrored = mirrored
        """Fill from the top-right corner (right-to-left readers)."""
        self.states = cell_states(count, denominator, low, high, compare=compare)
        columns, _rows, block = grid_shape(denominator)
        self.columns, self.block = columns, block
        self.zoom = zoom
        self.cell, self.gap = icon_size(width, denominator)
        self.zoom_cell = 0.0
        self.beside = False
        if zoom:
            self._zoom_layout(width)
        whole_w, whole_h = _array_size(denominator, self.cell, self.gap)
        self.whole_height = whole_h
        if not zoom:
            self.width, self.height = whole_w + 2 * CARD_PAD, whole_h + 2 * CARD_PAD
            return
        zoom_w, zoom_h = _zoom_size(zoom, self.zoom_cell)
        if self.beside:
            self.zoom_left, self.zoom_top = CARD_PAD + whole_w + ZOOM_SPACE, CARD_PAD
            self.width = self.zoom_left + zoom_w + CARD_PAD
            self.height = max(whole_h, zoom_h) + 2 * CARD_PAD
        else:
            self.zoom_left, self.zoom_top = CARD_PAD, CARD_PAD + whole_h + ZOOM_SPACE
            self.width = max(whole_w, zoom_w) + 2 * CARD_PAD
            self.height = self.zoom_top + zoom_h + CARD_PAD

    def _zoom_layout(self, width: float) -> None:
        """Beside the whole array (small) when its people can be large enough, else below."""
        room = max(0.0, width - 2 * CARD_PAD)
        small = MAX_CELL[1000] * 0.45
        whole_w = _array_size(self.denominator, small, small / 3)[0]
        beside = _zoom_cell(room - whole_w - ZOOM_SPACE, self.zoom)
        if beside >= MIN_BESIDE_ZOOM:
            self.cell, self.gap, self.zoom_cell, self.beside = small, small / 3, beside, True
        else:
            self.zoom_cell = _zoom_cell(room, self.zoom)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _flip(self, x: float, size: float) -> float:
        return self.width - x - size if self.mirrored else x

    def cell_origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of the icon at a fill-order index, in local points."""
        row, column = cell_position(index, self.denominator)
        block = self.block
        x = CARD_PAD + column * self.cell + (column // block if block else 0) * self.gap
        top = CARD_PAD + row * self.cell + (row // block if block else 0) * self.gap
        return self._flip(x, self.cell), self.height - top - self.cell

    def zoom_origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of the icon at a fill-order index in the magnified blocks."""
        row, column = zoom_position(index)
        block, inside = divmod(column, 10)
        gap = self.zoom_cell / 3
        x = self.zoom_left + column * self.zoom_cell + (block * 3 + inside // 5) * gap
        top = self.zoom_top + row * self.zoom_cell + (row // 5) * gap
        return self._flip(x, self.zoom_cell), self.height - top - self.zoom_cell

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setLineWidth(0.5)
        canv.setStrokeColor(st.CARD_BORDER)
        canv.setFillColor(st.WHITE)
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        draw_icons(
            canv,
            self.states,
            self.colours,
            cell=self.cell,
            origin=self.cell_origin,
            person=self.person,
            unaffected=FAINT_OUTLINE if self.cell < SMALL_CELL else st.UNAFFECTED,
        )
        if self.zoom:
            self._draw_zoom()
        canv.restoreState()

    def zoom_frames(self) -> tuple[Box, Box]:
        """(x0, y0, x1, y1) of the magnified blocks in the whole array, and of their view."""
        last = self.zoom * 100 - 1
        corners = (0, 99, last - 99, last)
        small = _bounds([self.cell_origin(i) for i in corners], self.cell, 1.2)
        big = _bounds([self.zoom_origin(i) for i in corners], self.zoom_cell, 1.5)
        return small, big

    def _draw_zoom(self) -> None:
        canv = self.canv
        small, big = self.zoom_frames()
        canv.setStrokeColor(ZOOM_FRAME)
        canv.setLineWidth(0.8)
        for x0, y0, x1, y1 in (small, big):
            canv.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
        canv.setDash(2, 2)
        canv.setLineWidth(0.5)
        canv.lines(guide_lines(small, big))
        canv.setDash()
        draw_icons(
            canv,
            self.states[: self.zoom * 100],
            self.colours,
            cell=self.zoom_cell,
            origin=self.zoom_origin,
            person=True,
        )

    @property
    def person(self) -> bool:
        return self.denominator in PERSON_DENOMINATORS


Box = tuple[float, float, float, float]


def _bounds(origins: list[tuple[float, float]], size: float, pad: float) -> Box:
    xs = [x for x, _y in origins]
    ys = [y for _x, y in origins]
    return min(xs) - pad, min(ys) - pad, max(xs) + size + pad, max(ys) + size + pad


def guide_lines(small: Box, big: Box) -> list[tuple[float, float, float, float]]:
    """The two dashed lines from the magnified part of the array to its magnified view."""
    sx0, sy0, sx1, sy1 = small
    bx0, by0, bx1, by1 = big
    if bx0 > sx1:  # beside, to the right
        return [(sx1, sy1, bx0, by1), (sx1, sy0, bx0, by0)]
    if bx1 < sx0:  # beside, to the left (right to left)
        return [(sx0, sy1, bx1, by1), (sx0, sy0, bx1, by0)]
    return [(sx0, sy0, bx0, by1), (sx1, sy0, bx1, by1)]  # below


def draw_icons(
    canv: Any,
    states: Sequence[CellState],
    colours: Palette,
    *,
    cell: float,
    origin: Callable[[int], tuple[float, float]],
    person: bool,
    unaffected: Any = st.UNAFFECTED,
) -> None:
    """Draw icons of the given states, one path per kind of icon, then stripes and dots."""
    event, changed = HexColor(colours.event), HexColor(colours.changed)
    pad = max(0.35, cell / 8)
    size = cell - 2 * pad
    outline = max(0.4, cell / 22) if person else max(0.2, cell / 12)
    stripe = max(0.5, cell / 9)
    for state in CellState:
        indexes = [i for i, s in enumerate(states) if s is state]
        if not indexes:
            continue
        hollow = state not in SOLID
        if hollow:
            canv.setLineWidth(outline)
            canv.setStrokeColor(unaffected if state is CellState.UNAFFECTED else event)
            canv.setFillColor(st.WHITE)
        else:
            canv.setFillColor(changed if state in DOTTED else event)
        if person:
            form = _person_form(canv, size, outline if hollow else None)
            for index in indexes:
                x, y = origin(index)
                canv.saveState()
                canv.translate(x + pad, y + pad)
                canv.doForm(form)
                canv.restoreState()
        else:
            path = canv.beginPath()
            inset = outline / 2 if hollow else 0.0
            for index in indexes:
                x, y = origin(index)
                path.rect(x + pad + inset, y + pad + inset, size - 2 * inset, size - 2 * inset)
            canv.drawPath(path, stroke=1 if hollow else 0, fill=1)
        if state in STRIPED:
            canv.setLineWidth(stripe)
            canv.setLineCap(0)
            canv.setStrokeColor(event if hollow else st.WHITE)
            lines = []
            for index in indexes:
                x, y = origin(index)
                lines += _stripes(x + pad, y + pad, size, person, stripe)
            canv.lines(lines)
        if state in DOTTED:
            canv.setFillColor(st.WHITE)
            dots = canv.beginPath()
            for index in indexes:
                x, y = origin(index)
                cx, cy, radius = _dot(x + pad, y + pad, size, person)
                dots.circle(cx, cy, radius)
            canv.drawPath(dots, stroke=0, fill=1)


def _dot(x: float, y: float, size: float, person: bool) -> tuple[float, float, float]:
    """Centre and radius of the white dot that marks a changed person (bottom-left origin)."""
    radius = size * (0.13 if person else 0.2)
    return x + size / 2, y + size * (0.3 if person else 0.5), radius


def _stripes(
    x: float, y: float, size: float, person: bool, width: float
) -> list[tuple[float, float, float, float]]:
    """The diagonal stripe(s) marking a range icon, inside the icon (bottom-left origin)."""
    if not person:
        return [(x + width, y + width, x + size - width, y + size - width)]
    return [
        (x + size * 0.2, y + size * 0.06, x + size * 0.8, y + size * 0.54),
        (x + size * 0.34, y + size * 0.66, x + size * 0.66, y + size * 0.94),
    ]


class IconSwatch(Flowable):
    """One icon on its own, for a legend."""

    def __init__(self, state: CellState, colours: Palette, size: float, *, person: bool) -> None:
        super().__init__()
        self.state, self.colours, self.size, self.person = state, colours, size, person
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.saveState()
        draw_icons(
            self.canv,
            [self.state],
            self.colours,
            cell=self.size,
            origin=lambda _i: (0.0, 0.0),
            person=self.person,
        )
        self.canv.restoreState()
