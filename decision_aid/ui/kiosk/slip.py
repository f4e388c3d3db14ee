"""The printed slip: the hand-over code, large, for the patient to take to the appointment.

Where ``kiosk_printer`` is set, the hand-over screen prints a slip as soon as the code is
shown, and again on "Print again", never through a dialog: the printer is chosen by its
name (``QPrinterInfo``) and the slip is drawn with ``QPainter``. It says only

- the topic's title,
- "Your code:" and the code in large characters, in two groups of three ("K7M 4XP"),
- that the slip goes to the clinician or the receptionist,
- until when the code works, in words, in the clinic's time zone,
- the local groups and services the patient chose, if any, each with how to join and how
  to reach it (phone, email, web address), to take home,

in the patient's language. Nothing on it says who the patient is, and none of their other
answers is on it (ratings, questions, the people who help them, their leaning):
:class:`Slip` has no place for them.

The page is receipt-sized where the printer allows it: the smallest page it offers that
is at least 50 mm wide and 80 mm long, or 80 × 120 mm where it takes any size; otherwise
its own page, with the slip at the top; a slip longer than its page goes on over more
pages, never cut. The job's name is "decision-aid slip".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import NamedTuple

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QTextLayout,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from decision_aid.i18n import _, current_language, is_right_to_left
from decision_aid.kiosk.codes import spaced
from decision_aid.report.when import until_text
from decision_aid.session.model import CommunityChoice
from decision_aid.ui.plain_text import typed

PAGE_MM = QSizeF(80, 120)
"""The slip's page where the printer takes any size: a receipt roll's width."""
LEAST_MM = QSizeF(50, 80)
"""The smallest page a slip is printed on."""
MARGIN_MM = 4.0
COLUMN_MM = 72.0
"""The widest the slip's words run, on any paper."""
GAP_MM = 3.0
DOC_NAME = "decision-aid slip"
"""The print job's name (print queues show it): nothing of the patient's."""
CODE_POINTS = 34.0
TITLE_POINTS = 13.0
TEXT_POINTS = 11.0
UNBOUNDED = 1e6
"""A height no slip reaches: text is measured in it, never cut by it."""


class SlipError(Exception):
    """The slip was not printed; the message says why, for staff (no patient content)."""


class Block(NamedTuple):
    """One paragraph of a slip."""

    text: str
    points: float
    bold: bool = False
    is_code: bool = False
    with_next: bool = False
    """Kept on the same page as the next block (a group's name and how to reach it)."""


@dataclass(frozen=True)
class Taken:
    """A local group or service the patient chose, as the slip prints it (its name in its
    own direction, marked when it is example data)."""

    name: str
    how_to_join: str
    contact: str


@dataclass(frozen=True)
class Slip:
    """Everything a slip says. There is no place for who the patient is, nor for their
    answers but the local groups and services they chose to take home."""

    code: str
    title: str
    """The topic's title, in the patient's language."""
    expiry: str
    """'Valid until 17:40 today.'"""
    right_to_left: bool = False
    community: tuple[Taken, ...] = ()

    def blocks(self) -> list[Block]:
        """The paragraphs from top to bottom, in the current language."""
        blocks = [
            Block(self.title, TITLE_POINTS, bold=True),
            Block(_("Your code:"), TEXT_POINTS),
            Block(spaced(self.code), CODE_POINTS, bold=True, is_code=True),
            Block(_("Give this slip to your clinician or the receptionist."), TEXT_POINTS),
            Block(self.expiry, TITLE_POINTS, bold=True),
        ]
        if self.community:
            heading = _("Local groups and services you chose:")
            blocks.append(Block(heading, TITLE_POINTS, bold=True, with_next=True))
        for taken in self.community:
            group = [Block(taken.name, TEXT_POINTS, bold=True)]
            if taken.how_to_join:
                text = _("How to join: {value}").format(value=typed(taken.how_to_join))
                group.append(Block(text, TEXT_POINTS))
            if taken.contact:
                text = _("Contact: {value}").format(value=typed(taken.contact))
                group.append(Block(text, TEXT_POINTS))
            blocks += [b._replace(with_next=True) for b in group[:-1]] + group[-1:]
        return blocks


