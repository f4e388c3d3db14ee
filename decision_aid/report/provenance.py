"""The record's provenance as XMP properties of the product's own namespace.

Which pack, which version and content, and which session a record was made from are
written as separate XMP properties (``darec:packId`` ...), each one value, declared in a
PDF/A extension schema so that a PDF/A validator accepts them. They are read back as
properties, never by parsing a human-readable string, so no text inside a value (a session
id with ``; pack=EVIL`` in it, say) can pose as another field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from xml.sax.saxutils import escape

from decision_aid.report.xmp import XmpError, properties, text_property

NAMESPACE = "urn:decision-aid:xmp:record:1#"
PREFIX = "darec"
SCHEMA_NAME = "decision-aid record provenance"

_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("pack", "packId", "Id of the option-grid pack the record was made from"),
    ("version", "packVersion", "Version of that pack"),
    ("hash", "contentHash", "Content hash of that pack"),
    ("published", "packPublished", "Date that pack version was published"),
    ("review_due", "packReviewDue", "Date that pack version is due for review"),
    ("session", "sessionId", "Id of the consultation the record is of"),
)
KEYS = tuple(key for key, _name, _doc in _FIELDS)
"""The provenance keys, in display order."""

# XML 1.0 allows tab, newline, carriage return and most of Unicode, nothing else.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Provenance:
    """Where a record's content came from."""

    pack: str
    version: str
    hash: str
    published: str
    review_due: str
    session: str

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def xmp_descriptions(provenance: Provenance) -> str:
    """Two ``rdf:Description`` elements: the provenance, and its PDF/A extension schema.

    Raises ValueError when a value has characters XML cannot carry (control characters).
    """
    values = provenance.as_dict()
    for key, value in values.items():
        if _NOT_XML.search(value):
            raise ValueError(
                f"the record's {key} has characters a PDF's metadata cannot carry: {value!r}"
            )
    props = "".join(
        f"\n   <{PREFIX}:{name}>{escape(values[key])}</{PREFIX}:{name}>"
        for key, name, _doc in _FIELDS
    )
    declared = "".join(
        f"""
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>{name}</pdfaProperty:name>
         <pdfaProperty:valueType>Text</pdfaProperty:valueType>
         <pdfaProperty:category>external</pdfaProperty:category>
         <pdfaProperty:description>{escape(doc)}</pdfaProperty:description>
        </rdf:li>"""
        for _key, name, doc in _FIELDS
    )
    return f"""  <rdf:Description rdf:about="" xmlns:{PREFIX}="{NAMESPACE}">{props}
  </rdf:Description>
  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>{SCHEMA_NAME}</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>{NAMESPACE}</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>{PREFIX}</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>{declared}
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
"""


def read_provenance(packet: bytes) -> dict[str, str]:
    """The provenance stated in the XMP ``packet``: key -> value, for each key it states once.

    A property that is missing, repeated or not plain text is left out; a packet that
    cannot be read gives ``{}``.
    """
    try:
        props = properties(packet)
    except XmpError:
        return {}
    found: dict[str, str] = {}
    for key, name, _doc in _FIELDS:
        value = text_property(props, f"{{{NAMESPACE}}}{name}")
        if value is not None:
            found[key] = value
    return found
