"""What changed after the record was signed, in terms a person can act on.

pyHanko's difference analysis decides whether the updates after a signature are allowed;
its reasons name object numbers. This module compares the revision the record's
signature covers with the file as it is now and says what differs: a page's content, a
page added or removed, an annotation added or changed, the document information, the XMP
metadata, another signature. Only what the verify policy does not allow is listed
(document time-stamps and validation data are not changes).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from typing import Any

from decision_aid.report.verify.metadata import info_entries, resolve, root_of, xmp_entries
from decision_aid.report.verify.result import Change, ChangeKind, Kind, SignatureCheck

MAX_PAGES = 10_000
"""Pages compared at most; a page tree beyond this is reported as changed content."""
_MAX_OBJECTS = 200_000
_SKIP_IN_PAGE = frozenset({"/Parent", "/Annots"})
_SKIP_IN_ANNOTATION = frozenset({"/P", "/Parent"})


def find_changes(reader: Any, signed_revision: int, later: list[SignatureCheck]) -> list[Change]:
    """The changes between ``signed_revision`` and the file as it is now.

    ``later`` are the signatures after the record's; another signature is a change, a
    document time-stamp is not. A comparison that fails says "other parts changed".
    """
    changes: list[Change] = []
    try:
        old = reader.get_historical_resolver(signed_revision)
        new = reader.get_historical_resolver(reader.xrefs.total_revisions - 1)
        changes += _page_changes(old, new)
        if info_entries(old) != info_entries(new):
            changes.append(Change(ChangeKind.INFO))
        if xmp_entries(old) != xmp_entries(new):
            changes.append(Change(ChangeKind.XMP))
    except Exception:  # a damaged later revision: say so, never crash the check
        changes.append(Change(ChangeKind.OTHER))
    changes += [
        Change(ChangeKind.SIGNED_AGAIN, who=check.signer)
        for check in later
        if check.kind is Kind.SIGNATURE
    ]
    return changes


def _page_changes(old: Any, new: Any) -> list[Change]:
    before, after = _pages(old), _pages(new)
    changes: list[Change] = []
    for number, (was, now) in enumerate(zip(before, after, strict=False), start=1):
        if _fingerprint(old, was, _SKIP_IN_PAGE) != _fingerprint(new, now, _SKIP_IN_PAGE):
            changes.append(Change(ChangeKind.CONTENT, page=number))
        old_notes = Counter(_fingerprint(old, a, _SKIP_IN_ANNOTATION) for a in _annots(old, was))
        new_notes = Counter(
            _fingerprint(new, a, _SKIP_IN_ANNOTATION)
            for a in _annots(new, now)
            if not _is_signature_widget(new, a)
        )
        kept = Counter(_fingerprint(new, a, _SKIP_IN_ANNOTATION) for a in _annots(new, now))
        if new_notes - old_notes:
            changes.append(Change(ChangeKind.ANNOTATION_ADDED, page=number))
        if old_notes - kept:
            changes.append(Change(ChangeKind.ANNOTATION_CHANGED, page=number))
    if len(after) > len(before):
        changes.append(Change(ChangeKind.PAGE_ADDED, page=len(before) + 1))
    elif len(after) < len(before):
        changes.append(Change(ChangeKind.PAGE_REMOVED, page=len(after) + 1))
    return changes


def _pages(resolver: Any) -> list[Any]:
    """The page dictionaries in order (at most MAX_PAGES), walking the page tree."""
    from pyhanko.pdf_utils import generic

    found: list[Any] = []
    seen: set[tuple[int, int]] = set()

    def walk(node_ref: Any, depth: int) -> None:
        if isinstance(node_ref, generic.IndirectObject):
            key = (node_ref.idnum, node_ref.generation)
            if key in seen:
                raise ValueError("the page tree has a loop")
            seen.add(key)
        node = resolve(resolver, node_ref)
        if depth > 64 or len(found) > MAX_PAGES or not isinstance(node, generic.DictionaryObject):
            raise ValueError("the page tree is malformed")
        if node.get("/Type") == "/Pages" or "/Kids" in node:
            for kid in resolve(resolver, node.raw_get("/Kids")):
                walk(kid, depth + 1)
        else:
            found.append(node)

    walk(root_of(resolver).raw_get("/Pages"), 0)
    return found


def _annots(resolver: Any, page: Any) -> Iterator[Any]:
    from pyhanko.pdf_utils import generic

    if "/Annots" not in page:
        return
    annots = resolve(resolver, page.raw_get("/Annots"))
    if isinstance(annots, generic.ArrayObject):
        yield from (resolve(resolver, item) for item in annots)


def _is_signature_widget(resolver: Any, annot: Any) -> bool:
    """A signature field's widget: signatures and time-stamps are reported on their own."""
    from pyhanko.pdf_utils import generic

    if not isinstance(annot, generic.DictionaryObject) or annot.get("/Subtype") != "/Widget":
        return False
    node = annot
    for _level in range(16):
        if node.get("/FT") == "/Sig":
            return True
        if "/Parent" not in node:
            return False
        node = resolve(resolver, node.raw_get("/Parent"))
        if not isinstance(node, generic.DictionaryObject):
            return False
    return False


def _fingerprint(resolver: Any, obj: Any, skip: frozenset[str]) -> str:
    """A digest of ``obj`` and everything it refers to (as of the revision), less ``skip``."""
    from pyhanko.pdf_utils import generic

    digest = hashlib.sha256()
    seen: dict[tuple[int, int], int] = {}
    budget = [_MAX_OBJECTS]

    def feed(item: Any, top: bool) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise ValueError("too many objects to compare")
        if isinstance(item, generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                digest.update(b"R%d;" % seen[key])
                return
            seen[key] = len(seen)
            item = resolve(resolver, item)
        if isinstance(item, generic.StreamObject):
            digest.update(b"S%d:" % len(item.encoded_data) + item.encoded_data)
        if isinstance(item, generic.DictionaryObject):
            digest.update(b"<<")
            for key in sorted(item, key=str):
                if top and str(key) in skip:
                    continue
                digest.update(str(key).encode() + b" ")
                feed(item.raw_get(key), top=False)
            digest.update(b">>")
        elif isinstance(item, generic.ArrayObject):
            digest.update(b"[")
            for entry in item:
                feed(entry, top=False)
            digest.update(b"]")
        elif isinstance(item, generic.ByteStringObject | generic.TextStringObject):
            digest.update(b"(" + item.original_bytes + b")")
        else:
            digest.update(repr(item).encode() + b";")

    feed(obj, top=True)
    return digest.hexdigest()
