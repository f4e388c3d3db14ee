"""Pack signing keys: made as a pair, the private half encrypted with a strong KDF."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from decision_aid.content.trust import keys as keys_module
from decision_aid.content.trust.keys import (
    PRIVATE_BEGIN,
    SCRYPT_N,
    SigningKeyError,
    key_id,
    load_private_key,
    load_public_key,
    make_key_pair,
    parse_public,
    public_text,
)

PASSPHRASE = b"a long editorial passphrase"


@pytest.fixture(autouse=True)
def _least_cost(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The least scrypt cost a key file may have, to keep these tests quick; the test of
    the real cost keeps it."""
    if request.function.__name__ != "test_the_private_key_is_encrypted_with_scrypt":
        monkeypatch.setattr(keys_module, "SCRYPT_N", keys_module.SCRYPT_N_RANGE[0])


def test_a_pair_is_written_private_for_its_owner_only(tmp_path: Path) -> None:
    private, public = make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    assert public == tmp_path / "editor.key.pub"
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    opened = load_private_key(private, PASSPHRASE)
    assert load_public_key(public) == opened.public
    assert opened.id == key_id(opened.public) and len(opened.id) == 64
    assert public.read_text() == public_text(opened.public) + "\n"


def test_the_private_key_is_encrypted_with_scrypt(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    private, _public = make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    text = private.read_text()
    assert text.startswith(PRIVATE_BEGIN)
    body = json.loads(text.split("\n", 1)[1].rsplit("\n", 2)[0])
    assert body["kdf"] == "scrypt" and body["n"] == SCRYPT_N >= 2**17 and body["r"] == 8
    seed = load_private_key(private, PASSPHRASE).private.private_bytes(
        Encoding.Raw, PrivateFormat.Raw, NoEncryption()
    )
    import base64

    assert base64.b64encode(seed).decode() not in text  # the seed is not stored in clear


def test_a_wrong_passphrase_is_said_plainly(tmp_path: Path) -> None:
    private, _public = make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    with pytest.raises(SigningKeyError, match=r"passphrase for the signing key .* is wrong"):
        load_private_key(private, b"not it")


def test_weakened_parameters_or_another_public_key_make_it_refuse(tmp_path: Path) -> None:
    """The parameters and the public key are authenticated with the encrypted seed."""
    private, _public = make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    other, _ = make_key_pair(tmp_path / "other.key", PASSPHRASE)
    other_public = json.loads(other.read_text().split("\n", 1)[1].rsplit("\n", 2)[0])["public_key"]
    text = private.read_text()
    body = json.loads(text.split("\n", 1)[1].rsplit("\n", 2)[0])
    for field, value in (("public_key", other_public), ("n", body["n"] * 2)):
        changed = dict(body, **{field: value})
        private.write_text(f"{PRIVATE_BEGIN}\n{json.dumps(changed)}\n{keys_module.PRIVATE_END}\n")
        with pytest.raises(SigningKeyError, match=r"wrong|not a pack signing key"):
            load_private_key(private, PASSPHRASE)


def test_a_cheap_kdf_in_a_key_file_is_refused(tmp_path: Path) -> None:
    private, _public = make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    body = json.loads(private.read_text().split("\n", 1)[1].rsplit("\n", 2)[0])
    private.write_text(
        f"{PRIVATE_BEGIN}\n{json.dumps(dict(body, n=2**10))}\n{keys_module.PRIVATE_END}\n"
    )
    with pytest.raises(SigningKeyError, match="not a pack signing key"):
        load_private_key(private, PASSPHRASE)


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    private, public = make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    before = (private.read_bytes(), public.read_bytes())
    with pytest.raises(SigningKeyError, match="exists already; nothing was written"):
        make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    assert (private.read_bytes(), public.read_bytes()) == before
    make_key_pair(tmp_path / "editor.key", PASSPHRASE, force=True)
    assert private.read_bytes() != before[0]


def test_an_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SigningKeyError, match="empty passphrase"):
        make_key_pair(tmp_path / "editor.key", b"")
    assert list(tmp_path.iterdir()) == []


def test_public_key_text_is_checked() -> None:
    raw = bytes(range(32))
    assert parse_public(public_text(raw)) == raw
    not_canonical = public_text(raw)[:-2] + "B="  # padding bits set: another spelling
    for text in ("", "ed25519:", "ssh-ed25519 AAAA", not_canonical, "rsa:" + "A" * 43 + "="):
        assert parse_public(text) is None


def test_the_pub_file_is_not_a_private_key(tmp_path: Path) -> None:
    _private, public = make_key_pair(tmp_path / "editor.key", PASSPHRASE)
    with pytest.raises(SigningKeyError, match="not a pack signing key made by"):
        load_private_key(public, PASSPHRASE)
    with pytest.raises(SigningKeyError, match="does not exist"):
        load_private_key(tmp_path / "missing.key", PASSPHRASE)
