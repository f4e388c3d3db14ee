"""Make the record of a consultation: the summary PDF, signed, and its FHIR copy.

Order of work: the FHIR bundle of the structured data and the session JSON are
embedded in the PDF/A-3 record; the PDF is signed last; then the FHIR file written
next to it carries the signed PDF itself. (The embedded bundle cannot carry the PDF
that contains it, so it holds the structured data only.) On request, the patient's
take-home sheet is made alongside (``<name>.take-home.pdf``): one page in the patient's
language, not signed, with no identifier of the patient unless asked for.

A record is made only from the pack the patient was shown: the same version and
content hash as the session's. Any other pack is refused (:class:`PackMismatch`), unless
the caller allows it on purpose; then every page carries a banner that names both.

Files are written atomically and never silently overwritten; only regular files are
replaced. The PDF, its FHIR copy and the take-home sheet are written as a set: all, or
none (a full disk on the second file leaves no first one behind, so a rerun works).
When signing fails, nothing that looks signed is written: the unsigned draft is kept
beside the target as ``<name>.unsigned.pdf`` and the message says where (or, if even
that cannot be written, gives both reasons). A signed record is written only once its
``record.signed`` entry is in the audit trail (:mod:`decision_aid.audit`): when the audit
log cannot be written, signing fails in the same way. A written record is noted as
``record.built`` (a failure to note that is reported, and the record stands).
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid import audit
from decision_aid.atomic import check_replaceable, write_all_atomic, write_atomic
from decision_aid.audit import AuditError
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _
from decision_aid.report.longterm import Level, LongTerm, default_level
from decision_aid.report.pack_check import PackDifference, pack_difference
from decision_aid.session.model import SessionRecord

if TYPE_CHECKING:
    from decision_aid.report.fhir.bundle import Parties
    from decision_aid.report.summary import ReportOptions

MAX_LOGO_BYTES = 5 * 1024 * 1024
"""The largest logo file read."""


@dataclass(frozen=True)
class SignSpec:
    """How to sign: the PKCS#12 file, its passphrase (never stored), an optional TSA, the
    PAdES level (default: B-T with a TSA, else B-B) and, for B-LT and B-LTA, the CA
    certificates (see ``longterm``)."""

    p12: Path
    passphrase: bytes
    tsa_url: str | None = None
    level: Level | None = None
    long_term: LongTerm | None = None


@dataclass(frozen=True)
class HandoutSpec:
    """Make the patient's take-home sheet beside the record."""

    identifiers: bool = False
    """Put the patient's name, identifier and date of birth on it."""


@dataclass(frozen=True)
class RecordResult:
    pdf: Path
    fhir: Path | None
    signed: bool
    unsigned_draft: Path | None = None
    handout: Path | None = None
    """The take-home sheet, when one was made."""
    different_pack: PackDifference | None = None
    """Set when the record was made, on purpose, from a pack other than the one shown."""


class RecordError(Exception):
    """The record could not be made; the message says why and what was kept."""


class PackMismatch(RecordError):  # noqa: N818 - a RecordError, named for what it says
    """The pack given is not the one the session was shown; nothing was written."""

    def __init__(self, difference: PackDifference) -> None:
        self.difference = difference
        super().__init__(
            _(
                "The record was not made: the patient was shown {id} version {shown} "
                "(content hash {shown_hash}), but the pack found is version {used} "
                "(content hash {used_hash}). A record is made only from the pack that was "
                "shown, so nothing was written."
            ).format(
                id=difference.pack_id,
                shown=difference.shown_version,
                shown_hash=difference.shown_hash,
                used=difference.used_version,
                used_hash=difference.used_hash,
            )
        )


def logo_problem(data: bytes) -> str | None:
    """Why ``data`` cannot be the record's logo (a PNG or JPEG image); None when it can."""
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return _("the picture is too large")
    except Exception:
        return _("it is not an image")
    if kind not in ("PNG", "JPEG"):
        return _("it is a {kind} image, not PNG or JPEG").format(kind=kind or "?")
    return None


