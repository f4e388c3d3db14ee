"""Pack signing keys: Ed25519, the private half kept encrypted under a passphrase.

- A **public key** is written as one line, ``ed25519:`` and the 32 raw bytes in Base64
  (``KEY.pub``, and the form a clinic pins in its settings). Its **key id** is the
  SHA-256 of those 32 bytes, in hexadecimal.
- A **private key** file holds the 32-byte Ed25519 seed encrypted with AES-256-GCM under a
  key derived from the passphrase by **scrypt** (N = 2**17, r = 8, p = 1: 128 MiB and about
  a third of a second per try, OWASP's recommended minimum). The file is a small JSON
  document between PEM-style lines; everything but the ciphertext (the format, the KDF's
  parameters, the salt, the nonce and the public key) is authenticated as associated
  data, so a changed parameter or public key makes the file refuse to open.

Why not the formats ``cryptography`` writes itself: its PKCS#8 ``BestAvailableEncryption``
derives the key with PBKDF2 at 2,048 iterations (measured: under a millisecond per
guess), far too cheap for a key that vouches for clinical content; and its OpenSSH
format (bcrypt KDF) needs the ``bcrypt`` package, which the app does not depend on.
scrypt and AES-GCM are both ``cryptography``'s own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.atomic import NotARegularFile, check_replaceable, write_all_atomic
from decision_aid.i18n import _

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

PUBLIC_PREFIX = "ed25519:"
_PUBLIC = re.compile(r"^ed25519:([A-Za-z0-9+/]{43}=)$")
PRIVATE_BEGIN = "-----BEGIN DECISION-AID PACK SIGNING KEY-----"
PRIVATE_END = "-----END DECISION-AID PACK SIGNING KEY-----"
PUBLIC_SUFFIX = ".pub"
SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_N_RANGE = (2**15, 2**20)
"""Least and most scrypt cost accepted when a key file is opened."""
SCRYPT_MEMORY = 2**21
"""Most N×r accepted (scrypt then needs at most 256 MiB)."""
MAX_KEY_FILE = 16 * 1024
"""Largest key file read; a key file is a few hundred bytes."""
KEY_ID_SHOWN = 16
"""Hexadecimal digits of a key id shown to people (the whole id is in the files)."""


class SigningKeyError(Exception):
    """A signing key cannot be made, read or opened; the message names the file and fix."""


def key_id(raw_public: bytes) -> str:
    """The SHA-256 of the 32 raw bytes of a public key, in hexadecimal."""
    return hashlib.sha256(raw_public).hexdigest()


def short_id(full: str) -> str:
    """A key id as people see it: its first digits."""
    return full[:KEY_ID_SHOWN]


def public_text(raw_public: bytes) -> str:
    """``ed25519:<Base64>``, the form KEY.pub holds and the settings pin."""
    return PUBLIC_PREFIX + base64.b64encode(raw_public).decode("ascii")


def parse_public(text: str) -> bytes | None:
    """The 32 raw bytes of a public key written as :func:`public_text` writes it; None when
    ``text`` is not one."""
    found = _PUBLIC.match(text.strip())
    if found is None:
        return None
    try:
        raw = base64.b64decode(found.group(1), validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 32 or public_text(raw) != text.strip():
        return None
    return raw


def raw_public(key: Ed25519PublicKey) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class SigningKey:
    """An opened private key and its public half."""

    private: Ed25519PrivateKey
    public: bytes
    """The 32 raw bytes of the public key."""

    @property
    def id(self) -> str:
        return key_id(self.public)


def _derive(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase)


def _associated(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("ascii")


def private_file_bytes(key: Ed25519PrivateKey, passphrase: bytes) -> bytes:
    """The private key file's bytes: the seed encrypted under ``passphrase``."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    if not passphrase:
        raise SigningKeyError(_("An empty passphrase is not allowed for a pack signing key."))
    seed = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    salt, nonce = os.urandom(16), os.urandom(12)
    header: dict[str, Any] = {
        "format": 1,
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": base64.b64encode(salt).decode("ascii"),
        "cipher": "aes-256-gcm",
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "public_key": public_text(raw_public(key.public_key())),
    }
    secret = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    sealed = AESGCM(secret).encrypt(nonce, seed, _associated(header))
    body = dict(header, ciphertext=base64.b64encode(sealed).decode("ascii"))
    text = json.dumps(body, sort_keys=True, indent=1)
    return f"{PRIVATE_BEGIN}\n{text}\n{PRIVATE_END}\n".encode("ascii")


