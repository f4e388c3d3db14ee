"""Right-to-left text in the PDFs: shaping, a face per script, and bidi order per line.

reportlab orders right-to-left text only with ``rlbidi`` (not on PyPI) and shapes only
with ``uharfbuzz``; this module does both with what the project pins:

1. **Shape** in logical order with ``arabic_reshaper``: each Arabic letter becomes its
   contextual form (lam-alef as its ligature), before wrapping, so that lines are
   measured with the glyphs drawn. Lines break only at spaces, where no letters join.
2. **Keep left-to-right runs whole**: the spaces inside a phone number are made
   no-break (:func:`prepare`), so "0808 808 00 00" is never split across two lines.
3. **Wrap** in logical order (reportlab's ``Paragraph``, or :func:`wrap`).
4. **Order each wrapped line** with python-bidi's ``get_display`` (the Unicode
   bidirectional algorithm), phone numbers, web and e-mail addresses isolated first with
   ``i18n.bidi.isolate_ltr_runs``, so that their digits and their trailing "/" stay
   where they were written. A line in several styles (a bold name, then plain text)
   treats each style run as an isolate at the paragraph's direction, as UAX #9 advises
   for marked-up spans: each run is ordered on its own, and the runs follow the
   paragraph's direction.
5. **Mirror** what ``get_display`` leaves to the renderer (rule L4): a bracket or a
   guillemet in right-to-left text is drawn as its mirror image, and carries its own
   character as ActualText so that it copies as written.
6. **Draw** in display order, each character in a face that has it: Arabic script in
   Noto Naskh Arabic, the rest (Latin names, URLs, symbols) in DejaVu Sans. The Arabic
   faces read back as letters (``arabic_font``).

A text with an Arabic (or Hebrew) letter is ordered at a right-to-left paragraph level;
one without (an English name, a citation) at a left-to-right one (:func:`has_rtl`).
Whether a build is right-to-left is set for the whole build with :func:`direction`; the
layout code asks :func:`is_rtl` and mirrors tables, bullets, icon arrays and charts.
"""

from __future__ import annotations

import importlib
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from decision_aid.i18n.bidi import LRI, PDI, isolate_ltr_runs
from decision_aid.report.arabic_font import mark_ligatures

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
NBSP = "\u00a0"
LAM_ALEF = frozenset(
    f"ARABIC LIGATURE LAM WITH ALEF{kind}"
    for kind in ("", " WITH HAMZA ABOVE", " WITH HAMZA BELOW", " WITH MADDA ABOVE")
)
"""The ligatures Arabic requires; the shaper's optional ones are left out."""
MIRRORS = dict(zip("()[]{}<>«»‹›≤≥", ")(][}{><»«›‹≥≤", strict=True))
"""Characters drawn as their mirror image in right-to-left text (Bidi_Mirroring_Glyph)."""


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
    # without them. (arabic-reshaper ships no type information.)
    settings: dict[str, Any] = {"delete_harakat": True, "support_ligatures": True}
    for name, _forms in importlib.import_module("arabic_reshaper.ligatures").LIGATURES:
        settings[name] = name in LAM_ALEF
    return importlib.import_module("arabic_reshaper").ArabicReshaper(configuration=settings)


def shape(text: str) -> str:
    """``text`` with its Arabic letters in their contextual forms (logical order kept)."""
    if not any(is_arabic(ch) for ch in text):
        return text
    return str(_reshaper().reshape(text))


def keep_runs_whole(text: str) -> str:
    """``text`` with no-break spaces inside phone numbers, so they never wrap."""
    isolated = isolate_ltr_runs(text)
    if isolated == text:
        return text
    parts = isolated.split(PDI)
    for index, part in enumerate(parts[:-1]):
        before, _lri, run = part.rpartition(LRI)
        parts[index] = before + run.replace(" ", NBSP)
    return "".join(parts)


def prepare(text: str) -> str:
    """``text`` ready to wrap: shaped, its left-to-right runs kept whole."""
    return keep_runs_whole(shape(text))


# -- fonts per script ------------------------------------------------------------------------


@dataclass(frozen=True)
class Faces:
    """The regular and bold face of the Latin font and of the Arabic font."""

    latin: str
    latin_bold: str
    arabic: str
    arabic_bold: str


_FACES: dict[str, Faces] = {}
_ARABIC_LOADER: list[Callable[[], None]] = []
"""Registers the Arabic faces: run the first time one is needed."""
_ARABIC_LOCK = threading.Lock()


