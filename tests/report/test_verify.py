"""Verifying a record: tampering is caught by verify_pdf and by poppler's pdfsig alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from decision_aid.report.sign import sign_pdf
from decision_aid.report.verify import VerifyResult, parse_provenance, verify_pdf
from tests.report.signing import PASSPHRASE, SIGNER, pdfsig, write

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)


@pytest.fixture
def signed(small_pdf: bytes, p12: Path) -> bytes:
    return sign_pdf(small_pdf, p12, PASSPHRASE, now=NOW)


def byte_range(data: bytes) -> tuple[int, int, int, int]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(data), strict=False)
    [embedded] = reader.embedded_regular_signatures
    a, b, c, d = (int(v) for v in embedded.sig_object["/ByteRange"])
    return a, b, c, d


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def append_update(data: bytes, *, keywords: str | None = None, note: str | None = None) -> bytes:
    """An incremental update after the signature: new /Keywords, or a text note on page 1."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(data), strict=False)
    if keywords is not None:
        info_ref = writer.trailer.raw_get("/Info")
        info = info_ref.get_object()
        info["/Keywords"] = generic.TextStringObject(keywords)
        writer.update_container(info)
    if note is not None:
        page_ref = writer.root["/Pages"].raw_get("/Kids")[0]
        page = page_ref.get_object()
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
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the good case -----------------------------------------------------------------------------


def test_a_good_record(signed: bytes, cert_pem: Path) -> None:
    result = verify_pdf(signed, [cert_pem])
    assert result == VerifyResult(
        signed=True,
        signer=SIGNER,
        signing_time=NOW,
        intact=True,
        valid=True,
        whole_file=True,
        trusted=True,
        self_signed=True,
        provenance={
            "pack": "test-pack",
            "version": "1.2.0",
            "hash": "sha256:abc123",
            "published": "2026-01-15",
            "review_due": "2027-01-15",
            "session": "session-1",
        },
        problems=[],
        timestamp=None,
    )
    assert result.ok


def test_without_trust_roots_it_is_ok_but_not_trusted(signed: bytes) -> None:
    result = verify_pdf(signed)
    assert result.ok
    assert not result.trusted
    assert any("self-signed (a pilot certificate)" in p for p in result.problems)
    assert any("No trust roots are set" in p for p in result.problems)


def test_trust_roots_in_der_and_unreadable_ones(
    signed: bytes, cert_pem: Path, tmp_path: Path
) -> None:
    der = write(
        tmp_path,
        "root.der",
        x509.load_pem_x509_certificate(cert_pem.read_bytes()).public_bytes(Encoding.DER),
    )
    assert verify_pdf(signed, [der]).trusted

    junk = write(tmp_path, "junk.pem", b"-----BEGIN CERTIFICATE-----\nnope\n")
    missing = tmp_path / "missing.pem"
    result = verify_pdf(signed, [junk, missing, cert_pem])
    assert result.ok
    assert result.trusted  # the good root still counts
    assert sum(str(p) in " ".join(result.problems) for p in (junk, missing)) == 2


def test_another_signer_is_not_trusted(signed: bytes, tmp_path: Path) -> None:
    from decision_aid.report.keys import create_self_signed
    from tests.report.signing import cert_of

    other = tmp_path / "other.p12"
    create_self_signed(other, "Someone Else", PASSPHRASE)
    result = verify_pdf(signed, [write(tmp_path, "other.pem", cert_of(other))])
    assert result.ok
    assert not result.trusted
    assert "not trusted by the trust roots" in " ".join(result.problems)


def test_a_certificate_that_expired_after_signing(small_pdf: bytes, expired_p12: Path) -> None:
    from decision_aid.report.sign import certificate_summary

    info = certificate_summary(expired_p12, PASSPHRASE)
    signed = sign_pdf(small_pdf, expired_p12, PASSPHRASE, now=info.not_after - timedelta(days=1))
    result = verify_pdf(signed)
    assert result.ok  # intact and whole: the record itself is sound
    assert not result.trusted
    assert f"expired on {info.not_after:%Y-%m-%d}" in " ".join(result.problems)


def test_an_unsigned_pdf(small_pdf: bytes) -> None:
    result = verify_pdf(small_pdf)
    assert not result.signed
    assert not result.ok
    assert result.provenance["pack"] == "test-pack"
    assert "no digital signature" in " ".join(result.problems)


# --- tamper cases: verify_pdf AND pdfsig --------------------------------------------------------


