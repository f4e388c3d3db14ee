"""``decision-aid author [PACK]``: the author's workbench."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from decision_aid.cli.common import UsageError, pack_roots
from decision_aid.i18n import _


def find_pack_path(name: str, roots: list[Path]) -> Path:
    """A pack folder or archive given by its path, or by the id of a pack in the library
    (also one that does not load: the workbench lists its problems)."""
    path = Path(name)
    if path.exists():
        return path
    from decision_aid.content.library import build_index

    entries = [entry for entry in build_index(roots) if entry.id == name]
    entries.sort(key=lambda entry: (not entry.valid, not entry.used))
    if not entries:
        raise UsageError(
            _("{name}: no such pack folder or archive, and no pack with that id").format(name=name)
        )
    return entries[0].path


def _author(args: argparse.Namespace) -> int:
    path = find_pack_path(args.pack, pack_roots(args)) if args.pack else None
    from decision_aid.ui.author.app import run

    return run(path)


def add_commands(commands: Any) -> None:
    """Add ``author`` to the top-level sub-parsers ``commands``."""
    author = commands.add_parser(
        "author", help=_("open the author's workbench: edit a pack with a live preview")
    )
    author.add_argument(
        "pack",
        nargs="?",
        metavar="PACK",
        help=_("a pack folder (an archive opens read-only), or the id of a pack in the library"),
    )
    author.set_defaults(func=_author)
