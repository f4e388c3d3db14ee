"""The one-frame page template every PDF of the report engine is laid out in: the record,
the take-home sheet and the group's record.

The document's metadata is the PDF/A ``DocumentInfo`` (so the Info dictionary and the
XMP packet agree), and it is built ``invariant``: the same inputs give the same bytes.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from decision_aid.report import styles as st
from decision_aid.report.pdfa import DocumentInfo


def one_frame_document(
    out: BinaryIO,
    info: DocumentInfo,
    name: str,
    place: tuple[float, float, float, float],
    *,
    size: float | None = None,
    leading: float | None = None,
) -> BaseDocTemplate:
    """A document writing to ``out`` with one page template called ``name`` whose frame
    (no padding) is ``place`` (x, y, width, height); ``size`` and ``leading`` are the
    body text's, when they are not the styles' default."""
    x, y, width, height = place
    frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    extra: dict[str, Any] = {}
    if size is not None:
        extra["initialFontSize"] = size
    if leading is not None:
        extra["initialLeading"] = leading
    return BaseDocTemplate(
        out,
        pagesize=st.PAGE_SIZE,
        pageTemplates=[PageTemplate(name, [frame])],
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=[info.keywords],
        creator=info.creator,
        producer=info.producer,
        invariant=1,
        lang=info.lang,
        initialFontName=st.FONT,
        **extra,
    )
