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
