"""How Qt lays out a text in a right-to-left widget: where each character lands.

Qt's own layout engine (QTextLayout, through QTextDocument for rich text) says where
every character is drawn, so a test can read a run the way a reader does.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextBlock, QTextDocument, QTextLayout, QTextOption

WIDE = 100_000
"""A line width that never wraps, so a run's characters all sit on one line."""


def laid_out(text: str, *, rich: bool = False, rtl: bool = True) -> QTextDocument:
    """``text`` (plain, or the markup a rich label holds) laid out as in a widget whose
    layout direction is right to left (or left to right)."""
    document = QTextDocument()
    document.setDefaultFont(QFont())
    option = QTextOption()
    option.setTextDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    document.setDefaultTextOption(option)
    if rich:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    document.setTextWidth(WIDE)
    document.size()  # lays the whole document out now (Qt does it lazily)
    return document


def _block_with(document: QTextDocument, part: str) -> tuple[QTextBlock, int]:
    block = document.begin()
    while block.isValid():
        at = block.text().find(part)
        if at >= 0:
            return block, at
        block = block.next()
    raise AssertionError(f"{part!r} is not in the laid-out text")


def glyph_x(document: QTextDocument, part: str) -> list[float]:
    """Where each character of ``part`` is drawn (the x of its glyph), in the first block
    that holds it; characters drawn without a glyph are left out."""
    block, at = _block_with(document, part)
    flags = (
        QTextLayout.GlyphRunRetrievalFlag.RetrieveStringIndexes
        | QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphPositions
        | QTextLayout.GlyphRunRetrievalFlag.RetrieveGlyphIndexes
    )
    where: dict[int, float] = {}
    layout = block.layout()
    for number in range(layout.lineCount()):
        for run in layout.lineAt(number).glyphRuns(-1, -1, flags):
            for index, position in zip(run.stringIndexes(), run.positions(), strict=False):
                where.setdefault(index, position.x())
    return [where[i] for i in range(at, at + len(part)) if i in where]


def reads_left_to_right(text: str, run: str, *, rich: bool = False, rtl: bool = True) -> bool:
    """True when every character of ``run`` inside ``text`` is drawn after (to the right
    of) the one written before it: the run reads in its written order."""
    xs = glyph_x(laid_out(text, rich=rich, rtl=rtl), run)
    assert len(xs) > len(run) // 2, "most of the run should be drawn"
    return all(a < b for a, b in itertools.pairwise(xs))


def x_of(text: str, part: str, *, rich: bool = False, rtl: bool = True) -> float:
    """Where the first character of ``part`` is drawn."""
    return glyph_x(laid_out(text, rich=rich, rtl=rtl), part)[0]
