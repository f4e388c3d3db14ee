"""What every page of the record carries, drawn once the page count is known.

* a patient banner across the top of every page: the patient's name, identifier and
  date of birth where given (or that none was entered), as in a clinical letter, so a
  page that comes loose is still matched to its patient;
* from page 2 on, a running header: the document's title and the pack's;
* a footer: the product and its version, the pack and its version, the date and time,
  and "Page N of M";
* when the record was made on purpose from a pack other than the one shown, the
  different-pack banner at the top of every page's text.

Text too long for its place is cut to one line, ending in "…".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from decision_aid.i18n import _
from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.pack_check import PackDifference

BANNER_SIZE = 8.0
BANNER_LEADING = 10.0
BANNER_PAD = 6.0
BANNER_GAP = 8.0
BANNER_INK = HexColor("#8A0016")
BANNER_FILL = HexColor("#FDECEA")
RUNNING_SIZE = 7.5
PATIENT_SIZE = 8.5


@dataclass(frozen=True)
class PageFurniture:
    """The text of what every page carries (see the module notes)."""

    header: str
    footer: str
    patient: Sequence[tuple[str, str]]
    """(label, value) pairs of the patient banner; empty when no patient was entered."""
    no_patient: str
    """What the banner says when ``patient`` is empty."""
    banner: Sequence[str] = ()
    """The wrapped lines of the different-pack banner (none when there is none)."""
    banner_heading: int = 1


class RecordCanvas(Canvas):
    """Draws each page's furniture once the page count is known."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._pages.append(dict(self.__dict__))
        start: Any = getattr(self, "_startPage")  # noqa: B009 - reportlab's own page reset
        start()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        furniture = self._furniture
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        self.saveState()
        self.setStrokeColor(st.RULE)
        self.setLineWidth(0.5)
        self.setFillColor(st.MUTED)
        page = _("Page {number} of {total}").format(number=number, total=total)
        room = right - left - logical_width(page, RUNNING_SIZE) - 12
        footer = one_line(st.printable(furniture.footer), st.FONT, RUNNING_SIZE, room)
        self._line(left, right, st.FOOTER_Y, footer, page)
        self.line(left, st.FOOTER_Y + 10, right, st.FOOTER_Y + 10)
        if number > 1:
            header = one_line(st.printable(furniture.header), st.FONT, RUNNING_SIZE, right - left)
            self._line(left, right, st.HEADER_Y, header, "")
        self.restoreState()
        self._patient_banner()
        if furniture.banner:
            self._draw_banner()

    def _line(self, left: float, right: float, y: float, start: str, end: str) -> None:
        """``start`` at the line's start (the left; the right when right to left), ``end``
        at its end."""
        if rtl.is_rtl():
            rtl.draw_line(self, right, y, start, st.FONT, RUNNING_SIZE, "right")
            if end:
                rtl.draw_line(self, left, y, end, st.FONT, RUNNING_SIZE, "left")
            return
        self.setFont(st.FONT, RUNNING_SIZE)
        self.drawString(left, y, start)
        if end:
            self.drawRightString(right, y, end)

    def _patient_banner(self) -> None:
        """The patient's name, identifier and date of birth in a band across the page."""
        furniture = self._furniture
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        bottom, height = st.PATIENT_BANNER_Y, st.PATIENT_BANNER_HEIGHT
        self.saveState()
        self.setFillColor(st.FAINT)
        self.setStrokeColor(st.RULE)
        self.setLineWidth(0.5)
        self.rect(left, bottom, right - left, height, stroke=1, fill=1)
        baseline = bottom + (height - PATIENT_SIZE) / 2 + 1.5
        pad = 6.0
        parts = furniture.patient or [("", furniture.no_patient)]
        room = (right - left - 2 * pad) / len(parts)
        for index, (label, value) in enumerate(parts):
            start = right - pad - index * room if rtl.is_rtl() else left + pad + index * room
            self._banner_part(start, baseline, label, value, room - 8)
        self.restoreState()

    def _banner_part(self, start: float, y: float, label: str, value: str, room: float) -> None:
        """'Label value', the label muted and the value bold, from ``start`` onwards."""
        label = st.printable(label)
        label_width = logical_width(label, PATIENT_SIZE) + 4 if label else 0.0
        value = one_line(st.printable(value), st.BOLD, PATIENT_SIZE, room - label_width)
        sign = -1 if rtl.is_rtl() else 1
        if label:
            self.setFillColor(st.MUTED)
            self._text(start, y, label, st.FONT)
        self.setFillColor(st.INK)
        self._text(start + sign * label_width, y, value, st.BOLD)

    def _text(self, start: float, y: float, text: str, font: str) -> None:
        if rtl.is_rtl():
            rtl.draw_line(self, start, y, text, font, PATIENT_SIZE, "right")
        else:
            self.setFont(font, PATIENT_SIZE)
            self.drawString(start, y, text)

    def _draw_banner(self) -> None:
        """The different-pack banner, in the room kept for it at the top of the frame."""
        furniture = self._furniture
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        top = st.PAGE_HEIGHT - st.MARGIN_TOP
        height = banner_height(len(furniture.banner))
        self.saveState()
        self.setStrokeColor(BANNER_INK)
        self.setFillColor(BANNER_FILL)
        self.setLineWidth(1.5)
        self.rect(left, top - height, right - left, height, stroke=1, fill=1)
        self.setFillColor(BANNER_INK)
        y = top - BANNER_PAD - BANNER_SIZE
        for number, line in enumerate(furniture.banner):
            font = st.BOLD if number < furniture.banner_heading else st.FONT
            if rtl.is_rtl():
                rtl.draw_line(self, right - BANNER_PAD, y, line, font, BANNER_SIZE, "right")
            else:
                self.setFont(font, BANNER_SIZE)
                self.drawString(left + BANNER_PAD, y, line)
            y -= BANNER_LEADING
        self.restoreState()


def logical_width(text: str, size: float, font: str = st.FONT) -> float:
    """Width of one line of ``text`` as the record draws it."""
    return rtl.logical_width(text, font, size)


def one_line(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to fit ``width`` points on one line, ending in '…' when cut."""
    if rtl.logical_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest start that fits with the ellipsis
        middle = (low + high + 1) // 2
        if rtl.logical_width(text[:middle].rstrip() + " …", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + " …"


def banner_height(lines: int) -> float:
    return lines * BANNER_LEADING + 2 * BANNER_PAD - (BANNER_LEADING - BANNER_SIZE)


def banner_lines(difference: PackDifference, width: float) -> tuple[list[str], int]:
    """The different-pack banner's text, in the record's language, wrapped to ``width``
    points, and how many of its first lines are the (bold) heading."""
    paragraphs = [
        _(
            "NOT THE PACK THAT WAS SHOWN: this record's figures and words may differ from "
            "what was discussed."
        ),
        _("Shown to the patient: {id} version {version}, content hash {hash}").format(
            id=difference.pack_id, version=difference.shown_version, hash=difference.shown_hash
        ),
        _("Used for this record: {id} version {version}, content hash {hash}").format(
            id=difference.pack_id, version=difference.used_version, hash=difference.used_hash
        ),
    ]
    room = width - 2 * BANNER_PAD
    split = rtl.wrap if rtl.is_rtl() else simpleSplit
    lines: list[str] = []
    heading = 0
    for number, paragraph in enumerate(paragraphs):
        font = st.BOLD if number == 0 else st.FONT
        lines += split(st.printable(paragraph), font, BANNER_SIZE, room)
        heading = heading or len(lines)
    return lines, heading
