"""Helpers for the signing and verifying tests: small PDFs, keys, and the outside checkers.

PDFs are drawn with reportlab (an embedded TrueType font; one of them PDF/A-1b), so the
signing tests do not depend on the summary. The fixtures built from these live in
``conftest.py``. A missing outside checker (pdfsig, qpdf, certutil) fails the test and says
how to install it, as the summary's tests do.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

from decision_aid.report.provenance import Provenance, xmp_descriptions
from tests.report.common import INSTALL_HINT

PASSPHRASE = b"correct horse battery staple"
SIGNER = "Dr Test Signer"
KEYWORDS = "decision-aid, test-pack, 1.2.0"
PROVENANCE = Provenance(
    pack="test-pack",
    version="1.2.0",
    hash="sha256:abc123",
    published="2026-01-15",
    review_due="2027-01-15",
    session="session-1",
)
FONT = Path(__file__).resolve().parents[2] / "decision_aid" / "report" / "fonts" / "DejaVuSans.ttf"
FONT_NAME = "TestDejaVuSans"
_PACKAGES = {"pdfsig": "poppler-utils", "pdftotext": "poppler-utils", "pdffonts": "poppler-utils"}
_PACKAGES |= {"qpdf": "qpdf", "certutil": "libnss3-tools"}


def require(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is missing: " + INSTALL_HINT.format(what=_PACKAGES.get(tool, tool)))
    return found


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [require(str(args[0])), *(str(a) for a in args[1:])]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def pdfsig(path: Path, nssdir: str | None = None) -> str:
    """pdfsig's report (stdout and stderr together)."""
    extra: list[str] = ["-nssdir", nssdir] if nssdir else []
    result = run("pdfsig", *extra, path)
    return result.stdout + result.stderr


def assert_pdfa1b(preflight: list[str], path: Path) -> None:
    """PDFBox Preflight (the ``preflight`` fixture's command) accepts ``path`` as PDF/A-1b."""
    result = subprocess.run([*preflight, str(path)], capture_output=True, text=True, check=False)
    assert "is a valid PDF/A-1b file" in result.stdout, result.stdout + result.stderr


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def cert_of(p12_path: Path) -> bytes:
    """The certificate in a PKCS#12 file, PEM."""
    _key, cert, _chain = pkcs12.load_key_and_certificates(p12_path.read_bytes(), PASSPHRASE)
    assert cert is not None
    return cert.public_bytes(Encoding.PEM)


# --- PDFs -------------------------------------------------------------------------------------


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics

    from decision_aid.report.font_subsets import SubsetFont

    # The record's own font class: a plain TTFont of the same face in the same process
    # would be embedded for the record's text instead, untagged.
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(SubsetFont(FONT_NAME, str(FONT)))


def _canvas(buffer: BytesIO, keywords: str) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    _register_font()
    page = canvas.Canvas(
        buffer, pagesize=A4, initialFontName=FONT_NAME, invariant=1, pdfVersion=(1, 4)
    )
    page.setTitle("Test record")
    page.setAuthor("Dr Test Signer")
    page.setSubject("A test document")
    page.setKeywords(keywords)
    page.setCreator("decision-aid tests")
    page.setProducer("decision-aid tests (ReportLab)")
    for number in (1, 2):
        page.setFont(FONT_NAME, 12)
        page.setFillColorRGB(0.1, 0.2, 0.5)
        page.drawString(72, 760, f"Test record, page {number} – naïve café")
        page.setFillGray(0)
        page.drawString(72, 740, "The figures: 12 out of 100; 9 out of 100.")
        page.showPage()
    return page


def make_pdf(provenance: Provenance | None = PROVENANCE) -> bytes:
    """A two-page PDF with an embedded TrueType font (not PDF/A), its provenance in XMP."""
    from reportlab.pdfbase import pdfdoc

    buffer = BytesIO()
    page = _canvas(buffer, KEYWORDS)
    if provenance is not None:
        packet = _XMP_PROVENANCE_ONLY.format(provenance=xmp_descriptions(provenance))
        page._doc.Catalog.Metadata = pdfdoc.XMP(creator=lambda _doc: packet.encode("utf-8"))
    page.save()
    return buffer.getvalue()


_XMP_PROVENANCE_ONLY = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
{provenance}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _srgb_profile() -> bytes:
    """An sRGB ICC profile from Pillow's littleCMS, labelled version 2.1 as PDF/A-1 wants.

    (littleCMS writes version 4; Preflight checks the header only. Test input, not product.)
    """
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return profile[:8] + bytes([2, 0x10, 0, 0]) + profile[12:]


_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Test record</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Dr Test Signer</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">A test document</rdf:li></rdf:Alt>
</dc:description></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>decision-aid tests (ReportLab)</pdf:Producer>
<pdf:Keywords>{keywords}</pdf:Keywords></rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreatorTool>decision-aid tests</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate></rdf:Description>
{provenance}</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@contextlib.contextmanager
def _eol_before_endstream() -> Iterator[None]:
    """reportlab writes 'endstream' straight after binary data; PDF/A-1 wants an EOL first."""
    from reportlab.pdfbase import pdfdoc

    original = pdfdoc.PDFStream.format

    def format_with_eol(self: Any, document: Any) -> bytes:
        out: bytes = original(self, document)
        tail = b"endstream\n"
        if out.endswith(tail) and not out.endswith(b"\n" + tail):
            out = out[: -len(tail)] + b"\n" + tail
        return out

    pdfdoc.PDFStream.format = format_with_eol
    try:
        yield
    finally:
        pdfdoc.PDFStream.format = original


def make_pdfa1b(provenance: Provenance | None = PROVENANCE) -> bytes:
    """The same two pages as PDF/A-1b: XMP in step with the info, sRGB OutputIntent, EOLs,
    and the provenance as XMP properties with their extension schema."""
    from xml.sax.saxutils import escape

    from reportlab.pdfbase import pdfdoc

    buffer = BytesIO()
    page = _canvas(buffer, KEYWORDS)
    document = page._doc
    profile = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), content=_srgb_profile())
    intent = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("OutputIntent"),
            "S": pdfdoc.PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": pdfdoc.PDFString("sRGB IEC61966-2.1"),
            "Info": pdfdoc.PDFString("sRGB IEC61966-2.1"),
            "DestOutputProfile": document.Reference(profile),
        }
    )
    catalog = document.Catalog
    catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    # invariant=1 dates the info dictionary 2000-01-01 00:00 UTC; the XMP says the same.
    xmp = _XMP.format(
        keywords=escape(KEYWORDS),
        date="2000-01-01T00:00:00+00:00",
        provenance=xmp_descriptions(provenance) if provenance else "",
    )
    catalog.Metadata = pdfdoc.XMP(creator=lambda _doc: xmp.encode("utf-8"))
    with _eol_before_endstream():
        page.save()
    return buffer.getvalue()
