"""The record PDF: what was discussed and decided, for the notes, as PDF/A.

:func:`build_record` turns a pack and a session record into the record's PDF, laid out
as a clinical letter: who and when, an example-content notice when the pack is one, and
a short outcome summary first; then the detail, in this order: the decision, the
options and the grid's answers for the questions looked at; what matters to the patient
and how each option fits; the risk figures that were shown, as the same icon arrays as
on screen; the knowledge check, SURE score and leaning; the plan; provenance with the
full citations; and the signature block, kept on a page together with the text before
it. Every page carries the patient banner and "Page N of M" (``pages``).

The whole document is in one language, ``ReportOptions.locale`` (by default the language
the patient saw the pack in): every fixed string through that language's catalog, the
pack's text from its translation, dates and numbers through Babel, times in the
clinic's time zone (``when``). A right-to-left language (Arabic) is shaped, ordered and
laid out right to left (see ``rtl``).

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
from datetime import datetime, tzinfo
from functools import partial
from typing import Literal

import reportlab
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether

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
from decision_aid.report.blocks import Build, Words, shortened
from decision_aid.report.document import one_frame_document
from decision_aid.report.overview import masthead, outcome_summary
from decision_aid.report.pack_check import PackDifference
from decision_aid.report.pages import (
    BANNER_GAP,
    PageFurniture,
    RecordCanvas,
    banner_height,
    banner_lines,
    one_line,
)
from decision_aid.report.pdfa import DocumentInfo, EmbeddedFile, pdfa_canvas_maker
from decision_aid.report.provenance import Provenance
from decision_aid.report.risk_figures import risks_section
from decision_aid.report.sections import (
    check_section,
    decision_section,
    plan_section,
    provenance_section,
    signature_block,
    values_section,
)
from decision_aid.report.signatures import SignaturePlace
from decision_aid.report.when import clinic_zone
from decision_aid.session.model import Person, SessionRecord

__all__ = ["one_line", "shortened"]  # re-exported: the layout tests use them

SIGNERS = ("patient", "clinician")
MAX_ORGANISATION = 300
"""Characters of the organisation's name printed; a longer name ends in '…'."""
MAX_TITLE = 400
"""Characters of the pack's title printed; a longer title ends in '…'."""
KEPT_WITH_SIGNATURES = 2
"""How many of the last flowables before the signature block move with it to a new page."""


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
    time_zone: tzinfo | None = None
    """The clinic's time zone, for every time printed; None: the computer's own."""
    pdfa: Literal["3b", "1b"] = "3b"
    signatures: Mapping[str, bytes] = field(default_factory=dict)
    """'patient' / 'clinician' -> PNG of the handwritten signature."""
    attachments: Sequence[Attachment] = ()
    """Embedded as PDF/A-3 associated files; refused for PDF/A-1b."""
    app_version: str = decision_aid.__version__
    different_pack: PackDifference | None = None
    """Set when the record is made, on purpose, from a pack other than the one the patient
    was shown: a banner on every page names both."""


@dataclass(frozen=True)
class BuiltRecord:
    """The record's PDF, and where its box for the digital signature is."""

    pdf: bytes
    signature: SignaturePlace


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


def document_language(loaded: LoadedPack, record: SessionRecord, options: ReportOptions) -> str:
    """The record's language as a Babel locale ('cy', 'ar', 'en_GB').

    A language the app has no catalog for gives an English record (dates included): a
    document never mixes languages.
    """
    wanted = options.locale or record.pack.language or loaded.meta.source_language
    wanted = wanted.replace("-", "_")
    known = available_languages()
    if language_code(wanted, known) in (*known, SOURCE_LANGUAGE):
        return wanted
    return SOURCE_LANGUAGE


def language_code(locale: str, known: Sequence[str]) -> str:
    """The best of ``known`` language codes for a locale: 'pl_PL' is 'pl'."""
    if locale in known:
        return locale
    return locale.split("_", maxsplit=1)[0]


def localized_pack(loaded: LoadedPack, language: str) -> Pack:
    """The pack in ``language``: the source as it is, or with its translation applied.

    A string the translation lacks stays in the source language (the linter lists them).
    """
    code = language_code(language, list(loaded.translations))
    if code == loaded.meta.source_language.split("_")[0]:
        return loaded.pack
    translation = loaded.translations.get(code)
    if translation is None:
        return loaded.pack
    pack: Pack = localize(loaded.pack, translation)[0]
    return pack


def patient_banner(patient: Person | None, words: Words) -> list[tuple[str, str]]:
    """The (label, value) pairs of the patient banner, for what was entered."""
    if patient is None:
        return []
    parts = [(_("Patient"), patient.name), (_("Identifier"), patient.identifier)]
    if patient.birth_date is not None:
        parts.append((_("Date of birth"), words.date(patient.birth_date)))
    return [(label, value) for label, value in parts if value]


def build_summary(loaded: LoadedPack, record: SessionRecord, options: ReportOptions) -> bytes:
    """The record as PDF/A-3b (default) or PDF/A-1b bytes."""
    return build_record(loaded, record, options).pdf


def build_record(loaded: LoadedPack, record: SessionRecord, options: ReportOptions) -> BuiltRecord:
    """The record, and where the box for its digital signature was drawn."""
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
        using(language_code(language, available_languages())),
        rtl.direction(is_right_to_left(language)),
    ):
        return _build(loaded, record, options, language)


def _story(b: Build) -> list[Flowable]:
    """Everything on the pages, in order; the signature block kept with what precedes it."""
    story: list[Flowable] = [
        *masthead(b),
        *outcome_summary(b),
        *decision_section(b),
        *values_section(b),
        *risks_section(b),
        *check_section(b),
        *plan_section(b),
        *provenance_section(b),
    ]
    kept = story[-KEPT_WITH_SIGNATURES:]
    return [*story[:-KEPT_WITH_SIGNATURES], KeepTogether([*kept, signature_block(b)])]


def _build(
    loaded: LoadedPack, record: SessionRecord, options: ReportOptions, language: str
) -> BuiltRecord:
    pack = localized_pack(loaded, language)
    options = replace(options, organisation=shortened(options.organisation, MAX_ORGANISATION))
    meta = pack.meta
    if len(meta.title) > MAX_TITLE:
        meta = meta.model_copy(update={"title": shortened(meta.title, MAX_TITLE)})
    words = Words(language, options.time_zone or clinic_zone(None))
    b = Build(loaded, meta, pack.content, record, options, words)
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
    banner: list[str] = []
    heading = 0
    x, y, width, height = st.FRAME
    if options.different_pack is not None:
        banner, heading = banner_lines(options.different_pack, width)
        height -= banner_height(len(banner)) + BANNER_GAP
    furniture = PageFurniture(
        header=_("Record of a shared decision") + " · " + meta.title,
        footer=" · ".join(
            (
                _("decision-aid {version}").format(version=options.app_version),
                _("{id}, version {version}").format(id=meta.id, version=meta.version),
                words.datetime(options.created),
            )
        ),
        patient=patient_banner(record.patient, words),
        no_patient=_("No patient details were entered for this record."),
        banner=banner,
        banner_heading=heading,
    )
    maker: Callable[..., Canvas] = pdfa_canvas_maker(
        info, options.pdfa, attachments, factory=partial(RecordCanvas, furniture=furniture)
    )
    out = io.BytesIO()
    doc = one_frame_document(
        out, info, "page", (x, y, width, height), size=st.BODY_SIZE, leading=st.LEADING
    )
    doc.build(_story(b), canvasmaker=maker)
    return BuiltRecord(out.getvalue(), b.signature)
