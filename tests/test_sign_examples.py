"""scripts/sign_examples.py signs the shipped packs again in one command, with the
example-content key only."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from decision_aid.content.trust import keys as keys_module
from decision_aid.content.trust.keys import make_key_pair
from decision_aid.content.trust.policy import TrustPolicy
from decision_aid.content.trust.publishers import Publisher
from decision_aid.content.trust.verify import check_path
from tests.conftest import ROOT, SHIPPED


def script() -> ModuleType:
    path = ROOT / "scripts" / "sign_examples.py"
    spec = importlib.util.spec_from_file_location("sign_examples", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setattr(keys_module, "SCRYPT_N", keys_module.SCRYPT_N_RANGE[0])
    secret = tmp_path / "passphrase"
    secret.write_text("an example passphrase\n")
    private, _public = make_key_pair(tmp_path / "example.key", b"an example passphrase")
    return private, secret


def test_another_key_is_refused(key: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    private, secret = key
    assert script().main(["--key", str(private), "--passphrase-file", str(secret)]) == 1
    assert "is not the example-content key" in capsys.readouterr().err


def test_it_signs_every_pack_again_until_its_own_expiry(
    key: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private, secret = key
    packs = tmp_path / "packs"
    shutil.copytree(SHIPPED, packs)
    content = packs / "psa-screening" / "evidence.md"
    content.write_text(content.read_text() + "\nA changed line.\n")
    module = script()
    opened = keys_module.load_private_key(private, b"an example passphrase")
    example = Publisher("decision-aid example content", (opened.public,), 1, example=True)
    monkeypatch.setattr(module, "example_publisher", lambda: example)
    monkeypatch.setattr("decision_aid.content.trust.policy.example_publisher", lambda: example)
    directories = tmp_path / "directories"
    shutil.copytree(ROOT / "directories", directories)
    args = ["--key", str(private), "--passphrase-file", str(secret), "--packs", str(packs)]
    assert module.main([*args, "--directories", str(directories)]) == 0
    for name in ("knee-osteoarthritis", "psa-screening", "statins-primary-prevention"):
        trust = check_path(packs / name, TrustPolicy()).trust
        assert trust.status == "example"
        assert trust.expires is not None and trust.expires.year == 2028
    from decision_aid.directory.load import load_directory

    signed = load_directory(directories / "example-community", TrustPolicy()).trust
    assert signed.status == "example" and signed.expires is not None
    assert signed.expires.isoformat() == "2027-11-30"  # the directory's own expiry
