"""The record parses only the fonts its text needs: the Arabic faces when Arabic is drawn.

Each check runs in a fresh process (in the test process every font is long registered).
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

ARABIC_FACES = "['NotoNaskhArabic', 'NotoNaskhArabic-Bold']"


def fonts_after(build: str) -> str:
    code = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from tests.report.common import build\n"
        f"pdf = {build}\n"
        "assert pdf.startswith(b'%PDF')\n"
        "print(sorted(n for n in pdfmetrics.getRegisteredFontNames() if 'Naskh' in n))\n"
    )
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


def test_an_english_record_never_parses_the_arabic_fonts() -> None:
    assert fonts_after("build('knee-osteoarthritis')") == "[]"


def test_an_arabic_record_registers_them_when_its_text_needs_them() -> None:
    assert fonts_after("build('knee-osteoarthritis', locale='ar')") == ARABIC_FACES
