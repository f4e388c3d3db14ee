"""Signatures that outlive the certificate: PAdES B-LT and B-LTA, and archive time-stamps.

A B-B or B-T signature can be checked only while the signer's certificate is valid and
its CA still answers for it. The long-term levels add, in a revision after the signature:

* **B-LT**: a Document Security Store (DSS) with the certificate chains of the signer and
  of the time-stamp authority, and revocation data for each (the CA's CRL or OCSP
  responses, fetched now from the addresses in the certificates);
* **B-LTA**: that, and a document time-stamp over the whole file, DSS included, which
  proves the validation data existed while it was current.

:func:`add_long_term` writes that revision; :func:`extend` (``report extend``) adds a new
document time-stamp to a record later, with the validation data of everything already in
it, so that the chain of proof outlives the previous time-stamp authority's certificate
too. Each is one incremental update: the signatures already in the file stay valid. The
revision is written by ``record_writer``, which keeps a PDF/A record PDF/A.

Certificates are checked against the clinic's CA certificates (the settings'
``ca_certificates`` and ``trust_roots``): their self-signed ones are the trust anchors,
the others the intermediates a path may go through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from decision_aid.i18n import _
from decision_aid.report.keyfile import SigningError

if TYPE_CHECKING:
    from decision_aid.settings import Settings

DEFAULT_TIMEOUT = 15
"""Seconds each CRL, OCSP or time-stamp request may take."""


class Level(StrEnum):
    """PAdES baseline levels (ETSI EN 319 142-1)."""

    B_B = "B-B"
    """The signature alone."""
    B_T = "B-T"
    """With a time-stamp from a time-stamp server on the signature."""
    B_LT = "B-LT"
    """B-T and a DSS with the chains and revocation data."""
    B_LTA = "B-LTA"
    """B-LT and a document time-stamp over it."""

    @property
    def needs_tsa(self) -> bool:
        return self is not Level.B_B

    @property
    def long_term(self) -> bool:
        return self in (Level.B_LT, Level.B_LTA)


@dataclass(frozen=True)
class LongTerm:
    """What gathering validation data needs: the CA certificates, and how long to wait."""

    certificates: tuple[Path, ...]
    """PEM or DER files: the CA roots (trust anchors) and any intermediate certificates."""
    timeout: int = DEFAULT_TIMEOUT


def from_settings(
    settings: Settings, level: str | None = None, tsa_url: str | None = None
) -> tuple[Level, LongTerm]:
    """The level to sign at (``level``, else the settings', else :func:`default_level` of
    the time-stamp server in use: ``tsa_url``, given on the command line, else the
    settings') and what gathering validation data needs, from the clinic's settings."""
    chosen = level or settings.signature_level
    return (
        Level(chosen) if chosen else default_level(tsa_url or settings.tsa_url),
        LongTerm(
            tuple(settings.ca_certificates) + tuple(settings.trust_roots),
            settings.revocation_timeout,
        ),
    )


def default_level(tsa_url: str | None) -> Level:
    """The level when none is chosen: B-T with a time-stamp server, else B-B."""
    return Level.B_T if tsa_url else Level.B_B


def read_certificates(paths: Sequence[Path]) -> list[x509.Certificate]:
    """The certificates in ``paths``; SigningError naming the file that cannot be used."""
    found: list[x509.Certificate] = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise SigningError(
                _(
                    "The CA certificate file {path} could not be read ({reason}). Check the "
                    "path in the settings ('ca_certificates')."
                ).format(path=path, reason=exc.strerror or type(exc).__name__)
            ) from exc
        try:
            if b"-----BEGIN" in raw:
                found.extend(x509.load_pem_x509_certificates(raw))
            else:
                found.append(x509.load_der_x509_certificate(raw))
        except ValueError as exc:
            raise SigningError(
                _(
                    "{path} is not a certificate in PEM or DER form. Export the CA's "
                    "certificates to .pem or .der files and list those in the settings "
                    "('ca_certificates')."
                ).format(path=path)
            ) from exc
    return found


def _anchors(spec: LongTerm) -> tuple[list[Any], list[Any]]:
    """(trust roots, intermediates) as asn1crypto certificates, for pyHanko."""
    from asn1crypto import x509 as asn1_x509

    roots: list[Any] = []
    others: list[Any] = []
    for cert in read_certificates(spec.certificates):
        loaded = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
        (roots if cert.issuer == cert.subject else others).append(loaded)
    if not roots:
        raise SigningError(
            _(
                "None of the CA certificates in the settings is a root certificate, so no "
                "certificate chain can be checked. Add the clinic's root CA certificate to "
                "'ca_certificates' (or to 'trust_roots')."
            )
        )
    return roots, others


def add_long_term(
    data: bytes,
    spec: LongTerm,
    *,
    tsa_url: str,
    archive: bool,
    now: datetime | None = None,
) -> bytes:
    """``data`` (a signed PDF) with a new revision: the DSS with the validation data of
    every signature and time-stamp in it, and with ``archive`` a document time-stamp from
    ``tsa_url`` over the whole file. ``now`` dates the revision's metadata.

    Raises SigningError (plain words) when a chain cannot be built to the CA
    certificates, revocation data cannot be fetched, a certificate is revoked, or the
    time-stamp server fails. Nothing partly written is ever returned.
    """
    import asyncio

    from decision_aid.report import deferred_http

    deferred_http.defer()
    from decision_aid.report.sign import quiet_library_logs

    quiet_library_logs()
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    roots, others = _anchors(spec)
    try:
        job = _Job(roots, others, spec.timeout, tsa_url, archive, moment)
        return asyncio.run(_add(data, job))
    except SigningError:
        raise
    except Exception as exc:
        failure = _known_failure(exc, tsa_url)
        if failure is None:
            raise
        raise failure from exc


@dataclass(frozen=True)
class _Job:
    roots: list[Any]
    others: list[Any]
    timeout: int
    tsa_url: str
    archive: bool
    moment: datetime


async def _add(data: bytes, job: _Job) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.signers.pdf_signer import TimestampDSSContentSettings
    from pyhanko.sign.validation.dss import DocumentSecurityStore, collect_validation_info
    from pyhanko_certvalidator import ValidationContext

    from decision_aid.report import deferred_http
    from decision_aid.report.record_writer import open_writer

    backend = deferred_http.real("pyhanko_certvalidator.fetchers.aiohttp_fetchers")(
        per_request_timeout=job.timeout
    )
    context = ValidationContext(
        trust_roots=job.roots,
        other_certs=job.others,
        allow_fetching=True,
        revocation_mode="require",
        fetcher_backend=backend,
    )
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if job.archive:
            _refuse_pdfa1(reader)
        signatures = list(reader.embedded_signatures)
        paths = []
        for signature in signatures:
            try:
                paths += await collect_validation_info(signature, context)
            except Exception as exc:
                raise _chain_failure(signature, exc) from exc
        writer = open_writer(data, pdfa=True, moment=job.moment)
        DocumentSecurityStore.supply_dss_in_writer(
            writer, None, paths=paths, validation_context=context
        )
        output = BytesIO()
        if not job.archive:
            writer.write(output)  # type: ignore[no-untyped-call]
            return output.getvalue()
        timestamper = deferred_http.real("pyhanko.sign.timestamps.aiohttp_client")(
            job.tsa_url, timeout=job.timeout
        )
        await PdfTimeStamper(timestamper, field_name=_free_name(signatures)).async_timestamp_pdf(
            writer,
            "sha256",
            validation_context=context,
            output=output,
            dss_settings=TimestampDSSContentSettings(include_vri=False, update_before_ts=True),
        )
        return output.getvalue()
    finally:
        await backend.close()


def _refuse_pdfa1(reader: Any) -> None:
    """SigningError for a PDF/A-1 file: it cannot take a document time-stamp.

    PDF/A-1 wants an appearance stream on every widget, even a zero-size one; a document
    time-stamp's widget must have none (ISO 32000-2, 12.8.5), and pyHanko's difference
    analysis counts one as form filling, which the record's certification forbids.
    PDF/A-2 and -3 exempt a zero-size widget from having an appearance.
    """
    from decision_aid.report.xmp import pdfa_part

    root = reader.root
    if "/Metadata" in root and pdfa_part(root["/Metadata"].data) == 1:
        raise SigningError(
            _(
                "The record is PDF/A-1b, which cannot take a document time-stamp (PDF/A-1 "
                "wants a visible appearance on every form field; a document time-stamp has "
                "none), so B-LTA and archive time-stamps need a PDF/A-3b record, the "
                "default. B-LT works with PDF/A-1b."
            )
        )


def _free_name(signatures: list[Any]) -> str:
    taken = {str(signature.field_name) for signature in signatures}
    number = 1
    while f"ArchiveTimeStamp{number}" in taken:
        number += 1
    return f"ArchiveTimeStamp{number}"


def _chain_failure(signature: Any, exc: Exception) -> SigningError:
    """Why the validation data of ``signature`` could not be gathered, in plain words."""
    from pyhanko_certvalidator.errors import PathBuildingError, RevokedError

    try:
        who = signature.signer_cert.subject.human_friendly
    except Exception:  # a signature without a readable certificate
        who = str(signature.field_name)
    if isinstance(exc, RevokedError):
        return SigningError(
            _(
                "The certificate of {who} is revoked, so the record cannot be made "
                "long-term: its CA says it must no longer be trusted. Ask the CA why, and "
                "sign with a certificate that is in good standing."
            ).format(who=who)
        )
    if isinstance(exc, PathBuildingError):
        return SigningError(
            _(
                "The certificate of {who} does not chain to any of the CA certificates in "
                "the settings, so its validation data cannot be gathered. Add the CA's root "
                "(and any intermediate) certificate to 'ca_certificates'."
            ).format(who=who)
        )
    return SigningError(
        _(
            "The revocation data (CRL or OCSP) for the certificate of {who} could not be "
            "fetched ({reason}). Check the network, and that the CA's revocation server "
            "named in the certificate answers; then try again."
        ).format(who=who, reason=str(exc) or type(exc).__name__)
    )


def _known_failure(exc: Exception, tsa_url: str) -> SigningError | None:
    import aiohttp
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.timestamps import TimestampRequestError

    if isinstance(exc, TimestampRequestError | aiohttp.ClientError | TimeoutError | OSError):
        return SigningError(
            _(
                "The time-stamp server {url} did not give a time-stamp ({reason}). Check the "
                "address and the network, and try again."
            ).format(url=tsa_url, reason=str(exc) or type(exc).__name__)
        )
    if isinstance(exc, PdfError):
        return SigningError(
            _("The document could not be read as a PDF ({reason}).").format(
                reason=str(exc) or type(exc).__name__
            )
        )
    return None


def extend(data: bytes, spec: LongTerm, *, tsa_url: str, now: datetime | None = None) -> bytes:
    """``data`` with a new archive (document) time-stamp, after the validation data of every
    signature and time-stamp already in it: what a records manager runs before the newest
    time-stamp's certificate expires.

    Refuses (SigningError, plain words) a file that is not signed, or whose signatures
    do not verify (changed after signing, damaged), before anything is fetched.
    """
    from decision_aid.report.verify import verify_pdf
    from decision_aid.report.verify.words import reason

    check = verify_pdf(data)
    if not check.signed:
        raise SigningError(
            _(
                "The file is not signed, so there is nothing for an archive time-stamp to "
                "keep valid. Only a signed record can be extended."
            )
        )
    if not check.sound:
        raise SigningError(
            _(
                "The record does not verify ({reason}) An archive time-stamp would vouch for "
                "a file that was changed or damaged, so none was added. Check it with "
                "'decision-aid report verify'."
            ).format(reason=reason(check))
        )
    return add_long_term(data, spec, tsa_url=tsa_url, archive=True, now=now)
