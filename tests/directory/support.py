"""Copies of the example directory, unsigned and edited, for the directory tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT

EXAMPLE = ROOT / "directories" / "example-community"
NAME = "example-community"


def unsigned_directory(root: Path, *edits: tuple[str, str], name: str = NAME) -> Path:
    """A copy of the example directory without its signature, in ``root/name``, with each
    (old, new) text replaced once in directory.yaml."""
    folder = root / name
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("signature"))
    path = folder / "directory.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return folder
