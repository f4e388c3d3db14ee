"""Embedded TrueType subsets, each with a tag of its own.

A PDF names an embedded subset ``TAG+FontName``, where the six capital letters of the tag
tell subsets of one font apart (ISO 32000-1, 9.6.4). reportlab numbers a font's subsets
from ``AAAAAA`` in every document, so the record's first DejaVu Sans subset and the
signature appearance's (another document, merged in when signing) were both
``AAAAAA+DejaVuSans`` with different glyphs, and a viewer or a PDF/A validator that
goes by the name may take one for the other. :class:`SubsetFont` tags each subset from
what it holds (the font and its characters, in code order): different subsets get
different tags, and the same subset the same tag, so builds stay byte-identical.
"""

from __future__ import annotations

import hashlib
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont

TAG_LETTERS = 6


def subset_tag(font_name: str, codes: list[int]) -> str:
    """Six capital letters derived from the font's name and the subset's characters."""
    digest = hashlib.sha256(font_name.encode("utf-8"))
    digest.update(b"\0" + ",".join(f"{code:x}" for code in codes).encode("ascii"))
    number = int.from_bytes(digest.digest()[:8], "big")
    letters = []
    for _position in range(TAG_LETTERS):
        number, index = divmod(number, 26)
        letters.append(chr(ord("A") + index))
    return "".join(letters)


class SubsetFont(TTFont):
    """A TrueType font whose embedded subsets are tagged by their content."""

    def addObjects(self, doc: Any) -> None:  # noqa: N802 - reportlab API
        state: Any = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        names = [self.getSubsetInternalName(number, doc)[1:] for number in range(len(subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        face = self.face.name.decode("pdfdoc") + self.face.subfontNameX.decode("pdfdoc")
        for name, codes in zip(names, subsets, strict=True):
            font = fonts[name]
            old = str(font.BaseFont)
            new = f"{subset_tag(face, codes)}+{face}"
            font.BaseFont = new
            descriptor = doc.idToObject["fontDescriptor:" + old]
            descriptor.dict["FontName"] = pdfdoc.PDFName(new)
