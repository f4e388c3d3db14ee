"""Sealing what a patient leaves at the kiosk so that only the clinic can read it.

Two kinds of file are sealed this way, each with its own 8-byte magic: a hand-over
(:mod:`decision_aid.kiosk.handover`, ``DA-KIOSK``) and CollaboRATE answers
(:mod:`decision_aid.kiosk.collaborate`, ``DA-CRATE``)::

    header (32 bytes) | HPKE encapsulated key (32 bytes) | AES-256-GCM ciphertext and tag

    header = magic (8 bytes) | format (1 byte) | suite (1 byte) | sealed at (8 bytes, Unix
             seconds, big-endian) | code (6 ASCII characters) | key id (8 bytes)

The content (JSON, padded with spaces to a whole number of kilobytes, so the size tells
little about how much was written) is sealed with HPKE (RFC 9180, base mode):
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, to the clinic's X25519 public key.
Each file uses a fresh ephemeral key, so the kiosk that sealed it cannot open it again.
The whole header is HPKE's ``info``, bound into the key schedule: a changed byte anywhere
in the header (the magic, the code, the time, the key id) makes the file fail to open,
exactly as a changed byte of the ciphertext does, so a file of one kind never opens as the
other. The key id (the first 8 bytes of the SHA-256 of the public key) tells "sealed for
another clinic key" apart from "changed".

Failures here are :class:`SealError` with a kind; each kind of file says them in its own words.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from decision_aid.kiosk.codes import is_code

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

FORMAT = 1
"""The sealed file's format; a later one is refused with 'update decision-aid'."""
SUITE_HPKE_X25519_AES256 = 1
"""HPKE base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM."""
HEADER = struct.Struct(">8sBBq6s8s")
"""Magic, format, suite, sealed at, code, key id: 32 bytes."""
ENCAPSULATED = 32
TAG = 16
PAD_TO = 1024
"""The content is padded with spaces to a multiple of this many bytes."""
MAX_CONTENT_BYTES = 1024 * 1024
"""Largest content sealed or opened."""
MAX_FILE_BYTES = HEADER.size + ENCAPSULATED + MAX_CONTENT_BYTES + TAG
MIN_FILE_BYTES = HEADER.size + ENCAPSULATED + TAG

SealErrorKind = Literal["not_sealed", "format", "header", "code", "key", "content", "too_large"]


class SealError(Exception):
    """A sealed file cannot be made or opened: ``kind`` says why (never shown as it is)."""

    def __init__(self, kind: SealErrorKind, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class Header:
    """The readable start of a sealed file (authenticated only when the file opens)."""

    magic: bytes
    format: int
    suite: int
    sealed: datetime
    code: str
    key_id: bytes

    def pack(self) -> bytes:
        return HEADER.pack(
            self.magic,
            self.format,
            self.suite,
            int(self.sealed.timestamp()),
            self.code.encode("ascii"),
            self.key_id,
        )


def key_id(public_key: X25519PublicKey) -> bytes:
    """The first 8 bytes of the SHA-256 of the raw public key."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:8]


def suite() -> Any:
    from cryptography.hazmat.primitives import hpke

    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def padded(data: bytes) -> bytes:
    """``data`` padded with spaces to a multiple of ``PAD_TO`` bytes (at least one space)."""
    size = -(-(len(data) + 1) // PAD_TO) * PAD_TO
    return data + b" " * (size - len(data))


def seal_bytes(
    plain: bytes, public_key: X25519PublicKey, code: str, sealed: datetime, magic: bytes
) -> bytes:
    """The sealed file for ``plain`` (already padded) under ``code``."""
    if not is_code(code):
        raise ValueError(f"not a kiosk code: {code!r}")
    if len(plain) > MAX_CONTENT_BYTES:
        raise SealError("too_large")
    header = Header(magic, FORMAT, SUITE_HPKE_X25519_AES256, sealed, code, key_id(public_key))
    sealed_bytes: bytes = suite().encrypt(plain, public_key, info=header.pack())
    return header.pack() + sealed_bytes


def read_header(data: bytes, magic: bytes) -> Header:
    """The header of a sealed file of the kind ``magic``; SealError when it is not one."""
    if len(data) < MIN_FILE_BYTES or not data.startswith(magic):
        raise SealError("not_sealed")
    _magic, version, kind, seconds, code, kid = HEADER.unpack_from(data)
    if version != FORMAT or kind != SUITE_HPKE_X25519_AES256:
        raise SealError("format", f"{version}.{kind}")
    try:
        text = code.decode("ascii")
        when = datetime.fromtimestamp(seconds, UTC)
    except (UnicodeDecodeError, ValueError, OverflowError, OSError):
        text, when = "", datetime.fromtimestamp(0, UTC)
    if not is_code(text):
        raise SealError("header")
    return Header(magic, version, kind, when, text, kid)


def open_bytes(
    data: bytes, private_key: X25519PrivateKey, code: str, magic: bytes
) -> tuple[Header, bytes]:
    """The header and the plain content of the sealed file ``data``, filed under ``code``.

    SealError 'code' when the file names another code, 'key' when it was sealed for another
    key (``detail``: the key id it was sealed for), 'content' when any byte was changed.
    """
    from cryptography.exceptions import InvalidTag

    header = read_header(data, magic)
    if header.code != code:
        raise SealError("code")
    if header.key_id != key_id(private_key.public_key()):
        raise SealError("key", header.key_id.hex())
    try:
        plain: bytes = suite().decrypt(data[HEADER.size :], private_key, info=data[: HEADER.size])
    except (InvalidTag, ValueError) as exc:
        raise SealError("content") from exc
    return header, plain
