"""The clinic's hand-over key pair: X25519, the private half protected by a passphrase.

- The **public key** (``kiosk-handover.pub``, PEM) goes on every kiosk; with it a kiosk
  can seal a hand-over, never open one.
- The **private key** (``kiosk-handover.key``, PEM PKCS#8, encrypted with the passphrase
  by the best scheme ``cryptography`` offers; readable by its owner only) stays with the
  clinic's computers that open hand-overs. As with signing keys, a private key that is not
  protected by a passphrase is refused, and the passphrase is never stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.atomic import NotARegularFile, check_replaceable, write_all_atomic
from decision_aid.i18n import _
from decision_aid.kiosk.handover import HandoverError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

PRIVATE_NAME = "kiosk-handover.key"
PUBLIC_NAME = "kiosk-handover.pub"
MAX_KEY_BYTES = 64 * 1024
"""Largest key file read; an X25519 key in PEM is a few hundred bytes."""


class KioskKeyError(HandoverError):
    """A hand-over key cannot be made or used; the message names the file and the fix."""


def make_key_pair(folder: Path, passphrase: bytes, *, force: bool = False) -> tuple[Path, Path]:
    """Write a new key pair into ``folder``; returns (private key, public key).

    Refuses (KioskKeyError, nothing written) when either file exists and ``force`` is
    False, or when something other than a regular file is in the way.
    """
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        PrivateFormat,
        PublicFormat,
    )

    if not passphrase:
        raise KioskKeyError(_("An empty passphrase is not allowed for the clinic's key."))
    private_path, public_path = folder / PRIVATE_NAME, folder / PUBLIC_NAME
    for path in (private_path, public_path):
        try:
            exists = check_replaceable(path)
        except NotARegularFile as exc:
            raise KioskKeyError(
                _("{path}: {reason}").format(path=path, reason=exc.strerror)
            ) from exc
        if exists and not force:
            raise KioskKeyError(
                _(
                    "{path} exists already; nothing was written. Replacing the clinic's key "
                    "means hand-overs sealed for the old one can no longer be opened: give "
                    "--force if that is what you want, or choose another folder."
                ).format(path=path)
            )
    key = X25519PrivateKey.generate()
    private_pem = key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(passphrase)
    )
    public_pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    try:
        write_all_atomic([(private_path, private_pem, 0o600), (public_path, public_pem, 0o644)])
    except OSError as exc:
        raise KioskKeyError(
            _("{path} could not be written: {reason}").format(
                path=exc.filename or folder, reason=exc.strerror or exc
            )
        ) from exc
    return private_path, public_path


def _read(path: Path) -> bytes:
    from decision_aid.session.files import read_limited

    try:
        return read_limited(path, MAX_KEY_BYTES)
    except FileNotFoundError:
        raise KioskKeyError(
            _(
                "The key file {path} does not exist. Check the path in the settings, or make "
                "the clinic's keys with 'decision-aid kiosk keys init'."
            ).format(path=path)
        ) from None
    except OSError as exc:
        raise KioskKeyError(
            _(
                "The key file {path} could not be read ({reason}). Check that it is a small "
                "file and readable by you."
            ).format(path=path, reason=exc.strerror or exc)
        ) from exc


def load_public_key(path: Path) -> X25519PublicKey:
    """The clinic's public key from ``path``; KioskKeyError (plain words) when unusable."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    raw = _read(path)
    try:
        key = load_pem_public_key(raw)
    except (ValueError, TypeError) as exc:
        raise KioskKeyError(_not_a_key(path)) from exc
    if not isinstance(key, X25519PublicKey):
        raise KioskKeyError(_not_a_key(path))
    return key


def load_private_key(path: Path, passphrase: bytes) -> X25519PrivateKey:
    """The clinic's private key from ``path``, opened with ``passphrase``."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    raw = _read(path)
    if b"-----BEGIN PRIVATE KEY-----" in raw:
        raise KioskKeyError(
            _(
                "The clinic's private key {path} is not protected by a passphrase, so anyone "
                "who copies it could read every hand-over; it is not used. Make new keys "
                "with 'decision-aid kiosk keys init' and give the new public key to the "
                "kiosks."
            ).format(path=path)
        )
    try:
        key = load_pem_private_key(raw, passphrase or None)
    except (ValueError, TypeError) as exc:
        if b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in raw:
            raise KioskKeyError(
                _(
                    "The passphrase for the clinic's private key {path} is wrong. Type it "
                    "again, minding capital letters."
                ).format(path=path)
            ) from exc
        raise KioskKeyError(_not_a_key(path)) from exc
    if not isinstance(key, X25519PrivateKey):
        raise KioskKeyError(_not_a_key(path))
    return key


def _not_a_key(path: Path) -> str:
    return _(
        "{path} is not a usable hand-over key: it should be one of the two PEM files that "
        "'decision-aid kiosk keys init' made (the public key on a kiosk, the private key "
        "where hand-overs are opened). Choose the right file in the settings."
    ).format(path=path)
