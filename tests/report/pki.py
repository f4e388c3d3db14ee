"""A local certificate authority and time-stamp authority for the long-term signature tests.

Everything runs in this process on 127.0.0.1, offline: a root CA, a clinician's
certificate and a time-stamp authority's certificate issued by it, and one small HTTP
server that answers for them all:

* ``/crl``: the CA's certificate revocation list (DER), signed now;
* ``/ocsp``: OCSP (RFC 6960) responses for the certificates it issued, signed by the CA;
* ``/tsa``: RFC 3161 time stamps, from pyHanko's own test time-stamper.

The certificates carry the server's address as their CRL distribution point and OCSP
responder, as a real CA's do, so signing fetches the revocation data over HTTP exactly as
it would from a clinic's CA. ``revoke`` puts a certificate on the CRL and makes OCSP say
so. Request counts are kept, so a test can tell that the data was fetched.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

from tests.report.signing import PASSPHRASE

Key = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Riverside Test Health Board"),
        ]
    )


def _key_usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class LocalPki:
    """The CA, its two end-entity certificates and the server that speaks for them."""

    base_url: str
    folder: Path
    start: datetime
    ca_key: Key
    ca: x509.Certificate
    signer_key: Key
    signer: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    tsa: x509.Certificate
    revoked: dict[int, datetime] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)

    @property
    def tsa_url(self) -> str:
        return self.base_url + "/tsa"

    @property
    def ca_pem(self) -> Path:
        """The root certificate, PEM: the trust root for signing and verifying."""
        return self.folder / "ca.pem"

    @property
    def p12(self) -> Path:
        """The clinician's key and certificate, with the CA in the chain (PASSPHRASE)."""
        return self.folder / "clinician.p12"

    def revoke(self, cert: x509.Certificate) -> None:
        self.revoked[cert.serial_number] = datetime.now(UTC) - timedelta(minutes=1)

    # --- answers ----------------------------------------------------------------------------

    def crl(self) -> bytes:
        now = datetime.now(UTC)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.subject)
            .last_update(now - timedelta(minutes=1))
            .next_update(now + timedelta(days=7))
            .add_extension(x509.CRLNumber(int(now.timestamp())), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()),
                critical=False,
            )
        )
        for serial, when in self.revoked.items():
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when).build()
            )
        return builder.sign(self.ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def ocsp(self, body: bytes) -> bytes:
        request = ocsp.load_der_ocsp_request(body)
        known = {c.serial_number: c for c in (self.signer, self.tsa)}
        cert = known.get(request.serial_number)
        if cert is None:
            return ocsp.OCSPResponseBuilder.build_unsuccessful(
                ocsp.OCSPResponseStatus.UNAUTHORIZED
            ).public_bytes(serialization.Encoding.DER)
        now = datetime.now(UTC)
        revoked = self.revoked.get(cert.serial_number)
        builder = (
            ocsp.OCSPResponseBuilder()
            .add_response(
                cert=cert,
                issuer=self.ca,
                algorithm=hashes.SHA1(),
                cert_status=(ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD),
                this_update=now - timedelta(minutes=1),
                next_update=now + timedelta(days=1),
                revocation_time=revoked,
                revocation_reason=None,
            )
            .responder_id(ocsp.OCSPResponderEncoding.HASH, self.ca)
        )
        for extension in request.extensions:
            if isinstance(extension.value, x509.OCSPNonce):
                builder = builder.add_extension(extension.value, critical=False)
        return builder.sign(self.ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def time_stamp(self, body: bytes) -> bytes:
        from asn1crypto import tsp

        return self._stamper().request_tsa_response(tsp.TimeStampReq.load(body)).dump()  # type: ignore[no-any-return]

    def _stamper(self) -> Any:
        from asn1crypto import keys as asn1_keys
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.timestamps import DummyTimeStamper

        return DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(self.tsa.public_bytes(serialization.Encoding.DER)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(
                self.tsa_key.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            ),
            certs_to_embed=[
                asn1_x509.Certificate.load(self.ca.public_bytes(serialization.Encoding.DER))
            ],
        )


def _issue(
    pki_start: datetime,
    issuer: x509.Certificate | None,
    issuer_key: Key,
    subject: x509.Name,
    key: Key,
    *,
    days: int,
    base_url: str,
    ca: bool = False,
    time_stamping: bool = False,
    with_ocsp: bool = True,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(pki_start)
        .not_valid_after(pki_start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(_key_usage(sign=not ca, ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(base_url + "/crl")],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    if issuer is not None and with_ocsp:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(base_url + "/ocsp"),
                    )
                ]
            ),
            critical=False,
        )
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _handler(pki: LocalPki) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _reply(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if self.path == "/crl":
                pki.requests["crl"] += 1
                self._reply(pki.crl(), "application/pkix-crl")
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/ocsp":
                pki.requests["ocsp"] += 1
                self._reply(pki.ocsp(body), "application/ocsp-response")
            elif self.path == "/tsa":
                pki.requests["tsa"] += 1
                self._reply(pki.time_stamp(body), "application/timestamp-reply")
            else:
                self.send_error(404)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_pki(
    folder: Path,
    *,
    signer_days: int = 30,
    tsa_days: int = 3650,
    rsa_signer: bool = False,
    ocsp: bool = True,
) -> Iterator[LocalPki]:
    """A fresh CA, its certificates in ``folder`` and its server on 127.0.0.1, while in use.

    The clinician's certificate is valid for ``signer_days`` from yesterday (EC P-256, or
    RSA-2048 with ``rsa_signer``), the time-stamp authority's for ``tsa_days``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"
    start = (datetime.now(UTC) - timedelta(days=1)).replace(microsecond=0)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _issue(
        start, None, ca_key, _name("Riverside Test Root CA"), ca_key, days=7300,
        base_url=base_url, ca=True,
    )  # fmt: skip
    signer_key: Key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_signer
        else ec.generate_private_key(ec.SECP256R1())
    )
    signer = _issue(
        start, ca, ca_key, _name("Dr Ada Clinician"), signer_key, days=signer_days,
        base_url=base_url, with_ocsp=ocsp,
    )  # fmt: skip
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the stamper's
    tsa = _issue(
        start, ca, ca_key, _name("Riverside Test Time-Stamp Authority"), tsa_key,
        days=tsa_days, base_url=base_url, time_stamping=True, with_ocsp=ocsp,
    )  # fmt: skip
    pki = LocalPki(base_url, folder, start, ca_key, ca, signer_key, signer, tsa_key, tsa)
    pki.ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    pki.p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"clinician",
            signer_key,
            signer,
            [ca],
            serialization.BestAvailableEncryption(PASSPHRASE),
        )
    )
    server.RequestHandlerClass = _handler(pki)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield pki
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
