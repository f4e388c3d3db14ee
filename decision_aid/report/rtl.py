"""Right-to-left text in the summary PDF: shaping, fonts per script and bidi order per line.

reportlab neither shapes Arabic nor orders right-to-left text, so a record in Arabic is
made in three steps:

1. **Shape** each string in logical order with ``arabic_reshaper``: every letter becomes
   its contextual presentation form (initial, medial, final, isolated, lam-alef). Shaping
   comes before line breaking, so that lines are measured with the glyphs actually drawn;
   lines break only at spaces, where no letters join, so breaking cannot spoil the shapes.
2. **Wrap** in logical order (reportlab's ``Paragraph``, or :func:`wrap` for text drawn
   straight onto the canvas), with each character in a font that has it: Arabic script in
   Noto Naskh Arabic, everything else (Latin names, URLs, symbols) in DejaVu Sans.
3. **Order each wrapped line** for display with the Unicode bidirectional algorithm
   (python-bidi), then draw its runs left to right, right-aligned. Runs of digits and
   Latin text stay left-to-right inside the line, so '100' never becomes '001'. A text
   with an Arabic letter is ordered at a right-to-left paragraph level; one without (an
   English name, a citation) at a left-to-right level (:func:`has_rtl`).

Whether the build is right-to-left is set for the whole build with :func:`direction`;
the section and flowable code asks :func:`is_rtl` and mirrors its layout (tables'
columns, bullets, icon arrays, the ratings chart, header and footer). Shaping is
idempotent: shaped text passes through :func:`shape` unchanged.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.rl_config import paraFontSizeHeightOffset

from decision_aid.report.wrapping import Paragraph

_RTL: ContextVar[bool] = ContextVar("decision_aid_report_rtl", default=False)

ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
"""Arabic script, including the presentation forms the shaper produces."""
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Marks that steer the bidi algorithm and are never drawn."""
LRM = "\u200e"
LAM_ALEF = frozenset(
    f"ARABIC LIGATURE LAM WITH ALEF{kind}"
    for kind in ("", " WITH HAMZA ABOVE", " WITH HAMZA BELOW", " WITH MADDA ABOVE")
)
"""The ligatures Arabic requires; the shaper's optional ones are left out."""


@contextmanager
def direction(rtl: bool) -> Iterator[None]:
    """Build everything inside the block right-to-left (``rtl``) or left-to-right."""
    token = _RTL.set(rtl)
    try:
        yield
    finally:
        _RTL.reset(token)


def is_rtl() -> bool:
    """True while a right-to-left record is being built."""
    return _RTL.get()


def has_rtl(text: str) -> bool:
    """True if ``text`` has a right-to-left letter (Arabic, Hebrew ...).

    A text without any (an English name, a citation, a URL) is ordered left to right, even
    in a right-to-left record; a text with any is ordered right to left, which keeps a
    translated phrase around an inserted English value in the translation's order.
    """
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def is_arabic(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in ARABIC_RANGES)


# -- shaping ---------------------------------------------------------------------------------


@cache
def _reshaper() -> Any:
    # Only the lam-alef ligatures. Harakat (vowel marks) are removed: without OpenType
    # mark positioning they would sit on the wrong letter, and everyday Arabic is written
    # without them.
    settings: dict[str, Any] = {"delete_harakat": True, "support_ligatures": True}
    for name, _forms in _module("arabic_reshaper.ligatures").LIGATURES:
        settings[name] = name in LAM_ALEF
    return _module("arabic_reshaper").ArabicReshaper(configuration=settings)


def _module(name: str) -> Any:
    """A module of arabic-reshaper or python-bidi (neither ships type information)."""
    return importlib.import_module(name)


def shape(text: str) -> str:
    """``text`` with its Arabic letters in their contextual forms (logical order kept)."""
    if not any(is_arabic(ch) for ch in text):
        return text
    return str(_reshaper().reshape(text))


# -- fonts per script ------------------------------------------------------------------------


@dataclass(frozen=True)
class Faces:
    """The regular and bold face of the Latin font and of the Arabic font."""

    latin: str
    latin_bold: str
    arabic: str
    arabic_bold: str


_FACES: dict[str, Faces] = {}


def set_faces(faces: Faces) -> None:
    """Tell this module which registered fonts to use (``styles.register_fonts`` does)."""
    _FACES["faces"] = faces


def faces() -> Faces:
    """The faces in use; registers the shipped fonts on first use."""
    if "faces" not in _FACES:
        from decision_aid.report import styles

        styles.register_fonts()
    return _FACES["faces"]


