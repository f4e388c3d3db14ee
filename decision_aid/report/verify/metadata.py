"""The document information and XMP metadata of one revision, in comparable form.

Signing, time-stamping and adding validation data may update the bookkeeping entries
(the producer and the modification dates); nothing else in the metadata may change after
the record is signed. The functions here take a pyHanko reader or historical resolver, so
each revision is read as it was, and leave the bookkeeping out.
"""

from __future__ import annotations

import hashlib
from typing import Any

from decision_aid.report.xmp import XmpError, properties

BOOKKEEPING_INFO = frozenset({"/ModDate", "/Producer"})
"""Document information entries a signature or time-stamp update may change."""
BOOKKEEPING_XMP = frozenset(
    {
        "{http://ns.adobe.com/pdf/1.3/}Producer",
        "{http://ns.adobe.com/xap/1.0/}ModifyDate",
        "{http://ns.adobe.com/xap/1.0/}MetadataDate",
    }
)
"""The XMP copies of those, which a PDF/A file keeps in step."""
_MAX_DEPTH = 32


def resolve(resolver: Any, obj: Any) -> Any:
    """``obj`` with an indirect reference followed within ``resolver``'s revision."""
    from pyhanko.pdf_utils import generic

    if isinstance(obj, generic.IndirectObject):
        return resolver.get_object(obj.reference)
    return obj


def root_of(resolver: Any) -> Any:
    """The document catalog as of ``resolver``'s revision."""
    return resolve(resolver, resolver.trailer_view.raw_get("/Root"))


def plain(resolver: Any, obj: Any, depth: int = 0) -> object:
    """A PDF object as plain, comparable Python values (strings compared as text)."""
    from pyhanko.pdf_utils import generic

    obj = resolve(resolver, obj)
    if depth > _MAX_DEPTH:
        return "…"
    if isinstance(obj, generic.StreamObject):
        return ("stream", hashlib.sha256(obj.encoded_data).hexdigest())
    if isinstance(obj, generic.DictionaryObject):
        return tuple(sorted((str(k), plain(resolver, obj.raw_get(k), depth + 1)) for k in obj))
    if isinstance(obj, generic.ArrayObject):
        return tuple(plain(resolver, item, depth + 1) for item in obj)
    if isinstance(obj, generic.TextStringObject | generic.ByteStringObject):
        return str(obj) if isinstance(obj, str) else bytes(obj)
    return repr(obj)


def info_entries(resolver: Any) -> dict[str, object] | None:
    """The document information (``/Info``) without its bookkeeping; None when absent."""
    try:
        info = resolve(resolver, resolver.trailer_view.raw_get("/Info"))
    except KeyError:
        return None
    from pyhanko.pdf_utils import generic

    if not isinstance(info, generic.DictionaryObject):
        return {"": plain(resolver, info)}
    return {
        str(key): plain(resolver, info.raw_get(key))
        for key in info
        if str(key) not in BOOKKEEPING_INFO
    }


def xmp_packet(resolver: Any) -> bytes | None:
    """The XMP metadata stream's bytes as of ``resolver``'s revision; None when absent."""
    from pyhanko.pdf_utils import generic

    root = root_of(resolver)
    if "/Metadata" not in root:
        return None
    stream = resolve(resolver, root.raw_get("/Metadata"))
    if not isinstance(stream, generic.StreamObject):
        return b""
    data: bytes = stream.data
    return data


def xmp_entries(resolver: Any) -> dict[str, object] | None:
    """The XMP properties without the bookkeeping ones; None when there is no XMP.

    A packet that cannot be read compares by its bytes.
    """
    packet = xmp_packet(resolver)
    if packet is None:
        return None
    try:
        found = properties(packet)
    except XmpError:
        return {"": ("unreadable", hashlib.sha256(packet).hexdigest())}
    return {name: value for name, value in found.items() if name not in BOOKKEEPING_XMP}
