"""``decision-aid packs keygen | sign | verify`` from the command line."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from decision_aid.cli import main
from decision_aid.content.trust import keys as keys_module
from decision_aid.content.trust.history import default_history_path
from decision_aid.settings import settings_path
from tests.content.trust.support import PACK, entries_of, unsigned_copy, zip_of

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _least_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The least scrypt cost a key file may have (tests/content/trust/test_keys.py checks
    the real one), to keep these tests quick."""
    monkeypatch.setattr(keys_module, "SCRYPT_N", keys_module.SCRYPT_N_RANGE[0])


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def passphrase_file(tmp_path: Path, text: str = PASSPHRASE) -> Path:
    path = tmp_path / "passphrase"
    path.write_text(text + "\n")
    return path


def keygen(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "editor.key") -> Path:
    key = tmp_path / name
    code, _out, err = run(
        capsys, "packs", "keygen", "--out", key, "--passphrase-file", passphrase_file(tmp_path)
    )
    assert code == 0, err
    return key


def pin(*publics: Path, threshold: int = 1) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = [p.read_text().strip() for p in publics]
    publishers = [{"name": "Riverside editorial team", "keys": keys, "threshold": threshold}]
    path.write_text(json.dumps({"pack_publishers": publishers}))


def test_keygen_writes_a_private_key_for_its_owner_and_a_public_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "editor.key"
    code, out, _err = run(
        capsys, "packs", "keygen", "--out", key, "--passphrase-file", passphrase_file(tmp_path)
    )
    assert code == 0
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    public = (tmp_path / "editor.key.pub").read_text().strip()
    assert public.startswith("ed25519:") and public in out and "Key id: " in out
    before = key.read_bytes()
    code, _out, err = run(
        capsys, "packs", "keygen", "--out", key, "--passphrase-file", passphrase_file(tmp_path)
    )
    assert code == 1 and "exists already; nothing was written" in err
    assert key.read_bytes() == before
    code, _out, _err = run(
        capsys,
        "packs",
        "keygen",
        "--out",
        key,
        "--passphrase-file",
        passphrase_file(tmp_path),
        "--force",
    )
    assert code == 0 and key.read_bytes() != before


def test_keygen_asks_twice_on_a_terminal_and_refuses_an_empty_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass
    import sys

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers: list[str] = []
    asked: list[str] = []

    def ask(prompt: str = "") -> str:
        asked.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(getpass, "getpass", ask)
    key = tmp_path / "editor.key"
    answers[:] = ["one passphrase", "another"]
    assert run(capsys, "packs", "keygen", "--out", key)[0] == 2
    answers[:] = ["", ""]
    code, _out, err = run(capsys, "packs", "keygen", "--out", key)
    assert code == 2 and "empty passphrase is not allowed" in err
    assert not key.exists()
    answers[:] = [PASSPHRASE, PASSPHRASE]
    asked.clear()
    assert run(capsys, "packs", "keygen", "--out", key)[0] == 0
    assert asked == ["Passphrase: ", "Passphrase again: "]


def test_keygen_without_a_terminal_needs_a_passphrase_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, _out, err = run(capsys, "packs", "keygen", "--out", tmp_path / "k")
    assert code == 2 and "--passphrase-file" in err


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_a_wrong_passphrase_signs_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    key = keygen(tmp_path, capsys)
    pack = unsigned_copy(tmp_path / "packs")
    if kind == "zip":
        pack = zip_of(pack, tmp_path / f"{PACK}.zip")
    before = pack.read_bytes() if kind == "zip" else entries_of(pack)
    wrong = passphrase_file(tmp_path / "packs", "not the passphrase")
    code, out, err = run(capsys, "packs", "sign", pack, "--key", key, "--passphrase-file", wrong)
    assert code == 1 and out == ""
    assert "passphrase for the signing key" in err and "is wrong" in err
    assert (pack.read_bytes() if kind == "zip" else entries_of(pack)) == before


@pytest.mark.parametrize("kind", ["folder", "zip"])
def test_sign_then_verify_reports_signer_trust_version_and_expiry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    key = keygen(tmp_path, capsys)
    second = keygen(tmp_path, capsys, "second.key")
    pack = unsigned_copy(tmp_path / "packs")
    if kind == "zip":
        pack = zip_of(pack, tmp_path / f"{PACK}.zip")
    code, out, err = run(
        capsys,
        "packs",
        "sign",
        pack,
        "--key",
        key,
        "--passphrase-file",
        passphrase_file(tmp_path),
        "--expires",
        "2028-01-31",
    )
    assert code == 0, err
    assert f"{PACK} version 1.1.0" in out and "expires on 31 Jan 2028" in out
    code, out, _err = run(capsys, "packs", "verify", pack)
    assert code == 1  # nobody pinned the key yet
    assert "Unverified content: signed by a key this computer does not trust" in out
    pin(Path(f"{key}.pub"), Path(f"{second}.pub"))
    code, out, _err = run(capsys, "packs", "verify", pack)
    assert code == 0
    for line in (
        "Signer: Riverside editorial team (key ",
        "Trust: a publisher this computer trusts (1 of its keys signed; 1 needed)",
        "Version: 1.1.0",
        "Signature expires: 31 Jan 2028",
        "OK: signed, trusted, and every file as signed.",
    ):
        assert line in out
    assert not default_history_path().exists()  # verifying notes no version


def test_verify_says_not_ok_for_an_unsigned_or_changed_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = keygen(tmp_path, capsys)
    pin(Path(f"{key}.pub"), Path(f"{keygen(tmp_path, capsys, 'b.key')}.pub"))
    signed = unsigned_copy(tmp_path / "signed")
    secret = passphrase_file(tmp_path)
    assert run(capsys, "packs", "sign", signed, "--key", key, "--passphrase-file", secret)[0] == 0
    unsigned = unsigned_copy(tmp_path / "plain")
    assert run(capsys, "packs", "verify", signed, unsigned)[0] == 1
    (signed / "content.yaml").write_text((signed / "content.yaml").read_text() + "\n")
    code, out, _err = run(capsys, "packs", "verify", signed, unsigned)
    assert code == 1
    assert "content.yaml: (signature): this file is not the one signed" in out
    assert "NOT OK: refused; nothing of this pack is used." in out
    assert "Unverified content: not signed" in out
    assert "2 packs checked, 2 not OK." in out


def test_verify_stops_on_settings_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"pack_publishers": [{"name": "A", "keys": []}]}')
    code, _out, err = run(capsys, "packs", "verify", unsigned_copy(tmp_path))
    assert code == 2 and str(path) in err and "pack_publishers[0].keys" in err
