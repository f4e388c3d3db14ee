"""The evidence document and the clinical review status."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _


def document_problem(loaded: LoadedPack) -> str | None:
    """What is wrong with ``meta.evidence_document``, or None when it can be found."""
    where = loaded.meta.evidence_document
    if where.startswith("https://"):
        return None
    if where.startswith("http://"):
        return _("'{where}' is not a secure address; use https://").format(where=where)
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
