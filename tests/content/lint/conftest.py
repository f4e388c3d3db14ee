"""Fixtures for the linter tests: pack variants built from small fixture packs."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from decision_aid.content.loader import LoadedPack, load_pack
from tests.content.lint.lint_support import MINIMAL, Edits, MakeDir, MakeVariant


@pytest.fixture
def pack_dir(tmp_path: Path) -> MakeDir:
    """Copy a fixture pack into tmp_path, apply text edits and extra files, return the folder.

    ``pack_dir({"content.yaml": [("old", "new")]}, files={"translations/cy.yaml": "..."})``.
    Each edit replaces the first occurrence, which must exist.
    """
    counter = itertools.count()

    def make(
        edits: Edits | None = None,
        *,
        base: Path = MINIMAL,
        files: dict[str, str] | None = None,
        remove: tuple[str, ...] = (),
    ) -> Path:
        target = tmp_path / f"v{next(counter)}" / base.name
        shutil.copytree(base, target)
        for name, pairs in (edits or {}).items():
            path = target / name
            text = path.read_text(encoding="utf-8")
            for old, new in pairs:
                assert old in text, f"{old!r} is not in {name}"
                text = text.replace(old, new, 1)
            path.write_text(text, encoding="utf-8")
        for name, text in (files or {}).items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        for name in remove:
            (target / name).unlink()
        return target

    return make


@pytest.fixture
def variant(pack_dir: MakeDir) -> MakeVariant:
    """Like ``pack_dir``, but returns the loaded pack."""

    def make(edits: Edits | None = None, **kwargs: object) -> LoadedPack:
        return load_pack(pack_dir(edits, **kwargs))

    return make
