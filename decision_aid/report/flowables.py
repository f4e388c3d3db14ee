"""The drawn parts of the summary PDF: icon arrays, the ratings chart, pictures.

Each is one small reportlab Flowable drawn straight onto the canvas with the shipped
fonts (never reportlab's graphics ``Drawing``, whose text defaults to Helvetica).

The icon array follows the on-screen widget (``decision_aid.ui.widgets.icon_array``)
exactly: the same grid for the same denominator (10 x 10 in blocks of 5, or 50 x 20 in
blocks of 10), affected icons grouped from the top-left corner and filled row by row,
person icons for 100 and squares for 1000, and the uncertainty range as striped icons.
Colour is never the only cue: affected icons are solid, unaffected ones hollow, and the
two kinds of range icon are striped (solid with a white stripe, hollow with a coloured
one), so the picture reads the same in grayscale. A test checks the layout functions
below against the widget's.

In a right-to-left record (``rtl.is_rtl()``) each is drawn mirrored, as a right-to-left
screen shows it: icons fill from the top-right corner, the ratings chart has its labels
on the right. (The signature block is ``signatures.SignatureBlock``.)
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from decision_aid.content.icon_layout import CellState, cell_states, grid_shape
from decision_aid.report import rtl
from decision_aid.report import styles as st

# -- icon array layout (identical to the on-screen widget) -----------------------------------


PERSON_DENOMINATORS = (100,)
MAX_CELL = {100: 11.0, 1000: 5.0}
"""Largest icon in points, by denominator."""
OUTLINED = (CellState.UNAFFECTED, CellState.MAYBE)
STRIPED = (CellState.MAYBE_NOT, CellState.MAYBE)
CARD_PAD = 4.0


def icon_size(width: float, denominator: int) -> tuple[float, float]:
    """Icon and gap size (points) for an array that may be ``width`` wide."""
    columns, _rows, block = grid_shape(denominator)
    gaps = (columns - 1) // block if block else 0
    room = max(0.0, width - 2 * CARD_PAD)
    cell = room / (columns + gaps / 3)
    cell = min(MAX_CELL.get(denominator, 8.0), cell)
    return cell, (cell / 3 if block else 0.0)


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

    Every array given the same ``width`` and denominator has the same layout.
    """

    def __init__(
        self,
        count: int,
        denominator: int,
        *,
        width: float,
        low: int | None = None,
        high: int | None = None,
        kind: str = "harm",
        mirrored: bool = False,
    ) -> None:
        super().__init__()
        if not 0 <= count <= denominator:
            raise ValueError(f"count {count} is not within 0..{denominator}")
        self.count, self.denominator, self.kind = count, denominator, kind
        self.mirrored = mirrored
        """Fill from the top-right corner (right-to-left readers)."""
        self.states = cell_states(count, denominator, low, high)
        self.cell, self.gap = icon_size(width, denominator)
        columns, rows, block = grid_shape(denominator)
        self.columns, self.block = columns, block
        gaps_x = (columns - 1) // block if block else 0
        gaps_y = (rows - 1) // block if block else 0
        self.width = columns * self.cell + gaps_x * self.gap + 2 * CARD_PAD
        self.height = rows * self.cell + gaps_y * self.gap + 2 * CARD_PAD

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def cell_origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of the icon at a fill-order index, in local points."""
        row, column = divmod(index, self.columns)
        block = self.block
        x = CARD_PAD + column * self.cell + (column // block if block else 0) * self.gap
        top = CARD_PAD + row * self.cell + (row // block if block else 0) * self.gap
        if self.mirrored:
            x = self.width - x - self.cell
        return x, self.height - top - self.cell

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
            self.kind,
            cell=self.cell,
            origin=self.cell_origin,
            person=self.person,
        )
        canv.restoreState()

    @property
    def person(self) -> bool:
        return self.denominator in PERSON_DENOMINATORS


def draw_icons(
    canv: Any,
    states: Sequence[CellState],
    kind: str,
    *,
    cell: float,
    origin: Callable[[int], tuple[float, float]],
    person: bool,
) -> None:
    """Draw icons of the given states, one path per kind of icon, then the stripes."""
    colour = st.kind_colour(kind)
    pad = max(0.35, cell / 8)
    size = cell - 2 * pad
    outline = max(0.4, cell / 22) if person else max(0.35, cell / 12)
    stripe = max(0.5, cell / 9)
    for state in CellState:
        indexes = [i for i, s in enumerate(states) if s is state]
        if not indexes:
            continue
        hollow = state in OUTLINED
        if hollow:
            canv.setLineWidth(outline)
            canv.setStrokeColor(st.UNAFFECTED if state is CellState.UNAFFECTED else colour)
            canv.setFillColor(st.WHITE)
        else:
            canv.setFillColor(colour)
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
            canv.setStrokeColor(st.WHITE if state is CellState.MAYBE_NOT else colour)
            lines = []
            for index in indexes:
                x, y = origin(index)
                lines += _stripes(x + pad, y + pad, size, person, stripe)
            canv.lines(lines)


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

    def __init__(self, state: CellState, kind: str, size: float, *, person: bool) -> None:
        super().__init__()
        self.state, self.kind, self.size, self.person = state, kind, size, person
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        self.canv.saveState()
        draw_icons(
            self.canv,
            [self.state],
            self.kind,
            cell=self.size,
            origin=lambda _i: (0.0, 0.0),
            person=self.person,
        )
        self.canv.restoreState()


# -- ratings chart ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingRow:
    """One concern with how much it matters (0-4) and that level in words."""

    label: str
    importance: int
    words: str


class RatingsChart(Flowable):
    """A small horizontal bar chart of how much each concern matters (0 to 4)."""

    LABEL_SHARE = 0.5
    BAR_HEIGHT = 7.0
    ROW_GAP = 5.0
    WORDS_WIDTH = 62.0
    SCALE = 4

    def __init__(self, rows: Sequence[RatingRow], width: float) -> None:
        super().__init__()
        self.rows = [
            RatingRow(st.printable(r.label), r.importance, st.printable(r.words)) for r in rows
        ]
        self.width = width
        self.label_width = width * self.LABEL_SHARE
        self.bar_width = width - self.label_width - self.WORDS_WIDTH - 12
        self.rtl = rtl.is_rtl()
        self.lines = [
            st.wrap_lines(row.label, st.FONT, st.BODY_SIZE, self.label_width - 8) or [""]
            for row in self.rows
        ]
        self.row_heights = [max(len(lines) * st.LEADING, 12.0) for lines in self.lines]
        self.height = sum(self.row_heights) + self.ROW_GAP * len(self.rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Whole rows on this page, the rest on the next (a long list of own concerns)."""
        used, fit = 0.0, 0
        for height in self.row_heights:
            if used + height + self.ROW_GAP > avail_height:
                break
            used += height + self.ROW_GAP
            fit += 1
        if fit == 0 or fit == len(self.rows):
            return []
        return [
            RatingsChart(self.rows[:fit], self.width),
            RatingsChart(self.rows[fit:], self.width),
        ]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        top = self.height
        bar_x = self.width - self.label_width - self.bar_width if self.rtl else self.label_width
        step = self.bar_width / self.SCALE
        for row, lines, height in zip(self.rows, self.lines, self.row_heights, strict=True):
            top -= self.ROW_GAP / 2
            canv.setFillColor(st.INK)
            canv.setFont(st.FONT, st.BODY_SIZE)
            baseline = top - st.BODY_SIZE
            for i, line in enumerate(lines):
                y = baseline - i * st.LEADING
                if self.rtl:
                    rtl.draw_line(canv, self.width, y, line, st.FONT, st.BODY_SIZE, "right")
                else:
                    canv.drawString(0, y, line)
            bar_y = top - 10.5
            canv.setFillColor(st.FAINT)
            canv.setStrokeColor(st.RULE)
            canv.setLineWidth(0.4)
            canv.rect(bar_x, bar_y, self.bar_width, self.BAR_HEIGHT, stroke=1, fill=1)
            if row.importance > 0:
                canv.setFillColor(st.ACCENT)
                filled = step * row.importance
                start = bar_x + self.bar_width - filled if self.rtl else bar_x
                canv.rect(start, bar_y, filled, self.BAR_HEIGHT, stroke=0, fill=1)
            canv.setStrokeColor(st.WHITE)
            canv.setLineWidth(1)
            for tick in range(1, self.SCALE):
                x = bar_x + tick * step
                canv.line(x, bar_y + 0.5, x, bar_y + self.BAR_HEIGHT - 0.5)
            canv.setFillColor(st.MUTED)
            canv.setFont(st.FONT, 7.8)
            if self.rtl:
                rtl.draw_line(canv, bar_x - 8, baseline, row.words, st.FONT, 7.8, "right")
            else:
                canv.drawString(bar_x + self.bar_width + 8, baseline, row.words)
            top -= height + self.ROW_GAP / 2
        canv.restoreState()


# -- pictures ---------------------------------------------------------------------------------


def flat_image(data: bytes) -> ImageReader:
    """An image as opaque RGB on white (PDF/A-1 allows no transparency, sRGB only)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as source:
        source.load()
        rgba = source.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return ImageReader(flat)


class Picture(Flowable):
    """A PNG or JPEG (a logo), flattened onto white and scaled to fit a box."""

    def __init__(self, data: bytes, max_width: float, max_height: float) -> None:
        super().__init__()
        self.reader = flat_image(data)
        w, h = self.reader.getSize()
        scale = min(max_width / w, max_height / h)
        self.width, self.height = w * scale, h * scale

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height)