def taken(chosen: CommunityChoice) -> Taken:
    """What the slip prints of a chosen entry: its name (marked when it is example data),
    how to join, and its phone, email and web address."""
    name = typed(chosen.name)
    if chosen.example:
        name = _("{name} (example data)").format(name=name)
    return Taken(name, chosen.how_to_join, chosen.contact)


def make_slip(
    code: str,
    title: str,
    expires: datetime,
    now: datetime,
    zone: tzinfo,
    *,
    community: Sequence[CommunityChoice] = (),
) -> Slip:
    """The slip for ``code``, with the chosen ``community`` entries, in the current language."""
    return Slip(
        code=code,
        title=title,
        expiry=until_text(expires, now, zone),
        right_to_left=is_right_to_left(current_language()),
        community=tuple(taken(c) for c in community),
    )


def _font(points: float, bold: bool, device: QPaintDevice) -> QFont:
    font = QFont(QGuiApplication.font(), device)
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def draw_slip(
    painter: QPainter,
    page: QRectF,
    slip: Slip,
    new_page: Callable[[], None] | None = None,
) -> float:
    """Draw ``slip`` at the top of ``page`` (device pixels); returns the height used (on the
    last page). With ``new_page``, a block (with those kept with it) that would run past
    the page's foot starts a new page instead (``new_page`` turns it)."""
    device = painter.device()
    per_mm = device.logicalDpiY() / 25.4
    gap = GAP_MM * per_mm
    width = min(page.width(), COLUMN_MM * per_mm)
    left = page.left() + (page.width() - width) / 2
    top = page.top()
    painter.setPen(QColor("#000000"))
    laid = [_laid(painter, block, width, slip.right_to_left) for block in slip.blocks()]
    for index, (block, font, option, height) in enumerate(laid):
        needed = height
        for follow in range(index, len(laid) - 1):  # the blocks kept with this one
            if not laid[follow][0].with_next:
                break
            needed += gap + laid[follow + 1][3]
        if new_page is not None and top > page.top() and top + needed > page.bottom():
            new_page()
            top = page.top()
        painter.setFont(font)
        if new_page is not None and top + height > page.bottom():  # longer than a page
            at = QRectF(left, top, width, 0)
            top = _draw_lines(
                painter, block.text, font, at, option=option, page=page, new_page=new_page
            )
        else:
            painter.drawText(QRectF(left, top, width, height), block.text, option)
            top += height
        top += gap
    return top - page.top()


def _draw_lines(
    painter: QPainter,
    text: str,
    font: QFont,
    at: QRectF,
    *,
    option: QTextOption,
    page: QRectF,
    new_page: Callable[[], None],
) -> float:
    """Draw a paragraph longer than a page line by line from ``at``, turning the page
    between lines; returns where it ends."""
    layout = QTextLayout(text, font, painter.device())
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    below = 0.0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(at.width())
        line.setPosition(QPointF(0, below))
        below += line.height()
        lines.append(line)
    layout.endLayout()
    top = at.top()
    for line in lines:
        if top > page.top() and top + line.height() > page.bottom():
            new_page()
            top = page.top()
        line.draw(painter, QPointF(at.left(), top - line.y()))
        top += line.height()
    return top


def _laid(
    painter: QPainter, block: Block, width: float, right_to_left: bool
) -> tuple[Block, QFont, QTextOption, float]:
    """``block`` with its font, its text options and its height at ``width``."""
    device = painter.device()
    font = _font(block.points, block.bold, device)
    option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    if block.is_code:
        # Letters and digits, always left to right, never wrapped: smaller if need be.
        points = block.points
        while QFontMetricsF(font, device).horizontalAdvance(block.text) > width and points > 12:
            points -= 1
            font.setPointSizeF(points)
        option.setTextDirection(Qt.LayoutDirection.LeftToRight)
        option.setWrapMode(QTextOption.WrapMode.NoWrap)
    else:
        direction = (
            Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
        )
        option.setTextDirection(direction)
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
    painter.setFont(font)
    used = painter.boundingRect(QRectF(0, 0, width, UNBOUNDED), block.text, option)
    return block, font, option, used.height()


