"""Arabic faces whose glyphs copy and search as Arabic letters.

Arabic is drawn as contextual presentation forms (``rtl.shape``): U+FE8E for a final
alef, U+FEFB for the lam-alef ligature. reportlab's ToUnicode map gives each glyph the
character it was drawn from, so a reader copying the text, or searching it for
"سرطان", got presentation forms instead of letters and found nothing.

:class:`LetterFont` is reportlab's TrueType font with one change: its ToUnicode map
gives each presentation form the letter it stands for (NFKC), so every glyph extracts
as one letter, in the place it is drawn. A ligature is two letters in one glyph. A
multi-letter mapping is ordered differently by different readers (poppler 22 reverses
it in right-to-left text), so a ligature is given one letter per glyph instead: the
ligature glyph maps to its alef, and a zero-width glyph drawn at its right-hand end,
:data:`LIGATURE_MARK`, maps to the lam that is read first. The mark is a character the
record never draws otherwise (``styles.printable`` drops every invisible format
character), so the mapping is unambiguous.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from decision_aid.report.font_subsets import SubsetFont

LIGATURE_MARK = "\u200b"
"""Drawn, zero width and without ink, just after (to the right of) every lam-alef
ligature; reads as lam. (Noto Naskh Arabic draws a visible mark for U+200D and U+200C;
its U+200B glyph is empty.)"""
LAM = "\u0644"
LAM_ALEF_FORMS = range(0xFEF5, 0xFEFD)
"""The lam-alef ligatures (isolated and final, with each kind of alef)."""
PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


def letters_of(code: int) -> str:
    """What the glyph drawn for the character ``code`` reads as."""
    char = chr(code)
    if char == LIGATURE_MARK:
        return LAM
    if not any(low <= code <= high for low, high in PRESENTATION_FORMS):
        return char
    plain = unicodedata.normalize("NFKC", char)
    if code in LAM_ALEF_FORMS and plain.startswith(LAM) and len(plain) == 2:
        return plain[1]  # the lam is the mark's
    return plain or char


def mark_ligatures(text: str) -> str:
    """``text`` (in display order) with the mark after every lam-alef ligature."""
    if not any(ord(ch) in LAM_ALEF_FORMS for ch in text):
        return text
    return "".join(ch + LIGATURE_MARK if ord(ch) in LAM_ALEF_FORMS else ch for ch in text)


def to_unicode_cmap(name: str, codes: list[int]) -> str:
    """A ToUnicode CMap for a one-byte font subset whose code ``i`` draws ``codes[i]``."""
    entries = [
        f"<{index:02X}> <{letters_of(code).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(codes)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(codes) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class LetterFont(SubsetFont):
    """A TrueType font whose text extracts as letters, not presentation forms."""

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab API
        """reportlab's font objects, then each subset's ToUnicode map rewritten."""
        state: Any = self.state[doc]
        subsets = [list(subset) for subset in state.subsets]
        names = [self.getSubsetInternalName(number, doc)[1:] for number in range(len(subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, codes in zip(names, subsets, strict=True):
            font = fonts[name]
            stream = doc.idToObject[font.ToUnicode.name]
            stream.content = to_unicode_cmap(str(font.BaseFont), codes)
