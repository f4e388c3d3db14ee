"""The drawn parts of the summary PDF: the ratings chart and pictures.

Each is one small reportlab Flowable drawn straight onto the canvas with the shipped
fonts (never reportlab's graphics ``Drawing``, whose text defaults to Helvetica).

The icon array is in :mod:`decision_aid.report.icon_flowables`.

In a right-to-left record (``rtl.is_rtl()``) each is drawn mirrored, as a right-to-left
screen shows it: the ratings chart has its labels on the right. (The signature block is
``signatures.SignatureBlock``.)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from decision_aid.report import rtl
from decision_aid.report import styles as st

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
