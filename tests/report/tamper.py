"""An adversary's tools for the verify tests: incremental updates to a signed record.

Each function takes the bytes of a signed PDF and returns them with one more revision
appended, as pyHanko's incremental writer makes it: the signed bytes stay as they were, so
only a check of what came after the signature can catch the change. ``resign`` adds a
signature with any key (by default one with the same signer name as the record's),
ignoring the record's certification, as a forger would.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.report.signing import PASSPHRASE

FORGED = b"BT /F1 24 Tf 72 700 Td (FORGED: patient chose surgery) Tj ET"


def _update(data: bytes, change: Callable[[Any], None]) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _first_page(writer: Any) -> Any:
    return writer.root["/Pages"]["/Kids"][0].get_object()


def change_content(data: bytes) -> bytes:
    """Page 1 draws 'FORGED: patient chose surgery' instead of what was signed."""
    from pyhanko.pdf_utils import generic

    def change(writer: Any) -> None:
        page = _first_page(writer)
        page["/Contents"] = writer.add_object(generic.StreamObject(stream_data=FORGED))
        writer.update_container(page)

    return _update(data, change)


def change_info(data: bytes, keywords: str = "decision-aid; pack=EVIL; version=6.6.6") -> bytes:
    """The document information's /Keywords (and /Title) say something else."""
    from pyhanko.pdf_utils import generic

    def change(writer: Any) -> None:
        info = writer.trailer["/Info"]
        info["/Keywords"] = generic.TextStringObject(keywords)
        info["/Title"] = generic.TextStringObject("FORGED")
        writer.update_container(info)

    return _update(data, change)


def change_xmp_provenance(data: bytes, pack: str = "EVIL") -> bytes:
    """The XMP metadata names another pack (the structured provenance, forged)."""
    from pyhanko.pdf_utils import generic

    def change(writer: Any) -> None:
        packet = writer.root["/Metadata"].data.decode("utf-8")
        forged = re.sub(r"(<darec:packId>)[^<]*", rf"\g<1>{pack}", packet)
        assert forged != packet
        stream = generic.StreamObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Metadata"),
                generic.NameObject("/Subtype"): generic.NameObject("/XML"),
            },
            stream_data=forged.encode("utf-8"),
        )
        writer.root["/Metadata"] = writer.add_object(stream)
        writer.update_root()

    return _update(data, change)


def add_annotation(data: bytes, note: str = "FORGED: patient chose surgery") -> bytes:
    """A text annotation (a sticky note) on page 1."""
    from pyhanko.pdf_utils import generic

    def change(writer: Any) -> None:
        page = _first_page(writer)
        annot = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in (100, 100, 120, 120)]
                ),
                generic.NameObject("/Contents"): generic.TextStringObject(note),
            }
        )
        page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(annot)])
        writer.update_container(page)

    return _update(data, change)


def add_page(data: bytes) -> bytes:
    """A new last page saying 'FORGED: patient chose surgery'."""
    from pyhanko.pdf_utils import generic

    def change(writer: Any) -> None:
        page = generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Page"),
                generic.NameObject("/MediaBox"): generic.ArrayObject(
                    [generic.NumberObject(v) for v in (0, 0, 595, 842)]
                ),
                generic.NameObject("/Contents"): writer.add_object(
                    generic.StreamObject(stream_data=FORGED)
                ),
            }
        )
        writer.insert_page(page)

    return _update(data, change)


def resign(data: bytes, p12: Path, field: str = "Countersignature") -> bytes:
    """A second signature over the whole file with the key in ``p12``, certification or not."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    class Forger(signers.PdfSigner):
        def _enforce_certification_constraints(self, reader: Any) -> None:
            """A forger does not ask for permission."""

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=PASSPHRASE)
    assert signer is not None
    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    out: BytesIO = Forger(signers.PdfSignatureMetadata(field_name=field), signer=signer).sign_pdf(
        writer
    )
    return out.getvalue()


def dummy_time_stamper() -> Any:
    """pyHanko's offline time-stamp authority with a fresh RSA key and certificate."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])
    start = datetime.now(UTC) - timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )


def add_document_timestamp(data: bytes) -> bytes:
    """A legitimate archival update: a PAdES document time-stamp (offline TSA), made by
    pyHanko's own writer, which updates the producer and dates in /Info and the XMP."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    out: BytesIO = signers.PdfTimeStamper(dummy_time_stamper()).timestamp_pdf(writer, "sha256")
    return out.getvalue()


def add_validation_data(data: bytes) -> bytes:
    """A legitimate archival update: the record signer's certificate in a DSS."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    [signature] = PdfFileReader(BytesIO(data), strict=False).embedded_regular_signatures
    buffer = BytesIO(data)
    DocumentSecurityStore.add_dss(buffer, None, certs=[signature.signer_cert], strict=False)
    return buffer.getvalue()
