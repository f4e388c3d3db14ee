"""Verifying a record: every signature is checked, and a forged record never verifies.

Every tamper case is also checked with poppler's ``pdfsig``, and the two must agree, by
this rule (:func:`pdfsig_sound`): ``report verify`` says OK exactly when pdfsig lists the
record's signature first, reports every signature in the file as "Signature is Valid.",
and reports the first one as "Total document signed". pdfsig does not judge what was
appended after a signature, so for the two *legitimate* additions (a document time-stamp,
validation data) it says "Not total document signed" and cannot verify a time-stamp;
those tests check that pdfsig still finds the record's signature valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from decision_aid.report.sign import sign_pdf
from decision_aid.report.verify import (
    ChangeKind,
    Changes,
    Coverage,
    Kind,
    VerifyResult,
    verify_pdf,
)
from decision_aid.report.verify.words import change_sentences, validity_text
from tests.report import tamper
from tests.report.signing import PASSPHRASE, PROVENANCE, SIGNER, pdfsig, write

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)
FIELD = "DecisionAidSignature"


@pytest.fixture
def signed(small_pdf: bytes, p12: Path) -> bytes:
    return sign_pdf(small_pdf, p12, PASSPHRASE, now=NOW)


@pytest.fixture
def forger_p12(tmp_path: Path) -> Path:
    """Another key whose certificate names the same signer: what a forger would make."""
    from decision_aid.report.keys import create_self_signed

    path = tmp_path / "forger.p12"
    create_self_signed(path, SIGNER, PASSPHRASE, now=datetime.now(UTC) - timedelta(days=1))
    return path


def pdfsig_sound(report: str) -> bool:
    """pdfsig's verdict by the rule in the module notes."""
    blocks = re.split(r"^Signature #\d+:$", report, flags=re.MULTILINE)[1:]
    if not blocks or f"Signature Field Name: {FIELD}\n" not in blocks[0]:
        return False
    every_valid = all("Signature Validation: Signature is Valid." in b for b in blocks)
    return every_valid and "  - Total document signed" in blocks[0]


def byte_range(data: bytes) -> tuple[int, int, int, int]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(BytesIO(data), strict=False)
    [embedded] = reader.embedded_regular_signatures
    a, b, c, d = (int(v) for v in embedded.sig_object["/ByteRange"])
    return a, b, c, d


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def assert_agree(data: bytes, folder: Path, name: str, *, ok: bool) -> VerifyResult:
    result = verify_pdf(data)
    report = pdfsig(write(folder, name, data))
    assert result.ok is ok, result.problems
    assert pdfsig_sound(report) is ok, report
    return result


# --- the good case -----------------------------------------------------------------------------


def test_a_good_record(signed: bytes, cert_pem: Path, tmp_path: Path) -> None:
    result = verify_pdf(signed, [cert_pem])
    assert result.ok and result.sound
    assert result.problems == []
    assert result.provenance == PROVENANCE.as_dict()
    [check] = result.signatures
    assert (check.field_name, check.kind, check.revision) == (FIELD, Kind.SIGNATURE, 1)
    assert (check.signer, check.signing_time, check.timestamp) == (SIGNER, NOW, None)
    assert (check.intact, check.valid, check.trusted, check.self_signed) == (True,) * 4
    assert (check.coverage, check.changes) == (Coverage.WHOLE_FILE, Changes.NONE)
    assert (check.certification, check.docmdp_ok, check.error) == (1, True, None)
    assert (result.signer, result.signing_time, result.whole_file) == (SIGNER, NOW, True)
    assert_agree(signed, tmp_path, "good.pdf", ok=True)


