"""Check a bundle against FHIR R4 and the rules the models do not enforce.

``fhir.resources`` (its R4B models, which match R4 for every resource used here) is
imported only when a thorough check is asked for, as its import costs about 170 ms. It
accepts any status code and an empty ``content``, so those are checked here, with the
transaction rules: every entry has a ``request``, every create is conditional, full URLs
are unique ``urn:uuid:`` URNs, and every ``urn:uuid:`` reference is to an entry.
"""

from __future__ import annotations

import re
from typing import Any, Final

Json = dict[str, Any]

STATUSES: Final[dict[str, tuple[str, frozenset[str]]]] = {
    "DocumentReference": ("status", frozenset({"current", "superseded", "entered-in-error"})),
    "QuestionnaireResponse": (
        "status",
        frozenset({"in-progress", "completed", "amended", "entered-in-error", "stopped"}),
    ),
    "Observation": (
        "status",
        frozenset(
            {
                "registered",
                "preliminary",
                "final",
                "amended",
                "corrected",
                "cancelled",
                "entered-in-error",
                "unknown",
            }
        ),
    ),
    "Questionnaire": ("status", frozenset({"draft", "active", "retired", "unknown"})),
}
"""The required FHIR R4 status value sets, which fhir.resources does not enforce."""
DOC_STATUSES: Final = frozenset({"preliminary", "final", "amended", "entered-in-error"})
BUNDLE_TYPES: Final = frozenset(
    {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    }
)
METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"})
_UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def references(node: Any) -> list[str]:
    """Every Reference.reference string inside a resource."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                found.append(value)
            else:
                found += references(value)
    elif isinstance(node, list):
        for item in node:
            found += references(item)
    return found


def _entry_problems(index: int, entry: Json, transaction: bool, full_urls: set[str]) -> list[str]:
    problems: list[str] = []
    resource = entry.get("resource", {})
    kind = resource.get("resourceType")
    where = f"entry {index} ({kind})"
    full_url = entry.get("fullUrl")
    if not isinstance(full_url, str) or not _UUID_URN.match(full_url):
        problems.append(f"{where}: fullUrl is not a urn:uuid: URN")
    if transaction:
        request = entry.get("request")
        if not isinstance(request, dict) or request.get("method") not in METHODS:
            problems.append(f"{where}: a transaction entry needs a request with a method")
        elif request.get("method") == "POST":
            if request.get("url") != kind:
                problems.append(f"{where}: request.url is not {kind}")
            if not request.get("ifNoneExist"):
                problems.append(f"{where}: the create is not conditional (no ifNoneExist)")
    field, allowed = STATUSES.get(str(kind), ("", frozenset()))
    if field and resource.get(field) not in allowed:
        problems.append(f"{where}: status {resource.get(field)!r} is not one of {sorted(allowed)}")
    if kind == "DocumentReference":
        if "docStatus" in resource and resource["docStatus"] not in DOC_STATUSES:
            problems.append(f"{where}: docStatus {resource['docStatus']!r} is not a FHIR one")
        content = resource.get("content")
        if not content:
            problems.append(f"{where}: content is empty; it needs the attachment")
        for item in content or []:
            attachment = item.get("attachment", {})
            if not attachment.get("data") and not attachment.get("url"):
                problems.append(f"{where}: an attachment has neither data nor url")
    for target in references(resource):
        if target.startswith("urn:uuid:") and target not in full_urls:
            problems.append(f"{where}: reference {target} is not in the bundle")
    return problems


def check_bundle(bundle: Json, *, thorough: bool = True) -> None:
    """Check a bundle; ValueError naming every problem found.

    The problems: an invalid bundle type, status or docStatus; a transaction entry with
    no request, or a create that is not conditional; a full URL that is not a unique
    ``urn:uuid:`` URN; a DocumentReference without content; a ``urn:uuid:`` reference to
    nothing in the bundle; anything the FHIR model rejects (when ``thorough``).
    """
    problems: list[str] = []
    if bundle.get("type") not in BUNDLE_TYPES:
        problems.append(f"Bundle.type {bundle.get('type')!r} is not a FHIR bundle type")
    entries = bundle.get("entry", [])
    full_urls = [entry.get("fullUrl") for entry in entries]
    if len(set(full_urls)) != len(full_urls):
        problems.append("two entries share a fullUrl")
    known = {url for url in full_urls if isinstance(url, str)}
    transaction = bundle.get("type") in ("transaction", "batch")
    for index, entry in enumerate(entries):
        problems += _entry_problems(index, entry, transaction, known)
    if problems:
        raise ValueError("invalid FHIR bundle: " + "; ".join(problems))
    if not thorough:
        return

    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise ValueError(f"invalid FHIR bundle: {exc}") from exc