def test_a_byte_flipped_inside_the_signed_range(
    signed: bytes, cert_pem: Path, tmp_path: Path
) -> None:
    start, length, _c, _d = byte_range(signed)
    target = signed.index(b"(Test record)", start, start + length) + 1  # the title's 'T'
    assert flip(signed, target)[target : target + 4] == b"Uest"
    tampered = flip(signed, target)

    result = verify_pdf(tampered, [cert_pem])
    assert result.signed
    assert not result.intact
    assert not result.ok
    assert "has changed since it was signed" in " ".join(result.problems)

    report = pdfsig(write(tmp_path, "flipped.pdf", tampered))
    assert "Digest Mismatch." in report
    assert "Signature is Valid." not in report


def test_a_byte_flipped_in_the_second_signed_range(
    signed: bytes, cert_pem: Path, tmp_path: Path
) -> None:
    _a, _b, start, length = byte_range(signed)
    tampered = flip(signed, start + length - 30)  # in the trailer of the signing update
    result = verify_pdf(tampered, [cert_pem])
    assert not result.ok
    assert "Signature is Valid." not in pdfsig(write(tmp_path, "flipped2.pdf", tampered))


@pytest.mark.parametrize("change", ["keywords", "note"])
def test_content_appended_by_an_incremental_update(
    signed: bytes, cert_pem: Path, tmp_path: Path, change: str
) -> None:
    if change == "keywords":
        tampered = append_update(signed, keywords="decision-aid; pack=forged; version=9")
    else:
        tampered = append_update(signed, note="Added after signing")
    assert tampered.startswith(signed)

    result = verify_pdf(tampered, [cert_pem])
    assert result.signed
    assert result.intact  # the signed revision itself is untouched ...
    assert result.valid
    assert not result.whole_file  # ... but it no longer covers the file
    assert not result.ok
    assert "added to the file after it was signed" in " ".join(result.problems)
    assert result.provenance["pack"] == "test-pack"  # the signed provenance, not the forged
    if change == "keywords":
        assert "altered the pack details" in " ".join(result.problems)

    # pdfsig checks the signed byte range only: the digest still matches, but it says the
    # signature does not cover the whole document.
    report = pdfsig(write(tmp_path, f"appended-{change}.pdf", tampered))
    assert "Not total document signed" in report
    assert "Total document signed" not in report.replace("Not total document signed", "")


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_a_truncated_file(signed: bytes, tmp_path: Path, keep: float) -> None:
    truncated = signed[: int(len(signed) * keep)]

    result = verify_pdf(truncated)
    assert not result.ok
    assert not result.signed
    assert "truncated or damaged" in " ".join(result.problems)

    report = pdfsig(write(tmp_path, "truncated.pdf", truncated))
    assert "Signature is Valid." not in report
    # Cut inside the signature update, pdfsig finds no signature; cut in its last bytes, it
    # finds the signature but cannot check it.
    assert (
        "does not contain any signatures" in report
        or "Signature has not yet been verified." in report
    ), report


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF"],
)
def test_garbage_never_raises(data: bytes) -> None:
    result = verify_pdf(data)
    assert not result.signed
    assert not result.ok
    assert result.problems


def test_a_signature_with_broken_contents_never_raises(signed: bytes) -> None:
    """Zero the CMS blob inside /Contents: the file still parses, the signature does not."""
    _a, b, c, _d = byte_range(signed)
    tampered = signed[: b + 1] + b"0" * (c - b - 2) + signed[c - 1 :]
    result = verify_pdf(tampered)
    assert not result.ok
    assert result.problems


# --- provenance --------------------------------------------------------------------------------


def test_parse_provenance() -> None:
    assert parse_provenance(
        "decision-aid; pack=knee; version=2.0.1; hash=sha256:ff; published=2026-01-01; "
        "review_due=2027-01-01; session=abc"
    ) == {
        "pack": "knee",
        "version": "2.0.1",
        "hash": "sha256:ff",
        "published": "2026-01-01",
        "review_due": "2027-01-01",
        "session": "abc",
    }
    assert parse_provenance("something else; pack=x") == {}
    assert parse_provenance("") == {}
    assert parse_provenance("decision-aid;pack = a=b ; junk") == {"pack": "a=b"}


def test_no_provenance_is_a_problem(p12: Path) -> None:
    from tests.report.signing import make_pdf

    result = verify_pdf(sign_pdf(make_pdf(keywords="holiday photos"), p12, PASSPHRASE))
    assert result.ok
    assert result.provenance == {}
    assert "which decision-aid pack" in " ".join(result.problems)
