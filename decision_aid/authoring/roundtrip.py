"""Edit a pack's YAML or JSON file and keep everything else exactly as the author wrote it.

YAML goes through ruamel.yaml's round-trip mode, which keeps comments, key order, quoting
and folded text. Before any change, the file must come back byte for byte from a
round trip with no change: the indentation the author uses (``- item`` under its key, or
indented by two) is found by trying each common layout. A file no layout reproduces is
refused rather than rewritten, and the error says which change to make by hand. JSON keeps
its key order and indentation the same way.

The new text is read again by the pack's own strict parser before it is written (atomically),
so an edit can never leave a file the loader refuses to read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

from decision_aid.atomic import write_atomic
from decision_aid.authoring.errors import AuthoringError
from decision_aid.content.parse import MAX_FILE_BYTES, ParseError, parse
from decision_aid.i18n import _

LAYOUTS: tuple[tuple[int, int, int], ...] = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0))
"""(mapping indent, sequence indent, dash offset) tried in turn: the usual ways to indent."""

_WIDTH = 1_000_000
"""Never fold a long line the author wrote on one line."""


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    # A value used twice (a date) is written out twice: packs allow no anchors or aliases.
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


@dataclass
class Document:
    """One pack file open for editing: its data (ruamel's round-trip containers for YAML,
    plain dicts for JSON) and what is needed to write it back as the author wrote it."""

    path: Path
    data: Any
    original: str
    _dump: Callable[[Any], str] = field(repr=False)
    _bom: bool = False
    _crlf: bool = False

    def text(self) -> str:
        """The file's text with the changes made so far."""
        return self._dump(self.data)

    def changed(self) -> bool:
        """True when the data differs from the file as read."""
        return self.text() != self.original

    def encoded(self) -> bytes:
        """The bytes to write: the same byte-order mark and line ends as the file had."""
        text = self.text()
        if self._crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self._bom else b"") + text.encode("utf-8")

    def check(self) -> bytes:
        """The bytes to write, once the pack's strict parser has read them back."""
        data = self.encoded()
        try:
            parse(self.path.name, data)
        except ParseError as exc:
            raise AuthoringError(
                str(self.path),
                _(
                    "the edited file would not read back ({problem}); nothing was written. "
                    "Make the change by hand"
                ).format(problem=exc.message),
            ) from exc
        return data

    def save(self) -> None:
        """Write the file atomically, after checking that it reads back."""
        data = self.check()
        try:
            write_atomic(self.path, data)
        except OSError as exc:
            raise AuthoringError(
                str(self.path),
                _("cannot write the file ({reason}); nothing was changed").format(
                    reason=exc.strerror or exc
                ),
            ) from exc


def _read(path: Path) -> tuple[str, bool, bool]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AuthoringError(
            str(path), _("cannot read: {reason}").format(reason=exc.strerror or exc)
        ) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise AuthoringError(
            str(path),
            _("the file is {size} bytes; the limit is {limit} bytes").format(
                size=len(raw), limit=MAX_FILE_BYTES
            ),
        )
    try:
        # The strict reader first: no aliases, tags, duplicate keys or hostile nesting.
        parse(path.name, raw)
    except ParseError as exc:
        where = f"{path}:{exc.line}" if exc.line else str(path)
        raise AuthoringError(
            where, _("{problem}; fix the file first").format(problem=exc.message)
        ) from exc
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    crlf = "\r\n" in text
    return text.replace("\r\n", "\n"), bom, crlf


def _layout_error(path: Path) -> AuthoringError:
    return AuthoringError(
        str(path),
        _(
            "its indentation is not one this tool can keep exactly (mixed or unusual "
            "indentation), so it was not rewritten. Make the change by hand, or indent "
            "the file the same way throughout"
        ),
    )


def open_document(path: Path) -> Document:
    """Open a pack file (YAML or JSON) for an edit that keeps the author's layout."""
    text, bom, crlf = _read(path)
    if path.suffix == ".json":
        return _open_json(path, text, bom, crlf)
    for layout in LAYOUTS:
        yaml = _yaml(layout)
        try:
            data = yaml.load(text)
        except YAMLError as exc:
            raise AuthoringError(str(path), str(exc)) from exc

        def dump(value: Any, yaml: YAML = yaml) -> str:
            buffer = io.StringIO()
            yaml.dump(value, buffer)
            return buffer.getvalue()

        if dump(data) == text:
            if not isinstance(data, CommentedMap):
                raise AuthoringError(str(path), _("expected a block of fields"))
            return Document(path, data, text, dump, bom, crlf)
    raise _layout_error(path)


def _open_json(path: Path, text: str, bom: bool, crlf: bool) -> Document:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise AuthoringError(str(path), _("expected a block of fields"))
    lines = text.splitlines()
    second = lines[1] if len(lines) > 1 else ""
    indent = len(second) - len(second.lstrip(" ")) or None
    ending = "\n" if text.endswith("\n") else ""

    def dump(value: Any) -> str:
        return json.dumps(value, indent=indent, ensure_ascii=False) + ending

    if dump(data) != text:
        raise _layout_error(path)
    return Document(path, data, text, dump, bom, crlf)


# ------------------------------------------------------------------ small edits


def set_scalar(mapping: Any, key: str, value: Any) -> None:
    """Set ``mapping[key]`` and keep the quoting its old value was written with."""
    old = mapping.get(key)
    if isinstance(old, ScalarString) and isinstance(value, str):
        value = type(old)(value)
    mapping[key] = value


def quoted(text: str) -> Any:
    """A text that is always written in double quotes (hashes that could look like numbers)."""
    return DoubleQuotedScalarString(text)


def block_list(mapping: Any, key: str) -> Any:
    """``mapping[key]`` as a list written one item per line; made (or unfolded from an empty
    ``[]``) when needed, at the end of the mapping or where the key was."""
    current = mapping.get(key)
    if isinstance(current, CommentedSeq) and (len(current) > 0 or not current.fa.flow_style()):
        return current
    if isinstance(current, list) and not isinstance(current, CommentedSeq):
        return current  # JSON
    fresh: Any = CommentedSeq() if isinstance(mapping, CommentedMap) else []
    if isinstance(fresh, CommentedSeq):
        fresh.fa.set_block_style()
        for item in current or []:
            fresh.append(item)
    mapping[key] = fresh
    return fresh


def block_map(mapping: Any, key: str) -> Any:
    """``mapping[key]`` as a block of fields, made at the end of the mapping when missing."""
    current = mapping.get(key)
    if isinstance(current, dict) and (
        not isinstance(current, CommentedMap) or len(current) > 0 or not current.fa.flow_style()
    ):
        return current
    fresh: Any = CommentedMap() if isinstance(mapping, CommentedMap) else {}
    if isinstance(fresh, CommentedMap):
        fresh.fa.set_block_style()
        for name, item in (current or {}).items():
            fresh[name] = item
    mapping[key] = fresh
    return fresh


def new_map(mapping: Any, items: dict[str, Any]) -> Any:
    """A block of fields of the same kind as ``mapping`` (round-trip YAML or plain JSON)."""
    if isinstance(mapping, CommentedMap):
        fresh = CommentedMap()
        fresh.fa.set_block_style()
        fresh.update(items)
        return fresh
    return dict(items)


def new_list(mapping: Any, items: list[Any]) -> Any:
    """A list of the same kind as ``mapping``'s, written one item per line."""
    if isinstance(mapping, CommentedMap):
        fresh = CommentedSeq(items)
        fresh.fa.set_block_style()
        return fresh
    return list(items)
