"""Signing: PAdES with pyHanko, a visible PDF/A-safe appearance, plain errors, outside checks."""

from __future__ import annotations

import re
import socket
import threading
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from decision_aid.report import sign
from decision_aid.report.sign import (
    CertificateInfo,
    SigningError,
    Stamp,
    appearance_lines,
    certificate_summary,
    sign_pdf,
)
from decision_aid.report.verify import verify_pdf
from decision_aid.report.when import local_zone, moment_text
from tests.report.common import PACK_IDS
from tests.report.conftest import Records
from tests.report.signing import (
    KEYWORDS,
    PASSPHRASE,
    SIGNER,
    assert_pdfa1b,
    cert_of,
    pdfsig,
    run,
    write,
)

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)


def signed_with(data: bytes, p12: Path, **kw: Any) -> bytes:
    return sign_pdf(data, p12, PASSPHRASE, now=kw.pop("now", NOW), **kw)


def pdf_objects(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(BytesIO(data), strict=False)


# --- the round trip ---------------------------------------------------------------------------


def test_sign_and_verify_round_trip(small_pdf: bytes, p12: Path, cert_pem: Path) -> None:
    signed = signed_with(small_pdf, p12)

    assert signed.startswith(small_pdf)  # an incremental update: the original bytes stay
    result = verify_pdf(signed, [cert_pem])
    assert result.ok
    assert (result.signed, result.intact, result.valid, result.whole_file) == (True,) * 4
    assert result.trusted
    assert result.self_signed
    assert result.signer == SIGNER
    assert result.signing_time == NOW
    assert result.timestamp is None  # B-B: no timestamp authority
    assert result.provenance["pack"] == "test-pack"
    assert result.problems == []


def test_pyhanko_reports_pades_intact_valid_whole(small_pdf: bytes, p12: Path) -> None:
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signed = signed_with(small_pdf, p12)
    reader = pdf_objects(signed)
    [embedded] = reader.embedded_regular_signatures
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    from asn1crypto import x509 as asn1_x509

    roots = [
        asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(cert_of(p12)).public_bytes(serialization.Encoding.DER)
        )
    ]
    status = validate_pdf_signature(
        embedded, signer_validation_context=ValidationContext(trust_roots=roots)
    )
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"


def test_visible_appearance_in_the_box_on_the_last_page(small_pdf: bytes, p12: Path) -> None:
    signed = signed_with(small_pdf, p12)
    reader = pdf_objects(signed)
    last = reader.root["/Pages"]["/Kids"][-1].get_object()
    [widget] = [a.get_object() for a in last["/Annots"]]

    assert widget["/FT"] == "/Sig"
    assert [float(v) for v in widget["/Rect"]] == pytest.approx(list(sign.DEFAULT_SIGNATURE_BOX))
    assert int(widget["/F"]) & 4  # printed (PDF/A wants it)
    assert list(widget["/AP"].keys()) == ["/N"]  # only a normal appearance
    first = reader.root["/Pages"]["/Kids"][0].get_object()
    assert "/Annots" not in first


def test_appearance_says_who_when_and_pilot(small_pdf: bytes, p12: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "signed.pdf", signed_with(small_pdf, p12))
    text = run("pdftotext", "-f", "2", "-l", "2", path, "-").stdout

    assert f"Digitally signed by {SIGNER}" in text
    assert moment_text(NOW, "en", local_zone()) in text
    assert "Self-signed pilot certificate" in text
    assert "Digitally signed" not in run("pdftotext", "-l", "1", path, "-").stdout


def test_appearance_font_is_embedded(small_pdf: bytes, p12: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "signed.pdf", signed_with(small_pdf, p12))
    rows = run("pdffonts", path).stdout.splitlines()[2:]
    assert len(rows) == 2  # the page's font and the appearance's
    for row in rows:
        assert "TrueType" in row
        assert row.split()[-5] == "yes", row  # the 'emb' column


def test_appearance_lines_for_a_ca_issued_certificate() -> None:
    when = datetime(2026, 5, 4, 13, 7, tzinfo=UTC)
    info = CertificateInfo(
        subject="Dr Real",
        issuer="Clinic CA",
        not_before=when,
        not_after=when,
        self_signed=False,
    )
    assert appearance_lines(info, when, "en", ZoneInfo("Europe/London")) == [
        "Digitally signed by Dr Real",
        "on 4 May 2026, 14:07 BST",  # British conventions, the clinic's zone; never ISO
        "Certificate issued by Clinic CA",
    ]


