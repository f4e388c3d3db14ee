"""The drawn parts of the summary PDF: the ratings chart, the signature block, a logo.

Each is one small reportlab Flowable drawn straight onto the canvas with the shipped
fonts (never reportlab's graphics ``Drawing``, whose text defaults to Helvetica).

The icon array is in :mod:`decision_aid.report.icon_flowables`.

In a right-to-left record (``rtl.is_rtl()``) each is drawn mirrored, as a right-to-left
screen shows it: the ratings chart has its labels
on the right, and the signature block's text is right-aligned with the patient first,
on the right. The box for the digital signature stays at ``styles.SIGNATURE_BOX``.
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


# -- signatures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureSlot:
    """A handwritten signature: the PNG (or none), the name under the line and a caption."""

    image: bytes | None
    name: str
    caption: str


def flat_image(data: bytes) -> ImageReader:
    """An image as opaque RGB on white (PDF/A-1 allows no transparency, sRGB only)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as source:
        source.load()
        rgba = source.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return ImageReader(flat)


def one_line(text: str, size: float, width: float) -> str:
    """``text`` cut to one line of ``width`` points, with an ellipsis when cut."""
    lines = st.wrap_lines(text, st.FONT, size, width - 8)
    if len(lines) <= 1:
        return text
    return lines[0] + " …"


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


class SignatureBlock(Flowable):
    """The last thing in the record: two handwritten signatures and the digital one.

    It always sits at the bottom of the last page's frame, so the box left blank for
    the digital signature's appearance is at the fixed ``styles.SIGNATURE_BOX``.
    """

    IMAGE_HEIGHT = 46.0

    def __init__(
        self,
        heading: str,
        slots: Sequence[SignatureSlot],
        digital_caption: str,
        note: str,
    ) -> None:
        super().__init__()
        self.heading = st.printable(heading)
        self.slots = [
            SignatureSlot(s.image, st.printable(s.name), st.printable(s.caption)) for s in slots
        ]
        self.digital_caption, self.note = st.printable(digital_caption), st.printable(note)
        box = st.SIGNATURE_BOX
        self.height = (box[3] - st.FRAME[1]) + 14 + self.IMAGE_HEIGHT + 34 + 30

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        if avail_height + 1e-6 >= self.height:
            return avail_width, avail_height  # take the rest of the page: sit at its bottom
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canv = self.canv
        origin_x, origin_y = canv.absolutePosition(0, 0)
        x1, y1, x2, y2 = (
            st.SIGNATURE_BOX[0] - origin_x,
            st.SIGNATURE_BOX[1] - origin_y,
            st.SIGNATURE_BOX[2] - origin_x,
            st.SIGNATURE_BOX[3] - origin_y,
        )
        canv.saveState()
        self._digital(x1, y1, x2, y2)
        top = y2 + 14 + self.IMAGE_HEIGHT + 34 + 30
        canv.setFillColor(st.ACCENT)
        canv.setFont(st.BOLD, 11.5)
        self._text((0, self.width), top - 11.5, self.heading, st.BOLD, 11.5)
        canv.setStrokeColor(st.RULE)
        canv.setLineWidth(0.6)
        canv.line(0, top - 16, self.width, top - 16)
        # The second signature lines up with the digital signature box below it; right to
        # left, the first (the patient's) does, so that it is read first.
        line_y = y2 + 14 + 34
        lefts = (0.0, x1)
        widths = (x1 - 24, self.width - x1)
        slots = self.slots[:2][::-1] if self.rtl else self.slots[:2]
        for slot, left, width in zip(slots, lefts, widths, strict=False):
            self._handwritten(slot, left, line_y, width)
        canv.restoreState()

    @property
    def rtl(self) -> bool:
        return rtl.is_rtl()

    def _text(self, span: tuple[float, float], y: float, text: str, font: str, size: float) -> None:
        """One line of text at the start of the span (left, right) of x."""
        if self.rtl:
            rtl.draw_line(self.canv, span[1], y, text, font, size, "right")
        else:
            self.canv.drawString(span[0], y, text)

    def _handwritten(self, slot: SignatureSlot, x: float, line_y: float, width: float) -> None:
        canv = self.canv
        if slot.image is not None:
            reader = flat_image(slot.image)
            w, h = reader.getSize()
            scale = min((width - 8) / w, self.IMAGE_HEIGHT / h)
            left = x + width - 4 - w * scale if self.rtl else x + 4
            canv.drawImage(reader, left, line_y + 2, w * scale, h * scale)
        canv.setStrokeColor(st.INK)
        canv.setLineWidth(0.6)
        canv.line(x, line_y, x + width, line_y)
        canv.setFillColor(st.INK)
        canv.setFont(st.FONT, st.BODY_SIZE)
        name = one_line(slot.name, st.BODY_SIZE, width)
        self._text((x, x + width), line_y - 12, name, st.FONT, st.BODY_SIZE)
        canv.setFillColor(st.MUTED)
        canv.setFont(st.FONT, 7.8)
        self._text((x, x + width), line_y - 23, slot.caption, st.FONT, 7.8)

    def _digital(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """The caption above the blank box and corner marks just outside it."""
        canv = self.canv
        canv.setFillColor(st.MUTED)
        canv.setFont(st.FONT, 7.8)
        self._text((x1, x2), y2 + 7, self.digital_caption, st.FONT, 7.8)
        lines = st.wrap_lines(self.note, st.FONT, 7.8, x1 - 24)
        for i, line in enumerate(lines):
            self._text((0, x1 - 24), y2 - 8 - i * 10, line, st.FONT, 7.8)
        canv.setStrokeColor(st.RULE)
        canv.setLineWidth(0.6)
        tick, out = 8.0, 2.0
        for cx, cy, dx, dy in ((x1, y1, 1, 1), (x2, y1, -1, 1), (x1, y2, 1, -1), (x2, y2, -1, -1)):
            ox, oy = cx - dx * out, cy - dy * out
            canv.lines([(ox, oy, ox + dx * tick, oy), (ox, oy, ox, oy + dy * tick)])