def read_logo(path: Path) -> bytes:
    """The logo file's bytes, checked to be a PNG or JPEG image.

    Raises RecordError with a sentence that names the file and what to do.
    """
    fix = _logo_fix()
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_LOGO_BYTES + 1)
    except OSError as exc:
        raise RecordError(
            _("The logo {path} cannot be read ({reason}).").format(
                path=path, reason=exc.strerror or exc
            )
            + " "
            + fix
        ) from exc
    if len(data) > MAX_LOGO_BYTES:
        problem: str | None = _("it is larger than {limit} MB").format(
            limit=MAX_LOGO_BYTES // (1024 * 1024)
        )
    else:
        problem = logo_problem(data)
    if problem is not None:
        raise RecordError(
            _("The logo {path} cannot be used: {problem}.").format(path=path, problem=problem)
            + " "
            + fix
        )
    return data


def _logo_fix() -> str:
    from decision_aid.settings import file_for

    return _(
        "Choose a PNG or JPEG file as the logo in the settings ({settings}), or remove it."
    ).format(settings=file_for("logo"))


def fhir_path_for(pdf: Path) -> Path:
    return pdf.with_name(pdf.stem + ".fhir.json")


def handout_path_for(pdf: Path) -> Path:
    """Where the take-home sheet of the record ``pdf`` goes: ``<name>.take-home.pdf``."""
    return pdf.with_name(pdf.stem + ".take-home.pdf")


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


def _write_pair(files: list[tuple[Path, bytes]]) -> None:
    """The PDF and its companions: all are written, or none is changed."""
    try:
        write_all_atomic([(path, data, 0o600) for path, data in files])
    except OSError as exc:
        failed = Path(exc.filename) if exc.filename else files[0][0]
        reason = exc.strerror or exc
        if len(files) == 1:
            message = _("{path} could not be written: {reason}. Nothing was changed there.")
            raise RecordError(message.format(path=failed, reason=reason)) from exc
        if len(files) > 2:
            message = _(
                "{path} could not be written: {reason}. Nothing was changed: none of {files} "
                "was written or replaced, so you can try again once the problem is fixed."
            )
            names = ", ".join(str(path) for path, _data in files)
            raise RecordError(message.format(path=failed, reason=reason, files=names)) from exc
        message = _(
            "{path} could not be written: {reason}. Nothing was changed: neither {pdf} nor "
            "{fhir} was written or replaced, so you can try again once the problem is fixed."
        )
        raise RecordError(
            message.format(path=failed, reason=reason, pdf=files[0][0], fhir=files[1][0])
        ) from exc