@cache
def glyphs(font: str) -> frozenset[int]:
    """The characters a registered TrueType font has glyphs for."""
    found: Any = pdfmetrics.getFont(font)
    return frozenset(found.face.charToGlyph)


@cache
def arabic_coverage() -> frozenset[int]:
    """Arabic-script characters that both Arabic faces can draw."""
    f = faces()
    return frozenset(c for c in glyphs(f.arabic) & glyphs(f.arabic_bold) if is_arabic(chr(c)))


def _arabic_face(font: str) -> str:
    f = faces()
    return f.arabic_bold if font in (f.latin_bold, f.arabic_bold) else f.arabic


def _latin_face(font: str) -> str:
    f = faces()
    return f.latin_bold if font in (f.latin_bold, f.arabic_bold) else f.latin


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into runs, each with the face of ``font``'s weight that draws it.

    Arabic letters take the Arabic face. Characters the Arabic face also has (spaces,
    digits, common punctuation) stay with the run they are in, so that a line of Arabic
    is one run; anything else takes the Latin face.
    """
    if not text:
        return []
    arabic, latin = _arabic_face(font), _latin_face(font)
    shared = glyphs(arabic)
    kinds: list[str | None] = []
    for ch in text:
        if is_arabic(ch):
            kinds.append(arabic)
        elif ord(ch) in shared and not ch.isalpha():
            kinds.append(None)  # goes with its neighbours
        else:
            kinds.append(latin)
    first = next((k for k in kinds if k is not None), latin)
    runs: list[tuple[str, str]] = []
    current = first
    for ch, kind in zip(text, kinds, strict=True):
        face = current if kind is None else kind
        current = face
        if runs and runs[-1][1] == face:
            runs[-1] = (runs[-1][0] + ch, face)
        else:
            runs.append((ch, face))
    return runs


# -- bidi ------------------------------------------------------------------------------------


def visual_runs(runs: Sequence[str], rtl: bool = True) -> list[tuple[str, int]]:
    """One line's runs (logical order) in display order, at a right-to-left paragraph level
    (``rtl``) or a left-to-right one.

    The embedding levels come from python-bidi's ``get_display`` for the line (its Rust
    engine implements the current Unicode bidirectional algorithm, bracket pairs
    included); the line is then reordered here (rules L1, L2 and L4), so that each
    character keeps the index of the run it came from and styles and fonts follow their
    text. Brackets are mirrored where they are right to left (``get_display`` itself
    leaves that to the renderer); bidi marks are dropped.
    """
    text = "".join(runs)
    tags = [index for index, run in enumerate(runs) for _ch in run]
    base = 1 if rtl else 0
    levels = _line_levels(text, base)
    chars = list(zip(text, tags, levels, strict=True))
    order = _reorder(chars, base)
    out: list[tuple[str, int]] = []
    mirrored: dict[str, str] = _module("bidi.mirror").MIRRORED
    for char, tag, level in order:
        if char in BIDI_CONTROLS:
            continue
        glyph = mirrored.get(char, char) if level % 2 and unicodedata.mirrored(char) else char
        if out and out[-1][1] == tag:
            out[-1] = (out[-1][0] + glyph, tag)
        else:
            out.append((glyph, tag))
    return out


_LEVELS = re.compile(r"\n    levels: \[(.*?)\n    \]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+)")


def _line_levels(text: str, base: int) -> list[int]:
    """The resolved embedding level of each character (before the line rules)."""
    if not text:
        return []
    info = str(_module("bidi").get_display(text, base_dir="R" if base else "L", debug=True))
    found = _LEVELS.search(info)
    per_byte = [int(level) for level in _LEVEL.findall(found.group(1))] if found else []
    if len(per_byte) != len(text.encode("utf-8")):
        return _python_levels(text, base)
    levels, offset = [], 0
    for ch in text:  # the engine gives a level per UTF-8 byte
        levels.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return levels


def _python_levels(text: str, base: int) -> list[int]:
    """The levels from python-bidi's Python engine (an older version of the algorithm,
    without bracket pairs): used only if the Rust engine's report cannot be read."""
    algorithm = _module("bidi.algorithm")
    storage: dict[str, Any] = algorithm.get_empty_storage()
    storage["base_level"], storage["base_dir"] = base, "R" if base else "L"
    algorithm.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [base] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    return levels


