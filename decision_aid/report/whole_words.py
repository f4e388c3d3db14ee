"""Paragraphs that never break inside a word: column headings and option names.

reportlab breaks a word that is wider than its column ("Mastectom" on one line, "y" on
the next). A heading in a narrow column (five options side by side) is set a little
smaller instead, just enough for its longest word to fit; it still wraps between words.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from decision_aid.report.rtl_paragraph import RtlParagraph
from decision_aid.report.wrapping import Paragraph

SLACK = 0.5
"""Points left over beside the longest word, against rounding."""


def _fit(paragraph: Any, avail_width: float) -> None:
    """Scale ``paragraph``'s text so that its longest word fits ``avail_width``."""
    if not hasattr(paragraph, "_base"):
        sized = [(f, f.fontSize) for f in paragraph.frags if hasattr(f, "fontSize")]
        paragraph._base = (paragraph.style, sized)
    style, sized = paragraph._base
    longest = max(
        (
            float(stringWidth(word, frag.fontName, size))
            for frag, size in sized
            if getattr(frag, "_fkind", 0) == 0
            for word in (getattr(frag, "text", "") or "").split()
        ),
        default=0.0,
    )
    room = avail_width - style.leftIndent - style.rightIndent - max(0.0, style.firstLineIndent)
    factor = min(1.0, (room - SLACK) / longest) if longest > 0 and room > SLACK else 1.0
    for frag, size in sized:
        frag.fontSize = size * factor
    paragraph.style = (
        style
        if factor == 1.0
        else ParagraphStyle(
            f"{style.name}-fit",
            parent=style,
            fontSize=style.fontSize * factor,
            leading=style.leading * factor,
        )
    )


class WholeWordsParagraph(Paragraph):
    """A paragraph set smaller rather than broken inside a word."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        _fit(self, availWidth)
        width, height = super().wrap(availWidth, availHeight)
        return width, height


class RtlWholeWordsParagraph(RtlParagraph):
    """The same, right to left."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        _fit(self, availWidth)
        width, height = super().wrap(availWidth, availHeight)
        return width, height