def test_the_stamp_goes_where_the_record_says(small_pdf: bytes, p12: Path) -> None:
    box = (60.0, 100.0, 280.0, 166.0)
    signed = signed_with(small_pdf, p12, stamp=Stamp(box=box, page=1))
    reader = pdf_objects(signed)
    first, last = (reader.root["/Pages"]["/Kids"][i].get_object() for i in (0, -1))
    [widget] = [a.get_object() for a in first["/Annots"]]
    assert [float(v) for v in widget["/Rect"]] == pytest.approx(list(box))
    assert "/Annots" not in last


def test_the_stamp_speaks_the_records_language(small_pdf: bytes, p12: Path, tmp_path: Path) -> None:
    """The Arabic record's stamp was English; it is now Arabic, shaped, and copies as
    Arabic letters."""
    from decision_aid.i18n import _, using

    stamp = Stamp(language="ar", time_zone=ZoneInfo("Europe/London"))
    path = write(tmp_path, "signed.pdf", signed_with(small_pdf, p12, stamp=stamp))
    text = run("pdftotext", "-layout", "-f", "2", "-l", "2", path, "-").stdout
    with using("ar"):
        signed_by = _("Digitally signed by {name}").split("{name}")[0].split()
        pilot = _("Self-signed pilot certificate").split()
    # The shaper leaves out vowel marks (harakat); the letters are all there.
    words = ["".join(ch for ch in w if unicodedata.category(ch) != "Mn") for w in signed_by + pilot]
    assert signed_by and [w for w in words if w not in text] == []
    assert "Digitally signed" not in text and SIGNER in text
    assert re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text) is None
    welsh = Stamp(language="cy", time_zone=ZoneInfo("Europe/London"))
    path = write(tmp_path, "cy.pdf", signed_with(small_pdf, p12, stamp=welsh))
    with using("cy"):
        welsh_words = _("Self-signed pilot certificate")
    assert welsh_words in run("pdftotext", "-f", "2", "-l", "2", path, "-").stdout.replace(
        "\n", " "
    )


def test_the_record_is_certified_no_changes_allowed(small_pdf: bytes, p12: Path) -> None:
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation import read_certification_data

    signed = signed_with(small_pdf, p12)
    reader = pdf_objects(signed)
    certification = read_certification_data(reader)
    assert certification is not None
    assert certification.permission is MDPPerm.NO_CHANGES
    [embedded] = reader.embedded_regular_signatures
    assert embedded.sig_object.get_container_ref() == certification.author_sig.container_ref
    assert verify_pdf(signed).signatures[0].certification == 1


def test_a_signed_record_is_not_signed_again(small_pdf: bytes, p12: Path) -> None:
    """A signed record is final: a second signature would count as a change to it."""
    once = signed_with(small_pdf, p12)
    with pytest.raises(SigningError, match="already signed"):
        signed_with(once, p12)


# --- outside checkers --------------------------------------------------------------------------


def test_pdfsig_says_valid_and_trusts_only_an_added_root(
    small_pdf: bytes, p12: Path, nss_db: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "signed.pdf", signed_with(small_pdf, p12))

    plain = pdfsig(path)
    assert "Signature is Valid." in plain
    assert "Total document signed" in plain
    assert f"Signer Certificate Common Name: {SIGNER}" in plain
    assert "Certificate issuer isn't Trusted." in plain

    trusted = pdfsig(path, nssdir=nss_db)
    assert "Signature is Valid." in trusted
    assert "Certificate is Trusted." in trusted


