"""PDF/A plumbing for reportlab: sRGB output intent, XMP identification, associated files.

reportlab has no PDF/A switch, but it has the hooks. :func:`pdfa_canvas_maker` gives a
``canvasmaker`` for ``BaseDocTemplate.build`` whose canvas writes:

* the XMP packet (``pdfaid:part`` 1 or 3, conformance B) with the document information
  dictionary kept in step with it (title, author, subject, keywords, creator, producer
  and both dates), and the record's provenance as properties of the product's own
  namespace, declared in a PDF/A extension schema;
* an sRGB OutputIntent whose ICC profile is generated here, from the published
  IEC 61966-2-1 primaries, white point and tone curve (no ICC file is copied);
* an end-of-line before every ``endstream`` (ISO 19005-1, 6.1.7);
* for PDF/A-3, the attachments as embedded files, each an associated file (``/AF`` on the
  catalog, ``/AFRelationship`` on its file specification).

Fonts are the caller's job: every font must be an embedded TrueType font (see
``styles.register_fonts``); nothing here encrypts.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from decision_aid.report.provenance import Provenance, xmp_descriptions

Part = Literal["1b", "3b"]
RELATIONSHIPS = ("Source", "Data", "Alternative", "Supplement", "Unspecified")
"""The values of /AFRelationship that PDF/A-3 allows."""

# -- the sRGB ICC profile ------------------------------------------------------------------

_PRIMARIES = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))
"""IEC 61966-2-1 chromaticities (x, y) of the red, green and blue primaries."""
_D65 = (0.3127, 0.3290)
"""IEC 61966-2-1 reference white (x, y)."""
_D50 = (0.9642, 1.0, 0.8249)
"""The ICC profile connection space illuminant, XYZ."""
_BRADFORD = (
    (0.8951, 0.2664, -0.1614),
    (-0.7502, 1.7135, 0.0367),
    (0.0389, -0.0685, 1.0296),
)
_CURVE_POINTS = 1024
ICC_DESCRIPTION = "sRGB IEC61966-2.1"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
Matrix = tuple[tuple[float, float, float], ...]
Vector = tuple[float, float, float]


def _xyz(x: float, y: float) -> Vector:
    return (x / y, 1.0, (1 - x - y) / y)


def _mul(m: Matrix, v: Vector) -> Vector:
    a, b, c = (m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2] for i in range(3))
    return (a, b, c)


def _inverse(m: Matrix) -> Matrix:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    rows = (
        (e * i - f * h, c * h - b * i, b * f - c * e),
        (f * g - d * i, a * i - c * g, c * d - a * f),
        (d * h - e * g, b * g - a * h, a * e - b * d),
    )
    return tuple((r[0] / det, r[1] / det, r[2] / det) for r in rows)


def srgb_colorants() -> tuple[Vector, Vector, Vector]:
    """XYZ of the red, green and blue primaries, adapted to D50 (Bradford)."""
    columns = [_xyz(*xy) for xy in _PRIMARIES]
    m: Matrix = tuple((columns[0][row], columns[1][row], columns[2][row]) for row in range(3))
    scale = _mul(_inverse(m), _xyz(*_D65))
    source = _mul(_BRADFORD, _xyz(*_D65))
    target = _mul(_BRADFORD, _D50)
    ratio = tuple(t / s for t, s in zip(target, source, strict=True))
    inverse = _inverse(_BRADFORD)
    result = []
    for col, k in zip(columns, scale, strict=True):
        cone = _mul(_BRADFORD, (col[0] * k, col[1] * k, col[2] * k))
        adapted = (cone[0] * ratio[0], cone[1] * ratio[1], cone[2] * ratio[2])
        result.append(_mul(inverse, adapted))
    return result[0], result[1], result[2]


def srgb_decode(value: float) -> float:
    """The IEC 61966-2-1 tone curve: encoded value 0..1 to linear light 0..1."""
    if value <= 0.04045:
        return value / 12.92
    return float(((value + 0.055) / 1.055) ** 2.4)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz_tag(xyz: Vector) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in xyz)


def _desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_text))
        + ascii_text
        + struct.pack(">II", 0, 0)  # no Unicode description
        + struct.pack(">HB", 0, 0)  # no ScriptCode description
        + b"\0" * 67
    )


def _curve_tag() -> bytes:
    points = [round(srgb_decode(i / (_CURVE_POINTS - 1)) * 65535) for i in range(_CURVE_POINTS)]
    return b"curv\0\0\0\0" + struct.pack(f">I{_CURVE_POINTS}H", _CURVE_POINTS, *points)


@cache
def srgb_icc_profile() -> bytes:
    """A version 2.1 display (matrix/TRC) ICC profile for sRGB, built from the standard."""
    red, green, blue = srgb_colorants()
    curve = _curve_tag()
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _desc_tag(ICC_DESCRIPTION)),
        (b"cprt", b"text\0\0\0\0" + b"No copyright, use freely\0"),
        (b"wtpt", _xyz_tag(_xyz(*_D65))),
        (b"rXYZ", _xyz_tag(red)),
        (b"gXYZ", _xyz_tag(green)),
        (b"bXYZ", _xyz_tag(blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, data = [], b""
    placed: dict[bytes, int] = {}
    for signature, body in tags:
        if body not in placed:
            placed[body] = offset + len(data)
            data += body + b"\0" * (-len(body) % 4)
        entries.append(struct.pack(">4sII", signature, placed[body], len(body)))
    size = offset + len(data)
    header = (
        struct.pack(">I4sI4s4s4s", size, b"\0\0\0\0", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 24  # platform, flags, manufacturer, model, attributes
        + struct.pack(">I", 0)  # perceptual rendering intent
        + b"".join(_s15(v) for v in _D50)
        + b"\0" * 48  # creator, profile id, reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(entries) + data


# -- metadata ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInfo:
    """What the Info dictionary and the XMP packet both say."""

    title: str
    author: str
    subject: str
    keywords: str
    creator: str
    producer: str
    created: datetime
    lang: str = "en"
    provenance: Provenance | None = None
    """Written as XMP properties of the product's namespace (see ``provenance``)."""


