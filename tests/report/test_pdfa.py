"""PDF/A: the 1b rendering passes PDFBox Preflight; the 3b default carries its markers.

No PDF/A-3 validator can be installed here (see TOOLCHAIN.md), so the 3b record is
checked for what PDF/A-3b needs: XMP identification in step with the Info dictionary,
an sRGB output intent, every font embedded, the attachments as associated files, no
encryption, and an end-of-line before every ``endstream``.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageCms
from pyhanko.pdf_utils.reader import PdfFileReader

from decision_aid.report.pdfa import srgb_icc_profile
from decision_aid.report.provenance import NAMESPACE, Provenance, read_provenance
from decision_aid.report.summary import build_summary, provenance_keywords, record_provenance
from decision_aid.session.model import Person
from tests.report.common import PACK_IDS, build, example, options, run, session_attachment, tool
from tests.report.conftest import Records

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "darec": NAMESPACE,
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}


def reader(data: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(data))


def with_attachments(pack_id: str) -> bytes:
    loaded, record = example(pack_id)
    extra = (session_attachment(record),)
    return build_summary(loaded, record, options(attachments=extra))


def validate(preflight: list[str], pdf: Path) -> None:
    result = run(*preflight, str(pdf))
    assert result.returncode == 0 and "is a valid PDF/A-1b file" in result.stdout, (
        result.stdout + result.stderr
    )


@pytest.mark.pdfa
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_1b_rendering_passes_preflight(
    records: Records, preflight: list[str], pack_id: str
) -> None:
    validate(preflight, records[pack_id, "1b"])


@pytest.mark.pdfa
def test_1b_with_logo_signatures_and_patient_passes_preflight(
    preflight: list[str], tmp_path: Path
) -> None:
    def png(mode: str) -> bytes:
        out = io.BytesIO()
        image = Image.new(mode, (120, 40), 0)
        image.paste((30, 60, 200, 255)[: len(mode)] if mode != "L" else 90, (10, 10, 110, 30))
        image.save(out, "PNG")
        return out.getvalue()

    loaded, record = example("knee-osteoarthritis")
    record.patient = Person(name="Zoë Ødegård-Łukasiewicz 李 😀", identifier="№ 123")
    record.hidden_options = ["carry_on"]
    jpeg = io.BytesIO()
    Image.new("CMYK", (60, 30), (0, 80, 80, 0)).save(jpeg, "JPEG")
    for logo in (png("RGBA"), png("L"), jpeg.getvalue()):
        opts = options(
            pdfa="1b", logo=logo, signatures={"patient": png("LA"), "clinician": png("P")}
        )
        pdf = tmp_path / "record.pdf"
        pdf.write_bytes(build_summary(loaded, record, opts))
        validate(preflight, pdf)


@pytest.mark.parametrize("part", ["1b", "3b"])
@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_qpdf_check_passes(records: Records, pack_id: str, part: str) -> None:
    result = run(tool("qpdf", "qpdf"), "--check", str(records[pack_id, part]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_qpdf_check_passes_with_attachments(tmp_path: Path) -> None:
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(with_attachments("psa-screening"))
    result = run(tool("qpdf", "qpdf"), "--check", str(pdf))
    assert result.returncode == 0 and "warning" not in result.stdout.lower(), result.stdout


def xmp(data: bytes) -> ET.Element:
    stream: Any = reader(data).root["/Metadata"].get_object()
    assert "/Filter" not in stream  # PDF/A: the metadata stream is not filtered
    return ET.fromstring(stream.data)


def test_3b_markers(tmp_path: Path) -> None:
    data = with_attachments("knee-osteoarthritis")
    assert data.startswith(b"%PDF-1.7\n")
    meta = xmp(data)
    assert meta.findtext(".//pdfaid:part", namespaces=NS) == "3"
    assert meta.findtext(".//pdfaid:conformance", namespaces=NS) == "B"
    pdf = reader(data)
    assert "/Encrypt" not in pdf.trailer_view and not pdf.encrypted
    root: Any = pdf.root
    (intent,) = root["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3 and profile.data == srgb_icc_profile()
    (spec,) = root["/AF"]
    spec = spec.get_object()
    assert spec["/AFRelationship"] == "/Data"
    assert spec["/F"] == spec["/UF"] == "session.json"
    embedded = spec["/EF"]["/F"].get_object()
    assert embedded["/Subtype"] == "/application/json"
    _loaded, record = example("knee-osteoarthritis")
    assert embedded.data == session_attachment(record).data
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert names[0] == "session.json" and names[1].get_object() is spec
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    attached = run(tool("qpdf", "qpdf"), "--list-attachments", str(path))
    assert attached.stdout.strip().startswith("session.json")


@pytest.mark.parametrize("part", ["1b", "3b"])
def test_every_font_is_embedded_and_none_is_a_standard_14(records: Records, part: str) -> None:
    path = records["knee-osteoarthritis", part]
    result = run(tool("pdffonts", "poppler-utils"), str(path))
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, _type, _sub, _enc, emb, *_rest = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+DejaVuSans(-Bold)?", name), row
        assert emb == "yes", row
    assert b"Helvetica" not in path.read_bytes()


@pytest.mark.parametrize("part", ["1b", "3b"])
def test_an_eol_precedes_every_endstream(records: Records, part: str) -> None:
    data = records["statins-primary-prevention", part].read_bytes()
    starts = [m.end() for m in re.finditer(rb">>\nstream\r?\n", data)]
    assert len(starts) == data.count(b"endstream") >= 8
    for start in starts:
        length = int(re.findall(rb"/Length (\d+)", data[:start])[-1])
        # /Length counts the data only; then an EOL, then the keyword.
        assert data[start + length : start + length + 10] == b"\nendstream", start


def test_1b_identifies_as_part_1_without_attachments(records: Records) -> None:
    data = records["psa-screening", "1b"].read_bytes()
    assert data.startswith(b"%PDF-1.4\n")
    assert xmp(data).findtext(".//pdfaid:part", namespaces=NS) == "1"
    root: Any = reader(data).root
    assert "/AF" not in root and "/Names" not in root


@pytest.mark.parametrize("part", ["1b", "3b"])
def test_info_and_xmp_are_in_step(records: Records, part: str) -> None:
    data = records["statins-primary-prevention", part].read_bytes()
    info: Any = reader(data).trailer_view["/Info"]
    meta = xmp(data)

    def text(path: str) -> str | None:
        return meta.findtext(path, namespaces=NS)

    assert info["/Title"] == text(".//dc:title/rdf:Alt/rdf:li")
    assert info["/Author"] == text(".//dc:creator/rdf:Seq/rdf:li")
    assert info["/Subject"] == text(".//dc:description/rdf:Alt/rdf:li")
    assert info["/Keywords"] == text(".//pdf:Keywords")
    assert info["/Producer"] == text(".//pdf:Producer")
    assert info["/Creator"] == text(".//xmp:CreatorTool")
    loaded, _record = example("statins-primary-prevention")
    assert info["/Keywords"] == provenance_keywords(loaded)
    assert info["/CreationDate"] == info["/ModDate"] == "D:20261125102000+00'00'"
    assert text(".//xmp:CreateDate") == text(".//xmp:ModifyDate") == "2026-11-25T10:20:00+00:00"


@pytest.mark.parametrize("part", ["1b", "3b"])
def test_provenance_is_structured_xmp_with_its_extension_schema(
    records: Records, part: str
) -> None:
    data = records["knee-osteoarthritis", part].read_bytes()
    loaded, record = example("knee-osteoarthritis")
    expected = record_provenance(loaded, record)
    meta = xmp(data)
    assert meta.findtext(".//darec:packId", namespaces=NS) == expected.pack
    assert meta.findtext(".//darec:contentHash", namespaces=NS) == loaded.content_hash
    assert meta.findtext(".//darec:sessionId", namespaces=NS) == record.id
    stream: Any = reader(data).root["/Metadata"].get_object()
    assert read_provenance(stream.data) == expected.as_dict()
    # declared for PDF/A (Preflight refuses undeclared properties): every property, as Text
    [schema] = meta.findall(".//pdfaExtension:schemas/rdf:Bag/rdf:li", NS)
    assert schema.findtext("pdfaSchema:namespaceURI", namespaces=NS) == NAMESPACE
    assert schema.findtext("pdfaSchema:prefix", namespaces=NS) == "darec"
    declared = {
        item.findtext("pdfaProperty:name", namespaces=NS): item.findtext(
            "pdfaProperty:valueType", namespaces=NS
        )
        for item in schema.findall("pdfaSchema:property/rdf:Seq/rdf:li", NS)
    }
    used = {
        child.tag.split("}")[1] for child in meta.iter() if child.tag.startswith(f"{{{NAMESPACE}}}")
    }
    assert declared == dict.fromkeys(used, "Text") and len(used) == 6
    # the keywords are search words only, and carry no session id to parse back
    info: Any = reader(data).trailer_view["/Info"]
    assert record.id not in str(info["/Keywords"])


def test_a_hostile_session_id_stays_one_value(tmp_path: Path) -> None:
    loaded, record = example("psa-screening")
    hostile = "a; pack=EVIL; version=6.6.6 <darec:packId>EVIL</darec:packId> & ]]>"
    data = build_summary(loaded, record.model_copy(update={"id": hostile}), options())
    stream: Any = reader(data).root["/Metadata"].get_object()
    found = read_provenance(stream.data)
    assert found["session"] == hostile
    assert found["pack"] == "psa-screening"


def test_characters_xml_cannot_carry_are_refused() -> None:
    loaded, record = example("psa-screening")
    with pytest.raises(ValueError, match="characters a PDF's metadata cannot carry"):
        build_summary(loaded, record.model_copy(update={"id": "bad\x1bid"}), options())


def test_read_provenance_refuses_what_is_not_plain_xmp() -> None:
    fields = {f"darec:{n}": "v" for n in ("packId", "packVersion")}
    body = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
        f'22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:darec="{NAMESPACE}">{body}'
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    assert read_provenance(packet.encode()) == {"pack": "v", "version": "v"}
    doubled = packet.replace(
        "</rdf:RDF>", f'<rdf:Description xmlns:darec="{NAMESPACE}" darec:packId="EVIL"/></rdf:RDF>'
    )
    assert "pack" not in read_provenance(doubled.encode())  # stated twice: not believed
    entity = b'<!DOCTYPE x [<!ENTITY e "EVIL">]>' + packet.encode()
    assert read_provenance(entity) == {}
    assert read_provenance(b"<not xml") == {}
    assert Provenance("a", "b", "c", "d", "e", "f").as_dict()["review_due"] == "e"


@pytest.mark.parametrize("part", ["1b", "3b"])
def test_builds_are_byte_identical(part: str) -> None:
    first = build("knee-osteoarthritis", pdfa=part)
    assert build("knee-osteoarthritis", pdfa=part) == first
    if part == "3b":
        assert with_attachments("knee-osteoarthritis") == with_attachments("knee-osteoarthritis")


def test_only_the_creation_time_changes_the_dates() -> None:
    later = datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC)
    data = build("psa-screening", created=later)
    info: Any = reader(data).trailer_view["/Info"]
    assert info["/CreationDate"] == "D:20270102030405+00'00'"
    assert xmp(data).findtext(".//xmp:CreateDate", namespaces=NS) == "2027-01-02T03:04:05+00:00"
    assert data != build("psa-screening")


def test_bad_attachment_relationship_is_refused() -> None:
    loaded, record = example("psa-screening")
    attachment = session_attachment(record)
    bad = type(attachment)(**{**attachment.__dict__, "relationship": "Friend"})
    with pytest.raises(ValueError, match="relationship"):
        build_summary(loaded, record, options(attachments=[bad]))


# -- the generated sRGB profile ----------------------------------------------------------


def test_icc_profile_is_a_well_formed_v2_display_profile() -> None:
    data = srgb_icc_profile()
    size, _cmm, version, klass, space, pcs = struct.unpack(">I4sI4s4s4s", data[:24])
    assert size == len(data) and data[36:40] == b"acsp"
    assert (version, klass, space, pcs) == (0x02100000, b"mntr", b"RGB ", b"XYZ ")
    (count,) = struct.unpack(">I", data[128:132])
    tags = {}
    for i in range(count):
        sig, offset, length = struct.unpack(">4sII", data[132 + 12 * i : 144 + 12 * i])
        assert offset % 4 == 0 and offset + length <= size
        tags[sig] = data[offset : offset + length]
    assert set(tags) == {
        b"desc",
        b"cprt",
        b"wtpt",
        b"rXYZ",
        b"gXYZ",
        b"bXYZ",
        b"rTRC",
        b"gTRC",
        b"bTRC",
    }
    assert tags[b"rTRC"][:4] == b"curv" and tags[b"desc"][:4] == b"desc"


def test_icc_profile_matches_littlecms_srgb() -> None:
    mine = ImageCms.ImageCmsProfile(io.BytesIO(srgb_icc_profile()))
    assert ImageCms.getProfileDescription(mine).strip() == "sRGB IEC61966-2.1"
    builtin = ImageCms.createProfile("sRGB")
    lab = ImageCms.createProfile("LAB")
    ramp = Image.new("RGB", (256, 4))
    ramp.putdata(
        [(v, 0, 0) for v in range(256)]
        + [(0, v, 0) for v in range(256)]
        + [(0, 0, v) for v in range(256)]
        + [(v, v, v) for v in range(256)]
    )
    ours = ImageCms.profileToProfile(ramp, mine, lab, outputMode="LAB").tobytes()
    theirs = ImageCms.profileToProfile(ramp, builtin, lab, outputMode="LAB").tobytes()
    assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) <= 1
