"""Where an icon array's icons go, at a given widget width (and, if set, height).

An array of 100 (or any denominator but 1000) is one grid. An array of 1000 has its
first blocks of 100 magnified, beside the whole array when the width lets the magnified
people be large enough, else below it. Right to left, the picture keeps to the right
edge of the widget and fills from the top-right corner.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect

from decision_aid.content.icon_layout import cell_position, grid_shape, zoom_position

MARGIN = 6
MIN_CELL = 4
MAX_CELL = {100: 24, 1000: 6}
"""Largest icon, by denominator: the picture stops growing past it."""
MAX_ZOOM_CELL = 22
"""Largest person in the magnified blocks of an array of 1000."""
ZOOM_SPACE = 14
"""Pixels between the whole array and its magnified blocks below it (for the guide lines)."""
BESIDE_SPACE = 24
"""Pixels between the whole array and its magnified blocks beside it."""
MIN_BESIDE_ZOOM = 12
"""Magnified people at least this large go beside the whole array, else below it."""


@dataclass(frozen=True)
class Geometry:
    """Where the icons go at one widget width."""

    cell: int
    gap: int
    left: int
    top: int
    width: int
    height: int
    zoom: int = 0
    """Blocks of 100 magnified beside or below the whole array (0: none)."""
    zoom_cell: int = 0
    zoom_gap: int = 0
    zoom_left: int = 0
    zoom_top: int = 0
    span: int = 0
    """The widget width laid out for: right to left, the picture keeps to its right edge."""


def _cell_for(room: float, columns: int, gaps: int, limit: int) -> int:
    """The largest cell, at most ``limit``, that fits ``columns`` cells and ``gaps`` gaps."""
    cell = int(room / (columns + gaps / 3)) if columns else MIN_CELL
    return max(MIN_CELL, min(limit, cell))


def _gap(cell: int) -> int:
    return max(2, round(cell / 3))


def _array_size(denominator: int, cell: int) -> tuple[int, int]:
    """Width and height of the icons of a whole array (no margins)."""
    columns, rows, block = grid_shape(denominator)
    gaps_x = (columns - 1) // block if block else 0
    gaps_y = (rows - 1) // block if block else 0
    gap = _gap(cell) if block else 0
    return columns * cell + gaps_x * gap, rows * cell + gaps_y * gap


def _zoom_size(zoom: int, cell: int) -> tuple[int, int]:
    """Width and height of the magnified blocks: a wide gap between blocks, a small one at 5."""
    gap = _gap(cell)
    return zoom * 10 * cell + (zoom + (zoom - 1) * 2) * gap, 10 * cell + gap


def layout_for(
    width: int, denominator: int, zoom: int = 0, max_height: int | None = None
) -> Geometry:
    """Icon size and placement for a widget this wide (and, where it can, at most this tall).

    With ``zoom``, the magnified blocks go beside the whole array when the width lets
    their people be large enough, else below it.
    """
    if zoom:
        beside = _zoomed(width, denominator, zoom, max_height, beside=True)
        if beside.zoom_cell >= MIN_BESIDE_ZOOM:
            return beside
        return _zoomed(width, denominator, zoom, max_height, beside=False)
    columns, _rows, block = grid_shape(denominator)
    room = max(0, width - 2 * MARGIN)
    limit = MAX_CELL.get(denominator, 24) if denominator != 1000 else 12
    cell = _cell_for(room, columns, ((columns - 1) // block) if block else 0, limit)
    while max_height is not None and cell > MIN_CELL:
        if _array_size(denominator, cell)[1] + 2 * MARGIN <= max_height:
            break
        cell -= 1
    inner_w, inner_h = _array_size(denominator, cell)
    total = inner_w + 2 * MARGIN
    gap = _gap(cell) if block else 0
    return Geometry(cell, gap, MARGIN, MARGIN, total, inner_h + 2 * MARGIN, span=max(width, total))


def _zoomed(
    width: int, denominator: int, zoom: int, max_height: int | None, *, beside: bool
) -> Geometry:
    room = max(0, width - 2 * MARGIN)
    cell = MAX_CELL[1000]
    if not beside:
        columns, _rows, block = grid_shape(denominator)
        cell = _cell_for(room, columns, (columns - 1) // block, MAX_CELL[1000])
    whole_w, whole_h = _array_size(denominator, cell)
    zoom_room = room - whole_w - BESIDE_SPACE if beside else room
    zoom_cell = _cell_for(max(0, zoom_room), zoom * 10, zoom + (zoom - 1) * 2, MAX_ZOOM_CELL)

    def height(c: int, z: int) -> int:
        whole = _array_size(denominator, c)[1]
        magnified = _zoom_size(zoom, z)[1]
        return (max(whole, magnified) if beside else whole + ZOOM_SPACE + magnified) + 2 * MARGIN

    while max_height is not None and height(cell, zoom_cell) > max_height:
        if not beside and cell > MIN_CELL:
            cell -= 1
        elif zoom_cell > MIN_CELL:
            zoom_cell -= 1
        else:
            break
    whole_w, whole_h = _array_size(denominator, cell)
    zoom_w, _zoom_h = _zoom_size(zoom, zoom_cell)
    if beside:
        zoom_left, zoom_top = MARGIN + whole_w + BESIDE_SPACE, MARGIN
        total = zoom_left + zoom_w + MARGIN
    else:
        zoom_left, zoom_top = MARGIN, MARGIN + whole_h + ZOOM_SPACE
        total = max(whole_w, zoom_w) + 2 * MARGIN
    return Geometry(
        cell,
        _gap(cell),
        MARGIN,
        MARGIN,
        total,
        height(cell, zoom_cell),
        zoom,
        zoom_cell,
        _gap(zoom_cell),
        zoom_left,
        zoom_top,
        max(width, total),
    )


def guide_lines(small: QRect, big: QRect) -> list[tuple[QPointF, QPointF]]:
    """The two dashed lines from the magnified part of the array to its magnified view."""
    if big.left() > small.right():  # beside, to the right
        pairs = ((small.topRight(), big.topLeft()), (small.bottomRight(), big.bottomLeft()))
    elif big.right() < small.left():  # beside, to the left (right to left)
        pairs = ((small.topLeft(), big.topRight()), (small.bottomLeft(), big.bottomRight()))
    else:  # below
        pairs = ((small.bottomLeft(), big.topLeft()), (small.bottomRight(), big.topRight()))
    return [(QPointF(a), QPointF(b)) for a, b in pairs]


def bounding(rects: object) -> QRect:
    """The smallest rectangle around these."""
    out = QRect()
    for rect in rects:  # type: ignore[attr-defined]
        out = out.united(rect)
    return out


def _mirror(geometry: Geometry, rect: QRect, mirrored: bool) -> QRect:
    if not mirrored:
        return rect
    span = geometry.span or geometry.width
    return QRect(span - rect.x() - rect.width(), rect.y(), rect.width(), rect.height())


def cell_rect(geometry: Geometry, denominator: int, index: int, mirrored: bool = False) -> QRect:
    """The square of the icon at a fill-order index in the whole array.

    ``mirrored`` fills from the top-right corner, for right-to-left readers; the
    picture then keeps to the right edge of ``geometry.span``.
    """
    _columns, _rows, block = grid_shape(denominator)
    row, column = cell_position(index, denominator)
    x = geometry.left + column * geometry.cell + (column // block if block else 0) * geometry.gap
    y = geometry.top + row * geometry.cell + (row // block if block else 0) * geometry.gap
    return _mirror(geometry, QRect(x, y, geometry.cell, geometry.cell), mirrored)


def zoom_rect(geometry: Geometry, index: int, mirrored: bool = False) -> QRect:
    """The square of the icon at a fill-order index in the magnified blocks."""
    row, column = zoom_position(index)
    block, inside = divmod(column, 10)
    gaps_x = block * 3 + inside // 5  # a wide gap (3) between blocks, a small one (1) at 5
    x = geometry.zoom_left + column * geometry.zoom_cell + gaps_x * geometry.zoom_gap
    y = geometry.zoom_top + row * geometry.zoom_cell + (row // 5) * geometry.zoom_gap
    rect = QRect(x, y, geometry.zoom_cell, geometry.zoom_cell)
    return _mirror(geometry, rect, mirrored)
