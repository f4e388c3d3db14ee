"""The record's signature block: the handwritten signatures and the digital one's box.

The block closes the record, like the signature of a letter. It follows the last of
the record's text on the same page (the summary keeps it together with what comes just
before it), so it never stands alone on a page of its own. The patient's signature
comes first in reading order (on the left; on the right when right to left), the
clinician's second, and the box left blank for the digital signature sits under the
clinician's, who signs the record digitally. Where the box ended up (page and
rectangle) is recorded in :class:`SignaturePlace` as the block is drawn, for the
signing step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.flowables import flat_image
from decision_aid.report.pages import one_line

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class SignatureSlot:
    """A handwritten signature: the PNG (or none), the name under the line and a caption."""

    image: bytes | None
    name: str
    caption: str


@dataclass
class SignaturePlace:
    """Where the box for the digital signature was drawn: the page (1 is the first) and
    the rectangle (x1, y1, x2, y2) in points on it."""

    page: int = 0
    box: Box = field(default=(0.0, 0.0, 0.0, 0.0))


class SignatureBlock(Flowable):
    """Two handwritten signatures side by side and, under the clinician's, the box for the
    digital signature with its caption; a note under the patient's."""

    HEADING = 11.5
    IMAGE_HEIGHT = 46.0
    BOX_HEIGHT = 66.0
    GUTTER = 24.0

    def __init__(
        self,
        heading: str,
        slots: Sequence[SignatureSlot],
        digital_caption: str,
        note: str,
        place: SignaturePlace,
    ) -> None:
        super().__init__()
        self.heading = st.printable(heading)
        self.slots = [
            SignatureSlot(s.image, st.printable(s.name), st.printable(s.caption)) for s in slots
        ]
        self.digital_caption, self.note = st.printable(digital_caption), st.printable(note)
        self.place = place
        self.height = 22 + self.IMAGE_HEIGHT + 2 + 26 + 16 + self.BOX_HEIGHT + 2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # never split: it moves to the next page with the text kept with it

    @property
    def rtl(self) -> bool:
        return rtl.is_rtl()

    def columns(self) -> list[tuple[float, float]]:
        """(left, right) of the patient's column, then of the clinician's."""
        half = (self.width - self.GUTTER) / 2
        first, second = (0.0, half), (half + self.GUTTER, self.width)
        return [second, first] if self.rtl else [first, second]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        top = self.height
        canv.setFillColor(st.ACCENT)
        self._text((0, self.width), top - self.HEADING, self.heading, st.BOLD, self.HEADING)
        canv.setStrokeColor(st.RULE)
        canv.setLineWidth(0.6)
        canv.line(0, top - 16, self.width, top - 16)
        line_y = top - 22 - self.IMAGE_HEIGHT - 2
        columns = self.columns()
        for slot, span in zip(self.slots[:2], columns, strict=False):
            self._handwritten(slot, span, line_y)
        box_top = line_y - 26 - 16
        self._digital(columns[1], box_top)
        self._note(columns[0], box_top)
        canv.restoreState()

    def _text(self, span: tuple[float, float], y: float, text: str, font: str, size: float) -> None:
        """One line of text at the start of the span (left, right) of x."""
        if self.rtl:
            rtl.draw_line(self.canv, span[1], y, text, font, size, "right")
        else:
            self.canv.setFont(font, size)
            self.canv.drawString(span[0], y, text)

    def _handwritten(self, slot: SignatureSlot, span: tuple[float, float], line_y: float) -> None:
        canv = self.canv
        left, right = span
        width = right - left
        if slot.image is not None:
            reader = flat_image(slot.image)
            w, h = reader.getSize()
            scale = min((width - 8) / w, self.IMAGE_HEIGHT / h)
            x = right - 4 - w * scale if self.rtl else left + 4
            canv.drawImage(reader, x, line_y + 2, w * scale, h * scale)
        canv.setStrokeColor(st.INK)
        canv.setLineWidth(0.6)
        canv.line(left, line_y, right, line_y)
        canv.setFillColor(st.INK)
        name = _one_line(slot.name, st.BODY_SIZE, width)
        self._text(span, line_y - 12, name, st.FONT, st.BODY_SIZE)
        canv.setFillColor(st.MUTED)
        self._text(span, line_y - 23, slot.caption, st.FONT, 7.8)

    def _digital(self, span: tuple[float, float], box_top: float) -> None:
        """The caption, the blank box and corner marks just outside it; the box's place."""
        canv = self.canv
        x1, x2 = span
        y2, y1 = box_top, box_top - self.BOX_HEIGHT
        canv.setFillColor(st.MUTED)
        self._text(span, y2 + 6, self.digital_caption, st.FONT, 7.8)
        canv.setStrokeColor(st.RULE)
        canv.setLineWidth(0.6)
        tick, out = 8.0, 2.0
        for cx, cy, dx, dy in ((x1, y1, 1, 1), (x2, y1, -1, 1), (x1, y2, 1, -1), (x2, y2, -1, -1)):
            ox, oy = cx - dx * out, cy - dy * out
            canv.lines([(ox, oy, ox + dx * tick, oy), (ox, oy, ox, oy + dy * tick)])
        origin_x, origin_y = canv.absolutePosition(0, 0)
        self.place.page = canv.getPageNumber()
        self.place.box = (origin_x + x1, origin_y + y1, origin_x + x2, origin_y + y2)

    def _note(self, span: tuple[float, float], box_top: float) -> None:
        self.canv.setFillColor(st.MUTED)
        split = rtl.wrap if self.rtl else simpleSplit
        for index, line in enumerate(split(self.note, st.FONT, 7.8, span[1] - span[0])):
            self._text(span, box_top - 4 - index * 10, line, st.FONT, 7.8)


def _one_line(text: str, size: float, width: float) -> str:
    """``text`` cut to one line of ``width`` points (less a margin), ending in '…' when cut;
    a long word is cut too, never left to run off the page."""
    return one_line(text, st.FONT, size, width - 8)
