"""Every style of the summary PDF in one place: page geometry, fonts, colours, text styles.

Only the TrueType fonts shipped in ``fonts/`` are used, and they are embedded; none of
the 14 standard PDF fonts appears anywhere (PDF/A needs every font embedded). DejaVu
Sans draws Latin text (Welsh and Polish included); Noto Naskh Arabic draws Arabic
script in a right-to-left record (see ``rtl``). Colours are RGB (the document's output
intent is sRGB) and come from the Okabe-Ito colour-blind-safe palette, as on screen.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import TableStyle

from decision_aid.report import rtl, wrapping
from decision_aid.report.arabic_font import LetterFont
from decision_aid.report.font_subsets import SubsetFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FONT_FILES = {FONT: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
ARABIC = "NotoNaskhArabic"
ARABIC_BOLD = "NotoNaskhArabic-Bold"
ARABIC_FILES = {ARABIC: "NotoNaskhArabic-Regular.ttf", ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf"}


def register_fonts() -> None:
    """Register the shipped Latin fonts with reportlab (once); ``<b>`` maps to the bold face.

    The Arabic faces are registered when text first needs them (see
    :func:`register_arabic_fonts`): a record without Arabic script never parses them.
    """
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(SubsetFont(name, str(FONT_DIR / filename)))
    # No italic face is shipped: emphasis is bold or colour, never a missing italic.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    rtl.set_faces(rtl.Faces(FONT, BOLD, ARABIC, ARABIC_BOLD), arabic=register_arabic_fonts)


def register_arabic_fonts() -> None:
    """Register the shipped Arabic fonts with reportlab (once)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in ARABIC_FILES.items():  # their text reads back as letters
        if name not in registered:
            pdfmetrics.registerFont(LetterFont(name, str(FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        ARABIC, normal=ARABIC, bold=ARABIC_BOLD, italic=ARABIC, boldItalic=ARABIC_BOLD
    )


MISSING = "\ufffd"
"""Drawn in place of a character the shipped fonts lack (PDF/A forbids missing glyphs)."""


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    fonts: list[Any] = [pdfmetrics.getFont(name) for name in FONT_FILES]
    maps = [font.face.charToGlyph for font in fonts]
    # reportlab's ToUnicode maps hold 16-bit codes: beyond the BMP, text would extract wrongly.
    return frozenset(c for c in set(maps[0]).intersection(*maps[1:]) if c < 0x10000)


@cache
def _covered_rtl() -> frozenset[int]:
    """What a right-to-left record draws: Arabic script from the Arabic faces, the rest
    from DejaVu (whose own Arabic letters are never used)."""
    latin = frozenset(c for c in _covered() if not rtl.is_arabic(chr(c)))
    return latin | rtl.arabic_coverage()


def printable(text: str) -> str:
    """``text`` as the shipped fonts can draw it, in every face.

    A character they lack becomes U+FFFD (the record's attached session JSON keeps the
    original); control characters become spaces, except newlines; invisible format
    characters (such as zero-width joiners) are dropped. Arabic script is drawn only in
    a right-to-left record, where it is shaped and ordered (``rtl``).
    """
    covered = _covered_rtl() if rtl.is_rtl() else _covered()
    if all(ord(ch) in covered for ch in text):
        return text
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if ord(ch) in covered or ch == "\n":
            out.append(ch)
        elif category in ("Cc", "Zl", "Zp", "Zs"):
            out.append(" ")
        elif category != "Cf":
            out.append(MISSING)
    return "".join(out)


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``, for text drawn straight on the canvas.

    Lines break at spaces; a word wider than a whole line is broken inside, where the
    line is full (see :func:`wrapping.break_wide`). A right-to-left record shapes the
    text first and returns logical lines (``rtl.wrap``).
    """
    if rtl.is_rtl():
        lines = rtl.wrap(text, font, size, width)

        def measure(part: str) -> float:
            return rtl.logical_width(part, font, size)
    else:
        lines = simpleSplit(text, font, size, width)

        def measure(part: str) -> float:
            return float(pdfmetrics.stringWidth(part, font, size))

    return [piece for line in lines for piece in wrapping.break_wide(line, width, measure)]


# -- page geometry (points) ----------------------------------------------------------------

PAGE_SIZE: tuple[float, float] = A4
PAGE_WIDTH, PAGE_HEIGHT = PAGE_SIZE
MARGIN_X = 50.0
MARGIN_TOP = 70.0
"""Room for the running header and the patient banner above the frame."""
MARGIN_BOTTOM = 56.0
"""Room for the footer below the frame."""
FRAME = (
    MARGIN_X,
    MARGIN_BOTTOM,
    PAGE_WIDTH - 2 * MARGIN_X,
    PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
)
"""x, y, width and height of the one text frame on every page."""
FRAME_WIDTH = FRAME[2]
HEADER_Y = PAGE_HEIGHT - 30.0
PATIENT_BANNER_HEIGHT = 16.0
PATIENT_BANNER_Y = PAGE_HEIGHT - 58.0
"""Bottom of the patient banner, across the top of every page."""
FOOTER_Y = 30.0

# -- colours ----------------------------------------------------------------------------------

INK = HexColor("#1A1A1A")
MUTED = HexColor("#505050")
"""Secondary text: 8:1 against white."""
RULE = HexColor("#B4B4B4")
FAINT = HexColor("#F2F2F2")
ACCENT = HexColor("#1F3A5F")
"""Headings and the ratings bars: a dark blue that stays dark in grayscale."""
WHITE = HexColor("#FFFFFF")
BENEFIT = HexColor("#0072B2")
"""Okabe-Ito blue: affected icons of a benefit."""
HARM = HexColor("#D55E00")
"""Okabe-Ito vermillion: affected icons of a harm."""
UNAFFECTED = HexColor("#767676")
"""Outline of the hollow (unaffected) icons: 4.5:1 against white."""
CARD_BORDER = HexColor("#C8C8C8")
NOTICE_FILL = HexColor("#FFF4DC")
"""Behind the example-content notice (its words say what it is; the colour only adds)."""
CONFLICT_HEX = "#B00020"
CONFLICT = HexColor(CONFLICT_HEX)
"""The decisional-conflict flag's mark and border (with words, never colour alone)."""


def kind_colour(kind: str) -> Color:
    """Colour of affected icons for an outcome's kind ('benefit' or 'harm')."""
    return BENEFIT if kind == "benefit" else HARM


# -- text -------------------------------------------------------------------------------------

BODY_SIZE = 9.0
LEADING = 12.0


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": FONT,
        "fontSize": BODY_SIZE,
        "leading": LEADING,
        "textColor": INK,
        "alignment": TA_LEFT,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)  # type: ignore[arg-type]


BODY = _style("body", spaceAfter=3)
SMALL = _style("small", fontSize=7.8, leading=10, textColor=MUTED)
SMALL_RIGHT = _style("small-right", fontSize=7.8, leading=10, textColor=MUTED, alignment=TA_RIGHT)
TITLE = _style("title", fontName=BOLD, fontSize=17, leading=21, textColor=ACCENT, spaceAfter=2)
ORGANISATION = _style("organisation", fontName=BOLD, fontSize=11, leading=14)
SUBTITLE = _style("subtitle", fontSize=10.5, leading=14, textColor=MUTED)
HEADING = _style(
    "heading",
    fontName=BOLD,
    fontSize=11.5,
    leading=14,
    textColor=ACCENT,
    spaceBefore=12,
    spaceAfter=4,
)
SUBHEADING = _style(
    "subheading", fontName=BOLD, fontSize=9.5, leading=12.5, spaceBefore=6, spaceAfter=2
)
LABEL = _style("label", fontSize=7.8, leading=12, textColor=MUTED)
CAPTION = _style("caption", fontSize=7.8, leading=11, textColor=MUTED, spaceBefore=5, spaceAfter=1)
CELL = _style("cell", leading=11.5)
SMALL_CELL = _style("small-cell", fontSize=8, leading=10)
QUESTION = _style("question", fontName=BOLD, fontSize=8, leading=10)
COLUMN_HEADING = _style("column-heading", fontName=BOLD, fontSize=8.5, leading=10.5)
SUMMARY_LABEL = _style("summary-label", fontName=BOLD, fontSize=8.5, leading=12, textColor=ACCENT)
NOTICE = _style("notice", fontName=BOLD, fontSize=9, leading=12, textColor=HexColor("#7A4A00"))
CELL_BOLD = _style("cell-bold", fontName=BOLD, leading=11.5)
BULLET = _style("bullet", leftIndent=10, bulletIndent=0, bulletFontName=FONT, spaceAfter=1.5)
WHOLE_WORDS = frozenset({"cell-bold", "column-heading", "label", "summary-label"})
"""Styles whose words are never broken: set smaller to fit instead (``whole_words``)."""
REFERENCE = _style(
    "reference",
    fontSize=7.8,
    leading=10,
    leftIndent=16,
    firstLineIndent=-16,
    spaceAfter=2.5,
    allowWidows=0,  # with no orphans either, a short reference is never split over pages
)


def table_style(*extra: tuple[object, ...], grid: bool = False) -> TableStyle:
    """The shared table look: top-aligned cells, tight padding, the shipped font."""
    return TableStyle(table_commands(*extra, grid=grid))


def table_commands(*extra: tuple[object, ...], grid: bool = False) -> list[Any]:
    """The commands of :func:`table_style`, for a table that is mirrored when right-to-left."""
    commands: list[Any] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if grid:
        commands += [
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    commands += list(extra)
    return commands
