"""Choosing the pack for a group session when ``decision-aid group`` names none."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _


def choose_pack(roots: list[Path]) -> LoadedPack | None:
    """Ask which of the library's packs to use; None when cancelled or there are none."""
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import build_index

    entries = [e for e in build_index(roots) if e.valid and e.used and e.meta is not None]
    if not entries:
        return None
    titles = [f"{e.meta.title} ({e.id})" for e in entries if e.meta is not None]
    title, chosen = QInputDialog.getItem(
        None, _("Group session"), _("Which pack will the group look at?"), titles, 0, False
    )
    if not chosen:
        return None
    try:
        return entries[titles.index(title)].open()
    except PackError:
        return None
