"""The writer for every revision added to a record: its signature, validation data, time-stamps.

Each of these is an incremental update written by pyHanko. Left to itself, pyHanko 0.38
does three things to a PDF/A record in every revision it writes:

* it raises the declared PDF version: ``/Version /1.7`` and the ETSI ESIC extension for a
  PAdES signature or document time-stamp, ``/2.0`` and the ISO 32002 extension for an
  ECDSA key, above what PDF/A-1 (PDF 1.4) and PDF/A-3 (PDF 1.7) are defined on;
* it writes the XMP packet again through its own data model, with namespaces declared on
  the properties rather than on their ``rdf:Description`` (PDFBox Preflight rejects the
  packet) and ``rdf:parseType`` moved where RDF does not allow it, which breaks the
  PDF/A extension schema of the record's provenance;
* it writes one /Producer into the document information and another into the XMP, and
  a modification time from its own clock, where PDF/A wants the two to agree.

:func:`open_writer` gives pyHanko's incremental writer with the declared version held
to the record's PDF/A part (:class:`PartWriter`, through the writer's public
``ensure_output_version`` and ``register_extension``), and its metadata brought up to
date before pyHanko writes: the producer and modification time are set in the document
information and, by a DOM edit that keeps everything else (``xmp.with_bookkeeping``), in
the XMP. The metadata stream is a :class:`RecordMetadata`, whose
``update_xmp_with_meta`` (the public hook pyHanko calls on a document's metadata stream
in every revision) keeps the packet as it is, and puts back the modification time pyHanko
has just taken from its clock.

Nothing is lost by holding the version: PDF readers and validators (pyHanko, poppler)
read the PAdES signature, the DSS and the document time-stamps by their dictionaries, not
by the declared version; the version is what PDF/A validators judge the file against.
"""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.extensions import DeveloperExtension
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR, DocumentMetadata
from pyhanko.pdf_utils.metadata.xmp_xml import MetadataStream
from pyhanko.pdf_utils.reader import PdfFileReader, parse_catalog_version

from decision_aid.report.xmp import pdfa_part, with_bookkeeping

PART_VERSIONS = {1: (1, 4), 2: (1, 7), 3: (1, 7)}
"""The PDF version each PDF/A part is defined on: ISO 19005-1 on PDF 1.4, -2 and -3 on 1.7."""


class PartWriter(IncrementalPdfFileWriter):
    """An incremental writer that never declares a PDF version above ``ceiling``.

    A request for a higher version is left unmet, and an extension whose base version is
    higher is not declared; the rest is pyHanko's own behaviour.
    """

    def __init__(self, reader: PdfFileReader, ceiling: tuple[int, int] | None) -> None:
        self.ceiling = ceiling  # before pyHanko's constructor asks for PDF 1.7
        super().__init__(reader.stream, prev=reader)

    def ensure_output_version(self, version: tuple[int, int]) -> None:
        if self.ceiling is not None and version > self.ceiling:
            return
        super().ensure_output_version(version)  # type: ignore[no-untyped-call]

    def register_extension(self, ext: DeveloperExtension) -> None:
        base = parse_catalog_version(ext.base_version)
        if self.ceiling is not None and (base is None or base > self.ceiling):
            return
        super().register_extension(ext)


class RecordMetadata(MetadataStream):
    """The record's XMP packet, already up to date, kept as it is when pyHanko writes.

    ``info`` is the document information dictionary, whose /ModDate pyHanko sets from its
    own clock just before it calls :meth:`update_xmp_with_meta`; it is set back to
    ``modified``, the moment the XMP states.
    """

    def __init__(self, packet: bytes, writer: IncrementalPdfFileWriter, info: Any, modified: str):
        super().__init__(stream_data=packet)
        self.writer = writer
        self.info = info
        self.modified = modified

    def update_xmp_with_meta(self, meta: DocumentMetadata) -> None:
        if self.info is None:
            return
        info = self.info.get_object()
        if "/ModDate" in info:
            info["/ModDate"] = generic.TextStringObject(self.modified)
            self.writer.mark_update(self.info)


def open_writer(data: bytes, *, pdfa: bool, moment: datetime) -> IncrementalPdfFileWriter:
    """An incremental writer over ``data`` (a whole PDF); with ``pdfa``, one that keeps a
    PDF/A record PDF/A (see the module notes), its update dated ``moment``.

    Raises pyHanko's PdfReadError, or ValueError and its kin, for data that is not a PDF.
    """
    reader = PdfFileReader(BytesIO(data), strict=False)
    if not pdfa:
        return PartWriter(reader, None)
    catalog: Any = reader.root
    packet = catalog["/Metadata"].data if "/Metadata" in catalog else None
    part = pdfa_part(packet) if packet is not None else None
    writer = PartWriter(reader, PART_VERSIONS.get(part) if part is not None else None)
    root: Any = writer.root
    trailer = writer.trailer_view
    info_ref = trailer.raw_get("/Info") if "/Info" in trailer else None
    producer = VENDOR
    stamp = generic.pdf_date(moment)
    if info_ref is not None:
        info: Any = info_ref.get_object()
        old = str(info.get("/Producer", "") or "")
        producer = old if VENDOR in old else (f"{old}; {VENDOR}" if old else VENDOR)
        info["/Producer"] = generic.TextStringObject(producer)
        if "/ModDate" in info:
            info["/ModDate"] = generic.TextStringObject(stamp)
        writer.mark_update(info_ref)
    if packet is None:
        return writer
    updated = with_bookkeeping(
        packet, producer=producer, modified=moment.isoformat(timespec="seconds")
    )
    root["/Metadata"] = writer.add_object(RecordMetadata(updated, writer, info_ref, stamp))
    writer.update_root()  # type: ignore[no-untyped-call]
    return writer
