"""Signing keeps aiohttp out until a request needs it, and a time stamp still works.

Each check runs in a fresh process: in the test process pyHanko is long imported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.report.signing import PASSPHRASE
from tests.report.test_sign import tsa  # noqa: F401 - the local time-stamp server fixture


def fresh(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_this_pyhanko_imports_its_clients_where_expected() -> None:
    """A pyHanko that moved its HTTP clients would make the deferral a silent no-op."""
    out = fresh(
        "import sys\n"
        "import pyhanko.sign, pyhanko.sign.validation.ades\n"
        "from decision_aid.report.deferred_http import DEFERRED\n"
        "print(all(n in sys.modules for n in DEFERRED), 'aiohttp' in sys.modules)\n"
    )
    assert out == "True True"


def test_signing_without_a_time_stamp_never_imports_aiohttp(
    small_pdf: bytes, p12: Path, tmp_path: Path
) -> None:
    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(small_pdf)
    out = fresh(
        "import sys\n"
        "from pathlib import Path\n"
        "from decision_aid.report.sign import sign_pdf\n"
        f"signed = sign_pdf(Path({str(pdf)!r}).read_bytes(), Path({str(p12)!r}), "
        f"{PASSPHRASE!r})\n"
        f"Path({str(tmp_path / 'signed.pdf')!r}).write_bytes(signed)\n"
        "print('aiohttp' in sys.modules)\n"
    )
    assert out == "False"
    from decision_aid.report.verify import verify_pdf

    assert verify_pdf((tmp_path / "signed.pdf").read_bytes(), []).intact


def test_a_time_stamp_loads_the_real_client(
    small_pdf: bytes,
    p12: Path,
    cert_pem: Path,
    tsa: tuple[str, Path],  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    url, tsa_cert = tsa
    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(small_pdf)
    out = fresh(
        "import sys\n"
        "from pathlib import Path\n"
        "from decision_aid.report.sign import sign_pdf\n"
        f"signed = sign_pdf(Path({str(pdf)!r}).read_bytes(), Path({str(p12)!r}), "
        f"{PASSPHRASE!r}, tsa_url={url!r})\n"
        f"Path({str(tmp_path / 'signed.pdf')!r}).write_bytes(signed)\n"
        "import pyhanko.sign.timestamps as t\n"
        "print('aiohttp' in sys.modules, t.HTTPTimeStamper.__module__)\n"
    )
    assert out == "True pyhanko.sign.timestamps.aiohttp_client"
    from decision_aid.report.verify import verify_pdf

    result = verify_pdf((tmp_path / "signed.pdf").read_bytes(), [cert_pem, tsa_cert])
    assert result.ok and result.timestamp is not None


def test_a_stand_in_makes_the_real_class() -> None:
    out = fresh(
        "from decision_aid.report import deferred_http\n"
        "deferred_http.defer()\n"
        "from pyhanko_certvalidator.fetchers import _default_fetcher_backend\n"
        "from pyhanko.sign.timestamps import HTTPTimeStamper\n"
        "backend = _default_fetcher_backend()\n"
        "stamper = HTTPTimeStamper('http://127.0.0.1:9/')\n"
        "print(type(backend).__module__, type(stamper).__module__)\n"
    )
    assert out == (
        "pyhanko_certvalidator.fetchers.aiohttp_fetchers pyhanko.sign.timestamps.aiohttp_client"
    )
