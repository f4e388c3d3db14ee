"""Fixtures for the record tests: the example records, built once per session."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.report.common import INSTALL_HINT, JAVA_CLASSPATH, build


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "pdfa: PDF/A conformance, checked with Apache PDFBox Preflight (needs java; "
        "never skipped: a missing validator fails and says how to install it)",
    )


class Records(dict[tuple[str, str], Path]):
    """Example records on disk by (pack id, '1b' or '3b'), each built on first use."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __missing__(self, key: tuple[str, str]) -> Path:
        pack_id, part = key
        path = self.folder / f"{pack_id}-{part}.pdf"
        path.write_bytes(build(pack_id, pdfa=part))
        self[key] = path
        return path


@pytest.fixture(scope="session")
def records(tmp_path_factory: pytest.TempPathFactory) -> Records:
    return Records(tmp_path_factory.mktemp("records"))


@pytest.fixture(scope="session")
def preflight() -> list[str]:
    """The java command that runs PDFBox Preflight (PDF/A-1b); fails if it cannot run."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: " + INSTALL_HINT.format(what="java and PDFBox Preflight"))
    for jar in JAVA_CLASSPATH.split(":"):
        if not Path(jar).exists():
            pytest.fail(f"{jar} is missing: " + INSTALL_HINT.format(what="PDFBox Preflight"))
    return [java, "-cp", JAVA_CLASSPATH, "org.apache.pdfbox.preflight.Validator_A1b"]


# --- signing and verifying (helpers in tests/report/signing.py) --------------------------------


@pytest.fixture
def p12(tmp_path: Path) -> Path:
    """A self-signed pilot key (EC P-256) under signing.PASSPHRASE, valid since yesterday."""
    from decision_aid.report.keys import create_self_signed
    from tests.report.signing import PASSPHRASE, SIGNER

    path = tmp_path / "keys" / "signer.p12"
    create_self_signed(path, SIGNER, PASSPHRASE, now=datetime.now(UTC) - timedelta(days=1))
    return path


@pytest.fixture
def expired_p12(tmp_path: Path) -> Path:
    """A key whose certificate was valid for 30 days, 400 days ago."""
    from decision_aid.report.keys import create_self_signed
    from tests.report.signing import PASSPHRASE

    path = tmp_path / "keys" / "expired.p12"
    create_self_signed(
        path, "Dr Expired", PASSPHRASE, days=30, now=datetime.now(UTC) - timedelta(days=400)
    )
    return path


@pytest.fixture
def cert_pem(p12: Path, tmp_path: Path) -> Path:
    """The certificate of ``p12``, PEM: a trust root for verify_pdf."""
    from tests.report.signing import cert_of, write

    return write(tmp_path, "signer-cert.pem", cert_of(p12))


@pytest.fixture
def nss_db(cert_pem: Path, tmp_path: Path) -> str:
    """An NSS database trusting the signer's certificate as a root, for ``pdfsig -nssdir``."""
    from tests.report.signing import run

    folder = tmp_path / "nss"
    folder.mkdir()
    db = f"sql:{folder}"
    made: subprocess.CompletedProcess[str] = run("certutil", "-N", "-d", db, "--empty-password")
    assert made.returncode == 0, made.stderr
    added = run("certutil", "-d", db, "-A", "-t", "CT,C,C", "-n", "test", "-i", cert_pem)
    assert added.returncode == 0, added.stderr
    return db


@pytest.fixture
def small_pdf() -> bytes:
    """A two-page reportlab PDF with an embedded TrueType font and the provenance keywords."""
    from tests.report.signing import make_pdf

    return make_pdf()


@pytest.fixture
def pdfa1b_pdf() -> bytes:
    """The same two pages as PDF/A-1b (Preflight accepts it)."""
    from tests.report.signing import make_pdfa1b

    return make_pdfa1b()
