"""Signing keys for a pilot: a self-signed certificate in a passphrase-protected PKCS#12 file.

A clinic normally signs with a certificate from its own certificate authority. For a pilot,
``decision-aid keys init`` makes a self-signed one instead. Its organisation says so
(:data:`PILOT_ORGANISATION`), and the signature appearance in the PDF says so too, so nobody
mistakes it for a certificate that someone else vouches for.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _

PILOT_ORGANISATION = "decision-aid pilot (self-signed)"
"""The organisation (O) of every certificate made here: the pilot marker."""


def create_self_signed(
    out: Path,
    name: str,
    passphrase: bytes,
    *,
    days: int = 365,
    now: datetime | None = None,
) -> None:
    """Write a new EC P-256 key and a self-signed certificate for ``name`` to ``out``.

    The certificate (subject CN=``name``, O=:data:`PILOT_ORGANISATION`) may sign documents
    (key usage digitalSignature and nonRepudiation, plus keyCertSign because it is its own
    root) from ``now`` for ``days`` days. The
    PKCS#12 file is encrypted with ``passphrase`` and written atomically, readable by its
    owner only (0600).

    Raises FileExistsError when ``out`` exists (it is never overwritten), ValueError for an
    empty name or passphrase or a period under one day, and OSError when writing fails.
    """
    if out.exists():
        raise FileExistsError(
            _(
                "{path} already exists, and a key file is never overwritten. "
                "Choose another file name, or move the old file away first."
            ).format(path=out)
        )
    name = name.strip()
    if not name:
        raise ValueError(_("Give the name of the person or clinic who will sign."))
    if not passphrase:
        raise ValueError(_("Choose a passphrase to protect the key file."))
    if days < 1:
        raise ValueError(_("The certificate must be valid for at least one day."))
    start = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, PILOT_ORGANISATION),
        ]
    )
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        # A positive serial number of at most 20 octets (RFC 5280).
        .serial_number(secrets.randbits(159) | 1)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        # A self-signed certificate is its own root. NSS (Firefox, poppler's pdfsig) accepts
        # a root as trusted only with CA:TRUE and keyCertSign; path length 0 lets it vouch
        # for nothing below itself but end-entity certificates.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        name=name.encode("utf-8"),
        key=key,
        cert=cert,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )
    write_atomic(out, data, mode=0o600)
