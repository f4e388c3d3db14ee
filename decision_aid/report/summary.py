"""The summary PDF: what was discussed and decided, for the notes, as PDF/A.

:func:`build_summary` turns a pack and a session record into the record's PDF, in this
order: who and when; the decision and the options discussed; what matters to the
patient and how each option fits; the risk figures that were shown, as the same icon
arrays as on screen; the knowledge check, SURE score and leaning; the plan; provenance
with the full citations; and the signature block, always at the bottom of the last page
with the box for the digital signature left blank at :data:`SIGNATURE_BOX`.

The whole document is in one language, ``ReportOptions.locale`` (by default the language
the patient saw the pack in): every fixed string through that language's catalog, the
pack's text from its translation, dates and numbers through Babel. A right-to-left
language (Arabic) is shaped, ordered and laid out right to left (see ``rtl``).

The output is deterministic: the same inputs give the same bytes, apart from
``ReportOptions.created``, which is the date printed and the PDF's dates.

A record made on purpose from a pack other than the one the patient was shown
(``ReportOptions.different_pack``) carries a banner at the top of every page naming both.
Text too long for its place never breaks the layout: the organisation is shortened
visibly (with "…"), and the running header and footer are cut to one line.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from typing import Any, Literal

import reportlab
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
)

import decision_aid
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Pack
from decision_aid.content.strings import localize
from decision_aid.i18n import (
    SOURCE_LANGUAGE,
    _,
    available_languages,
    is_right_to_left,
    using,
)
from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.blocks import Build, Words
from decision_aid.report.pack_check import PackDifference
from decision_aid.report.pdfa import DocumentInfo, EmbeddedFile, pdfa_canvas_maker
from decision_aid.report.provenance import Provenance
from decision_aid.report.risk_figures import risks_section
from decision_aid.report.sections import (
    check_section,
    decision_section,
    masthead,
    plan_section,
    provenance_section,
    signature_block,
    values_section,
)
from decision_aid.session.model import SessionRecord

SIGNATURE_BOX: tuple[float, float, float, float] = st.SIGNATURE_BOX
"""(x1, y1, x2, y2) in points on the last page, left blank for the digital signature."""
SIGNERS = ("patient", "clinician")
MAX_ORGANISATION = 300
"""Characters of the organisation's name printed; a longer name ends in '…'."""
MAX_TITLE = 400
"""Characters of the pack's title printed; a longer title ends in '…'."""
BANNER_SIZE = 8.0
BANNER_LEADING = 10.0
BANNER_PAD = 6.0
BANNER_GAP = 8.0
BANNER_INK = HexColor("#8A0016")
BANNER_FILL = HexColor("#FDECEA")


@dataclass(frozen=True)
class Attachment:
    """A file embedded in a PDF/A-3 record as an associated file."""

    name: str
    data: bytes
    mime: str
    relationship: str
    """'Data', 'Source' or 'Alternative' (the PDF/A-3 /AFRelationship)."""
    description: str


@dataclass(frozen=True)
class ReportOptions:
    """How to build the record."""

    created: datetime
    """Aware; printed as the record's date and time, and used as the PDF's dates."""
    organisation: str = ""
    logo: bytes | None = None
    """PNG or JPEG bytes."""
    locale: str | None = None
    """The record's language ('cy', 'pl', 'ar', 'en_GB' ...): its words, dates and numbers.
    None: the language the patient saw the pack in (``record.pack.language``)."""
    pdfa: Literal["3b", "1b"] = "3b"
    signatures: Mapping[str, bytes] = field(default_factory=dict)
    """'patient' / 'clinician' -> PNG of the handwritten signature."""
    attachments: Sequence[Attachment] = ()
    """Embedded as PDF/A-3 associated files; refused for PDF/A-1b."""
    app_version: str = decision_aid.__version__
    different_pack: PackDifference | None = None
    """Set when the record is made, on purpose, from a pack other than the one the patient
    was shown: a banner on every page names both."""


def provenance_keywords(loaded: LoadedPack) -> str:
    """Words to find the record by (Info /Keywords and XMP pdf:Keywords): the product, the
    pack's id and version. Search words only: nothing reads them back (the provenance is
    :func:`record_provenance`, in the XMP)."""
    return f"decision-aid, {loaded.meta.id}, {loaded.meta.version}"


def record_provenance(loaded: LoadedPack, record: SessionRecord) -> Provenance:
    """The record's provenance, written as XMP properties of the product's namespace."""
    meta = loaded.meta
    return Provenance(
        pack=meta.id,
        version=meta.version,
        hash=loaded.content_hash,
        published=meta.published.isoformat(),
        review_due=meta.review_due.isoformat(),
        session=record.id,
    )


# -- pages ----------------------------------------------------------------------------------


