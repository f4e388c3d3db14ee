"""The record from the command line: keys init, report build, verify and fhir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text("a long pilot passphrase\n")
    return path


def test_keys_build_sign_verify_and_fhir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, secret: Path
) -> None:
    key = tmp_path / "pilot.p12"
    code, out, _ = run(
        capsys, "keys", "init", "--out", key, "--name", "Dr A. Example", "--passphrase-file", secret
    )
    assert code == 0 and "SELF-SIGNED" in out
    code, _, err = run(
        capsys, "keys", "init", "--out", key, "--name", "X", "--passphrase-file", secret
    )
    assert code == 1 and "exists" in err

    pdf = tmp_path / "record.pdf"
    code, out, _ = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        pdf,
        "--sign",
        key,
        "--passphrase-file",
        secret,
    )
    assert code == 0, out
    assert "(signed)" in out and pdf.exists() and (tmp_path / "record.fhir.json").exists()

    code, out, _ = run(capsys, "report", "verify", pdf)
    assert code == 0
    assert "Signer: Dr A. Example" in out
    assert "Covers the whole file: yes" in out
    assert "self-signed pilot certificate" in out
    assert "Pack pack: knee-osteoarthritis" in out

    # --trust takes one certificate each time, so the file after it stays the file.
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    cert = pkcs12.load_key_and_certificates(key.read_bytes(), b"a long pilot passphrase")[1]
    assert cert is not None
    root = tmp_path / "root.pem"
    root.write_bytes(cert.public_bytes(Encoding.PEM))
    code, out, _ = run(capsys, "report", "verify", "--trust", root, pdf)
    assert code == 0 and "Trusted: yes" in out

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(pdf.read_bytes())
    middle = len(data) // 3
    data[middle] ^= 0x01
    tampered.write_bytes(bytes(data))
    code, out, _ = run(capsys, "report", "verify", tampered)
    assert code == 1 and "NOT OK" in out

    fhir_out = tmp_path / "again.fhir.json"
    code, out, _ = run(
        capsys, "report", "fhir", "--session", EXAMPLE, "--pdf", pdf, "--out", fhir_out
    )
    assert code == 0
    bundle = json.loads(fhir_out.read_text())
    assert any(e["resource"]["resourceType"] == "Provenance" for e in bundle["entry"])


def test_wrong_passphrase_exits_1_and_keeps_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, secret: Path
) -> None:
    key = tmp_path / "pilot.p12"
    assert (
        run(capsys, "keys", "init", "--out", key, "--name", "Dr B", "--passphrase-file", secret)[0]
        == 0
    )
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n")
    pdf = tmp_path / "record.pdf"
    code, _, err = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        pdf,
        "--sign",
        key,
        "--passphrase-file",
        wrong,
    )
    assert code == 1
    assert "not signed" in err and "Traceback" not in err
    assert not pdf.exists() and (tmp_path / "record.unsigned.pdf").exists()


def test_unsigned_build_and_verify_says_not_ok(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "draft.pdf"
    code, out, _ = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        pdf,
        "--pdfa",
        "1b",
        "--no-fhir",
    )
    assert code == 0 and "(not signed)" in out
    code, out, _ = run(capsys, "report", "verify", pdf)
    assert code == 1 and "Signed: no" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--pack", "no-such-pack"], "no pack with the id 'no-such-pack'"),
        (["--pack", "psa-screening"], "the session is for the pack 'knee-osteoarthritis'"),
    ],
)
def test_build_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], words: str
) -> None:
    code, _, err = run(
        capsys, "report", "build", *args, "--session", EXAMPLE, "--out", tmp_path / "x.pdf"
    )
    assert code == 2 and words in err


def test_bad_session_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 1}')
    code, _, err = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        bad,
        "--out",
        tmp_path / "x.pdf",
    )
    assert code == 2 and "not a decision-aid session record" in err


def test_no_terminal_and_no_passphrase_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "keys", "init", "--out", tmp_path / "k.p12", "--name", "X")
    assert code == 2 and "--passphrase-file" in err
