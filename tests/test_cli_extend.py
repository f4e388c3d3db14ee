"""``report build --level`` and ``report extend``: long-term records from the command line."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from decision_aid.cli import main
from decision_aid.report.verify import Kind, verify_pdf
from decision_aid.settings import settings_path
from tests.conftest import ROOT
from tests.report.pki import LocalPki, running_pki
from tests.report.signing import PASSPHRASE

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"


@pytest.fixture
def pki(tmp_path: Path) -> Iterator[LocalPki]:
    with running_pki(tmp_path / "pki", ocsp=False) as running:
        yield running


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_bytes(PASSPHRASE + b"\n")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def settings(**values: object) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))


def build(capsys: pytest.CaptureFixture[str], pki: LocalPki, out: Path, secret: Path) -> None:
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", out, "--sign", pki.p12, "--passphrase-file", secret, "--no-fhir",
    )  # fmt: skip
    assert code == 0, err


def test_build_at_b_lta_from_the_settings_then_extend(
    capsys: pytest.CaptureFixture[str], pki: LocalPki, tmp_path: Path, secret: Path
) -> None:
    settings(tsa_url=pki.tsa_url, signature_level="B-LTA", ca_certificates=[str(pki.ca_pem)])
    record = tmp_path / "record.pdf"
    build(capsys, pki, record, secret)
    built = record.read_bytes()
    assert [c.kind for c in verify_pdf(built, [pki.ca_pem]).signatures] == [
        Kind.SIGNATURE,
        Kind.TIMESTAMP,
    ]

    code, out, err = run(capsys, "report", "extend", record)
    assert code == 0, err
    assert "Added an archive time-stamp" in out
    extended = record.read_bytes()
    assert extended.startswith(built)  # incremental, in place
    assert stat.S_IMODE(record.stat().st_mode) == 0o600  # as the record was written
    result = verify_pdf(extended, [pki.ca_pem])
    assert result.ok, result.problems
    assert len(result.later) == 2
    assert not list(tmp_path.glob("*.tmp*"))

    code, out, _err = run(capsys, "report", "verify", record, "--trust", pki.ca_pem)
    assert code == 0 and "OK" in out


def test_level_on_the_command_line(
    capsys: pytest.CaptureFixture[str], pki: LocalPki, tmp_path: Path, secret: Path
) -> None:
    record = tmp_path / "record.pdf"
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", record, "--sign", pki.p12, "--passphrase-file", secret, "--no-fhir",
        "--level", "B-LT", "--tsa", pki.tsa_url,
    )  # fmt: skip
    assert code == 1
    assert "ca_certificates" in err  # B-LT without the CA: said, and nothing signed written
    assert not record.exists()


def test_extend_needs_a_time_stamp_server(
    capsys: pytest.CaptureFixture[str], pki: LocalPki, tmp_path: Path, secret: Path
) -> None:
    record = tmp_path / "record.pdf"
    build(capsys, pki, record, secret)
    before = record.read_bytes()
    code, _out, err = run(capsys, "report", "extend", record, "--ca", pki.ca_pem)
    assert code == 2
    assert "--tsa URL" in err and "nothing was changed" in err
    code, _out, err = run(capsys, "report", "extend", record, "--tsa", pki.tsa_url)
    assert code == 2
    assert "--ca FILE" in err
    assert record.read_bytes() == before


def test_extend_refuses_an_unsigned_or_tampered_file(
    capsys: pytest.CaptureFixture[str], pki: LocalPki, tmp_path: Path
) -> None:
    unsigned = tmp_path / "unsigned.pdf"
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", unsigned, "--no-fhir",
    )  # fmt: skip
    assert code == 0, err
    before = unsigned.read_bytes()
    code, _out, err = run(
        capsys, "report", "extend", unsigned, "--tsa", pki.tsa_url, "--ca", pki.ca_pem
    )
    assert code == 1
    assert str(unsigned) in err and "not signed" in err and "Nothing was changed" in err
    assert unsigned.read_bytes() == before
    assert pki.requests["tsa"] == 0

    missing = tmp_path / "missing.pdf"
    code, _out, err = run(
        capsys, "report", "extend", missing, "--tsa", pki.tsa_url, "--ca", pki.ca_pem
    )
    assert code == 2 and str(missing) in err


def test_extend_refuses_a_tampered_record(
    capsys: pytest.CaptureFixture[str], pki: LocalPki, tmp_path: Path, secret: Path
) -> None:
    record = tmp_path / "record.pdf"
    build(capsys, pki, record, secret)
    data = bytearray(record.read_bytes())
    where = data.index(b"/Contents") - 40  # inside the signed bytes, before the signature
    data[where] ^= 0x01
    record.write_bytes(bytes(data))
    code, _out, err = run(
        capsys, "report", "extend", record, "--tsa", pki.tsa_url, "--ca", pki.ca_pem
    )
    assert code == 1
    assert "does not verify" in err
    assert record.read_bytes() == bytes(data)


def test_tsa_on_the_command_line_signs_at_b_t(
    capsys: pytest.CaptureFixture[str], pki: LocalPki, tmp_path: Path, secret: Path
) -> None:
    """``--tsa URL`` with no level chosen signs at B-T with that server, as its help says
    (it used to sign at B-B and leave the server unasked when the settings named none)."""
    record = tmp_path / "record.pdf"
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", record, "--sign", pki.p12, "--passphrase-file", secret, "--no-fhir",
        "--tsa", pki.tsa_url,
    )  # fmt: skip
    assert code == 0, err
    assert pki.requests["tsa"] >= 1
    (signature,) = verify_pdf(record.read_bytes(), [pki.ca_pem]).signatures
    assert signature.timestamp is not None
