"""Right-to-left paragraphs and tables for reportlab's platypus.

:class:`RtlParagraph` is reportlab's ``Paragraph`` wrapped in logical order (so its
lines break where the text's words end) and drawn line by line in display order
(``rtl.line_pieces``). Tables are mirrored by reversing their columns
(:func:`mirror_table_command` turns a style command for the original table into one
for the mirrored table).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.rl_config import paraFontSizeHeightOffset

from decision_aid.report import rtl
from decision_aid.report.wrapping import Paragraph

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
        markup: Any = None if text is None else rtl.shape(text)
        super().__init__(markup, style, None, frags, caseSensitive, encoding)
        self.rtl_bullet = bulletText
        if text is not None:
            self.frags = _split_frags(self.frags)
        self.base_rtl = rtl.has_rtl("".join(getattr(f, "text", "") for f in self.frags))
        """Order the lines right to left (see ``rtl.has_rtl``); aligned right either way."""

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
            pieces = rtl.line_pieces(self._runs(line), self.base_rtl)
            width = sum(piece.width for piece in pieces)
            right = self.width - style.rightIndent - (style.firstLineIndent if number == 0 else 0)
            left = style.leftIndent
            if style.alignment == TA_LEFT:
                x = left
            elif style.alignment == TA_CENTER:
                x = (left + right - width) / 2
            else:
                x = right - width
            rtl.draw_pieces(canv, x, y, pieces)
            y -= style.leading
        canv.restoreState()

    def _lines(self) -> Any:
        """reportlab's wrapped lines (set by ``wrap``)."""
        return getattr(self, "blPara")  # noqa: B009 - set by reportlab, not declared

    def _runs(self, line: Any) -> list[rtl.Run]:
        """A wrapped line as style runs in logical order (a face of each run's weight
        stands for the weight: the faces per script are chosen after ordering)."""
        para = self._lines()
        if isinstance(line, tuple):  # one font for the whole paragraph
            runs = [rtl.Run(" ".join(line[1]), para.fontName, para.fontSize, para.textColor)]
        else:
            runs = []
            for frag in line.words:
                text = getattr(frag, "text", "")
                if getattr(frag, "_fkind", 0) != 0 or not text:
                    continue
                run = rtl.Run(text, frag.fontName, frag.fontSize, frag.textColor)
                last = runs[-1] if runs else None
                if last is not None and _same_style(last, run):
                    runs[-1] = rtl.Run(last.text + text, last.font, last.size, last.colour)
                else:
                    runs.append(run)
        if runs:  # spaces at either end of a line are not drawn
            runs[0] = rtl.Run(runs[0].text.lstrip(), runs[0].font, runs[0].size, runs[0].colour)
            last = runs[-1]
            runs[-1] = rtl.Run(last.text.rstrip(), last.font, last.size, last.colour)
        return runs


def _same_style(a: rtl.Run, b: rtl.Run) -> bool:
    """The same weight, size and colour (the face per script does not count)."""
    return rtl.is_bold(a.font) == rtl.is_bold(b.font) and (a.size, a.colour) == (
        b.size,
        b.colour,
    )


def _split_frags(frags: list[Any]) -> list[Any]:
    """Keep phone numbers whole, and cut reportlab's text fragments so that each is in a
    face that has its characters (for measuring the lines)."""
    out: list[Any] = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or getattr(frag, "_fkind", 0) != 0 or not hasattr(frag, "clone"):
            out.append(frag)
            continue
        for part, font in rtl.font_runs(rtl.keep_runs_whole(text), frag.fontName):
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
