"""Opening a signing key file: unprotected files and weak keys are refused, with the fix named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from decision_aid.report.keyfile import certificate_summary
from decision_aid.report.sign import SigningError, sign_pdf
from tests.report.signing import PASSPHRASE, write


def key_file(folder: Path, key: Any, *, protected: bool = True, name: str = "key.p12") -> Path:
    """A PKCS#12 file with ``key`` and a self-signed certificate for it."""
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dr Key")])
    start = datetime.now(UTC) - timedelta(days=1)
    algorithm = None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=30))
        .sign(key, algorithm)
    )
    encryption = (
        serialization.BestAvailableEncryption(PASSPHRASE)
        if protected
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(b"k", key, cert, None, encryption)
    return write(folder, name, data)


def refusals(path: Path, small_pdf: bytes) -> list[str]:
    """The messages of certificate_summary and sign_pdf for ``path``; both must refuse."""
    messages = []
    for attempt in (
        lambda: certificate_summary(path, PASSPHRASE),
        lambda: sign_pdf(small_pdf, path, PASSPHRASE),
    ):
        with pytest.raises(SigningError) as caught:
            attempt()
        messages.append(str(caught.value))
    return messages


@pytest.mark.parametrize("passphrase", [PASSPHRASE, b""])
def test_an_unprotected_key_file_is_refused_and_not_called_a_wrong_passphrase(
    small_pdf: bytes, tmp_path: Path, passphrase: bytes
) -> None:
    path = key_file(tmp_path, ec.generate_private_key(ec.SECP256R1()), protected=False)
    for message in refusals(path, small_pdf):
        assert str(path) in message
        assert "not protected by a passphrase" in message
        assert "wrong" not in message
        assert "openssl pkcs12 -export" in message and "keys init" in message
    with pytest.raises(SigningError, match="not protected"):
        certificate_summary(path, passphrase)


@pytest.mark.parametrize(
    ("key", "words"),
    [
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024), "RSA of 1024"),
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2047), "RSA of 2047"),
        (lambda: ec.generate_private_key(ec.SECP192R1()), "secp192r1 (192 bits)"),
        (lambda: ec.generate_private_key(ec.SECP224R1()), "secp224r1 (224 bits)"),
    ],
    ids=["rsa-1024", "rsa-2047", "p-192", "p-224"],
)
def test_a_weak_key_is_refused(small_pdf: bytes, tmp_path: Path, key: Any, words: str) -> None:
    path = key_file(tmp_path, key())
    for message in refusals(path, small_pdf):
        assert str(path) in message
        assert words in message
        assert "too weak to sign a record" in message
        assert "keys init" in message


@pytest.mark.parametrize(
    "key",
    [
        lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        lambda: ec.generate_private_key(ec.SECP256R1()),
        lambda: ec.generate_private_key(ec.SECP384R1()),
        ed25519.Ed25519PrivateKey.generate,
    ],
    ids=["rsa-2048", "p-256", "p-384", "ed25519"],
)
def test_strong_keys_are_accepted(tmp_path: Path, key: Any) -> None:
    assert certificate_summary(key_file(tmp_path, key()), PASSPHRASE).subject == "Dr Key"


def test_a_wrong_passphrase_is_still_called_so(tmp_path: Path) -> None:
    path = key_file(tmp_path, ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(SigningError, match=r"passphrase for the key file .* is wrong"):
        certificate_summary(path, b"not it")


def test_a_wrong_passphrase_leaves_time_stamped_signing_working(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telling a wrong passphrase from a file that is not PKCS#12 once used asn1crypto's typed
    parser, which caches its table of content types; done before pyHanko's time-stamp module
    added 'tst_info' to it, every later B-T signature in the same process failed."""
    from asn1crypto import cms

    monkeypatch.setattr(cms.ContentType, "_reverse_map", None)  # as in a fresh process
    path = key_file(tmp_path, ec.generate_private_key(ec.SECP256R1()))
    with pytest.raises(SigningError, match="is wrong"):
        certificate_summary(path, b"not it")
    assert cms.ContentType._reverse_map is None
