"""Check a signed record: every signature and time-stamp, what changed after the record's
signature, who signed, whether the certificate is trusted, and which pack it came from.

Any input, however damaged, gives a :class:`VerifyResult` with plain sentences in
``problems``; nothing here raises for a bad file. pyHanko does the checking (signature
validation and its difference analysis, under :mod:`.policy`); it is imported only when
checking.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from decision_aid.i18n import _
from decision_aid.report.provenance import read_provenance
from decision_aid.report.sign import quiet_library_logs
from decision_aid.report.verify.changes import find_changes
from decision_aid.report.verify.longterm import check_long_term, key_usage
from decision_aid.report.verify.metadata import xmp_packet
from decision_aid.report.verify.result import (
    Change,
    ChangeKind,
    Changes,
    Coverage,
    Kind,
    SignatureCheck,
    VerifyResult,
)
from decision_aid.report.verify.roots import load_roots
from decision_aid.report.verify.words import change_sentences, validity_text


def verify_pdf(
    data: bytes,
    trust_roots: Sequence[Path] = (),
    *,
    require_trusted: bool | None = None,
    now: datetime | None = None,
) -> VerifyResult:
    """Check the PDF ``data``: every signature, against ``trust_roots`` (PEM or DER files).

    ``require_trusted`` (default: whether any trust root is given) makes a record whose
    signer the roots do not trust NOT OK. ``now`` (default: the clock) is the moment the
    certificates are checked at. A record whose signer's certificate is no longer valid
    then (expired) is still trusted when its document time-stamps and the validation data
    in it prove the signature was made while the certificate was valid (PAdES B-LTA; see
    :mod:`.longterm`).
    """
    moment = now or datetime.now(UTC)
    required = bool(trust_roots) if require_trusted is None else require_trusted
    result = VerifyResult(roots_set=bool(trust_roots), trust_required=required)
    roots = load_roots(trust_roots, result.problems)
    quiet_library_logs()
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(BytesIO(data), strict=False)
        found = _signatures(reader)
    except Exception:  # any damage to the file: a problem to report, not a crash
        result.problems.append(
            _(
                "The file could not be read as a PDF: it may be truncated or damaged. "
                "Ask for the record again."
            )
        )
        return result
    if not found:
        result.provenance = _provenance(reader, None)
        result.problems.append(_("The file has no digital signature, so it cannot be checked."))
        _note_provenance(result)
        return result

    result.signatures = [
        entry if isinstance(entry, SignatureCheck) else _check_one(entry, roots, moment)
        for entry in found
    ]
    if roots and not isinstance(found[0], SignatureCheck):
        check_long_term(found[0], result, roots, moment)
    first = result.signatures[0]
    if first.coverage is not Coverage.WHOLE_FILE and first.error is None:
        result.changes = find_changes(reader, first.revision, result.later)
        if _appended_data(reader, data, first.revision):
            result.changes.append(Change(ChangeKind.APPENDED))
    signed_revisions = [check.revision for check in result.signatures if check.revision >= 0]
    if signed_revisions:  # the earliest signed revision; never a later one
        result.provenance = _provenance(reader, min(signed_revisions))
    _explain(result, moment)
    _note_provenance(result)
    return result


def _appended_data(reader: Any, data: bytes, signed_revision: int) -> bool:
    """Whether bytes follow the signed revision that are not a later revision ending the file.

    A PDF reader ignores what follows the last end-of-file marker, and pyHanko's
    difference analysis sees only revisions, so this is checked on its own.
    """
    from pyhanko.pdf_utils.reader import process_data_at_eof

    last = reader.xrefs.total_revisions - 1
    if last <= signed_revision:
        return True  # nothing after the signature is a revision at all
    if not data.rstrip(b" \t\r\n\x00\x0c").endswith(b"%%EOF"):
        return True
    stream = BytesIO(data)
    stream.seek(-1, 2)  # where pyHanko's reader starts too
    try:
        startxref = process_data_at_eof(stream)
    except Exception:  # no startxref before the marker: not a revision's end
        return True
    return bool(startxref != reader.xrefs.get_startxref_for_revision(last))


def _signatures(reader: Any) -> list[Any]:
    """Every filled signature field, in signing order: pyHanko's embedded signature, or a
    failed :class:`SignatureCheck` for one whose signature cannot even be parsed.

    (pyHanko's own list stops at the first such signature, and skips unknown kinds.) A
    signature that cannot be parsed is put first: nothing after it can be trusted.
    """
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    parsed: list[tuple[int, Any]] = []
    broken: list[SignatureCheck] = []
    for name, value, field in enumerate_sig_fields(reader, filled_status=True):
        try:
            signature = EmbeddedPdfSignature(reader, field, name)
            revision = int(signature.signed_revision)
        except Exception as exc:  # a signature pyHanko cannot even parse
            broken.append(_unparsed(str(name), value, exc))
        else:
            parsed.append((revision, signature))
    parsed.sort(key=lambda pair: pair[0])
    return [*broken, *(signature for _revision, signature in parsed)]


def _unparsed(name: str, value: Any, exc: Exception) -> SignatureCheck:
    try:
        stamp = value.get_object().get("/Type") == "/DocTimeStamp"
    except Exception:  # even the signature dictionary is broken
        stamp = False
    kind = Kind.TIMESTAMP if stamp else Kind.SIGNATURE
    reason = str(exc) or type(exc).__name__
    return SignatureCheck(field_name=name, kind=kind, revision=-1, error=reason)


def _check_one(signature: Any, roots: list[Any], moment: datetime) -> SignatureCheck:
    """Validate one embedded signature or document time-stamp; never raises."""
    kind = Kind.TIMESTAMP if signature.sig_object_type == "/DocTimeStamp" else Kind.SIGNATURE
    check = SignatureCheck(
        field_name=str(signature.field_name), kind=kind, revision=signature.signed_revision
    )
    try:
        _validate(signature, roots, check, moment)
    except Exception as exc:  # a malformed signature must not crash the check
        check.intact = check.valid = check.trusted = False
        check.error = str(exc) or type(exc).__name__
    return check


def _validate(signature: Any, roots: list[Any], check: SignatureCheck, moment: datetime) -> None:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    from decision_aid.report.verify.policy import verify_policy

    context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)
    status: Any
    if check.kind is Kind.TIMESTAMP:
        status = validate_pdf_timestamp(
            signature, validation_context=context, diff_policy=verify_policy()
        )
        check.signing_time = check.timestamp = status.timestamp
    else:
        status = validate_pdf_signature(
            signature,
            signer_validation_context=context,
            diff_policy=verify_policy(),
            # pyHanko wants nonRepudiation; many clinic certificates carry digitalSignature only.
            key_usage_settings=key_usage(),
        )
        check.signing_time = status.signer_reported_dt
        if status.timestamp_validity is not None:
            check.timestamp = status.timestamp_validity.timestamp
        level = signature.docmdp_level
        check.certification = int(level.value) if level is not None else None
        check.docmdp_ok = status.docmdp_ok if level is not None else None
    cert = status.signing_cert
    check.signer = cert.subject.native.get("common_name") or cert.subject.human_friendly
    check.self_signed = bool(cert.self_issued)
    check.not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    check.intact = bool(status.intact)
    check.valid = bool(status.valid)
    check.trusted = bool(status.trusted)
    check.coverage = _coverage(status.coverage)
    check.changes = _changes(status.diff_result)


def _coverage(level: Any) -> Coverage:
    from pyhanko.sign.validation import SignatureCoverageLevel

    if level == SignatureCoverageLevel.ENTIRE_FILE:
        return Coverage.WHOLE_FILE
    if level == SignatureCoverageLevel.ENTIRE_REVISION:
        return Coverage.REVISION
    return Coverage.PART


def _changes(diff: Any) -> Changes:
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    if not isinstance(diff, DiffResult):
        return Changes.UNKNOWN if diff is None else Changes.OTHER  # a suspicious modification
    return {
        ModificationLevel.NONE: Changes.NONE,
        ModificationLevel.LTA_UPDATES: Changes.ARCHIVAL,
        ModificationLevel.FORM_FILLING: Changes.FORM_FILLING,
        ModificationLevel.ANNOTATIONS: Changes.ANNOTATIONS,
    }.get(diff.modification_level, Changes.OTHER)


def _explain(result: VerifyResult, moment: datetime) -> None:
    """Plain sentences for everything that keeps the record from being OK, and trust notes."""
    problems = result.problems
    first = result.signatures[0]
    if first.kind is Kind.TIMESTAMP:
        problems.append(
            _(
                "The first signature in the file is a document time-stamp, not the clinic's "
                "signature, so nothing says who made the record."
            )
        )
    if first.error is not None:
        problems.append(
            _(
                "The signature could not be checked ({reason}). The file may have been "
                "damaged or changed. Do not rely on this copy."
            ).format(reason=first.error)
        )
    elif not first.intact:
        problems.append(
            _(
                "The signed content has changed since it was signed: its fingerprint no "
                "longer matches the signature. Do not rely on this copy."
            )
        )
    elif not first.valid:
        problems.append(
            _(
                "The signature does not match the signer's certificate, so it is not valid. "
                "Do not rely on this copy."
            )
        )
    elif first.coverage is Coverage.PART:
        problems.append(
            _(
                "The signature covers only part of the file, so what it vouches for cannot "
                "be told. Do not rely on this copy."
            )
        )
    problems.extend(change_sentences(result))
    if first.sound and not result.changes and first.changes not in (Changes.NONE, Changes.ARCHIVAL):
        problems.append(_("Other parts of the file were changed after signing."))
    for later in result.later:
        if later.sound:
            continue
        if later.kind is Kind.TIMESTAMP:
            text = _(
                "A document time-stamp added after the record was signed ({field}) does not "
                "verify: {verdict}."
            )
        else:
            text = _(
                "A signature added after the record was signed ({field}) does not verify: "
                "{verdict}."
            )
        problems.append(text.format(field=later.field_name, verdict=validity_text(later)))
    if first.kind is Kind.SIGNATURE and first.error is None and not first.trusted:
        _explain_trust(result, first, moment)
    if first.long_term and first.not_after is not None:
        result.problems.append(
            _(
                "The signer's certificate is no longer valid (it expired on {date}), but the "
                "record's archive time-stamps and the validation data kept in it prove that "
                "it was valid when the record was signed."
            ).format(date=first.not_after.strftime("%Y-%m-%d"))
        )


def _explain_trust(result: VerifyResult, first: SignatureCheck, moment: datetime) -> None:
    problems = result.problems
    if first.self_signed:
        problems.append(
            _(
                "The certificate is self-signed (a pilot certificate): nobody else "
                "vouches for who signed."
            )
        )
    if not result.roots_set:
        problems.append(
            _(
                "No trust roots are set, so who signed cannot be confirmed. Add the "
                "clinic's root certificate to the trust roots."
            )
        )
    else:
        problems.append(
            _("The signer's certificate is not trusted by the trust roots that are set.")
        )
    expiry = first.not_after
    if expiry is not None and expiry < moment and first.timestamp is None:
        problems.append(
            _(
                "The signer's certificate expired on {date}. Without a timestamp from a "
                "timestamp server, it cannot be confirmed that it was valid when signing."
            ).format(date=expiry.strftime("%Y-%m-%d"))
        )


def _provenance(reader: Any, revision: int | None) -> dict[str, str]:
    """The provenance in the XMP of ``revision`` (the latest when None), never of a later one."""
    try:
        resolver = reader if revision is None else reader.get_historical_resolver(revision)
        packet = xmp_packet(resolver)
    except Exception:  # no or broken metadata: simply no provenance
        return {}
    return read_provenance(packet) if packet else {}


def _note_provenance(result: VerifyResult) -> None:
    if not result.provenance:
        result.problems.append(_("The file does not say which decision-aid pack it was made from."))
