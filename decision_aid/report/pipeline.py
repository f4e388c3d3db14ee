"""Make the record of a consultation: the summary PDF, signed, and its FHIR copy.

Order of work: the FHIR bundle of the structured data and the session JSON are
embedded in the PDF/A-3 record; the PDF is signed last; then the FHIR file written
next to it carries the signed PDF itself. (The embedded bundle cannot carry the PDF
that contains it, so it holds the structured data only.)

Files are written atomically and never silently overwritten. When signing fails,
nothing that looks signed is written: the unsigned draft is kept beside the target
as ``<name>.unsigned.pdf`` and the message says where.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.atomic import write_atomic
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _
from decision_aid.session.model import SessionRecord

if TYPE_CHECKING:
    from decision_aid.report.summary import ReportOptions


@dataclass(frozen=True)
class SignSpec:
    """How to sign: the PKCS#12 file, its passphrase (never stored), an optional TSA."""

    p12: Path
    passphrase: bytes
    tsa_url: str | None = None


@dataclass(frozen=True)
class RecordResult:
    pdf: Path
    fhir: Path | None
    signed: bool
    unsigned_draft: Path | None = None


class RecordError(Exception):
    """The record could not be made; the message says why and what was kept."""


def fhir_path_for(pdf: Path) -> Path:
    return pdf.with_name(pdf.stem + ".fhir.json")


def _free_path(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext`` … when it is taken."""
    if not path.exists():
        return path
    number = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists():
            return candidate
        number += 1


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data, mode=0o600)
    except OSError as exc:
        raise RecordError(
            _("{path} could not be written: {reason}. Nothing was changed there.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


def make_record(
    loaded: LoadedPack,
    record: SessionRecord,
    out: Path,
    *,
    options: ReportOptions,
    sign: SignSpec | None = None,
    fhir: bool = True,
    overwrite: bool = False,
    now: datetime | None = None,
) -> RecordResult:
    """Build, sign and write the record; see the module notes for what is kept on failure.

    ``now`` (default: the current time) is the signing time and the FHIR timestamp.
    """
    from decision_aid.report.fhir import build_bundle
    from decision_aid.report.summary import Attachment, build_summary

    # The record's date is when the consultation ended (options.created); the signature
    # and the FHIR copy carry the moment they are actually made.
    when = now or datetime.now(UTC)
    fhir_out = fhir_path_for(out) if fhir else None
    if not overwrite:
        for target in (out, fhir_out):
            if target is not None and target.exists():
                raise RecordError(
                    _(
                        "{path} already exists; choose another name, or replace it on purpose."
                    ).format(path=target)
                )
    if options.pdfa == "3b":
        try:
            structured = build_bundle(loaded, record, pdf=None, now=when, thorough=False)
        except ValueError as exc:
            raise RecordError(
                _("The FHIR copy could not be made: {problem}").format(problem=exc)
            ) from exc
        attachments = (
            Attachment(
                name="session.json",
                data=(record.model_dump_json(indent=2) + "\n").encode("utf-8"),
                mime="application/json",
                relationship="Source",
                description=_("The consultation record this summary was made from"),
            ),
            Attachment(
                name="fhir-bundle.json",
                data=(json.dumps(structured, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                mime="application/fhir+json",
                relationship="Data",
                description=_("The same record as a FHIR R4 bundle"),
            ),
        )
        options = replace(options, attachments=attachments)
    try:
        pdf = build_summary(loaded, record, options)
    except (ValueError, OSError) as exc:
        raise RecordError(
            _("The summary could not be built: {problem}").format(problem=exc)
        ) from exc

    signer: str | None = None
    if sign is not None:
        from decision_aid.report.sign import SigningError, certificate_summary, sign_pdf

        try:
            signer = certificate_summary(sign.p12, sign.passphrase).subject
            pdf_signed = sign_pdf(
                pdf,
                sign.p12,
                sign.passphrase,
                tsa_url=sign.tsa_url,
                now=when,
                pdfa=True,
            )
        except SigningError as exc:
            draft = _free_path(out.with_name(out.stem + ".unsigned.pdf"))
            _write(draft, pdf)
            raise RecordError(
                _(
                    "The record was not signed: {problem}. Nothing signed was written; the "
                    "unsigned draft is kept as {draft}, and the consultation is unchanged."
                ).format(problem=str(exc).rstrip("."), draft=draft)
            ) from exc
        pdf = pdf_signed

    bundle = None
    if fhir_out is not None:
        try:
            bundle = build_bundle(
                loaded,
                record,
                pdf=pdf,
                pdf_name=out.name,
                signer=signer,
                signed_at=when if signer else None,
                now=when,
                thorough=False,
            )
        except ValueError as exc:
            raise RecordError(
                _("The FHIR copy could not be made: {problem}").format(problem=exc)
            ) from exc
    _write(out, pdf)
    if fhir_out is not None and bundle is not None:
        _write(fhir_out, (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return RecordResult(pdf=out, fhir=fhir_out, signed=signer is not None)
