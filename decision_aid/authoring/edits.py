"""The edits a pack document takes, each undone by the edit :meth:`PackDocument.apply`
returns; a problem's field path as a place; and the pack's files in memory as the loader
reads them. No Qt."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from decision_aid.authoring.layout import PackFile, Where
from decision_aid.content.source import PackSource, SourceError
from decision_aid.i18n import _


@dataclass(frozen=True)
class Put:
    """Put ``node`` at ``where`` (MISSING removes the key). For a key that is not there
    yet, ``index`` is its place among the block's keys (None: at the end)."""

    where: Where
    node: Any
    index: int | None = None
    comment: Any = None


@dataclass(frozen=True)
class Insert:
    """Insert ``node`` into a list, at the index that ends ``where``."""

    where: Where
    node: Any
    comment: Any = None


@dataclass(frozen=True)
class Remove:
    """Remove the list item at the index that ends ``where``."""

    where: Where


@dataclass(frozen=True)
class AddFile:
    """Add a file to the pack (a new translation): ``where`` is ``(rel,)``, ``part`` its
    locale. Saving writes it."""

    where: Where
    file: PackFile
    part: str


@dataclass(frozen=True)
class DropFile:
    """Take a file out of the pack (``where`` is ``(rel,)``). Saving deletes it."""

    where: Where


Edit = Put | Insert | Remove | AddFile | DropFile


class MemorySource(PackSource):
    """The pack's files as they would be saved, for the loader; named as the real ones."""

    def __init__(self, origin: PackSource, data: dict[str, bytes]) -> None:
        self.location = origin.location
        self.name = origin.name
        self._origin = origin
        self._data = data

    def files(self) -> list[str]:
        return sorted(self._data)

    def exists(self, relpath: str) -> bool:
        return relpath in self._data

    def read(self, relpath: str) -> bytes:
        try:
            return self._data[relpath]
        except KeyError:
            raise SourceError(self.display(relpath), _("no such file in the pack")) from None

    def display(self, relpath: str) -> str:
        return self._origin.display(relpath)


_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_field_path(path: str, *, translation: bool = False) -> tuple[str | int, ...]:
    """A field path as problems print it ('questions[2].answers.surgery.text') as a loc.

    In a translation file, everything after 'strings.' is one key (the keys hold dots).
    """
    if path.startswith("("):
        return ()
    if translation and path.startswith("strings."):
        return ("strings", path.removeprefix("strings."))
    loc: list[str | int] = []
    for match in _STEP.finditer(path):
        index, key = match.groups()
        loc.append(int(index) if index is not None else key)
    return tuple(loc)
