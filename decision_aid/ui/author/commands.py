"""Every edit of the workbench as one undoable step (QUndoStack).

A step holds the document edits it makes; undoing applies the edits that undo them, in
reverse order. Typing into one field makes one step: each keystroke's step merges into
the one before while the author stays in that field (the field's typing ``session``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from PySide6.QtGui import QUndoCommand

from decision_aid.authoring.document import Edit, PackDocument

TYPING_ID = 0x7E57
"""The merge id of typing steps (any other step never merges)."""


class EditCommand(QUndoCommand):
    """One step: a few document edits, and what undoes them."""

    def __init__(
        self,
        document: PackDocument,
        edits: Sequence[Edit],
        text: str,
        typing: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.edits = list(edits)
        self.inverses: list[Edit] = []
        self.typing = typing
        """Steps with the same typing key (a field and a stay in it) merge into one."""

    def redo(self) -> None:
        self.inverses = [self.document.apply(edit) for edit in self.edits]

    def undo(self) -> None:
        for inverse in reversed(self.inverses):
            self.document.apply(inverse)

    def id(self) -> int:
        return TYPING_ID if self.typing is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, EditCommand) or other.typing != self.typing:
            return False
        if [e.where for e in other.edits] != [e.where for e in self.edits]:
            return False
        # Keep this step's way back (the text before typing began), take the last text.
        self.edits = other.edits
        return True