class RecordCanvas(Canvas):
    """Draws the running header and 'Page N of M' footer once the page count is known."""

    def __init__(
        self,
        *args: Any,
        header: str,
        footer: str,
        banner: Sequence[str] = (),
        banner_heading: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._header, self._footer = st.printable(header), st.printable(footer)
        self._banner = list(banner)
        """The wrapped lines of the different-pack banner (none when there is none)."""
        self._banner_heading = banner_heading
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab API
        self._pages.append(dict(self.__dict__))
        start: Any = getattr(self, "_startPage")  # noqa: B009 - reportlab's own page reset
        start()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        self.saveState()
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        self.setStrokeColor(st.RULE)
        self.setLineWidth(0.5)
        self.setFillColor(st.MUTED)
        self.setFont(st.FONT, 7.5)
        page = _("Page {number} of {total}").format(number=number, total=total)
        room = right - left - logical_width(page, 7.5) - 12
        header = one_line(self._header, st.FONT, 7.5, right - left)
        footer = one_line(self._footer, st.FONT, 7.5, room)
        if rtl.is_rtl():  # the header and footer start on the right, the page on the left
            start, end = (right, "right"), (left, "left")
            self._rtl_line(*start, st.FOOTER_Y, footer)
            self._rtl_line(*end, st.FOOTER_Y, page)
            if number > 1:
                self._rtl_line(*start, st.HEADER_Y, header)
        else:
            if number > 1:
                self.drawString(left, st.HEADER_Y, header)
            self.drawString(left, st.FOOTER_Y, footer)
            self.drawRightString(right, st.FOOTER_Y, page)
        if number > 1:
            self.line(left, st.HEADER_Y - 5, right, st.HEADER_Y - 5)
        self.line(left, st.FOOTER_Y + 10, right, st.FOOTER_Y + 10)
        self.restoreState()
        if self._banner:
            self._draw_banner()

    def _draw_banner(self) -> None:
        """The different-pack banner, in the room kept for it at the top of the frame."""
        left, right = st.MARGIN_X, st.PAGE_WIDTH - st.MARGIN_X
        top = st.PAGE_HEIGHT - st.MARGIN_TOP
        height = banner_height(len(self._banner))
        self.saveState()
        self.setStrokeColor(BANNER_INK)
        self.setFillColor(BANNER_FILL)
        self.setLineWidth(1.5)
        self.rect(left, top - height, right - left, height, stroke=1, fill=1)
        self.setFillColor(BANNER_INK)
        y = top - BANNER_PAD - BANNER_SIZE
        for number, line in enumerate(self._banner):
            font = st.BOLD if number < self._banner_heading else st.FONT
            if rtl.is_rtl():
                rtl.draw_line(self, right - BANNER_PAD, y, line, font, BANNER_SIZE, "right")
            else:
                self.setFont(font, BANNER_SIZE)
                self.drawString(left + BANNER_PAD, y, line)
            y -= BANNER_LEADING
        self.restoreState()

    def _rtl_line(self, x: float, anchor: str, y: float, text: str) -> None:
        rtl.draw_line(self, x, y, text, st.FONT, 7.5, anchor)


def logical_width(text: str, size: float, font: str = st.FONT) -> float:
    """Width of one line of ``text`` as the record draws it."""
    return rtl.logical_width(text, font, size)


def one_line(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut to fit ``width`` points on one line, ending in '…' when cut."""
    if rtl.logical_width(text, font, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest start that fits with the ellipsis
        middle = (low + high + 1) // 2
        if rtl.logical_width(text[:middle].rstrip() + " …", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + " …"


def shortened(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters and '…' when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def banner_height(lines: int) -> float:
    return lines * BANNER_LEADING + 2 * BANNER_PAD - (BANNER_LEADING - BANNER_SIZE)


def banner_lines(difference: PackDifference, width: float) -> tuple[list[str], int]:
    """The banner's text, in the record's language, wrapped to ``width`` points, and how
    many of its first lines are the (bold) heading."""
    paragraphs = [
        _(
            "NOT THE PACK THAT WAS SHOWN: this record's figures and words may differ from "
            "what was discussed."
        ),
        _("Shown to the patient: {id} version {version}, content hash {hash}").format(
            id=difference.pack_id, version=difference.shown_version, hash=difference.shown_hash
        ),
        _("Used for this record: {id} version {version}, content hash {hash}").format(
            id=difference.pack_id, version=difference.used_version, hash=difference.used_hash
        ),
    ]
    room = width - 2 * BANNER_PAD
    split = rtl.wrap if rtl.is_rtl() else simpleSplit
    lines: list[str] = []
    heading = 0
    for number, paragraph in enumerate(paragraphs):
        font = st.BOLD if number == 0 else st.FONT
        lines += split(st.printable(paragraph), font, BANNER_SIZE, room)
        heading = heading or len(lines)
    return lines, heading


def document_language(loaded: LoadedPack, record: SessionRecord, options: ReportOptions) -> str:
    """The record's language as a Babel locale ('cy', 'ar', 'en_GB').

    A language the app has no catalog for gives an English record (dates included): a
    document never mixes languages.
    """
    wanted = options.locale or record.pack.language or loaded.meta.source_language
    wanted = wanted.replace("-", "_")
    known = available_languages()
    if _language_code(wanted, known) in (*known, SOURCE_LANGUAGE):
        return wanted
    return SOURCE_LANGUAGE


def _language_code(locale: str, known: Sequence[str]) -> str:
    """The best of ``known`` language codes for a locale: 'pl_PL' is 'pl'."""
    if locale in known:
        return locale
    return locale.split("_", maxsplit=1)[0]


def localized_pack(loaded: LoadedPack, language: str) -> Pack:
    """The pack in ``language``: the source as it is, or with its translation applied.

    A string the translation lacks stays in the source language (the linter lists them).
    """
    code = _language_code(language, list(loaded.translations))
    if code == loaded.meta.source_language.split("_")[0]:
        return loaded.pack
    translation = loaded.translations.get(code)
    if translation is None:
        return loaded.pack
    pack: Pack = localize(loaded.pack, translation)[0]
    return pack


def build_summary(loaded: LoadedPack, record: SessionRecord, options: ReportOptions) -> bytes:
    """The record as PDF/A-3b (default) or PDF/A-1b bytes."""
    if options.created.tzinfo is None:
        raise ValueError(_("the record's creation time needs a time zone"))
    if options.pdfa == "1b" and options.attachments:
        raise ValueError(_("PDF/A-1b cannot carry attachments; use PDF/A-3b"))
    unknown = sorted(set(options.signatures) - set(SIGNERS))
    if unknown:
        raise ValueError(
            _("unknown signature '{who}'; expected patient or clinician").format(who=unknown[0])
        )
    st.register_fonts()
    language = document_language(loaded, record, options)
    with (
        using(_language_code(language, available_languages())),
        rtl.direction(is_right_to_left(language)),
    ):
        return _build(loaded, record, options, language)


def _build(
    loaded: LoadedPack, record: SessionRecord, options: ReportOptions, language: str
) -> bytes:
    pack = localized_pack(loaded, language)
    options = replace(options, organisation=shortened(options.organisation, MAX_ORGANISATION))
    meta = pack.meta
    if len(meta.title) > MAX_TITLE:
        meta = meta.model_copy(update={"title": shortened(meta.title, MAX_TITLE)})
    b = Build(loaded, meta, pack.content, record, options, Words(language))
    story: list[Flowable] = [
        *masthead(b),
        *decision_section(b),
        *values_section(b),
        *risks_section(b),
        *check_section(b),
        *plan_section(b),
    ]
    story += [*provenance_section(b), signature_block(b)]
    title = _("Record of a shared decision: {title}").format(title=meta.title)
    author = (
        (record.clinician.name if record.clinician else None)
        or options.organisation
        or "decision-aid"
    )
    info = DocumentInfo(
        title=title,
        author=author,
        subject=meta.decision,
        keywords=provenance_keywords(loaded),
        creator=f"decision-aid {options.app_version}",
        producer=f"ReportLab PDF Library {reportlab.Version}",
        created=options.created,
        lang=language.replace("_", "-"),
        provenance=record_provenance(loaded, record),
    )
    attachments = [
        EmbeddedFile(a.name, a.data, a.mime, a.relationship, a.description)
        for a in options.attachments
    ]
    header = _("Record of a shared decision") + " · " + meta.title
    footer = " · ".join(
        (
            _("decision-aid {version}").format(version=options.app_version),
            _("{id}, version {version}").format(id=meta.id, version=meta.version),
            b.words.datetime(options.created),
        )
    )
    banner: list[str] = []
    heading = 0
    x, y, width, height = st.FRAME
    if options.different_pack is not None:
        banner, heading = banner_lines(options.different_pack, width)
        height -= banner_height(len(banner)) + BANNER_GAP
    maker: Callable[..., Canvas] = pdfa_canvas_maker(
        info,
        options.pdfa,
        attachments,
        factory=partial(
            RecordCanvas, header=header, footer=footer, banner=banner, banner_heading=heading
        ),
    )
    out = io.BytesIO()
    frame = Frame(x, y, width, height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(
        out,
        pagesize=st.PAGE_SIZE,
        pageTemplates=[PageTemplate("page", [frame])],
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=[info.keywords],
        creator=info.creator,
        producer=info.producer,
        invariant=1,
        lang=info.lang,
        initialFontName=st.FONT,
        initialFontSize=st.BODY_SIZE,
        initialLeading=st.LEADING,
    )
    doc.build(story, canvasmaker=maker)
    return out.getvalue()