def test_qpdf_check_passes(small_pdf: bytes, p12: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "signed.pdf", signed_with(small_pdf, p12))
    result = run("qpdf", "--check", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.pdfa
def test_signed_pdfa1b_passes_preflight(
    pdfa1b_pdf: bytes, p12: Path, tmp_path: Path, preflight: list[str]
) -> None:
    assert_pdfa1b(preflight, write(tmp_path, "unsigned.pdf", pdfa1b_pdf))  # the input is 1b
    assert_pdfa1b(preflight, write(tmp_path, "signed.pdf", signed_with(pdfa1b_pdf, p12)))


@pytest.mark.pdfa
def test_without_pdfa_pyhanko_breaks_pdfa(
    pdfa1b_pdf: bytes, p12: Path, tmp_path: Path, preflight: list[str]
) -> None:
    """Why ``pdfa=True`` exists: pyHanko's own metadata update fails PDF/A-1b."""
    import subprocess

    path = write(tmp_path, "signed.pdf", signed_with(pdfa1b_pdf, p12, pdfa=False))
    result = subprocess.run([*preflight, str(path)], capture_output=True, text=True, check=False)
    assert "not a valid PDF/A-1b file" in result.stdout


def declared_version(data: bytes) -> tuple[int, int]:
    """The PDF version the file declares: its header, or its catalog's /Version if higher."""
    from pyhanko.pdf_utils.reader import parse_catalog_version

    header = data[:8].decode("ascii")
    assert header.startswith("%PDF-"), header
    major, minor = (int(part) for part in header[5:8].split("."))
    root = pdf_objects(data).root
    catalog = parse_catalog_version(root["/Version"]) if "/Version" in root else None
    return max((major, minor), catalog or (0, 0))


def extension_versions(data: bytes) -> set[str]:
    root = pdf_objects(data).root
    if "/Extensions" not in root:
        return set()
    found = set()
    for value in root["/Extensions"].values():
        for entry in value if isinstance(value, list) else [value]:
            found.add(str(entry["/BaseVersion"]))
    return found


def test_an_ec_key_keeps_a_pdfa1b_file_at_pdf_1_4(pdfa1b_pdf: bytes, p12: Path) -> None:
    """pyHanko declared /Version /2.0 and ISO 32002 for the pilot's EC key, and /1.7 with
    the ESIC extension for any PAdES signature: above PDF/A-1's PDF 1.4."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    key, _cert, _chain = pkcs12.load_key_and_certificates(p12.read_bytes(), PASSPHRASE)
    assert isinstance(key, ec.EllipticCurvePrivateKey)  # the case that raised it to 2.0
    signed = signed_with(pdfa1b_pdf, p12)
    assert declared_version(signed) == (1, 4)
    assert extension_versions(signed) == set()
    loose = signed_with(pdfa1b_pdf, p12, pdfa=False)  # pyHanko left to itself
    assert declared_version(loose) == (2, 0)


def test_metadata_stays_in_step(pdfa1b_pdf: bytes, p12: Path) -> None:
    from pyhanko.pdf_utils.generic import parse_pdf_date

    signed = signed_with(pdfa1b_pdf, p12)
    reader = pdf_objects(signed)
    info = reader.trailer_view["/Info"]
    xmp = reader.root["/Metadata"].data.decode("utf-8")

    producer = str(info["/Producer"])
    assert producer.startswith("decision-aid tests (ReportLab); pyHanko ")
    assert f"<pdf:Producer>{producer}</pdf:Producer>" in xmp
    assert parse_pdf_date(str(info["/ModDate"])) == NOW
    assert f"<xmp:ModifyDate>{NOW.isoformat()}</xmp:ModifyDate>" in xmp
    assert f"<xmp:MetadataDate>{NOW.isoformat()}</xmp:MetadataDate>" in xmp
    # the rest as it was
    assert "<pdfaid:part>1</pdfaid:part>" in xmp
    assert "<xmp:CreateDate>2000-01-01T00:00:00+00:00</xmp:CreateDate>" in xmp
    assert str(info["/Keywords"]) == KEYWORDS
    assert "/Filter" not in reader.root["/Metadata"]


def test_xmp_bookkeeping_is_a_dom_edit_that_keeps_the_rest() -> None:
    """Producer and dates are set where they are (element or attribute), the missing ones
    added, and every other property, prefix and the xpacket wrapper kept."""
    from decision_aid.report.xmp import properties, with_bookkeeping

    when = "2026-01-02T03:04:05+00:00"
    attributes = (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22'
        b'-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        b' xmlns:xap="http://ns.adobe.com/xap/1.0/" pdf:Producer="old" xap:ModifyDate="2000-01-01"'
        b' pdf:Keywords="kept"/></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>'
    )
    out = with_bookkeeping(attributes, producer="new & <better>", modified=when)
    text = out.decode()
    assert text.startswith('<?xpacket begin="\ufeff"') and text.endswith('<?xpacket end="w"?>')
    assert 'pdf:Producer="new &amp; &lt;better&gt;"' in text
    assert f'xap:ModifyDate="{when}"' in text  # the packet's own prefix
    before, after = properties(attributes), properties(out)
    assert {k for k in before if before[k] != after.get(k)} == {
        "{http://ns.adobe.com/pdf/1.3/}Producer",
        "{http://ns.adobe.com/xap/1.0/}ModifyDate",
    }

    bare = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22'
        b'-rdf-syntax-ns#"></rdf:RDF></x:xmpmeta>'
    )
    text = with_bookkeeping(bare, producer="p", modified=when).decode()
    assert "<pdf:Producer>p</pdf:Producer>" in text
    assert f"<xmp:ModifyDate>{when}</xmp:ModifyDate>" in text
    assert "MetadataDate" not in text  # not there before: not added


def test_xmp_bookkeeping_refuses_entities() -> None:
    from decision_aid.report.xmp import XmpError, with_bookkeeping

    hostile = b'<!DOCTYPE x [<!ENTITY a "b">]><x:xmpmeta xmlns:x="adobe:ns:meta/"/>'
    with pytest.raises(XmpError):
        with_bookkeeping(hostile, producer="p", modified="2026-01-01T00:00:00+00:00")


# --- failures: plain messages, nothing signed --------------------------------------------------


def test_wrong_passphrase(small_pdf: bytes, p12: Path) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(small_pdf, p12, b"not the passphrase")
    message = str(caught.value)
    assert str(p12) in message
    assert "passphrase" in message
    assert "wrong" in message


def test_expired_certificate(small_pdf: bytes, expired_p12: Path) -> None:
    with pytest.raises(SigningError) as caught:
        sign_pdf(small_pdf, expired_p12, PASSPHRASE)
    message = str(caught.value)
    assert str(expired_p12) in message
    assert "expired on" in message
    assert "keys init" in message


def test_certificate_not_yet_valid(small_pdf: bytes, p12: Path) -> None:
    with pytest.raises(SigningError, match="is not valid until"):
        sign_pdf(small_pdf, p12, PASSPHRASE, now=datetime.now(UTC) - timedelta(days=2))


def test_missing_key_file(small_pdf: bytes, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.p12"
    with pytest.raises(SigningError) as caught:
        sign_pdf(small_pdf, missing, PASSPHRASE)
    assert str(missing) in str(caught.value)
    assert "does not exist" in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"not a key file at all", b"0\x82\x01\x00garbage"])
def test_unreadable_key_file(small_pdf: bytes, tmp_path: Path, content: bytes) -> None:
    bad = write(tmp_path, "bad.p12", content)
    with pytest.raises(SigningError) as caught:
        sign_pdf(small_pdf, bad, PASSPHRASE)
    assert str(bad) in str(caught.value)
    assert "not a usable key file" in str(caught.value)


def test_truncated_key_file_is_not_called_a_wrong_passphrase(
    small_pdf: bytes, p12: Path, tmp_path: Path
) -> None:
    bad = write(tmp_path, "cut.p12", p12.read_bytes()[:300])
    with pytest.raises(SigningError, match="not a usable key file"):
        sign_pdf(small_pdf, bad, PASSPHRASE)


@pytest.mark.parametrize("document", [b"", b"%PDF-1.4\nnot really", b"<html></html>"])
def test_a_document_that_is_not_a_pdf(p12: Path, document: bytes) -> None:
    with pytest.raises(SigningError, match="could not be read as a PDF"):
        sign_pdf(document, p12, PASSPHRASE)


def test_naive_time_is_a_programming_error(small_pdf: bytes, p12: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sign_pdf(small_pdf, p12, PASSPHRASE, now=datetime(2026, 1, 1))


def test_certificate_summary(tmp_path: Path) -> None:
    from decision_aid.report.keys import create_self_signed

    when = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
    path = tmp_path / "k.p12"
    create_self_signed(path, SIGNER, PASSPHRASE, days=10, now=when)

    info = certificate_summary(path, PASSPHRASE)
    assert info == CertificateInfo(
        subject=SIGNER,
        issuer=SIGNER,
        not_before=when,
        not_after=when + timedelta(days=10),
        self_signed=True,
    )
    with pytest.raises(SigningError, match="passphrase"):
        certificate_summary(path, b"nope")


def _ca_issued_p12(tmp_path: Path) -> Path:
    """A clinic CA and a clinician's certificate issued by it, in one PKCS#12 with the chain."""
    start = datetime.now(UTC) - timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Clinic CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dr Issued")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=30))
        .add_extension(  # digitalSignature only, as many clinic certificates are
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    write(tmp_path, "ca.pem", ca.public_bytes(serialization.Encoding.PEM))
    return write(
        tmp_path,
        "issued.p12",
        pkcs12.serialize_key_and_certificates(
            b"x", key, leaf, [ca], serialization.BestAvailableEncryption(PASSPHRASE)
        ),
    )


def test_ca_issued_certificate(small_pdf: bytes, tmp_path: Path) -> None:
    p12 = _ca_issued_p12(tmp_path)
    info = certificate_summary(p12, PASSPHRASE)
    assert (info.subject, info.issuer, info.self_signed) == ("Dr Issued", "Test Clinic CA", False)

    path = write(tmp_path, "signed.pdf", sign_pdf(small_pdf, p12, PASSPHRASE))
    text = run("pdftotext", "-f", "2", "-l", "2", path, "-").stdout
    assert "Certificate issued by Test Clinic CA" in text
    assert "pilot" not in text
    result = verify_pdf(path.read_bytes(), [tmp_path / "ca.pem"])
    assert result.ok
    assert result.trusted
    assert not result.self_signed


# --- B-T: a timestamp from a (local, test) timestamp authority ---------------------------------


@pytest.fixture
def tsa(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local RFC 3161 server (pyHanko's DummyTimeStamper behind http.server): URL, its cert."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the dummy is RSA-only
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
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            reply = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield (
            f"http://127.0.0.1:{server.server_port}/",
            write(tmp_path, "tsa.pem", cert.public_bytes(serialization.Encoding.PEM)),
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_b_t_with_a_timestamp_server(
    small_pdf: bytes, p12: Path, cert_pem: Path, tsa: tuple[str, Path], tmp_path: Path
) -> None:
    url, tsa_cert = tsa
    signed = sign_pdf(small_pdf, p12, PASSPHRASE, tsa_url=url)

    result = verify_pdf(signed, [cert_pem, tsa_cert])
    assert result.ok
    assert result.trusted
    assert result.timestamp is not None
    assert abs(result.timestamp - datetime.now(UTC)) < timedelta(minutes=5)
    assert "Signature is Valid." in pdfsig(write(tmp_path, "bt.pdf", signed))


def test_timestamp_server_that_does_not_answer(small_pdf: bytes, p12: Path) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with pytest.raises(SigningError) as caught:
        sign_pdf(small_pdf, p12, PASSPHRASE, tsa_url=url)
    assert url in str(caught.value)
    assert "sign without a timestamp server" in str(caught.value)


# --- the real summaries --------------------------------------------------------------------------


@pytest.mark.parametrize("part", ["3b", "1b"])
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_real_summary_signs_and_verifies(
    records: Records, pack_id: str, part: str, p12: Path, cert_pem: Path
) -> None:
    from decision_aid.report.summary import record_provenance
    from tests.report.common import example

    unsigned = records[pack_id, part].read_bytes()
    signed = signed_with(unsigned, p12)
    assert signed.startswith(unsigned)

    result = verify_pdf(signed, [cert_pem])
    assert result.ok, result.problems
    assert result.trusted
    before = pdf_objects(unsigned)
    assert result.provenance == record_provenance(*example(pack_id)).as_dict()
    assert result.provenance["pack"] == pack_id
    assert result.signatures[0].certification == 1

    # the PDF/A markers survive the signing update
    after = pdf_objects(signed)
    xmp = after.root["/Metadata"].data.decode("utf-8")
    assert f"<pdfaid:part>{part[0]}</pdfaid:part>" in xmp
    assert "/OutputIntents" in after.root
    assert ("/AF" in after.root) == ("/AF" in before.root)
    # ... and the declared PDF version stays within the part (EC key: pyHanko said 2.0)
    assert declared_version(signed) == ((1, 4) if part == "1b" else (1, 7))
    assert extension_versions(signed) <= ({"/1.7"} if part == "3b" else set())
    assert str(after.trailer_view["/Info"]["/Producer"]) in xmp

    path = write(cert_pem.parent, f"{pack_id}-{part}.pdf", signed)  # cert_pem is in tmp_path
    report = pdfsig(path)
    assert "Signature is Valid." in report
    assert "Total document signed" in report
    assert "Not total document signed" not in report
    checked = run("qpdf", "--check", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = run("pdftotext", path, "-").stdout
    assert f"Digitally signed by {SIGNER}" in text
    assert "Self-signed pilot certificate" in text


@pytest.mark.pdfa
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_real_summary_pdfa1b_passes_preflight_after_signing(
    records: Records, pack_id: str, p12: Path, tmp_path: Path, preflight: list[str]
) -> None:
    unsigned = records[pack_id, "1b"]
    assert_pdfa1b(preflight, unsigned)
    assert_pdfa1b(
        preflight, write(tmp_path, "signed-1b.pdf", signed_with(unsigned.read_bytes(), p12))
    )
