"""The clinic's key pair: the private key protected by a passphrase, never overwritten
by accident."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from decision_aid.kiosk.keys import (
    KioskKeyError,
    load_private_key,
    load_public_key,
    make_key_pair,
)
from tests.kiosk.conftest import PASSPHRASE


def test_the_pair_belongs_together(keys: tuple[Path, Path]) -> None:
    private, public = keys
    assert private.stat().st_mode & 0o777 == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in private.read_bytes()
    assert load_private_key(private, PASSPHRASE).public_key() == load_public_key(public)


def test_keys_are_never_replaced_without_force(keys: tuple[Path, Path]) -> None:
    before = keys[0].read_bytes()
    with pytest.raises(KioskKeyError, match="--force"):
        make_key_pair(keys[0].parent, PASSPHRASE)
    assert keys[0].read_bytes() == before
    make_key_pair(keys[0].parent, PASSPHRASE, force=True)
    assert keys[0].read_bytes() != before


def test_a_wrong_passphrase_says_so(keys: tuple[Path, Path]) -> None:
    with pytest.raises(KioskKeyError, match=r"passphrase .* is wrong") as caught:
        load_private_key(keys[0], b"not it")
    assert str(keys[0]) in str(caught.value)


def test_an_unprotected_private_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plain.key"
    key = X25519PrivateKey.generate()
    path.write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    with pytest.raises(KioskKeyError, match="not protected by a passphrase"):
        load_private_key(path, b"")


@pytest.mark.parametrize("content", [b"", b"not a key", b"-----BEGIN PUBLIC KEY-----\nAA\n"])
def test_what_is_not_a_key_says_which_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "k.pem"
    path.write_bytes(content)
    with pytest.raises(KioskKeyError, match="not a usable hand-over key"):
        load_public_key(path)
    with pytest.raises(KioskKeyError, match="not a usable hand-over key"):
        load_private_key(path, PASSPHRASE)


def test_a_missing_key_names_the_command(tmp_path: Path) -> None:
    with pytest.raises(KioskKeyError, match="kiosk keys init"):
        load_public_key(tmp_path / "none.pub")


def test_a_public_key_of_another_kind_is_refused(keys: tuple[Path, Path], tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import PublicFormat

    path = tmp_path / "ec.pub"
    ec_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    path.write_bytes(ec_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(KioskKeyError, match="not a usable"):
        load_public_key(path)
