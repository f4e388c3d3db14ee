"""Opening a signing key file (PKCS#12), with every check made before anything is signed.

A key file that is missing, unreadable, not PKCS#12, not protected by a passphrase, opened
with the wrong passphrase, or holding a key too weak to sign a record gives a
:class:`SigningError` whose message names the file and the fix. The same checks serve
``certificate_summary`` (what the settings show) and signing, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from decision_aid.i18n import _

MIN_RSA_BITS = 2048
"""The smallest RSA key that may sign a record (NIST SP 800-57: 112-bit security)."""
MIN_EC_BITS = 256
"""The smallest elliptic curve that may sign a record (P-256: 128-bit security)."""


class SigningError(Exception):
    """Signing failed; ``str(exc)`` is a plain message for the user that names the fix."""


@dataclass(frozen=True)
class CertificateInfo:
    subject: str  # the common name, or the whole name when it has none
    issuer: str
    not_before: datetime  # aware, UTC
    not_after: datetime  # aware, UTC
    self_signed: bool


@dataclass(frozen=True)
class Credentials:
    key: Any  # a private key from cryptography
    cert: x509.Certificate
    chain: list[x509.Certificate]


def certificate_summary(p12: Path, passphrase: bytes) -> CertificateInfo:
    """Who the certificate in ``p12`` names, who issued it, and until when it is valid.

    Raises SigningError when the file is missing, unreadable or unprotected, the passphrase
    is wrong, or the key is too weak to sign a record.
    """
    return describe(load_p12(p12, passphrase).cert)


def load_p12(p12: Path, passphrase: bytes) -> Credentials:
    """The key, certificate and chain in ``p12``; SigningError (plain words) when unusable."""
    try:
        raw = p12.read_bytes()
    except FileNotFoundError:
        raise SigningError(
            _(
                "The key file {path} does not exist. Check the path in the settings, "
                "or make a pilot key with 'decision-aid keys init'."
            ).format(path=p12)
        ) from None
    except OSError as exc:
        raise SigningError(
            _(
                "The key file {path} could not be read ({reason}). "
                "Check that it is yours and readable."
            ).format(path=p12, reason=exc.strerror or exc)
        ) from exc
    if _opens_without_passphrase(raw):
        raise SigningError(
            _(
                "The key file {path} is not protected by a passphrase, so anyone who copies "
                "it could sign as you; it is not used. Export the key again with a "
                "passphrase (for example: openssl pkcs12 -export), or make a pilot key with "
                "'decision-aid keys init'."
            ).format(path=p12)
        )
    try:
        key, cert, chain = pkcs12.load_key_and_certificates(raw, passphrase)
    except ValueError as exc:
        if _is_pkcs12(raw):
            raise SigningError(
                _(
                    "The passphrase for the key file {path} is wrong. Type it again, "
                    "minding capital letters."
                ).format(path=p12)
            ) from exc
        raise SigningError(_not_a_key_file(p12)) from exc
    if key is None or cert is None:
        raise SigningError(_not_a_key_file(p12))
    if not isinstance(
        key,
        rsa.RSAPrivateKey
        | ec.EllipticCurvePrivateKey
        | ed25519.Ed25519PrivateKey
        | ed448.Ed448PrivateKey,
    ):
        raise SigningError(_not_a_key_file(p12))
    _check_strength(key, p12)
    return Credentials(key=key, cert=cert, chain=list(chain))


def _opens_without_passphrase(raw: bytes) -> bool:
    for empty in (None, b""):
        try:
            key, _cert, _chain = pkcs12.load_key_and_certificates(raw, empty)
        except ValueError:
            continue
        return key is not None
    return False


def _check_strength(key: Any, p12: Path) -> None:
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size < MIN_RSA_BITS:
        raise SigningError(
            _(
                "The key in {path} is RSA of {bits} bits, too weak to sign a record: RSA "
                "keys need at least {minimum} bits. Ask for a new certificate with a "
                "stronger key, or make a pilot key with 'decision-aid keys init'."
            ).format(path=p12, bits=key.key_size, minimum=MIN_RSA_BITS)
        )
    if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size < MIN_EC_BITS:
        raise SigningError(
            _(
                "The key in {path} is on the elliptic curve {curve} ({bits} bits), too weak "
                "to sign a record: elliptic-curve keys need at least {minimum} bits (P-256). "
                "Ask for a new certificate with a stronger key, or make a pilot key with "
                "'decision-aid keys init'."
            ).format(path=p12, curve=key.curve.name, bits=key.curve.key_size, minimum=MIN_EC_BITS)
        )


def _not_a_key_file(p12: Path) -> str:
    return _(
        "{path} is not a usable key file: it should be a PKCS#12 file (.p12 or .pfx) that "
        "holds one private key and its certificate. Choose the right file, or make a pilot "
        "key with 'decision-aid keys init'."
    ).format(path=p12)


_PKCS7_DATA = bytes.fromhex("2a864886f70d010701")  # the OIDs' DER contents: id-data
_PKCS7_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")  # id-signedData


def _is_pkcs12(raw: bytes) -> bool:
    """Whether ``raw`` is a PKCS#12 structure (so failing to open it means a wrong passphrase).

    Checked on the DER structure alone (SEQUENCE { INTEGER 3, SEQUENCE { OID data or
    signedData, ... } ... }): asn1crypto's typed parsing would cache its table of content
    types before pyHanko's time-stamp module adds to it, which breaks time-stamped signing
    later in the same process.
    """
    from asn1crypto import parser

    try:
        _cls, _method, tag, _header, contents, _trailer = parser.parse(raw, strict=True)
        if tag != 16:  # SEQUENCE
            return False
        _cls, _method, tag, _header, version, _trailer = parser.parse(contents)
        if tag != 2 or version != b"\x03":  # INTEGER 3
            return False
        rest = contents[parser.peek(contents) :]
        _cls, _method, tag, _header, auth_safe, _trailer = parser.parse(rest)
        if tag != 16:
            return False
        _cls, _method, tag, _header, oid, _trailer = parser.parse(auth_safe)
        return tag == 6 and oid in (_PKCS7_DATA, _PKCS7_SIGNED_DATA)
    except (ValueError, TypeError):
        return False


def name_text(name: x509.Name) -> str:
    """The common name of ``name``, or the whole name when it has none."""
    common = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if common:
        value = common[0].value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return name.rfc4514_string()


def describe(cert: x509.Certificate) -> CertificateInfo:
    self_signed = cert.issuer == cert.subject
    if self_signed:
        try:
            cert.verify_directly_issued_by(cert)
        except (ValueError, TypeError, InvalidSignature):
            self_signed = False
    return CertificateInfo(
        subject=name_text(cert.subject),
        issuer=name_text(cert.issuer),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        self_signed=self_signed,
    )


def check_validity(info: CertificateInfo, p12: Path, moment: datetime) -> None:
    """SigningError when the certificate is expired or not yet valid at ``moment``."""
    if moment > info.not_after:
        raise SigningError(
            _(
                "The certificate in {path} expired on {date}, so it cannot sign. "
                "Renew it (or make a new pilot key with 'decision-aid keys init') and "
                "choose the new file in the settings."
            ).format(path=p12, date=info.not_after.strftime("%Y-%m-%d"))
        )
    if moment < info.not_before:
        raise SigningError(
            _(
                "The certificate in {path} is not valid until {date}. Check the computer's "
                "clock, or use a certificate that is valid now."
            ).format(path=p12, date=info.not_before.strftime("%Y-%m-%d %H:%M UTC"))
        )