def pdf_date(when: datetime) -> str:
    """'D:20261125101420Z' style date in UTC (the Info dictionary)."""
    return when.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def xmp_date(when: datetime) -> str:
    """'2026-11-25T10:14:20+00:00' (XMP), the same instant as :func:`pdf_date`."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def xmp_packet(info: DocumentInfo, part: int) -> bytes:
    """The XMP metadata packet for PDF/A ``part`` (1 or 3), conformance B."""
    e = escape
    lang = e(info.lang)
    provenance = xmp_descriptions(info.provenance) if info.provenance else ""
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>{part}</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{e(info.producer)}</pdf:Producer>
   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{xmp_date(info.created)}</xmp:CreateDate>
   <xmp:ModifyDate>{xmp_date(info.created)}</xmp:ModifyDate>
   <xmp:MetadataDate>{xmp_date(info.created)}</xmp:MetadataDate>
  </rdf:Description>
{provenance} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
"""
    return body.encode("utf-8")


# -- attachments -------------------------------------------------------------------------


@dataclass(frozen=True)
class EmbeddedFile:
    """A file to embed as an associated file (PDF/A-3 only)."""

    name: str
    data: bytes
    mime: str
    relationship: str
    description: str


def mime_name(mime: str) -> str:
    """A MIME type as a PDF name: 'application/json' is /application#2Fjson."""
    return "/" + str(pdfdoc.PDFName(mime))[1:].replace("/", "#2F")


def _embedded_filespec(doc: Any, item: EmbeddedFile, created: datetime) -> Any:
    if item.relationship not in RELATIONSHIPS:
        raise ValueError(
            f"attachment {item.name!r}: relationship {item.relationship!r} is not one of "
            + ", ".join(RELATIONSHIPS)
        )
    params = pdfdoc.PDFDictionary(
        {
            "Size": len(item.data),
            "ModDate": pdfdoc.PDFString(pdf_date(created)),
            "CheckSum": pdfdoc.PDFString(hashlib.md5(item.data).digest(), enc="raw"),
        }
    )
    stream = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("EmbeddedFile"),
                "Subtype": mime_name(item.mime),
                "Params": params,
            }
        ),
        item.data,
        filters=[pdfdoc.PDFZCompress],
    )
    ref = doc.Reference(stream)
    spec = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("Filespec"),
            "F": pdfdoc.PDFString(item.name),
            "UF": pdfdoc.PDFString(item.name),
            "Desc": pdfdoc.PDFString(item.description),
            "AFRelationship": pdfdoc.PDFName(item.relationship),
            "EF": pdfdoc.PDFDictionary({"F": ref, "UF": ref}),
        }
    )
    return doc.Reference(spec)


# -- the document and canvas -----------------------------------------------------------


class _EolBeforeEndstream:
    """Wraps an object's ``format`` so that an end-of-line always precedes ``endstream``.

    reportlab writes ``...data endstream``; PDF/A wants ``...data EOL endstream``, with
    /Length counting the data only.
    """

    def __init__(self, original: Callable[[Any], bytes]) -> None:
        self.original = original

    def __call__(self, document: Any) -> bytes:
        out = self.original(document)
        tail = b"endstream\n"
        if out.endswith(tail):
            out = out[: -len(tail)] + b"\n" + tail
        return out