def set_faces(faces: Faces, arabic: Callable[[], None] | None = None) -> None:
    """Tell this module which fonts to use (``styles.register_fonts`` does); ``arabic``
    registers the Arabic faces, and runs when text first needs them."""
    _FACES["faces"] = faces
    _ARABIC_LOADER[:] = [arabic] if arabic is not None else []


def _arabic_faces() -> Faces:
    """The faces in use, with the Arabic ones registered."""
    found = faces()
    with _ARABIC_LOCK:
        if _ARABIC_LOADER:
            _ARABIC_LOADER[0]()
            _ARABIC_LOADER.clear()
    return found


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
    f = _arabic_faces()
    return frozenset(c for c in glyphs(f.arabic) & glyphs(f.arabic_bold) if is_arabic(chr(c)))


def is_bold(font: str) -> bool:
    f = faces()
    return font in (f.latin_bold, f.arabic_bold)


def _arabic_face(font: str) -> str:
    f = _arabic_faces()
    return f.arabic_bold if is_bold(font) else f.arabic


def _latin_face(font: str) -> str:
    f = faces()
    return f.latin_bold if is_bold(font) else f.latin


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """``text`` cut into runs, each with the face of ``font``'s weight that draws it.

    Arabic letters take the Arabic face. Characters the Arabic face also has (spaces,
    digits, common punctuation) stay with the run they are in, so that a line of Arabic
    is one run; anything else takes the Latin face.
    """
    if not text:
        return []
    if not any(is_arabic(ch) for ch in text):
        return [(text, _latin_face(font))]  # all of it in the Latin face, as below
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
    current = next((k for k in kinds if k is not None), latin)
    runs: list[tuple[str, str]] = []
    for ch, kind in zip(text, kinds, strict=True):
        current = current if kind is None else kind
        if runs and runs[-1][1] == current:
            runs[-1] = (runs[-1][0] + ch, current)
        else:
            runs.append((ch, current))
    return runs


def logical_width(text: str, font: str, size: float) -> float:
    """Width of shaped ``text`` drawn with the faces :func:`font_runs` picks."""
    return sum(float(stringWidth(t, f, size)) for t, f in font_runs(text, font))


# -- bidi ------------------------------------------------------------------------------------


def _ordered(text: str, rtl: bool) -> str:
    """One line in display order, isolates and bidi marks gone (brackets not mirrored)."""
    isolated = isolate_ltr_runs(text.replace(NBSP, " "))
    get_display: Any = importlib.import_module("bidi").get_display  # no type information
    shown = str(get_display(isolated, base_dir="R" if rtl else "L"))
    return "".join(ch for ch in shown if ch not in BIDI_CONTROLS)


def _strength(ch: str) -> str | None:
    """'L' or 'R' for a character that steers the direction of its neighbours (numbers
    count as right to left, as in UAX #9's rule N1), else None."""
    kind = unicodedata.bidirectional(ch)
    if kind == "L":
        return "L"
    if kind in ("R", "AL", "EN", "AN"):
        return "R"
    return None


def mirrored(shown: str, rtl: bool) -> list[bool]:
    """Which characters of a line in display order are drawn as their mirror image.

    A mirrored character (a bracket, a guillemet) is reversed when it stands in
    right-to-left text: when the nearest directional characters on both sides are right
    to left, or, when they disagree, when the paragraph is (rule N1). The ends of the
    line count as the paragraph's direction. A bracket where they disagree (at the edge
    of a run, as the ')' of 'Riverside Action (fictional)' ending an Arabic line) goes
    with its partner, as rule N0 pairs them: a pair that reads '(…)' from the left was
    ordered left to right and stays; one that reads ')…(' is mirrored.
    """
    edge = "R" if rtl else "L"
    strengths = [_strength(ch) for ch in shown]
    flags: dict[int, bool] = {}
    for index, ch in enumerate(shown):
        if ch not in MIRRORS or index in flags:
            continue
        left = next((s for s in reversed(strengths[:index]) if s), edge)
        right = next((s for s in strengths[index + 1 :] if s), edge)
        if left == right or (pair := _bracket_pair(shown, index)) is None:
            flags[index] = (left if left == right else edge) == "R"
            continue
        partner, reversed_ = pair
        flags[index] = flags[partner] = reversed_
    return [flags.get(index, False) for index in range(len(shown))]


_BRACKETS = dict(zip("([{<", ")]}>", strict=True))
"""Paired brackets (Bidi_Paired_Bracket), opening to closing, as written."""


