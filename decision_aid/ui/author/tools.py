"""The authoring tools (a version bump, a sign-off) made undoable edits of the workbench.

The tools of :mod:`decision_aid.authoring` work on a pack folder. Here each runs on a
copy of the pack as it stands in the workbench, in a temporary folder, and what it
changed comes back as edits of the document: one undoable step, saved with the rest
(Ctrl+S). The author's files are not touched until then. Nothing here is Qt.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from decision_aid.authoring.document import Edit, PackDocument
from decision_aid.authoring.errors import AuthoringError
from decision_aid.content.errors import PackError
from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.i18n import _

T = TypeVar("T")


class ToolError(Exception):
    """A tool could not be used on the pack as it stands; the message says why."""


def tool_edits(document: PackDocument, action: Callable[[LoadedPack], T]) -> tuple[T, list[Edit]]:
    """Run ``action`` on a copy of the pack as it stands; return its result and the edits
    that make the document hold what it wrote."""
    with tempfile.TemporaryDirectory(prefix="decision-aid-author-") as tmp:
        folder = document.write_copy(Path(tmp))
        try:
            loaded = load_pack(folder, check_review=False)
        except PackError as exc:
            raise ToolError(
                _("Fix the pack's errors first (the problems list shows them): {problem}").format(
                    problem=exc.problems[0].message
                )
            ) from exc
        try:
            result = action(loaded)
        except AuthoringError as exc:
            raise ToolError(exc.message) from exc
        edits: list[Edit] = []
        for rel in document.files:
            written = (folder / rel).read_bytes()
            if written != document.data(rel):
                edits += document.edits_to(rel, written)
    return result, edits