def make_key_pair(out: Path, passphrase: bytes, *, force: bool = False) -> tuple[Path, Path]:
    """Write a new key pair: ``out`` (private, user-only) and ``out.pub``.

    Refuses (SigningKeyError, nothing written) when either file exists and ``force`` is False,
    or when something other than a regular file is in the way. Both files are written as
    one: both or neither.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if not passphrase:
        raise SigningKeyError(_("An empty passphrase is not allowed for a pack signing key."))
    public_path = out.with_name(out.name + PUBLIC_SUFFIX)
    for path in (out, public_path):
        try:
            exists = check_replaceable(path)
        except NotARegularFile as exc:
            reason = exc.strerror
            raise SigningKeyError(_("{path}: {reason}").format(path=path, reason=reason)) from exc
        if exists and not force:
            raise SigningKeyError(
                _(
                    "{path} exists already; nothing was written. Packs signed with the old "
                    "key keep their signatures, but a lost private key cannot sign again: "
                    "give --force if replacing it is what you want, or choose another name."
                ).format(path=path)
            )
    key = Ed25519PrivateKey.generate()
    private = private_file_bytes(key, passphrase)
    public = (public_text(raw_public(key.public_key())) + "\n").encode("ascii")
    try:
        write_all_atomic([(out, private, 0o600), (public_path, public, 0o644)])
    except OSError as exc:
        raise SigningKeyError(
            _("{path} could not be written: {reason}").format(
                path=exc.filename or out, reason=exc.strerror or exc
            )
        ) from exc
    return out, public_path


def _read(path: Path) -> bytes:
    from decision_aid.session.files import read_limited

    try:
        return read_limited(path, MAX_KEY_FILE)
    except FileNotFoundError:
        raise SigningKeyError(
            _(
                "The key file {path} does not exist. Check the path, or make a key pair "
                "with 'decision-aid packs keygen --out FILE'."
            ).format(path=path)
        ) from None
    except OSError as exc:
        raise SigningKeyError(
            _(
                "The key file {path} could not be read ({reason}). Check that it is a small "
                "file and readable by you."
            ).format(path=path, reason=exc.strerror or exc)
        ) from exc


def _not_a_key(path: Path) -> str:
    return _(
        "{path} is not a pack signing key made by 'decision-aid packs keygen' (the private "
        "key file, not the .pub file). Choose the right file."
    ).format(path=path)


def _header(path: Path, raw: bytes) -> dict[str, Any]:
    """The key file's JSON body, checked for every field and its bounds."""
    try:
        text = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        raise SigningKeyError(_not_a_key(path)) from None
    if not (text.startswith(PRIVATE_BEGIN) and text.endswith(PRIVATE_END)):
        raise SigningKeyError(_not_a_key(path))
    try:
        body = json.loads(text[len(PRIVATE_BEGIN) : -len(PRIVATE_END)])
    except ValueError:
        raise SigningKeyError(_not_a_key(path)) from None
    expected = {"format", "kdf", "n", "r", "p", "salt", "cipher", "nonce", "public_key"}
    if not isinstance(body, dict) or set(body) != expected | {"ciphertext"}:
        raise SigningKeyError(_not_a_key(path))
    n, r, p = body["n"], body["r"], body["p"]
    numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p))
    if not (
        body["format"] == 1
        and body["kdf"] == "scrypt"
        and body["cipher"] == "aes-256-gcm"
        and numbers
        and SCRYPT_N_RANGE[0] <= n <= SCRYPT_N_RANGE[1]
        and n & (n - 1) == 0
        and 1 <= r <= 32
        and 1 <= p <= 16
        and n * r <= SCRYPT_MEMORY
        and all(isinstance(body[k], str) for k in ("salt", "nonce", "public_key", "ciphertext"))
    ):
        raise SigningKeyError(_not_a_key(path))
    return body


def load_private_key(path: Path, passphrase: bytes) -> SigningKey:
    """The private key in ``path``, opened with ``passphrase``.

    A wrong passphrase (or a changed file) is a SigningKeyError saying so; nothing else happens.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    body = _header(path, _read(path))
    public = parse_public(body["public_key"])
    try:
        salt = base64.b64decode(body["salt"], validate=True)
        nonce = base64.b64decode(body["nonce"], validate=True)
        sealed = base64.b64decode(body["ciphertext"], validate=True)
    except (binascii.Error, ValueError):
        raise SigningKeyError(_not_a_key(path)) from None
    if public is None or len(salt) < 16 or len(nonce) != 12 or len(sealed) != 48:
        raise SigningKeyError(_not_a_key(path))
    header = {k: v for k, v in body.items() if k != "ciphertext"}
    secret = _derive(passphrase, salt, body["n"], body["r"], body["p"])
    try:
        seed = AESGCM(secret).decrypt(nonce, sealed, _associated(header))
    except InvalidTag:
        raise SigningKeyError(
            _(
                "The passphrase for the signing key {path} is wrong (or the file was "
                "changed). Type it again, minding capital letters; nothing was signed."
            ).format(path=path)
        ) from None
    private = Ed25519PrivateKey.from_private_bytes(seed)
    if raw_public(private.public_key()) != public:
        raise SigningKeyError(_not_a_key(path))
    return SigningKey(private, public)


def load_public_key(path: Path) -> bytes:
    """The 32 raw bytes of the public key in ``path`` (a KEY.pub file)."""
    raw = _read(path)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        text = ""
    found = parse_public(text)
    if found is None:
        raise SigningKeyError(
            _(
                "{path} is not a pack signing public key: it should hold one line that "
                "starts with 'ed25519:', as 'decision-aid packs keygen' writes in KEY.pub."
            ).format(path=path)
        )
    return found
