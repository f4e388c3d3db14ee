"""Pilot keys: a self-signed EC P-256 certificate in a passphrase-protected PKCS#12 file."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from decision_aid.report.keys import PILOT_ORGANISATION, create_self_signed
from tests.report.signing import PASSPHRASE, SIGNER

NOW = datetime(2026, 3, 1, 9, 30, 15, tzinfo=UTC)


def load(path: Path, passphrase: bytes = PASSPHRASE) -> tuple[object, x509.Certificate]:
    key, cert, chain = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase)
    assert cert is not None
    assert chain == []
    return key, cert


def test_certificate_names_the_signer_and_says_it_is_a_pilot(tmp_path: Path) -> None:
    out = tmp_path / "pilot.p12"
    create_self_signed(out, SIGNER, PASSPHRASE, days=90, now=NOW)
    key, cert = load(out)

    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert isinstance(key.curve, ec.SECP256R1)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == SIGNER
    assert (
        cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
        == PILOT_ORGANISATION
    )
    assert "self-signed" in PILOT_ORGANISATION
    assert cert.issuer == cert.subject
    cert.verify_directly_issued_by(cert)
    assert cert.not_valid_before_utc == NOW.replace(microsecond=0)
    assert cert.not_valid_after_utc == NOW + timedelta(days=90)


def test_key_usage_allows_signing_documents(tmp_path: Path) -> None:
    out = tmp_path / "pilot.p12"
    create_self_signed(out, SIGNER, PASSPHRASE, now=NOW)
    _key, cert = load(out)

    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical
    assert usage.value.digital_signature
    assert usage.value.content_commitment  # nonRepudiation
    assert not usage.value.key_encipherment
    # Its own root: NSS (pdfsig) trusts a root only with CA:TRUE and keyCertSign.
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca
    assert constraints.path_length == 0
    assert cert.not_valid_after_utc - cert.not_valid_before_utc == timedelta(days=365)


def test_file_is_private_and_needs_the_passphrase(tmp_path: Path) -> None:
    out = tmp_path / "deeper" / "pilot.p12"  # the folder is made
    create_self_signed(out, SIGNER, PASSPHRASE)

    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in out.parent.iterdir()] == ["pilot.p12"]  # no temp file left
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(out.read_bytes(), b"wrong")
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(out.read_bytes(), None)


def test_never_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "pilot.p12"
    create_self_signed(out, SIGNER, PASSPHRASE)
    before = out.read_bytes()

    with pytest.raises(FileExistsError) as caught:
        create_self_signed(out, "Someone Else", PASSPHRASE)

    assert str(out) in str(caught.value)
    assert "never overwritten" in str(caught.value)
    assert out.read_bytes() == before


def test_every_key_is_new(tmp_path: Path) -> None:
    create_self_signed(tmp_path / "a.p12", SIGNER, PASSPHRASE)
    create_self_signed(tmp_path / "b.p12", SIGNER, PASSPHRASE)
    _ka, a = load(tmp_path / "a.p12")
    _kb, b = load(tmp_path / "b.p12")
    assert a.serial_number != b.serial_number
    assert a.public_key() != b.public_key()


@pytest.mark.parametrize(
    ("name", "passphrase", "days", "words"),
    [
        ("  ", PASSPHRASE, 365, "name"),
        (SIGNER, b"", 365, "passphrase"),
        (SIGNER, PASSPHRASE, 0, "one day"),
    ],
)
def test_refuses_bad_input_and_writes_nothing(
    tmp_path: Path, name: str, passphrase: bytes, days: int, words: str
) -> None:
    out = tmp_path / "pilot.p12"
    with pytest.raises(ValueError, match=words):
        create_self_signed(out, name, passphrase, days=days)
    assert not out.exists()


def test_write_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import decision_aid.atomic

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(decision_aid.atomic.os, "fsync", full_disk)
    out = tmp_path / "pilot.p12"
    with pytest.raises(OSError, match="No space"):
        create_self_signed(out, SIGNER, PASSPHRASE)
    assert list(tmp_path.iterdir()) == []
