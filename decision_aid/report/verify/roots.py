"""Trust roots: the certificates (PEM or DER files) whose signatures a clinic trusts."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from decision_aid.i18n import _


def load_roots(paths: Sequence[Path], problems: list[str]) -> list[Any]:
    """The certificates in ``paths`` (asn1crypto, for pyHanko); a plain problem for each bad file.

    A file that cannot be read or holds no certificate is left out, and ``problems`` says
    which file, why, and what to do.
    """
    from asn1crypto import x509 as asn1_x509

    roots: list[Any] = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(
                _(
                    "The trust root {path} could not be read ({reason}); it was left out. "
                    "Check the path in the settings or after --trust."
                ).format(path=path, reason=exc.strerror or type(exc).__name__)
            )
            continue
        try:
            if b"-----BEGIN" in raw:
                certs = x509.load_pem_x509_certificates(raw)
            else:
                certs = [x509.load_der_x509_certificate(raw)]
        except ValueError:
            problems.append(
                _(
                    "The trust root {path} is not a certificate in PEM or DER form; it was "
                    "left out. Export the clinic's root certificate to a .pem or .der file "
                    "and give that file instead."
                ).format(path=path)
            )
            continue
        roots.extend(asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in certs)
    return roots