def _reorder(chars: list[tuple[str, int, int]], base: int) -> list[tuple[str, int, int]]:
    """Rules L1 (whitespace at the end back to the base level) and L2 (reverse runs)."""
    levels = [level for _ch, _tag, level in chars]
    trailing = True
    for index in range(len(chars) - 1, -1, -1):
        kind = unicodedata.bidirectional(chars[index][0])
        if kind in ("S", "B"):
            levels[index] = base
            trailing = True
        elif trailing and (kind in ("WS", "BN") or chars[index][0] in BIDI_CONTROLS):
            levels[index] = base
        else:
            trailing = False
    items = [(ch, tag, level) for (ch, tag, _old), level in zip(chars, levels, strict=True)]
    if not items:
        return items
    highest = max(levels)
    odd = [level for level in levels if level % 2]
    lowest_odd = min(odd) if odd else highest + 1
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(items):
            if items[index][2] >= level:
                end = index
                while end < len(items) and items[end][2] >= level:
                    end += 1
                items[index:end] = items[index:end][::-1]
                index = end
            else:
                index += 1
    return items


def display(text: str, rtl: bool | None = None) -> str:
    """A single line in display order (what :func:`visual_runs` draws for one run).

    ``rtl`` None: right to left if the text has a right-to-left letter (:func:`has_rtl`).
    """
    base = has_rtl(text) if rtl is None else rtl
    return "".join(part for part, _run in visual_runs([text], base))


# -- lines drawn straight onto the canvas ----------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """Text drawn in one face and size, left to right."""

    text: str
    font: str
    size: float

    @property
    def width(self) -> float:
        return float(stringWidth(self.text, self.font, self.size))


def logical_width(text: str, font: str, size: float) -> float:
    """Width of shaped ``text`` drawn with the faces :func:`font_runs` picks."""
    return sum(float(stringWidth(t, f, size)) for t, f in font_runs(text, font))