def _bracket_pair(shown: str, index: int) -> tuple[int, bool] | None:
    """The partner of the bracket at ``index`` in a line in display order, and whether
    the pair was reversed (ordered right to left: it reads ')…(' from the left)."""
    ch = shown[index]
    closing = {close: opening for opening, close in _BRACKETS.items()}
    if ch in _BRACKETS:
        partner, forward = _BRACKETS[ch], 1
    elif ch in closing:
        partner, forward = closing[ch], -1
    else:
        return None
    for step, reversed_ in ((forward, False), (-forward, True)):
        depth = 0
        at = index + step
        while 0 <= at < len(shown):
            if shown[at] == ch:
                depth += 1
            elif shown[at] == partner:
                if depth == 0:
                    return at, reversed_
                depth -= 1
            at += step
    return None


def display(text: str, rtl: bool | None = None) -> str:
    """A single line as it is seen, left to right: ordered, brackets mirrored.

    ``rtl`` None: right to left if the text has a right-to-left letter (:func:`has_rtl`).
    """
    base = has_rtl(text) if rtl is None else rtl
    shown = _ordered(text, base)
    flags = mirrored(shown, base)
    return "".join(MIRRORS[ch] if flip else ch for ch, flip in zip(shown, flags, strict=True))


@dataclass(frozen=True)
class Run:
    """Part of a line (logical order) in one style: a face of the weight wanted, a size
    and a colour (None: the canvas's current colour)."""

    text: str
    font: str
    size: float
    colour: Any = None


@dataclass(frozen=True)
class Piece:
    """Text drawn in one face, size and colour, left to right. ``actual``: what it reads
    as, when that is not the text drawn (a mirrored bracket)."""

    text: str
    font: str
    size: float
    colour: Any = None
    actual: str | None = None

    @property
    def width(self) -> float:
        return float(stringWidth(self.text, self.font, self.size))


def _run_pieces(run: Run, rtl: bool) -> list[Piece]:
    shown = _ordered(run.text, rtl)
    flags = mirrored(shown, rtl)
    pieces: list[Piece] = []
    offset = 0
    for text, face in font_runs(shown, run.font):
        start = 0
        for index in range(len(text)):
            if flags[offset + index]:
                if index > start:
                    pieces.append(Piece(text[start:index], face, run.size, run.colour))
                pieces.append(
                    Piece(MIRRORS[text[index]], face, run.size, run.colour, actual=text[index])
                )
                start = index + 1
        if start < len(text):
            pieces.append(Piece(text[start:], face, run.size, run.colour))
        offset += len(text)
    return pieces


def line_pieces(runs: Sequence[Run], rtl: bool) -> list[Piece]:
    """One wrapped line, given as runs in logical order, as pieces in display order.

    Each run is ordered on its own at the paragraph's direction (``rtl``), and the runs
    follow that direction: the first run of a right-to-left line is on the right.
    """
    ordered = list(runs)[::-1] if rtl and len(runs) > 1 else list(runs)
    return [piece for run in ordered if run.text for piece in _run_pieces(run, rtl)]


def draw_pieces(canv: Any, x: float, y: float, pieces: Sequence[Piece]) -> float:
    """Draw pieces left to right from x; returns the width drawn."""
    start = x
    arabic = {faces().arabic, faces().arabic_bold}
    for piece in pieces:
        if piece.colour is not None:
            canv.setFillColor(piece.colour)
        canv.setFont(piece.font, piece.size)
        text = mark_ligatures(piece.text) if piece.font in arabic else piece.text
        if piece.actual is not None:
            utf16 = ("\ufeff" + piece.actual).encode("utf-16-be").hex().upper()
            canv.addLiteral(f"/Span <</ActualText <{utf16}>>> BDC")
            canv.drawString(x, y, text)
            canv.addLiteral("EMC")
        else:
            canv.drawString(x, y, text)
        x += piece.width
    return x - start


# -- lines drawn straight onto the canvas ----------------------------------------------------


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` prepared (:func:`prepare`) and broken at spaces into logical lines no wider
    than ``width``."""
    lines: list[str] = []
    for paragraph in prepare(text).split("\n"):
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
    line = prepare(text).strip()
    base = has_rtl(line) if rtl is None else rtl
    pieces = line_pieces([Run(line, font, size)], base)
    width = sum(p.width for p in pieces)
    left = x - width if anchor == "right" else x - width / 2 if anchor == "centre" else x
    return draw_pieces(canv, left, y, pieces)
