"""The take-home sheet as a one-page PDF, in the patient's language.

Its words are ``handout_text``'s. The page is set in large, plain type; when the
consultation has more to say than one page holds, the type is set a little smaller,
then long lines are shortened and long lists end in "… and 3 more", so the sheet is
always one page. It is PDF/A-1b (every font embedded), right to left for Arabic, and
not signed; its metadata names neither the patient nor the consultation.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer

import decision_aid
from decision_aid.content.model import Pack
from decision_aid.i18n import _, available_languages, is_right_to_left, ngettext, using
from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.blocks import bullets, esc, para, rich, shortened, table
from decision_aid.report.document import one_frame_document
from decision_aid.report.handout_text import Handout, HandoutOptions, Line, Part, handout_text
from decision_aid.report.pdfa import DocumentInfo, pdfa_canvas_maker
from decision_aid.session.model import SessionRecord

SIZES = (11.5, 11.0, 10.5, 10.0, 9.5, 9.0)
"""Body sizes tried, largest first."""
TRIMS = ((None, None), (320, 6), (200, 4), (120, 2))
"""(characters per line, items per list) tried at the smallest size, in order."""


def build_handout(pack: Pack, record: SessionRecord, options: HandoutOptions) -> bytes:
    """The sheet as PDF bytes; ``pack`` in the patient's language."""
    st.register_fonts()
    code = options.language.replace("-", "_")
    known = available_languages()
    catalog = code if code in known else code.split("_")[0]
    with using(catalog), rtl.direction(is_right_to_left(code)):
        words = handout_text(pack, record, options)
        pdf = b""
        for characters, items in TRIMS:
            shorter = trimmed(words, characters, items)
            for size in SIZES if characters is None else SIZES[-1:]:
                pdf, pages = _render(shorter, options, size)
                if pages == 1:
                    return pdf
        return pdf  # the shortest form, even if it overflows a little


def trimmed(words: Handout, characters: int | None, items: int | None) -> Handout:
    """``words`` with each line cut to ``characters`` and each list to ``items`` entries."""
    if characters is None or items is None:
        return words
    parts = []
    for part in words.parts:
        lines = [
            replace(
                line,
                text=shortened(line.text, characters),
                details=tuple(shortened(d, characters) for d in line.details),
            )
            for line in part.lines
        ]
        if part.listed and len(lines) > items:
            more = len(lines) - (items - 1)
            rest = ngettext("… and {count} more", "… and {count} more", more).format(count=more)
            lines = [*lines[: items - 1], Line(rest)]
        parts.append(replace(part, lines=lines))
    return replace(words, parts=parts)


def _styles(size: float) -> dict[str, ParagraphStyle]:
    leading = size * 1.32

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "parent": st.BODY,
            "fontSize": size,
            "leading": leading,
            "bulletFontName": st.FONT,
            "bulletFontSize": size,
        }
        base.update(kw)
        return ParagraphStyle(f"handout-{name}", **base)  # type: ignore[arg-type]

    return {
        "title": style(
            "title",
            fontName=st.BOLD,
            fontSize=size * 1.75,
            leading=size * 2.1,
            textColor=st.ACCENT,
            spaceAfter=2,
        ),
        "decision": style("decision", fontName=st.BOLD, fontSize=size * 1.15, leading=size * 1.45),
        "when": style("when", textColor=st.MUTED, spaceAfter=4),
        "heading": style(
            "heading",
            fontName=st.BOLD,
            fontSize=size * 1.12,
            leading=size * 1.4,
            textColor=st.ACCENT,
            spaceBefore=size * 0.8,
            spaceAfter=2,
        ),
        "body": style("body", spaceAfter=2),
        "bullet": style("bullet", leftIndent=size * 1.2, bulletIndent=0, spaceAfter=1.5),
        "note": style("note", fontSize=size * 0.8, leading=size * 1.05, textColor=st.MUTED),
    }


def _story(words: Handout, size: float) -> list[Flowable]:
    s = _styles(size)
    story: list[Flowable] = [
        para(words.title, s["title"]),
        para(words.decision, s["decision"]),
        para(words.when, s["when"]),
    ]
    if words.patient:
        line = " · ".join(f"{esc(label)}: <b>{esc(value)}</b>" for label, value in words.patient)
        story.append(rich(line, s["body"]))
    if words.example:
        story += [Spacer(1, 3), _boxed(words.example, s["body"])]
    for part in words.parts:
        story.append(KeepTogether([para(part.heading, s["heading"]), *_lines(part, s)]))
    story.append(Spacer(1, size))
    story += [para(note, s["note"]) for note in words.notes]
    return story


def _lines(part: Part, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    marked = [_marked(line) for line in part.lines]
    if not part.listed:
        return [rich(line, s["body"]) for line in marked]
    return bullets(marked, "", markup=True, style=s["bullet"])


def _marked(line: Line) -> str:
    """The line as markup, its lead (a name) in bold, each detail on a line of its own."""
    head = esc(line.text)
    if line.lead:
        head = _("{name}: {description}").format(name=f"<b>{esc(line.lead)}</b>", description=head)
    return "<br/>".join((head, *(esc(detail) for detail in line.details)))


def _boxed(text: str, style: ParagraphStyle) -> Flowable:
    return table(
        [[para(text, style)]],
        [st.FRAME_WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), st.NOTICE_FILL),
        ("BOX", (0, 0), (-1, -1), 0.8, st.NOTICE.textColor),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    )


def _render(words: Handout, options: HandoutOptions, size: float) -> tuple[bytes, int]:
    """The sheet at one body size, and how many pages it took."""
    info = DocumentInfo(
        title=words.title + ": " + words.decision,
        author=options.organisation or "decision-aid",
        subject=words.decision,
        keywords="decision-aid",
        creator=f"decision-aid {decision_aid.__version__}",
        producer=f"ReportLab PDF Library {reportlab.Version}",
        created=options.created,
        lang=options.language.replace("_", "-"),
    )
    maker: Callable[..., Canvas] = pdfa_canvas_maker(info, "1b")
    out = io.BytesIO()
    margin = st.MARGIN_X
    place = (margin, margin, st.PAGE_WIDTH - 2 * margin, st.PAGE_HEIGHT - 2 * margin)
    doc = one_frame_document(out, info, "sheet", place, size=size, leading=size * 1.32)
    doc.build(_story(words, size), canvasmaker=maker)
    return out.getvalue(), doc.page
