"""Reading XMP metadata packets: the properties a packet states, in a comparable form.

Two packets that say the same thing in different RDF spellings (a property as an element
or as an attribute, a structure as a nested ``rdf:Description`` or with
``rdf:parseType="Resource"``) give equal :func:`properties`. Verifying a record uses this
to tell whether the metadata changed after signing, and to read the record's provenance.

A packet with a document type declaration is refused: XMP never needs one, and entities are
how an XML parser is made to read files or expand without bound.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from xml.dom.minidom import Document, Element, Node

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML = "http://www.w3.org/XML/1998/namespace"
_DESCRIPTION = f"{{{RDF}}}Description"
_CONTAINERS = {f"{{{RDF}}}{name}" for name in ("Alt", "Bag", "Seq")}
_RESOURCE = f"{{{RDF}}}resource"
_LANG = f"{{{XML}}}lang"

Value = tuple[object, ...]
"""A property's value in comparable form: ('text', lang, text), ('uri', uri),
('array', kind, items) or ('struct', fields)."""


class XmpError(ValueError):
    """The packet is not XMP that can be read safely."""


def parse(packet: bytes) -> ET.Element:
    """The root element of ``packet``; XmpError for XML that is broken or has a DTD."""
    if b"<!DOCTYPE" in packet or b"<!ENTITY" in packet:
        raise XmpError("the XMP packet declares a document type or entities")
    try:
        return ET.fromstring(packet)
    except ET.ParseError as exc:
        raise XmpError(f"the XMP packet is not well-formed XML ({exc})") from exc


def properties(packet: bytes) -> dict[str, tuple[Value, ...]]:
    """Every top-level property of ``packet``: '{namespace}name' -> its values.

    A property stated more than once (in two descriptions) has all its values, sorted.
    Raises XmpError when the packet cannot be read.
    """
    found: dict[str, list[Value]] = {}
    for description in _descriptions(parse(packet)):
        for name, value in _fields(description):
            found.setdefault(name, []).append(value)
    return {name: tuple(sorted(values, key=repr)) for name, values in found.items()}


def text_property(props: dict[str, tuple[Value, ...]], name: str) -> str | None:
    """The one plain-text value of property ``name``; None when absent, repeated or not text."""
    values = props.get(name, ())
    if len(values) != 1 or values[0][0] != "text":
        return None
    text = values[0][2]
    return text if isinstance(text, str) else None


def _descriptions(root: ET.Element) -> Iterator[ET.Element]:
    rdf = root if root.tag == f"{{{RDF}}}RDF" else root.find(f"{{{RDF}}}RDF")
    if rdf is None:
        return
    yield from rdf.iterfind(_DESCRIPTION)


def _is_property_attribute(name: str) -> bool:
    return not name.startswith((f"{{{RDF}}}", f"{{{XML}}}"))


def _fields(element: ET.Element) -> Iterator[tuple[str, Value]]:
    """The properties of a description or structure: attributes and child elements."""
    for name, text in element.attrib.items():
        if _is_property_attribute(name):
            yield name, ("text", None, text)
    for child in element:
        yield child.tag, _value(child)


def _value(element: ET.Element) -> Value:
    if _RESOURCE in element.attrib:
        return ("uri", element.attrib[_RESOURCE])
    children = list(element)
    if children and children[0].tag in _CONTAINERS:
        container = children[0]
        items = tuple(_value(item) for item in container)
        return ("array", container.tag.rsplit("}", 1)[-1], items)
    if len(children) == 1 and children[0].tag == _DESCRIPTION:
        return ("struct", tuple(sorted(_fields(children[0]), key=repr)))
    if children or any(_is_property_attribute(name) for name in element.attrib):
        return ("struct", tuple(sorted(_fields(element), key=repr)))
    return ("text", element.attrib.get(_LANG), (element.text or "").strip())


# --- editing: the bookkeeping a later revision updates ------------------------------------

PDF_NS = "http://ns.adobe.com/pdf/1.3/"
XMP_NS = "http://ns.adobe.com/xap/1.0/"
PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/"
_PREFIXES = {PDF_NS: "pdf", XMP_NS: "xmp"}


def pdfa_part(packet: bytes) -> int | None:
    """The PDF/A part the packet declares (``pdfaid:part``); None when it declares none."""
    try:
        text = text_property(properties(packet), f"{{{PDFAID_NS}}}part")
    except XmpError:
        return None
    return int(text) if text is not None and text.isdigit() else None


def with_bookkeeping(packet: bytes, *, producer: str, modified: str) -> bytes:
    """``packet`` with pdf:Producer, xmp:ModifyDate and xmp:MetadataDate set, all else kept.

    The packet is edited as a DOM (``xml.dom.minidom``): each property keeps its place and
    its form (element or attribute), as do every other property, namespace prefix and
    the ``xpacket`` wrapper. A missing Producer or ModifyDate is added in a new
    rdf:Description; a missing MetadataDate stays missing. ``modified`` is an XMP date.
    Raises XmpError for a packet that cannot be read safely.
    """
    from xml.dom import minidom

    parse(packet)  # the safety checks (no DTD, no entities) and well-formedness
    document = minidom.parseString(packet)
    rdf = _rdf_element(document)
    missing = []
    for namespace, local, value in (
        (PDF_NS, "Producer", producer),
        (XMP_NS, "ModifyDate", modified),
        (XMP_NS, "MetadataDate", modified),
    ):
        if not _set_property(rdf, namespace, local, value) and local != "MetadataDate":
            missing.append((namespace, local, value))
    if missing:
        rdf_prefix = rdf.prefix or "rdf"
        description = document.createElementNS(RDF, f"{rdf_prefix}:Description")
        description.setAttributeNS(RDF, f"{rdf_prefix}:about", "")
        for namespace in sorted({namespace for namespace, _l, _v in missing}):
            description.setAttribute(f"xmlns:{_PREFIXES[namespace]}", namespace)
        for namespace, local, value in missing:
            element = document.createElementNS(namespace, f"{_PREFIXES[namespace]}:{local}")
            element.appendChild(document.createTextNode(value))
            description.appendChild(element)
        rdf.appendChild(description)
        rdf.appendChild(document.createTextNode("\n"))
    # Node by node: the document's own toxml() would put an XML declaration before the
    # xpacket header, which must come first.
    return "\n".join(node.toxml() for node in document.childNodes).encode("utf-8")


def _elements(parent: Node) -> Iterator[Element]:
    for child in parent.childNodes:
        if isinstance(child, Element):
            yield child


def _rdf_element(document: Document) -> Element:
    root = document.documentElement
    if root is None:
        raise XmpError("the XMP packet has no root element")
    for element in (root, *_elements(root)):
        if (element.namespaceURI, element.localName) == (RDF, "RDF"):
            return element
    raise XmpError("the XMP packet has no rdf:RDF element")


def _set_property(rdf: Element, namespace: str, local: str, value: str) -> bool:
    """Set a top-level property wherever it is stated; whether it was found."""
    found = False
    for description in _elements(rdf):
        if (description.namespaceURI, description.localName) != (RDF, "Description"):
            continue
        attribute = description.getAttributeNodeNS(namespace, local)
        if attribute is not None:
            attribute.value = value
            found = True
        for element in _elements(description):
            if (element.namespaceURI, element.localName) != (namespace, local):
                continue
            while element.firstChild is not None:
                element.removeChild(element.firstChild)
            owner = element.ownerDocument
            assert owner is not None
            element.appendChild(owner.createTextNode(value))
            found = True
    return found