class PdfaDocument(pdfdoc.PDFDocument):
    """reportlab's document, with every stream given an EOL before ``endstream``.

    Every indirect object passes through ``Reference``; streams are also made while
    formatting (images make theirs then), so every object's output is checked.
    """

    def Reference(self, obj: Any, name: str | None = None) -> Any:  # noqa: N802 - reportlab API
        target: Any = obj
        if isinstance(obj, pdfdoc.PDFObject) and not isinstance(
            vars(obj).get("format"), _EolBeforeEndstream
        ):
            target.format = _EolBeforeEndstream(target.format)
        base: Any = super()
        return base.Reference(obj, name)


class _FixedStamp:
    """A reportlab time stamp fixed at the record's creation time (UTC)."""

    def __init__(self, when: datetime) -> None:
        utc = when.astimezone(UTC)
        self.t = utc.timestamp()
        self.YMDhms = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
        self.dhh = 0
        self.dmm = 0
        self.tzname = "UTC"


class _Info(pdfdoc.PDFInfo):
    """The Info dictionary, written from the same values as the XMP packet.

    Later calls such as ``canvas.setAuthor`` cannot put the two out of step.
    """

    def __init__(self, info: DocumentInfo) -> None:
        super().__init__()
        self.fixed = info
        self.title, self.author, self.subject = info.title, info.author, info.subject
        self.keywords = info.keywords

    def format(self, document: Any) -> bytes:
        info = self.fixed
        date = pdfdoc.PDFString(pdf_date(info.created))
        fields = {
            "Title": pdfdoc.PDFString(info.title),
            "Author": pdfdoc.PDFString(info.author),
            "Subject": pdfdoc.PDFString(info.subject),
            "Keywords": pdfdoc.PDFString(info.keywords),
            "Creator": pdfdoc.PDFString(info.creator),
            "Producer": pdfdoc.PDFString(info.producer),
            "CreationDate": date,
            "ModDate": date,
        }
        return bytes(pdfdoc.PDFDictionary(fields).format(document))


def prepare_document(
    doc: Any, info: DocumentInfo, part: Part, attachments: Sequence[EmbeddedFile] = ()
) -> None:
    """Make a fresh reportlab document PDF/A: metadata, output intent, attachments."""
    if part == "1b" and attachments:
        raise ValueError("PDF/A-1b does not allow attachments; use PDF/A-3b")
    doc.__class__ = PdfaDocument
    doc.invariant = 1
    doc._timeStamp = _FixedStamp(info.created)
    doc.updateSignature(xmp_date(info.created))
    doc.info = _Info(info)
    catalog = doc.Catalog
    # reportlab writes only the catalog keys it knows; add ours to this catalog.
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents", "AF"]
    number = 1 if part == "1b" else 3
    metadata = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary(
            {"Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}
        ),
        xmp_packet(info, number),
        filters=None,  # PDF/A: the metadata stream is never filtered
    )
    catalog.Metadata = doc.Reference(metadata)
    profile = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary({"N": 3}), srgb_icc_profile(), filters=[pdfdoc.PDFZCompress]
    )
    intent = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("OutputIntent"),
            "S": pdfdoc.PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": pdfdoc.PDFString(OUTPUT_CONDITION),
            "Info": pdfdoc.PDFString(OUTPUT_CONDITION),
            "RegistryName": pdfdoc.PDFString("http://www.color.org"),
            "DestOutputProfile": doc.Reference(profile),
        }
    )
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    if len({item.name for item in attachments}) < len(attachments):
        raise ValueError("two attachments have the same name")
    if attachments:
        specs = [_embedded_filespec(doc, item, info.created) for item in attachments]
        names: list[Any] = []
        for item, spec in sorted(
            zip(attachments, specs, strict=True), key=lambda pair: pair[0].name
        ):
            names += [pdfdoc.PDFString(item.name), spec]
        tree = pdfdoc.PDFDictionary({"Names": pdfdoc.PDFArray(names)})
        catalog.Names = pdfdoc.PDFDictionary({"EmbeddedFiles": tree})
        catalog.AF = pdfdoc.PDFArray(specs)


def pdfa_canvas_maker(
    info: DocumentInfo,
    part: Part,
    attachments: Sequence[EmbeddedFile] = (),
    *,
    factory: Callable[..., Canvas] = Canvas,
) -> Callable[..., Canvas]:
    """A ``canvasmaker`` for ``BaseDocTemplate.build`` that makes a PDF/A canvas.

    ``factory`` makes the canvas itself (a Canvas subclass, for example).
    """
    version = (1, 4) if part == "1b" else (1, 7)

    def make(*args: Any, **kwargs: Any) -> Canvas:
        kwargs["pdfVersion"] = version
        kwargs["invariant"] = 1
        canvas = factory(*args, **kwargs)
        prepare_document(getattr(canvas, "_doc"), info, part, attachments)  # noqa: B009
        return canvas

    return make