def test_without_trust_roots_it_is_ok_but_not_trusted(signed: bytes) -> None:
    result = verify_pdf(signed)
    assert result.ok
    assert not result.trusted and not result.trust_required
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
    garbage = write(tmp_path, "garbage.der", b"\x00\x01 not a certificate at all")
    missing = tmp_path / "missing.pem"
    result = verify_pdf(signed, [junk, garbage, missing, cert_pem])
    assert result.ok
    assert result.trusted  # the good root still counts
    text = " ".join(result.problems)
    for path in (junk, garbage, missing):
        assert str(path) in text
    assert text.count("is not a certificate in PEM or DER form") == 2
    assert "Export the clinic's root certificate" in text
    for rust_debug_text in ("ParseError", "MalformedFraming", "ShortData", "cryptography.io"):
        assert rust_debug_text not in text


def test_only_garbage_roots_make_an_untrusted_record_not_ok(signed: bytes, tmp_path: Path) -> None:
    garbage = write(tmp_path, "garbage.pem", b"-----BEGIN CERTIFICATE-----\nnope\n")
    result = verify_pdf(signed, [garbage])
    assert result.sound and result.trust_required and not result.ok


def test_a_signer_the_roots_do_not_trust_is_not_ok(signed: bytes, tmp_path: Path) -> None:
    """Scripts must not accept any self-signed signature once trust roots are set."""
    from decision_aid.report.keys import create_self_signed
    from tests.report.signing import cert_of

    other = tmp_path / "other.p12"
    create_self_signed(other, "Someone Else", PASSPHRASE)
    roots = [write(tmp_path, "other.pem", cert_of(other))]

    result = verify_pdf(signed, roots)
    assert result.sound and not result.trusted
    assert result.trust_required and result.untrusted_refused
    assert not result.ok
    assert "not trusted by the trust roots" in " ".join(result.problems)

    opted_out = verify_pdf(signed, roots, require_trusted=False)
    assert opted_out.ok and not opted_out.trusted


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


def test_a_byte_flipped_inside_the_signed_range(signed: bytes, tmp_path: Path) -> None:
    start, length, _c, _d = byte_range(signed)
    target = signed.index(b"(Test record)", start, start + length) + 1  # the title's 'T'
    assert flip(signed, target)[target : target + 4] == b"Uest"
    tampered = flip(signed, target)

    result = assert_agree(tampered, tmp_path, "flipped.pdf", ok=False)
    assert result.signed and not result.intact and not result.valid
    assert "has changed since it was signed" in " ".join(result.problems)
    assert validity_text(result.signatures[0]) == "NOT valid: changed after signing"
    assert "Digest Mismatch." in pdfsig(tmp_path / "flipped.pdf")


def test_a_byte_flipped_in_the_second_signed_range(signed: bytes, tmp_path: Path) -> None:
    _a, _b, start, length = byte_range(signed)
    tampered = flip(signed, start + length - 30)  # in the trailer of the signing update
    assert_agree(tampered, tmp_path, "flipped2.pdf", ok=False)


CHANGES: dict[str, tuple[Callable[[bytes], bytes], ChangeKind]] = {
    "content": (tamper.change_content, ChangeKind.CONTENT),
    "info": (tamper.change_info, ChangeKind.INFO),
    "xmp": (tamper.change_xmp_provenance, ChangeKind.XMP),
    "annotation": (tamper.add_annotation, ChangeKind.ANNOTATION_ADDED),
    "page": (tamper.add_page, ChangeKind.PAGE_ADDED),
}


