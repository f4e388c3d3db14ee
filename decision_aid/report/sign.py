"""Sign the summary PDF last, with pyHanko: PAdES B-B offline, B-T with a timestamp server.

The signature certifies the record with the DocMDP permission "no changes allowed"
(:data:`CERTIFICATION`): a record is final once signed. A countersignature, a form field
filled in or a comment added later is not something the clinic signed, so viewers that
honour certification (and ``report verify``) report any of them as a change. PAdES still
allows what long-term archiving needs after it: document time-stamps and validation data
(DSS). "Form fill and signatures" (DocMDP 2) would have let anyone add a signature
without the record counting as changed, which is the forgery that verifying must catch.

The signature is an incremental update with a visible appearance in the box the record
left blank for it, under the clinician's signature (:class:`Stamp`: its page and place,
from ``summary.build_record``). The appearance speaks the record's language, with the
time in the clinic's time zone, and is shaped and ordered right to left for Arabic. It
is drawn here with reportlab (the record's embedded TrueType fonts, no transparency)
and placed as a static stamp, because pyHanko's own text stamp breaks PDF/A-1 (see
``TOOLCHAIN.md``). The update is written by ``record_writer``, which keeps a PDF/A record
within its part: the declared PDF version, and the document information and XMP in step.

pyHanko (and aiohttp behind it) is imported inside the functions that sign: importing it
costs about 0.4 s, which the app's start-up should not pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from decision_aid.i18n import SOURCE_LANGUAGE, _, is_right_to_left, using
from decision_aid.report.keyfile import (  # re-exported: the signing API is this module
    CertificateInfo,
    Credentials,
    SigningError,
    certificate_summary,
    check_validity,
    describe,
    load_p12,
)
from decision_aid.report.longterm import Level, LongTerm, add_long_term, default_level

__all__ = [
    "CERTIFICATION",
    "DEFAULT_SIGNATURE_BOX",
    "FIELD_NAME",
    "CertificateInfo",
    "Level",
    "LongTerm",
    "SigningError",
    "Stamp",
    "appearance_lines",
    "certificate_summary",
    "quiet_library_logs",
    "sign_pdf",
]

CERTIFICATION = 1
"""The DocMDP permission the record is certified with: 1, no changes allowed."""

DEFAULT_SIGNATURE_BOX: tuple[float, float, float, float] = (317.0, 56.0, 553.0, 128.0)
"""Where the signature appearance goes on the last page, in points, when the caller does
not say (a PDF that is not one of the app's records)."""


@dataclass(frozen=True)
class Stamp:
    """Where the signature's appearance goes, and the language it speaks."""

    box: tuple[float, float, float, float] = DEFAULT_SIGNATURE_BOX
    """(x1, y1, x2, y2) in points."""
    page: int = 0
    """The page it is on, 1 for the first; 0 for the last page."""
    language: str = SOURCE_LANGUAGE
    """The record's language (a Babel locale such as 'cy' or 'ar')."""
    time_zone: tzinfo | None = None
    """For the signing time; None: the computer's own zone."""


FIELD_NAME = "DecisionAidSignature"


def sign_pdf(
    data: bytes,
    p12: Path,
    passphrase: bytes,
    *,
    tsa_url: str | None = None,
    now: datetime | None = None,
    pdfa: bool = True,
    stamp: Stamp | None = None,
    level: Level | None = None,
    long_term: LongTerm | None = None,
) -> bytes:
    """Sign ``data`` (a whole PDF) with the key and certificate in ``p12``; return the signed PDF.

    PAdES ``level`` (default: B-T when ``tsa_url`` names an RFC 3161 timestamp server,
    else B-B). B-LT and B-LTA also need ``long_term`` (the CA certificates): they add the
    validation data, and for B-LTA a document time-stamp, in a revision after the
    signature (see ``longterm``). The signature is added as an incremental update, so the
    original bytes stay as they were, and covers the file as it was signed. ``now``
    (aware; default: the clock) is the signing time and the moment the certificate must
    be valid at. With ``pdfa`` the metadata is kept
    PDF/A-consistent. ``stamp`` says where the visible signature goes and its language
    (default: :data:`DEFAULT_SIGNATURE_BOX` on the last page, in English).

    Raises SigningError (a plain message) for a missing or unreadable key file, a wrong
    passphrase, a certificate that is expired or not yet valid, a level whose time-stamp
    server or CA certificates are not set, a document that cannot be
    read, or a timestamp server that fails. Nothing partly signed is ever returned.
    """
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    level = level or default_level(tsa_url)
    _check_level(level, tsa_url, long_term)
    creds = load_p12(p12, passphrase)
    info = describe(creds.cert)
    check_validity(info, p12, moment)
    stamp = stamp or Stamp()
    appearance = _appearance_pdf(stamp, info, moment)
    tsa = tsa_url if level.needs_tsa else None
    try:
        signed = _sign(data, creds, appearance, stamp, moment, tsa_url=tsa, pdfa=pdfa)
    except SigningError:
        raise
    except Exception as exc:
        failure = _known_failure(exc, tsa)
        if failure is None:
            raise  # a bug, not a user's problem: let it show as one
        raise failure from exc
    if not level.long_term:
        return signed
    assert tsa is not None and long_term is not None  # checked above
    return add_long_term(signed, long_term, tsa_url=tsa, archive=level is Level.B_LTA, now=moment)


def _check_level(level: Level, tsa_url: str | None, long_term: LongTerm | None) -> None:
    """SigningError when what ``level`` needs is not configured."""
    if level.needs_tsa and not tsa_url:
        raise SigningError(
            _(
                "The signature level {level} needs a time-stamp server, and none is set. "
                "Set 'tsa_url' in the settings (or give --tsa URL), or choose the level B-B."
            ).format(level=level.value)
        )
    if level.long_term and (long_term is None or not long_term.certificates):
        raise SigningError(
            _(
                "The signature level {level} needs the certificates of the clinic's CA, to "
                "gather the validation data, and none are set. List the CA's root (and any "
                "intermediate) certificate files in the settings ('ca_certificates')."
            ).format(level=level.value)
        )


def quiet_library_logs() -> None:
    """Stop pyHanko's log records (tracebacks of expected failures, such as an untrusted
    pilot certificate) reaching stderr when the app has set no logging up. Records still
    reach any handler the app installs."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


# --- the appearance -------------------------------------------------------------------------


def appearance_lines(
    info: CertificateInfo,
    moment: datetime,
    language: str = SOURCE_LANGUAGE,
    zone: tzinfo | None = None,
) -> list[str]:
    """The text of the signature appearance, one string per line, in ``language`` (whose
    catalog must be active) with the time in ``zone``."""
    from decision_aid.report.when import clinic_zone, moment_text

    when = moment_text(moment, language, zone or clinic_zone(None))
    lines = [
        _("Digitally signed by {name}").format(name=info.subject),
        _("on {when}").format(when=when),
    ]
    if info.self_signed:
        lines.append(_("Self-signed pilot certificate"))
    else:
        lines.append(_("Certificate issued by {issuer}").format(issuer=info.issuer))
    return lines


def _appearance_pdf(stamp: Stamp, info: CertificateInfo, moment: datetime) -> bytes:
    """A one-page PDF the size of the box, drawn in grey with the record's embedded fonts,
    in the record's language (right to left for Arabic)."""
    from reportlab.pdfgen import canvas

    from decision_aid.report import rtl
    from decision_aid.report import styles as st

    st.register_fonts()
    width, height = stamp.box[2] - stamp.box[0], stamp.box[3] - stamp.box[1]
    right_to_left = is_right_to_left(stamp.language)
    with using(stamp.language.split("_")[0]), rtl.direction(right_to_left):
        words = appearance_lines(info, moment, stamp.language, stamp.time_zone)
        lines = [st.printable(line) for line in words]
        buffer = BytesIO()
        page = canvas.Canvas(  # the stubs mistype initialFontName as a number
            buffer,
            pagesize=(width, height),
            initialFontName=st.FONT,  # type: ignore[arg-type]
            invariant=1,
            pdfVersion=(1, 4),
        )
        page.setStrokeGray(0.35)
        page.setLineWidth(0.8)
        page.rect(0.5, 0.5, width - 1, height - 1, stroke=1, fill=0)
        margin = 5.0
        size = min(11.0, (height - 2 * margin) / (len(lines) * 1.25))
        widest = max(rtl.logical_width(rtl.prepare(line), st.FONT, 1.0) for line in lines)
        size = max(4.0, min(size, (width - 2 * margin) / widest))
        leading = size * 1.25
        top = height - (height - leading * len(lines)) / 2 - size
        page.setFillGray(0.0)
        for index, line in enumerate(lines):
            y = top - index * leading
            if right_to_left:
                rtl.draw_line(page, width - margin, y, line, st.FONT, size, "right")
            else:
                page.setFont(st.FONT, size)
                page.drawString(margin, y, line)
        page.showPage()
        page.save()
    return buffer.getvalue()


# --- signing --------------------------------------------------------------------------------

SIGNATURE_ROOM = 8192
"""Bytes kept in a signature without a time stamp beyond its certificates: signed
attributes take well under 2 KB and a signature value at most 1 KB (RSA-8192)."""


def _sign(
    data: bytes,
    creds: Credentials,
    appearance: bytes,
    stamp: Stamp,
    moment: datetime,
    *,
    tsa_url: str | None,
    pdfa: bool,
) -> bytes:
    import asyncio

    from decision_aid.report import deferred_http

    deferred_http.defer()
    quiet_library_logs()
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko.stamp import StaticStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from decision_aid.report.record_writer import open_writer

    cert = asn1_x509.Certificate.load(creds.cert.public_bytes(serialization.Encoding.DER))
    key = asn1_keys.PrivateKeyInfo.load(
        creds.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    chain = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in creds.chain
    ]
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),  # type: ignore[no-untyped-call]
    )
    try:
        writer = open_writer(data, pdfa=pdfa, moment=moment)
        existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer.prev)}
        already_signed = bool(writer.prev.embedded_signatures)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise SigningError(
            _(
                "The document could not be read as a PDF ({reason}), so it was not signed. "
                "Build the summary again."
            ).format(reason=exc)
        ) from exc
    if already_signed:
        raise SigningError(
            _(
                "The document is already signed, and a signed record is final: signing it "
                "again would count as a change to it. Build the record again from the "
                "consultation and sign that."
            )
        )
    name = FIELD_NAME
    number = 2
    while name in existing:
        name = f"{FIELD_NAME}{number}"
        number += 1

    timestamper = None
    if tsa_url:
        timestamper = deferred_http.real("pyhanko.sign.timestamps.aiohttp_client")(
            tsa_url, timeout=15
        )
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=name,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            certify=True,
            docmdp_permissions=MDPPerm(CERTIFICATION),
        ),
        signer=signer,
        timestamper=timestamper,
        stamp_style=StaticStampStyle(
            background=_BytesPdfPage(appearance),
            background_opacity=1.0,
            background_layout=SimpleBoxLayoutRule(
                x_align=AxisAlignment.ALIGN_MID,
                y_align=AxisAlignment.ALIGN_MID,
                margins=Margins(),  # the drawing is the box's size: fill it
            ),
            border_width=0,
        ),
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=name,
            on_page=stamp.page - 1,  # 0-based; -1 is the last page
            box=stamp.box,  # type: ignore[arg-type]  # pyHanko accepts floats
        ),
    )

    # Room for the signature, fixed in advance: its certificates plus ample room for the
    # signed attributes and the signature value. pyHanko would otherwise sign once more,
    # with a dummy digest, only to measure it. Unused room is zeros in /Contents.
    certificates = [cert, *chain]
    reserved_room = 2 * (sum(len(c.dump()) for c in certificates) + SIGNATURE_ROOM)

    async def run() -> bytes:
        # PdfSigner.sign_pdf step by step (pyHanko's documented interrupted-signing API), so
        # that one moment is the CMS signing time, the /M entry, the appearance's time and
        # the metadata's ModDate, instead of pyHanko reading its own clock.
        from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

        session = pdf_signer.init_signing_session(writer)
        session.system_time = moment
        validation = await session.perform_presign_validation(writer)
        if timestamper is None:
            reserved = reserved_room
        else:  # a time stamp's size is the server's: let pyHanko estimate it
            reserved = await session.estimate_signature_container_size(validation)
        tbs = session.prepare_tbs_document(validation_info=validation, bytes_reserved=reserved)
        output = BytesIO()
        digest, out = tbs.digest_tbs_document(output=output)
        post = await tbs.perform_signature(
            document_digest=digest.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=moment),
        )
        await post.post_signature_processing(out)
        return output.getvalue()

    return asyncio.run(run())


