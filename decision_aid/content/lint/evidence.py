"""The evidence document, references' web addresses and the clinical review status.

* ``evidence.document``: the evidence document is neither in the pack nor at a web
  address (an error); at an http:// address, a warning;
* ``references.http``: a reference at an http:// address, a warning (many guideline
  sites still use one; use https:// where the site has it);
* ``review.example``: a note for example content.
"""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _


def document_problem(loaded: LoadedPack) -> str | None:
    """What is wrong with ``meta.evidence_document``, or None when it can be found."""
    where = loaded.meta.evidence_document
    if where.startswith(("https://", "http://")):
        return None
    path = PurePosixPath(where)
    if "\\" in where or path.is_absolute() or ".." in path.parts or ":" in where:
        return _(
            "'{where}' is neither an https:// address nor a path inside the pack; write a "
            "path relative to the pack folder, e.g. 'evidence.md'"
        ).format(where=where)
    if not loaded.source.exists(where):
        return _(
            "the evidence document '{where}' is not in the pack; add the file or give its "
            "https:// address"
        ).format(where=where)
    return None


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """'evidence.document' for a missing document; info for example content."""
    out: list[Problem] = []
    message = document_problem(loaded)
    if message is not None:
        out.append(
            loaded.problem("pack", ("evidence_document",), message, rule="evidence.document")
        )
    where = loaded.meta.evidence_document
    if where.startswith("http://"):
        out.append(
            loaded.problem(
                "pack",
                ("evidence_document",),
                _("'{where}' is not a secure address; use https:// if the site offers it").format(
                    where=where
                ),
                severity="warning",
                rule="evidence.document",
            )
        )
    for index, reference in enumerate(loaded.content.references):
        if reference.url is not None and reference.url.startswith("http://"):
            out.append(
                loaded.problem(
                    "content",
                    ("references", index, "url"),
                    _(
                        "reference '{reference}': '{url}' is not a secure address; use "
                        "https:// if the site offers it"
                    ).format(reference=reference.id, url=reference.url),
                    severity="warning",
                    rule="references.http",
                )
            )
    if loaded.meta.review.status == "example":
        out.append(
            loaded.problem(
                "pack",
                ("review", "status"),
                _("example content, not clinically reviewed; do not use it with patients"),
                severity="info",
                rule="review.example",
            )
        )
    return out
