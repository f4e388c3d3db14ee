"""PAdES B-LT and B-LTA, and archive time-stamps: records that outlive the certificate.

Proved offline against the local CA and time-stamp authority of ``pki.py``: the
revocation data is fetched over HTTP from the addresses in the certificates, as from a
clinic's CA.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from decision_aid.report.longterm import LongTerm, extend
from decision_aid.report.sign import Level, SigningError, sign_pdf
from decision_aid.report.verify import Kind, verify_pdf
from tests.report.pki import LocalPki, running_pki
from tests.report.signing import PASSPHRASE, assert_pdfa1b, pdfsig, run, write
from tests.report.test_sign import declared_version, extension_versions


@pytest.fixture
def pki(tmp_path: Path) -> Iterator[LocalPki]:
    """A CA publishing a CRL; the clinician's certificate valid for 30 days."""
    with running_pki(tmp_path / "pki", ocsp=False) as running:
        yield running


def signed_at(pki: LocalPki, data: bytes, level: Level) -> bytes:
    return sign_pdf(
        data,
        pki.p12,
        PASSPHRASE,
        tsa_url=pki.tsa_url,
        level=level,
        long_term=LongTerm((pki.ca_pem,)),
    )


def reader(data: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(BytesIO(data), strict=False)


def nss_trusting(pki: LocalPki, folder: Path) -> str:
    folder.mkdir()
    db = f"sql:{folder}"
    assert run("certutil", "-N", "-d", db, "--empty-password").returncode == 0
    added = run("certutil", "-d", db, "-A", "-t", "CT,C,C", "-n", "ca", "-i", pki.ca_pem)
    assert added.returncode == 0, added.stderr
    return db


def lta_passes(data: bytes, pki: LocalPki, when: datetime) -> bool:
    """pyHanko's own AdES LTA validation (ETSI EN 319 102-1, 5.6.3) at ``when``, with the
    revocation data in the file only (nothing can be fetched from the future)."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.ades.report import AdESPassed
    from pyhanko.sign.validation.ades import ades_lta_validation
    from pyhanko.sign.validation.policy_decl import (
        LocalKnowledge,
        PdfSignatureValidationSpec,
        RevinfoOnlineFetchingRule,
        RevocationInfoGatheringSpec,
        SignatureValidationSpec,
    )
    from pyhanko_certvalidator.context import CertValidationPolicySpec
    from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
    from pyhanko_certvalidator.policy_decl import (
        REQUIRE_REVINFO,
        CertRevTrustPolicy,
        NonRevokedStatusAssertion,
    )
    from pyhanko_certvalidator.registry import SimpleTrustManager

    pdf = reader(data)
    root = asn1_x509.Certificate.load(pki.ca.public_bytes(serialization.Encoding.DER))
    newest = pdf.embedded_timestamp_signatures[-1]
    spec = SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=[root]),
            revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
        ),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(
            online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
        ),
        # the newest time-stamp's revocation status cannot be fetched from the future
        local_knowledge=LocalKnowledge(
            nonrevoked_assertions=[NonRevokedStatusAssertion(newest.signer_cert.sha256, when)]
        ),
    )
    outcome = asyncio.run(
        ades_lta_validation(
            pdf.embedded_regular_signatures[0],
            PdfSignatureValidationSpec(spec),
            timing_info=ValidationTimingInfo(when, when, point_in_time_validation=False),
        )
    )
    return outcome.ades_subindic is AdESPassed.OK


# --- B-LTA --------------------------------------------------------------------------------------


def test_b_lta_outlives_the_signers_certificate(
    pki: LocalPki, records: Any, tmp_path: Path
) -> None:
    unsigned = records["knee-osteoarthritis", "3b"].read_bytes()
    signed = signed_at(pki, unsigned, Level.B_LTA)
    assert signed.startswith(unsigned)
    assert pki.requests["crl"] >= 1  # fetched from the CA's address in the certificate

    pdf = reader(signed)
    dss = pdf.root["/DSS"]
    assert len(dss["/Certs"]) >= 3  # the CA, the clinician, the time-stamp authority
    assert len(dss["/CRLs"]) >= 1
    [stamp] = pdf.embedded_timestamp_signatures
    assert stamp.sig_object["/SubFilter"] == "/ETSI.RFC3161"

    expired = pki.signer.not_valid_after_utc + timedelta(days=30)
    assert lta_passes(signed, pki, expired)  # pyHanko itself, with the signer's cert expired

    now = verify_pdf(signed, [pki.ca_pem])
    assert now.ok, now.problems
    assert [check.kind for check in now.signatures] == [Kind.SIGNATURE, Kind.TIMESTAMP]
    later = verify_pdf(signed, [pki.ca_pem], now=expired)
    assert later.ok, later.problems
    assert later.signatures[0].long_term
    assert any("expired on" in line for line in later.problems)
    assert later.provenance["pack"] == "knee-osteoarthritis"

    path = write(tmp_path, "b-lta.pdf", signed)
    report = pdfsig(path, nssdir=nss_trusting(pki, tmp_path / "nss"))
    assert "Signature is Valid." in report
    assert "Certificate is Trusted." in report
    assert run("qpdf", "--check", path).returncode == 0
    # an EC key and PAdES, and still within PDF/A-3's PDF 1.7
    assert declared_version(signed) == (1, 7)
    assert extension_versions(signed) <= {"/1.7"}
    xmp = pdf.root["/Metadata"].data.decode("utf-8")
    assert "<pdfaid:part>3</pdfaid:part>" in xmp
    assert "<pdfaExtension:schemas>" in xmp  # the provenance schema, as written


@pytest.mark.pdfa
def test_b_lt_keeps_pdfa1b(
    pki: LocalPki, pdfa1b_pdf: bytes, tmp_path: Path, preflight: list[str]
) -> None:
    signed = signed_at(pki, pdfa1b_pdf, Level.B_LT)
    assert "/DSS" in reader(signed).root
    assert verify_pdf(signed, [pki.ca_pem]).ok
    assert declared_version(signed) == (1, 4)
    assert_pdfa1b(preflight, write(tmp_path, "b-lt-1b.pdf", signed))


def test_pdfa1b_cannot_take_a_document_time_stamp(pki: LocalPki, pdfa1b_pdf: bytes) -> None:
    with pytest.raises(SigningError, match="PDF/A-3b"):
        signed_at(pki, pdfa1b_pdf, Level.B_LTA)
    signed = signed_at(pki, pdfa1b_pdf, Level.B_T)
    with pytest.raises(SigningError, match="PDF/A-1b"):
        extend(signed, LongTerm((pki.ca_pem,)), tsa_url=pki.tsa_url)


def test_without_the_long_term_data_expiry_ends_trust(pki: LocalPki, small_pdf: bytes) -> None:
    """What B-LTA fixes: the same signer at B-T is not trusted once the certificate expired."""
    signed = signed_at(pki, small_pdf, Level.B_T)
    expired = pki.signer.not_valid_after_utc + timedelta(days=30)
    assert verify_pdf(signed, [pki.ca_pem]).ok
    result = verify_pdf(signed, [pki.ca_pem], now=expired)
    assert not result.ok
    assert not result.signatures[0].long_term


def test_b_lt_embeds_ocsp_responses(tmp_path: Path, small_pdf: bytes) -> None:
    with running_pki(tmp_path / "pki", ocsp=True) as pki:
        signed = signed_at(pki, small_pdf, Level.B_LT)
        assert pki.requests["ocsp"] >= 2  # the clinician's and the time-stamp authority's
    pdf = reader(signed)
    assert len(pdf.root["/DSS"]["/OCSPs"]) >= 2
    assert pdf.embedded_timestamp_signatures == []  # B-LT: no document time-stamp
    result = verify_pdf(signed, [pki.ca_pem])
    assert result.ok, result.problems


# --- what each level needs, in plain words -----------------------------------------------------


def test_a_level_without_a_time_stamp_server(pki: LocalPki, small_pdf: bytes) -> None:
    with pytest.raises(SigningError, match="needs a time-stamp server") as caught:
        sign_pdf(small_pdf, pki.p12, PASSPHRASE, level=Level.B_LTA, long_term=LongTerm(()))
    assert "tsa_url" in str(caught.value)


def test_a_long_term_level_without_ca_certificates(pki: LocalPki, small_pdf: bytes) -> None:
    with pytest.raises(SigningError, match="ca_certificates"):
        sign_pdf(small_pdf, pki.p12, PASSPHRASE, tsa_url=pki.tsa_url, level=Level.B_LT)


def test_a_certificate_from_another_ca(pki: LocalPki, small_pdf: bytes, tmp_path: Path) -> None:
    with (
        running_pki(tmp_path / "other") as other,
        pytest.raises(SigningError, match="does not chain") as caught,
    ):
        sign_pdf(
            small_pdf,
            pki.p12,
            PASSPHRASE,
            tsa_url=pki.tsa_url,
            level=Level.B_LT,
            long_term=LongTerm((other.ca_pem,)),
        )
    assert "Dr Ada Clinician" in str(caught.value)


def test_a_revoked_certificate_is_not_made_long_term(pki: LocalPki, small_pdf: bytes) -> None:
    pki.revoke(pki.signer)
    with pytest.raises(SigningError, match="is revoked"):
        signed_at(pki, small_pdf, Level.B_LT)


def test_a_ca_file_that_is_not_a_certificate(
    pki: LocalPki, small_pdf: bytes, tmp_path: Path
) -> None:
    bad = write(tmp_path, "ca.pem", b"not a certificate")
    with pytest.raises(SigningError, match="not a certificate") as caught:
        sign_pdf(
            small_pdf,
            pki.p12,
            PASSPHRASE,
            tsa_url=pki.tsa_url,
            level=Level.B_LT,
            long_term=LongTerm((bad,)),
        )
    assert str(bad) in str(caught.value)


# --- report extend: a new archive time-stamp, later ----------------------------------------------


def test_extend_adds_an_archive_time_stamp_and_keeps_the_rest(
    pki: LocalPki, small_pdf: bytes
) -> None:
    lta = signed_at(pki, small_pdf, Level.B_LTA)
    extended = extend(lta, LongTerm((pki.ca_pem,)), tsa_url=pki.tsa_url)
    assert extended.startswith(lta)  # incremental: every earlier signature's bytes stay
    stamps = reader(extended).embedded_timestamp_signatures
    assert len(stamps) == 2
    result = verify_pdf(extended, [pki.ca_pem])
    assert result.ok, result.problems
    assert [c.kind for c in result.signatures] == [Kind.SIGNATURE, Kind.TIMESTAMP, Kind.TIMESTAMP]
    assert all(check.sound for check in result.signatures)
    expired = pki.signer.not_valid_after_utc + timedelta(days=30)
    assert verify_pdf(extended, [pki.ca_pem], now=expired).ok


def test_extend_makes_a_b_t_record_long_term(pki: LocalPki, small_pdf: bytes) -> None:
    bt = signed_at(pki, small_pdf, Level.B_T)
    extended = extend(bt, LongTerm((pki.ca_pem,)), tsa_url=pki.tsa_url)
    expired = pki.signer.not_valid_after_utc + timedelta(days=30)
    assert verify_pdf(extended, [pki.ca_pem], now=expired).ok


def test_extend_refuses_an_unsigned_file(pki: LocalPki, small_pdf: bytes) -> None:
    with pytest.raises(SigningError, match="not signed"):
        extend(small_pdf, LongTerm((pki.ca_pem,)), tsa_url=pki.tsa_url)
    assert pki.requests["tsa"] == 0


def test_extend_refuses_a_tampered_record(pki: LocalPki, small_pdf: bytes) -> None:
    signed = signed_at(pki, small_pdf, Level.B_LTA)
    where = signed.index(b"Test record, page 1") if b"Test record, page 1" in signed else 200
    tampered = signed[:where] + bytes([signed[where] ^ 0x01]) + signed[where + 1 :]
    before = pki.requests["tsa"]
    with pytest.raises(SigningError, match="does not verify"):
        extend(tampered, LongTerm((pki.ca_pem,)), tsa_url=pki.tsa_url)
    assert pki.requests["tsa"] == before  # refused before anything was asked for


def test_a_time_stamp_server_that_fails(pki: LocalPki, small_pdf: bytes) -> None:
    lta = signed_at(pki, small_pdf, Level.B_LTA)
    url = pki.base_url + "/nowhere"
    with pytest.raises(SigningError) as caught:
        extend(lta, LongTerm((pki.ca_pem,)), tsa_url=url)
    assert url in str(caught.value)


def test_the_signed_time_is_kept(pki: LocalPki, small_pdf: bytes) -> None:
    when = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=3)
    signed = sign_pdf(
        small_pdf,
        pki.p12,
        PASSPHRASE,
        tsa_url=pki.tsa_url,
        level=Level.B_LTA,
        long_term=LongTerm((pki.ca_pem,)),
        now=when,
    )
    assert verify_pdf(signed, [pki.ca_pem]).signing_time == when