def _known_failure(exc: Exception, tsa_url: str | None) -> SigningError | None:
    """A plain SigningError for failures a user can act on; None for anything else."""
    import aiohttp
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.general import SigningError as PyHankoSigningError
    from pyhanko.sign.timestamps import TimestampRequestError

    network = (TimestampRequestError, aiohttp.ClientError, TimeoutError, OSError)
    if tsa_url and isinstance(exc, network):
        return SigningError(
            _(
                "The document was not signed: the timestamp server {url} did not give a "
                "timestamp ({reason}). Check the address and the network, or sign without a "
                "timestamp server."
            ).format(url=tsa_url, reason=str(exc) or type(exc).__name__)
        )
    if isinstance(exc, PdfError | PyHankoSigningError):
        return SigningError(
            _(
                "The document was not signed: pyHanko could not sign it ({reason}). "
                "Build the summary again; if this happens again, report it."
            ).format(reason=str(exc) or type(exc).__name__)
        )
    return None


def _BytesPdfPage(data: bytes) -> Any:  # noqa: N802 - reads like a class
    """pyHanko content that draws page 1 of the PDF in ``data`` (ImportedPdfPage wants a file)."""
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.pdf_utils.reader import PdfFileReader

    class BytesPdfPage(ImportedPdfPage):
        def render(self) -> bytes:
            import binascii
            import uuid

            from pyhanko.pdf_utils.layout import BoxConstraints

            writer = self._ensure_writer
            xobject = writer.import_page_as_xobject(PdfFileReader(BytesIO(data)), page_ix=0)
            resource = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[resource.decode("ascii")] = xobject
            x1, y1, x2, y2 = xobject.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return resource + b" Do"

    return BytesPdfPage("<in memory>")  # type: ignore[no-untyped-call]