def _check_targets(targets: list[Path], overwrite: bool) -> None:
    """Refuse a target that exists (unless ``overwrite``) or that is not a regular file."""
    for target in targets:
        try:
            exists = check_replaceable(target)
        except OSError as exc:
            raise RecordError(
                _("{path} cannot be replaced: {reason}.").format(
                    path=target, reason=exc.strerror or exc
                )
            ) from exc
        if exists and not overwrite:
            raise RecordError(
                _("{path} already exists; choose another name, or replace it on purpose.").format(
                    path=target
                )
            )


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
    allow_different_pack: bool = False,
    handout: HandoutSpec | None = None,
    parties: Parties | None = None,
) -> RecordResult:
    """Build, sign and write the record; see the module notes for what is kept on failure.

    ``now`` (default: the current time) is the signing time and the FHIR timestamp.
    ``loaded`` must be the pack the session was shown (same version and content hash), or
    :class:`PackMismatch` is raised; ``allow_different_pack`` builds it anyway, with a
    banner on every page naming both packs. ``handout`` also makes the take-home sheet.
    ``parties`` name the organisation and practitioner in the FHIR copy (from the settings).
    """
    from decision_aid.report.fhir.bundle import build_bundle
    from decision_aid.report.summary import Attachment, build_record, document_language

    # The record's date is when the consultation ended (options.created); the signature
    # and the FHIR copy carry the moment they are actually made.
    when = now or datetime.now(UTC)
    fhir_out = fhir_path_for(out) if fhir else None
    handout_out = handout_path_for(out) if handout is not None else None
    difference = pack_difference(loaded, record)
    if difference is not None:
        if not allow_different_pack:
            raise PackMismatch(difference)
        options = replace(options, different_pack=difference)
    other_version = difference is not None
    _check_targets([t for t in (out, fhir_out, handout_out) if t is not None], overwrite)
    if options.logo is not None and (problem := logo_problem(options.logo)) is not None:
        raise RecordError(
            _("The logo cannot be used: {problem}.").format(problem=problem) + " " + _logo_fix()
        )
    if options.pdfa == "3b":
        try:
            structured = build_bundle(
                loaded,
                record,
                pdf=None,
                now=when,
                parties=parties,
                thorough=False,
                allow_other_version=other_version,
            )
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
                description=_("The same record as a FHIR R4 transaction bundle"),
            ),
        )
        options = replace(options, attachments=attachments)
    try:
        built = build_record(loaded, record, options)
    except (ValueError, OSError) as exc:
        raise RecordError(
            _("The summary could not be built: {problem}").format(problem=exc)
        ) from exc
    pdf = built.pdf

    signer: str | None = None
    if sign is not None:
        from decision_aid.report.sign import SigningError, Stamp, certificate_summary, sign_pdf

        stamp = Stamp(
            box=built.signature.box,
            page=built.signature.page,
            language=document_language(loaded, record, options),
            time_zone=options.time_zone,
        )
        try:
            signer = certificate_summary(sign.p12, sign.passphrase).subject
            pdf_signed = sign_pdf(
                pdf,
                sign.p12,
                sign.passphrase,
                tsa_url=sign.tsa_url,
                level=sign.level,
                long_term=sign.long_term,
                now=when,
                pdfa=True,
                stamp=stamp,
            )
            _audit_signed(record, pdf_signed, signer, sign)
        except SigningError as exc:
            draft = _free_path(out.with_name(out.stem + ".unsigned.pdf"))
            try:
                write_atomic(draft, pdf, mode=0o600)
            except OSError as kept:
                raise RecordError(
                    _(
                        "The record was not signed: {problem}. The unsigned draft could not "
                        "be kept either: {draft} could not be written ({reason}). Nothing was "
                        "written, and the consultation is unchanged."
                    ).format(
                        problem=str(exc).rstrip("."),
                        draft=draft,
                        reason=kept.strerror or kept,
                    )
                ) from exc
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
                document_language=document_language(loaded, record, options),
                parties=parties,
                thorough=False,
                allow_other_version=other_version,
            )
        except ValueError as exc:
            raise RecordError(
                _("The FHIR copy could not be made: {problem}").format(problem=exc)
            ) from exc
    files = [(out, pdf)]
    if fhir_out is not None and bundle is not None:
        data = (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        files.append((fhir_out, data))
    if handout_out is not None and handout is not None:
        files.append((handout_out, _handout(loaded, record, options, handout)))
    _write_pair(files)
    audit.record(
        "record.built",
        record_id=record.id,
        pack_id=loaded.meta.id,
        version=loaded.meta.version,
        content_hash=loaded.content_hash,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        signed=signer is not None,
    )
    return RecordResult(
        pdf=out,
        fhir=fhir_out,
        signed=signer is not None,
        different_pack=difference,
        handout=handout_out,
    )


def _audit_signed(record: SessionRecord, pdf: bytes, signer: str, sign: SignSpec) -> None:
    """Note the signed record in the audit trail; SigningError when that cannot be done:
    no signed record is written without its entry (see decision_aid.audit)."""
    from decision_aid.report.keyfile import SigningError

    try:
        audit.record(
            "record.signed",
            strict=True,
            record_id=record.id,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            signer=signer,
            level=(sign.level or default_level(sign.tsa_url)).value,
        )
    except AuditError as exc:
        raise SigningError(
            _(
                "a signed record is made only once the audit trail notes it, and its entry "
                "could not be written ({reason}); free some disk space or fix the folder's "
                "permissions, then make the record again"
            ).format(reason=exc.reason)
        ) from exc


def _handout(
    loaded: LoadedPack, record: SessionRecord, options: ReportOptions, spec: HandoutSpec
) -> bytes:
    """The take-home sheet, in the language the patient saw the pack in."""
    from decision_aid.report.handout import build_handout
    from decision_aid.report.handout_text import HandoutOptions
    from decision_aid.report.summary import localized_pack
    from decision_aid.report.when import clinic_zone

    language = record.pack.language or loaded.meta.source_language
    sheet = HandoutOptions(
        created=options.created,
        language=language,
        time_zone=options.time_zone or clinic_zone(None),
        organisation=options.organisation,
        identifiers=spec.identifiers,
    )
    try:
        return build_handout(localized_pack(loaded, language), record, sheet)
    except (ValueError, OSError) as exc:
        raise RecordError(
            _("The take-home sheet could not be made: {problem}").format(problem=exc)
        ) from exc