@pytest.mark.parametrize("resigned", [False, True], ids=["alone", "then-resigned"])
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_after_signing_never_verifies(
    *, signed: bytes, forger_p12: Path, cert_pem: Path, tmp_path: Path, change: str, resigned: bool
) -> None:
    """The forgery: change the signed record in an incremental update, then (optionally) sign
    it again with another key whose certificate has the same signer name."""
    apply, kind = CHANGES[change]
    tampered = apply(signed)
    if resigned:
        tampered = tamper.resign(tampered, forger_p12)
    assert tampered.startswith(signed)

    result = assert_agree(tampered, tmp_path, f"{change}-{resigned}.pdf", ok=False)
    first = result.signatures[0]
    assert first.sound  # the signed revision itself is untouched ...
    assert first.coverage is Coverage.REVISION  # ... but more came after it
    assert first.changes is Changes.OTHER  # and pyHanko's difference analysis rejects it
    assert first.docmdp_ok is False  # against the certification: no changes allowed
    assert [c.kind for c in result.changes][:1] == [kind]
    assert result.provenance == PROVENANCE.as_dict()  # the signed provenance, not a forged one
    assert not verify_pdf(tampered, [cert_pem]).ok  # trust does not make it OK
    sentences = change_sentences(result)
    if resigned:
        [later] = result.later
        assert later.sound and later.coverage is Coverage.WHOLE_FILE and later.signer == SIGNER
        assert result.changes[-1].kind is ChangeKind.SIGNED_AGAIN
        assert "signed again after that change" in sentences[-1]
    else:
        assert len(result.signatures) == 1
    assert all(s in result.problems for s in sentences)


def test_the_change_sentences_say_what_changed(signed: bytes) -> None:
    said = {
        name: change_sentences(verify_pdf(apply(signed)))[0]
        for name, (apply, _kind) in CHANGES.items()
    }
    assert said == {
        "content": "The content of page 1 was changed after signing.",
        "info": (
            "The document information (title, author, subject or keywords) was changed "
            "after signing."
        ),
        "xmp": (
            "The XMP metadata (the record's description and provenance) was changed after signing."
        ),
        "annotation": (
            "An annotation (a note, mark or form field) was added to page 1 after signing."
        ),
        "page": "A page was added after signing (page 3).",
    }


def test_signed_again_without_a_change_is_not_ok(
    signed: bytes, forger_p12: Path, tmp_path: Path
) -> None:
    """A signed record is final (certified: no changes); a later signature is a change."""
    result = assert_agree(tamper.resign(signed, forger_p12), tmp_path, "resigned.pdf", ok=False)
    assert result.signatures[0].changes is Changes.FORM_FILLING
    assert [c.kind for c in result.changes] == [ChangeKind.SIGNED_AGAIN]
    assert change_sentences(result) == [
        f"The record was signed again after it was signed, by {SIGNER}. A signed record is "
        "final, so this counts as a change."
    ]


def test_the_forged_info_is_never_shown_as_provenance(signed: bytes) -> None:
    tampered = tamper.change_info(signed, keywords="decision-aid; pack=EVIL; version=6.6.6")
    result = verify_pdf(tampered)
    assert "EVIL" not in repr(result.provenance)
    assert result.provenance["pack"] == "test-pack"


# --- legitimate later additions: time-stamps and validation data --------------------------------


def test_a_later_document_timestamp_is_allowed(signed: bytes, tmp_path: Path) -> None:
    stamped = tamper.add_document_timestamp(signed)
    result = verify_pdf(stamped)
    assert result.ok, result.problems
    first, stamp = result.signatures
    assert (first.coverage, first.changes, first.docmdp_ok) == (
        Coverage.REVISION,
        Changes.ARCHIVAL,
        True,
    )
    assert stamp.kind is Kind.TIMESTAMP and stamp.sound and stamp.signer == "Test TSA"
    assert stamp.timestamp is not None and stamp.coverage is Coverage.WHOLE_FILE
    assert result.changes == []
    # pdfsig cannot tell an allowed addition from a forbidden one, nor verify a time-stamp:
    report = pdfsig(write(tmp_path, "stamped.pdf", stamped))
    first_block = report.split("Signature #2:")[0]
    assert "Signature is Valid." in first_block and "Not total document signed" in first_block


def test_added_validation_data_is_allowed(signed: bytes, tmp_path: Path) -> None:
    archived = tamper.add_validation_data(signed)
    result = verify_pdf(archived)
    assert result.ok, result.problems
    assert [s.changes for s in result.signatures] == [Changes.ARCHIVAL]
    assert "Signature is Valid." in pdfsig(write(tmp_path, "dss.pdf", archived))