def receipt_page(info: QPrinterInfo) -> QPageSize | None:
    """The page a slip is printed on: small where the printer allows; None: its own."""

    def size_mm(page: QPageSize) -> QSizeF:
        return page.size(QPageSize.Unit.Millimeter)

    small = [
        page
        for page in info.supportedPageSizes()
        if size_mm(page).width() >= LEAST_MM.width() and size_mm(page).height() >= LEAST_MM.height()
    ]
    if small:
        return min(small, key=lambda page: size_mm(page).width() * size_mm(page).height())
    if info.supportsCustomPageSizes():
        return slip_page()
    return None


def slip_page() -> QPageSize:
    return QPageSize(PAGE_MM, QPageSize.Unit.Millimeter, "decision-aid slip")


def _margins(printer: QPrinter) -> None:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    printer.setPageMargins(margins, QPageLayout.Unit.Millimeter)


def printer_named(name: str) -> QPrinter:
    """The printer called ``name``, ready for a slip; SlipError when it is not there, or
    says it is stopped or failing."""
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise SlipError(_("the printer '{name}' is not known on this computer").format(name=name))
    if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise SlipError(
            _(
                "the printer '{name}' reports a problem (switched off, out of paper, or stopped)"
            ).format(name=name)
        )
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    page = receipt_page(info)
    if page is not None:
        printer.setPageSize(page)
    _margins(printer)
    printer.setDocName(DOC_NAME)
    return printer


def pdf_printer(path: str) -> QPrinter:
    """A printer that writes the slip, on its receipt-sized page, as a PDF at ``path``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setPageSize(slip_page())
    _margins(printer)
    printer.setDocName(DOC_NAME)
    return printer


def print_on(printer: QPrinter, slip: Slip) -> None:
    """Print ``slip`` on ``printer``; SlipError when the printer refuses it."""
    painter = QPainter()
    if not painter.begin(printer):
        raise SlipError(_("the printer did not accept the slip"))
    try:
        # The painter's origin is the top left of the page's printable area.
        area = printer.pageRect(QPrinter.Unit.DevicePixel)
        page = QRectF(0, 0, area.width(), area.height())
        draw_slip(painter, page, slip, lambda: _turn(printer))
    finally:
        ended = painter.end()
    if not ended or printer.printerState() in (
        QPrinter.PrinterState.Error,
        QPrinter.PrinterState.Aborted,
    ):
        raise SlipError(_("the printer did not finish the slip"))


def _turn(printer: QPrinter) -> None:
    if not printer.newPage():
        raise SlipError(_("the printer did not accept the slip"))


def slip_image(slip: Slip, dots_per_mm: int = 8) -> QImage:
    """The slip as a picture of a receipt roll (for the screenshots), white, at
    ``dots_per_mm``: as long as its page, or as the slip when that is longer."""
    size = PAGE_MM * dots_per_mm
    margin = MARGIN_MM * dots_per_mm
    width = round(size.width())
    tall = _image(width, round(size.height() * 10), dots_per_mm)
    painter = QPainter(tall)
    used = draw_slip(painter, QRectF(margin, margin, width - 2 * margin, UNBOUNDED), slip)
    painter.end()
    height = max(round(size.height()), round(used + 2 * margin))
    return tall.copy(0, 0, width, min(height, tall.height()))


def _image(width: int, height: int, dots_per_mm: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(dots_per_mm * 1000)
    image.setDotsPerMeterY(dots_per_mm * 1000)
    image.fill(QColor("#FFFFFF"))
    return image


def print_slip(slip: Slip, name: str) -> None:
    """Print ``slip`` on the printer called ``name``, with no dialog; SlipError if not."""
    print_on(printer_named(name), slip)
