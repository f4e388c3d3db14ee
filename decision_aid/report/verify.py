"""Check a signed record: who signed and when, whether it is intact and covers the whole file,
whether the certificate is trusted, and which pack it came from.

Any input, however damaged, gives a :class:`VerifyResult` with plain sentences in
``problems``; nothing here raises for a bad file. pyHanko is imported only when checking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from decision_aid.i18n import _
from decision_aid.report.sign import quiet_library_logs

PROVENANCE_MARKER = "decision-aid"


@dataclass
class VerifyResult:
    signed: bool = False
    signer: str | None = None
    signing_time: datetime | None = None  # as the signer reported it (aware)
    intact: bool = False
    valid: bool = False
    whole_file: bool = False
    trusted: bool = False
    self_signed: bool = False
    provenance: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    timestamp: datetime | None = None  # from a timestamp authority (B-T), when there is one

    @property
    def ok(self) -> bool:
        """Signed, unchanged since, and nothing added after the signature."""
        return self.signed and self.intact and self.valid and self.whole_file


def parse_provenance(keywords: str) -> dict[str, str]:
    """``'decision-aid; pack=x; version=1; ...'`` -> ``{'pack': 'x', 'version': '1', ...}``.

    Anything that does not start with the decision-aid marker gives ``{}``.
    """
    parts = [part.strip() for part in keywords.split(";")]
    if not parts or parts[0] != PROVENANCE_MARKER:
        return {}
    found: dict[str, str] = {}
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if sep and key.strip():
            found[key.strip()] = value.strip()
    return found


def verify_pdf(data: bytes, trust_roots: Sequence[Path] = ()) -> VerifyResult:
    """Check the (last) signature in the PDF ``data`` against ``trust_roots`` (PEM or DER files)."""
    result = VerifyResult()
    roots = _load_roots(trust_roots, result.problems)
    quiet_library_logs()
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader

        reader = PdfFileReader(BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception:  # any damage to the file: a problem to report, not a crash
        result.problems.append(
            _(
                "The file could not be read as a PDF: it may be truncated or damaged. "
                "Ask for the record again."
            )
        )
        return result
    if not signatures:
        result.provenance = _provenance(reader, None)
        result.problems.append(_("The file has no digital signature, so it cannot be checked."))
        _note_provenance(result)
        return result

    result.signed = True
    signature = signatures[-1]
    try:
        _check(signature, roots, result)
    except Exception as exc:  # a malformed signature must not crash the check
        result.intact = result.valid = result.whole_file = result.trusted = False
        result.problems.append(
            _(
                "The signature could not be checked ({reason}). The file may have been "
                "damaged or changed. Do not rely on this copy."
            ).format(reason=str(exc) or type(exc).__name__)
        )
    result.provenance = _provenance(reader, signature)
    _note_provenance(result)
    if not result.whole_file and result.provenance != _provenance(reader, None):
        result.problems.append(
            _(
                "A change after the signature altered the pack details; those shown here "
                "are the signed ones."
            )
        )
    return result


def _check(signature: Any, roots: list[Any], result: VerifyResult) -> None:
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    cert = signature.signer_cert
    result.signer = cert.subject.native.get("common_name") or cert.subject.human_friendly
    result.self_signed = bool(cert.self_issued)
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = validate_pdf_signature(
        signature,
        signer_validation_context=context,
        # pyHanko wants nonRepudiation; many clinic certificates carry digitalSignature only.
        key_usage_settings=KeyUsageConstraints(
            key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
        ),
    )
    result.signing_time = status.signer_reported_dt
    if status.timestamp_validity is not None:
        result.timestamp = status.timestamp_validity.timestamp
    result.intact = bool(status.intact)
    result.valid = bool(status.valid)
    result.trusted = bool(status.trusted)
    result.whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE

    problems = result.problems
    if not result.intact:
        problems.append(
            _(
                "The signed content has changed since it was signed: its fingerprint no "
                "longer matches the signature. Do not rely on this copy."
            )
        )
    elif not result.valid:
        problems.append(
            _(
                "The signature does not match the signer's certificate, so it is not valid. "
                "Do not rely on this copy."
            )
        )
    if not result.whole_file:
        problems.append(
            _(
                "Something was added to the file after it was signed. The signed part is "
                "unchanged, but the additions are not covered by the signature."
            )
        )
    if not result.trusted:
        if result.self_signed:
            problems.append(
                _(
                    "The certificate is self-signed (a pilot certificate): nobody else "
                    "vouches for who signed."
                )
            )
        if not roots:
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
        expired: datetime = cert["tbs_certificate"]["validity"]["not_after"].native
        if expired < datetime.now(UTC) and result.timestamp is None:
            problems.append(
                _(
                    "The signer's certificate expired on {date}. Without a timestamp from a "
                    "timestamp server, it cannot be confirmed that it was valid when signing."
                ).format(date=expired.strftime("%Y-%m-%d"))
            )


def _load_roots(paths: Sequence[Path], problems: list[str]) -> list[Any]:
    from asn1crypto import x509 as asn1_x509

    roots: list[Any] = []
    for path in paths:
        try:
            raw = path.read_bytes()
            if b"-----BEGIN" in raw:
                certs = x509.load_pem_x509_certificates(raw)
            else:
                certs = [x509.load_der_x509_certificate(raw)]
        except (OSError, ValueError) as exc:
            problems.append(
                _("The trust root {path} could not be read ({reason}); it was left out.").format(
                    path=path,
                    reason=exc.strerror if isinstance(exc, OSError) and exc.strerror else exc,
                )
            )
            continue
        roots.extend(asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in certs)
    return roots


def _provenance(reader: Any, signature: Any | None) -> dict[str, str]:
    """The provenance of the signed revision (or of the latest, when nothing is signed)."""
    from pyhanko.pdf_utils.generic import IndirectObject

    try:
        handler = reader
        if signature is not None:
            handler = reader.get_historical_resolver(signature.signed_revision)
        info = handler.trailer_view.raw_get("/Info")
        if isinstance(info, IndirectObject):
            # resolved in that revision, not the latest (a later update may change /Info)
            info = handler.get_object(info.reference)
        keywords = info.get("/Keywords")
    except Exception:  # no or broken /Info: simply no provenance
        return {}
    return parse_provenance(str(keywords)) if keywords is not None else {}


def _note_provenance(result: VerifyResult) -> None:
    if not result.provenance:
        result.problems.append(_("The file does not say which decision-aid pack it was made from."))
