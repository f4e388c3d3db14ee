"""Helpers for the authoring tests: copies of packs and line diffs."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from tests.conftest import SHIPPED

SHIPPED_IDS = ("knee-osteoarthritis", "psa-screening", "statins-primary-prevention")


def copy_pack(source: Path, tmp_path: Path) -> Path:
    """A copy of a pack folder in tmp_path, named as the pack."""
    target = tmp_path / "copy" / source.name
    shutil.copytree(source, target)
    return target


def shipped(pack_id: str, tmp_path: Path) -> Path:
    """A copy of a shipped pack."""
    return copy_pack(SHIPPED / pack_id, tmp_path)


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a diff adds (+) or removes (-), in order, without context."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