def line_pieces(text: str, font: str, size: float, rtl: bool | None = None) -> list[Piece]:
    """One shaped logical line as pieces in display order (``rtl`` as for :func:`display`)."""
    runs = font_runs(text.strip(), font)
    base = has_rtl(text) if rtl is None else rtl
    order = visual_runs([t for t, _f in runs], base)
    return [Piece(part, runs[index][1], size) for part, index in order]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` shaped and broken into logical lines no wider than ``width`` (at spaces)."""
    lines: list[str] = []
    for paragraph in shape(text).split("\n"):
        current = ""
        for word in paragraph.split(" "):
            trial = f"{current} {word}" if current else word
            if current and logical_width(trial, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


def draw_line(  # noqa: PLR0917 - canvas, place, text and font, as reportlab's drawString
    canv: Any,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    anchor: str,
    rtl: bool | None = None,
) -> float:
    """Draw one logical line with its right end (``anchor`` 'right'), left end or centre at x.

    ``rtl`` as for :func:`display`. Returns the width drawn.
    """
    pieces = line_pieces(shape(text), font, size, rtl)
    width = sum(p.width for p in pieces)
    left = x - width if anchor == "right" else x - width / 2 if anchor == "centre" else x
    for piece in pieces:
        canv.setFont(piece.font, piece.size)
        canv.drawString(left, y, piece.text)
        left += piece.width
    return width


# -- paragraphs ------------------------------------------------------------------------------

_MIRRORED: dict[tuple[str, int], ParagraphStyle] = {}
_ALIGN: dict[object, int] = {
    TA_LEFT: TA_RIGHT,
    TA_RIGHT: TA_LEFT,
    TA_JUSTIFY: TA_RIGHT,
    TA_CENTER: TA_CENTER,
}


def mirror_style(style: ParagraphStyle) -> ParagraphStyle:
    """The style for right-to-left text: aligned to the right, indents swapped."""
    key = (style.name, id(style))
    if key not in _MIRRORED:
        settings: dict[str, Any] = {
            "alignment": _ALIGN.get(style.alignment, TA_RIGHT),
            "leftIndent": style.rightIndent,
            "rightIndent": style.leftIndent,
        }
        _MIRRORED[key] = ParagraphStyle(f"{style.name}-rtl", parent=style, **settings)
    return _MIRRORED[key]


class RtlParagraph(Paragraph):
    """A paragraph of right-to-left text: shaped, wrapped in logical order, each line
    drawn in display order; its bullet, if any, on the right.

    Use it with a style from :func:`mirror_style`. The markup is reportlab's (``<b>``,
    ``<br/>``, entities); justified text is drawn flush right.
    """

    def __init__(  # noqa: PLR0917 - reportlab's signature, which its split() calls
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,  # noqa: N803 - reportlab's name
        frags: list[Any] | None = None,
        caseSensitive: int = 1,  # noqa: N803 - reportlab's name
        encoding: str = "utf8",
    ) -> None:
        markup: Any = None if text is None else shape(text)
        super().__init__(markup, style, None, frags, caseSensitive, encoding)
        self.rtl_bullet = bulletText
        if text is not None:
            self.frags = _split_frags(self.frags)
        self.base_rtl = has_rtl("".join(getattr(f, "text", "") for f in self.frags))
        """Order the lines right to left (see :func:`has_rtl`); aligned right either way."""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts: list[Any] = super().split(availWidth, availHeight)
        for index, part in enumerate(parts):
            if part is not self:
                part.rtl_bullet = self.rtl_bullet if index == 0 else None
                part.base_rtl = self.base_rtl
        return parts

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - reportlab API
        canv, style, para = self.canv, self.style, self._lines()
        lines = para.lines
        if not lines:
            return
        first = lines[0] if para.kind == 1 and not isinstance(lines[0], tuple) else para
        y = self.height - (
            first.fontSize if paraFontSizeHeightOffset else getattr(first, "ascent", first.fontSize)
        )
        canv.saveState()
        if self.rtl_bullet:
            canv.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
            canv.setFont(style.bulletFontName, style.bulletFontSize)
            bullet = str(self.rtl_bullet)
            canv.drawRightString(self.width - style.bulletIndent, y, bullet)
        for number, line in enumerate(lines):
            pieces = self._pieces(line)
            width = sum(piece[0].width for piece in pieces)
            right = self.width - style.rightIndent - (style.firstLineIndent if number == 0 else 0)
            left = style.leftIndent
            if style.alignment == TA_LEFT:
                x = left
            elif style.alignment == TA_CENTER:
                x = (left + right - width) / 2
            else:
                x = right - width
            for piece, colour in pieces:
                canv.setFillColor(colour)
                canv.setFont(piece.font, piece.size)
                canv.drawString(x, y, piece.text)
                x += piece.width
            y -= style.leading
        canv.restoreState()

    def _lines(self) -> Any:
        """reportlab's wrapped lines (set by ``wrap``)."""
        return getattr(self, "blPara")  # noqa: B009 - set by reportlab, not declared

    def _pieces(self, line: Any) -> list[tuple[Piece, Any]]:
        """A wrapped line as (piece, colour) in display order."""
        para = self._lines()
        if isinstance(line, tuple):  # one font for the whole paragraph
            text = " ".join(line[1])
            runs = [(text, para.fontName, para.fontSize, para.textColor)]
        else:
            runs = [
                (f.text, f.fontName, f.fontSize, f.textColor)
                for f in line.words
                if getattr(f, "_fkind", 0) == 0 and getattr(f, "text", "")
            ]
        if runs:  # spaces at either end of a line are not drawn
            runs[0] = (runs[0][0].lstrip(), *runs[0][1:])
            runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
        order = visual_runs([r[0] for r in runs], self.base_rtl)
        return [
            (Piece(part, runs[index][1], runs[index][2]), runs[index][3]) for part, index in order
        ]


def _split_frags(frags: list[Any]) -> list[Any]:
    """Cut reportlab's text fragments so that each is in a face that has its characters."""
    out: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or getattr(frag, "_fkind", 0) != 0 or not hasattr(frag, "clone"):
            out.append(frag)
            continue
        for part, font in font_runs(text, frag.fontName):
            out.append(frag.clone(text=part, fontName=font))
    return out


def mirror_table_command(command: tuple[Any, ...], columns: int) -> tuple[Any, ...]:
    """A TableStyle command for the same table with its columns in reverse order."""
    name, start, end, *rest = command
    swap = {
        "LEFTPADDING": "RIGHTPADDING",
        "RIGHTPADDING": "LEFTPADDING",
        "LINEBEFORE": "LINEAFTER",
        "LINEAFTER": "LINEBEFORE",
    }
    name = swap.get(name, name)
    if name in ("ALIGN", "HALIGN") and rest and rest[0] in ("LEFT", "RIGHT"):
        rest = ["RIGHT" if rest[0] == "LEFT" else "LEFT", *rest[1:]]

    def flip(column: int) -> int:
        index = column if column >= 0 else columns + column
        return columns - 1 - index

    first, last = sorted((flip(start[0]), flip(end[0])))
    return (name, (first, start[1]), (last, end[1]), *rest)