def test_a_change_after_a_timestamp_is_still_caught(signed: bytes, tmp_path: Path) -> None:
    tampered = tamper.change_content(tamper.add_document_timestamp(signed))
    result = assert_agree(tampered, tmp_path, "stamped-then-changed.pdf", ok=False)
    assert [c.kind for c in result.changes] == [ChangeKind.CONTENT]


@pytest.mark.parametrize("stamped", [False, True], ids=["signed", "time-stamped"])
def test_bytes_appended_after_the_last_revision(
    signed: bytes, tmp_path: Path, stamped: bool
) -> None:
    """Readers ignore what follows the last end-of-file marker, but some recover objects
    from it; it is not part of what was signed."""
    base = tamper.add_document_timestamp(signed) if stamped else signed
    tampered = base + b"\n% added after signing\n99 0 obj (FORGED) endobj\n"
    result = assert_agree(tampered, tmp_path, f"appended-{stamped}.pdf", ok=False)
    assert [c.kind for c in result.changes] == [ChangeKind.APPENDED]
    assert "added to the end of the file after signing" in " ".join(result.problems)


def test_a_timestamp_first_is_not_the_clinics_signature(small_pdf: bytes, tmp_path: Path) -> None:
    stamped_only = tamper.add_document_timestamp(small_pdf)
    result = verify_pdf(stamped_only)
    assert result.signed and not result.ok
    assert result.signatures[0].kind is Kind.TIMESTAMP
    assert "not the clinic's signature" in " ".join(result.problems)
    assert not pdfsig_sound(pdfsig(write(tmp_path, "stamp-only.pdf", stamped_only)))


# --- damaged files ------------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_a_truncated_file(signed: bytes, tmp_path: Path, keep: float) -> None:
    truncated = signed[: int(len(signed) * keep)]

    result = verify_pdf(truncated)
    assert not result.ok
    assert not result.signed
    assert "truncated or damaged" in " ".join(result.problems)
    assert not pdfsig_sound(pdfsig(write(tmp_path, "truncated.pdf", truncated)))


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"%PDF-1.7\n", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF"],
)
def test_garbage_never_raises(data: bytes) -> None:
    result = verify_pdf(data)
    assert not result.signed
    assert not result.ok
    assert result.problems


def test_a_signature_with_broken_contents_never_raises(signed: bytes, tmp_path: Path) -> None:
    """Zero the CMS blob inside /Contents: the file still parses, the signature does not."""
    _a, b, c, _d = byte_range(signed)
    tampered = signed[: b + 1] + b"0" * (c - b - 2) + signed[c - 1 :]
    result = assert_agree(tampered, tmp_path, "broken.pdf", ok=False)
    assert result.signatures[0].error is not None
    assert validity_text(result.signatures[0]).startswith("NOT valid: it could not be checked")
    assert result.problems


# --- provenance --------------------------------------------------------------------------------


def test_no_provenance_is_a_problem(p12: Path) -> None:
    from tests.report.signing import make_pdf

    result = verify_pdf(sign_pdf(make_pdf(provenance=None), p12, PASSPHRASE))
    assert result.ok
    assert result.provenance == {}
    assert "which decision-aid pack" in " ".join(result.problems)


def test_a_session_id_cannot_spoof_the_provenance(p12: Path) -> None:
    """The session id used to go into /Keywords verbatim and was parsed back."""
    from decision_aid.report.summary import build_summary
    from tests.report.common import example, options

    loaded, record = example("knee-osteoarthritis")
    spoof = "x; pack=EVIL; version=6.6.6</darec:sessionId><darec:packId>EVIL"
    record = record.model_copy(update={"id": spoof})
    signed = sign_pdf(build_summary(loaded, record, options(pdfa="1b")), p12, PASSPHRASE)

    result = verify_pdf(signed)
    assert result.ok
    assert result.provenance["session"] == spoof
    assert result.provenance["pack"] == "knee-osteoarthritis"
    assert result.provenance["version"] == loaded.meta.version
    assert result.provenance["hash"] == loaded.content_hash
