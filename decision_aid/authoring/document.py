"""A pack open for editing: its files as round-trip trees, checked after every change.

:class:`PackDocument` reads a pack's ``pack.yaml``, ``content.yaml`` and translation files
with ruamel.yaml's round-trip loader (JSON files with the standard library), so that a
value can be read and set at a place such as ``("content.yaml", "questions", 2,
"answers", "surgery", "text")``. After each change the whole pack is checked in memory
by the real loader (:func:`decision_aid.content.loader.load_pack`): the bytes checked are
exactly the bytes :meth:`PackDocument.save` would write, so what is checked is what is
saved.

Saving keeps the author's file as written. Comments, the order of keys, quotes and block
styles stay; a changed text keeps its style, and a folded text (``>-``) keeps the line
breaks of every line it shares with the old text, so editing a few words of one cell
changes one line of the file. Where ruamel would write part of a file differently from
the author (another indentation, a long line wrapped by hand), only the lines that
really changed are taken from ruamel's output (:func:`merge_lines`); the rest stay
byte for byte. Saving writes every changed file at once, atomically, and refuses to
overwrite a file that was changed on disk since it was read.

Archives (``.zip``) open read-only: they are checked, previewed and linted, but edits go
into a pack folder. Every file is read through the pack's own readers (size and shape
limits) and its strict parser before ruamel sees it, so a hostile file is refused the
same way the library refuses it.
"""

from __future__ import annotations

import copy
import difflib
import io
import json
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    ScalarString,
    SingleQuotedScalarString,
)

from decision_aid.atomic import write_all_atomic
from decision_aid.content.errors import PackError, Problem
from decision_aid.content.loader import (
    LoadedPack,
    find_file,
    load_pack,
    translation_files,
)
from decision_aid.content.parse import ParseError, parse, parse_yaml
from decision_aid.content.review import pack_review_hash, review_problems
from decision_aid.content.source import ArchiveSource, PackSource, SourceError, open_source
from decision_aid.content.trust.verify import is_signed
from decision_aid.i18n import _

Where = tuple[str | int, ...]
"""A place in a pack: the file as the pack names it ('content.yaml',
'translations/cy.yaml'), then the keys and list indexes down to a value."""


class _Missing:
    """No value: a key that is absent, or a value to remove."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

FOLD_WIDTH = 76
"""Width a folded text is wrapped to when its old lines give none."""


class DocumentError(Exception):
    """The pack cannot be opened or saved; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


# ---------------------------------------------------------------- plain values


def plain(node: Any) -> Any:
    """A round-trip node as plain data: dicts, lists, text, numbers, booleans, None.

    Dates become text written as YYYY-MM-DD, as the author wrote them.
    """
    if isinstance(node, dict):
        return {str(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return node


def _reads_as_text(text: str) -> bool:
    """True when ``text`` written unquoted on one line reads back as the same text."""
    if not text or "\n" in text or text != text.strip():
        return False
    try:
        data = parse_yaml(("v: " + text).encode("utf-8")).data
    except ParseError:
        return False
    return isinstance(data, dict) and data.get("v") == text


def _fold_lines(text: str, fold_pos: Sequence[int]) -> list[tuple[int, int]]:
    """The (start, end) of each line of a folded text, given where it folds."""
    spans = []
    start = 0
    for pos in fold_pos:
        spans.append((start, pos))
        start = pos + 1
    spans.append((start, len(text)))
    return spans


def _foldable(text: str, pos: int) -> bool:
    """True when a folded text can break at the space at ``pos``."""
    return (
        0 < pos < len(text) - 1
        and text[pos] == " "
        and not text[pos - 1].isspace()
        and not text[pos + 1].isspace()
    )


def _wrap(text: str, start: int, end: int, width: int) -> list[int]:
    """Fold positions that wrap ``text[start:end]`` to ``width`` characters a line."""
    folds: list[int] = []
    line_start = start
    last_space = -1
    for pos in range(start, end):
        if _foldable(text, pos):
            if pos - line_start > width and last_space > line_start:
                folds.append(last_space)
                line_start = last_space + 1
            last_space = pos
    if end - line_start > width and last_space > line_start:
        folds.append(last_space)
    return folds


def refold(old: str, fold_pos: Sequence[int], new: str) -> list[int]:
    """Where to fold ``new`` so that it keeps every line it shares with ``old``.

    The lines at the start and at the end that the new text still has are kept as they
    were; what changed in between stays on one line when it replaced one line, and is
    wrapped to the width of the old lines when it replaced several.
    """
    spans = _fold_lines(old, fold_pos)
    width = max((end - start for start, end in spans), default=FOLD_WIDTH) or FOLD_WIDTH
    head: list[int] = []
    for pos in fold_pos:
        if new.startswith(old[: pos + 1]) and _foldable(new, pos):
            head.append(pos)
        else:
            break
    head_end = head[-1] + 1 if head else 0
    tail: list[int] = []
    for pos in reversed(fold_pos[len(head) :]):
        at = len(new) - (len(old) - pos)
        if at > head_end and new.endswith(old[pos:]) and _foldable(new, at):
            tail.insert(0, at)
        else:
            break
    middle_end = tail[0] if tail else len(new)
    replaced = len(spans) - len(head) - len(tail)
    middle = [] if replaced <= 1 else _wrap(new, head_end, middle_end, width)
    return [*head, *middle, *tail]


def styled(old: Any, value: Any) -> Any:
    """A node for ``value`` written the way ``old`` was (quotes, block style, folds)."""
    if isinstance(value, str):
        if isinstance(old, FoldedScalarString):
            node: ScalarString = FoldedScalarString(value)
            node.fold_pos = refold(str(old), getattr(old, "fold_pos", []), value)  # type: ignore[attr-defined]
            comment = getattr(old, "comment", None)
            if comment is not None:
                node.comment = comment  # type: ignore[attr-defined]
            return node
        if isinstance(old, LiteralScalarString | DoubleQuotedScalarString):
            return type(old)(value)
        if isinstance(old, SingleQuotedScalarString) and "\n" not in value:
            return SingleQuotedScalarString(value)
        if "\n" not in value and not _reads_as_text(value):
            return DoubleQuotedScalarString(value)
        return value
    if isinstance(value, dict):
        block = CommentedMap()
        old_block = old if isinstance(old, dict) else {}
        for key, item in value.items():
            block[key] = styled(old_block.get(key, MISSING), item)
        if isinstance(old, CommentedMap):
            _copy_comments(old, block, [k for k in value if k in old])
        return block
    if isinstance(value, list | tuple):
        old_items = old if isinstance(old, list) else []
        seq = CommentedSeq(
            styled(old_items[index] if index < len(old_items) else MISSING, item)
            for index, item in enumerate(value)
        )
        if isinstance(old, CommentedSeq):
            if old.fa.flow_style():
                seq.fa.set_flow_style()
            _copy_comments(old, seq, [i for i in range(len(value)) if i < len(old)])
        return seq
    return value


def _copy_comments(old: Any, new: Any, keys: Sequence[Any]) -> None:
    """Keep the comments (and blank lines) ruamel holds around the kept keys or items."""
    if old.ca.comment is not None:
        new.ca.comment = copy.copy(old.ca.comment)
    if old.ca.end is not None:
        new.ca.end = copy.copy(old.ca.end)
    for key in keys:
        if key in old.ca.items:
            new.ca.items[key] = copy.copy(old.ca.items[key])


# ---------------------------------------------------------------- the author's lines


def _matches(a: Sequence[str], b: Sequence[str]) -> dict[int, int]:
    """Index in ``b`` of every line of ``a`` that the longest common alignment keeps."""
    found: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for start_a, start_b, size in matcher.get_matching_blocks():
        for step in range(size):
            found[start_a + step] = start_b + step
    return found


def _between(base: list[str], raw: list[str], new: list[str]) -> list[str]:
    """Lines between two anchors: the author's where the change left them alone.

    When the author's lines match the writer's one for one (each line written a little
    differently), each line the change kept stays the author's.
    """
    if new == base:
        return raw
    if len(raw) != len(base):
        return new
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, base, new, autojunk=False)
    for tag, start, end, new_start, new_end in matcher.get_opcodes():
        out += raw[start:end] if tag == "equal" else new[new_start:new_end]
    return out


def merge_lines(raw: list[str], base: list[str], new: list[str]) -> list[str]:
    """The author's lines ``raw`` with the changes from ``base`` to ``new`` applied.

    ``base`` is the file as ruamel writes it before any change, ``new`` after the
    changes. Lines that ``base`` and ``raw`` share anchor the three together; between two
    anchors, the author's lines stay unless the change touched them.
    """
    if raw == base:
        return list(new)
    if base == new:
        return list(raw)
    to_raw = _matches(base, raw)
    to_new = _matches(base, new)
    anchors = [i for i in range(len(base)) if i in to_raw and i in to_new]
    out: list[str] = []
    last_base, last_raw, last_new = -1, -1, -1
    for anchor in [*anchors, len(base)]:
        at_raw = to_raw[anchor] if anchor < len(base) else len(raw)
        at_new = to_new[anchor] if anchor < len(base) else len(new)
        base_part = base[last_base + 1 : anchor]
        new_part = new[last_new + 1 : at_new]
        out += _between(base_part, raw[last_raw + 1 : at_raw], new_part)
        if anchor < len(base):
            out.append(raw[at_raw])
        last_base, last_raw, last_new = anchor, at_raw, at_new
    return out


# ---------------------------------------------------------------- one file


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # long lines stay long: never wrapped by the writer
    yaml.allow_unicode = True
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    # A value set in two places (the same date) is written out twice: packs refuse aliases.
    yaml.representer.ignore_aliases = lambda _data: True
    return yaml


def _guess_indents(text: str) -> list[tuple[int, int, int]]:
    """Indentations to try, the likeliest first: (mapping, sequence, dash offset)."""
    found_list: tuple[int, int] | None = None
    mapping: int | None = None
    previous_key: int | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if previous_key is not None:
            if stripped.startswith("- ") and indent >= previous_key and found_list is None:
                after = stripped[2:]
                offset = indent - previous_key
                found_list = (offset + 2 + len(after) - len(after.lstrip(" ")), offset)
            elif indent > previous_key and mapping is None and not stripped.startswith("- "):
                mapping = indent - previous_key
        previous_key = indent if stripped.endswith(":") else None
    sequence, offset = found_list or (2, 0)
    candidates = [(mapping or 2, sequence, offset), (2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4)]
    return list(dict.fromkeys(candidates))


@dataclass
class _File:
    """One file of the pack: what is on disk, and its tree as edited."""

    rel: str
    is_json: bool
    raw: bytes
    """The bytes on disk when the file was read or last saved."""
    lines: list[str]
    """``raw`` as text lines (newlines as \\n, no byte-order mark)."""
    base: list[str]
    """The lines the writer gives for the tree as read or last saved."""
    tree: Any
    bom: bool
    newline: str
    yaml: YAML | None = None
    json_indent: int | None = 2
    json_ascii: bool = False
    version: int = 0
    """Counts the edits made to the tree."""
    clean: int = 0
    """The version that is on disk."""
    dumped: tuple[int, bytes] | None = None

    def write(self) -> list[str]:
        """The tree as the writer gives it, as lines."""
        if self.is_json:
            text = json.dumps(self.tree, indent=self.json_indent, ensure_ascii=self.json_ascii)
            return (text + "\n").splitlines(keepends=True)
        assert self.yaml is not None
        buffer = io.StringIO()
        self.yaml.dump(self.tree, buffer)
        return buffer.getvalue().splitlines(keepends=True)

    def data(self) -> bytes:
        """The bytes saving would write now: the author's lines with the changes made."""
        if self.dumped is not None and self.dumped[0] == self.version:
            return self.dumped[1]
        if self.version == self.clean:
            result = self.raw
        else:
            text = "".join(merge_lines(self.lines, self.base, self.write()))
            if self.newline != "\n":
                text = text.replace("\n", self.newline)
            result = ("\ufeff" if self.bom else "").encode("utf-8") + text.encode("utf-8")
        self.dumped = (self.version, result)
        return result


def _split(raw: bytes) -> tuple[list[str], bool, str]:
    text = raw.decode("utf-8")
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n").splitlines(keepends=True), bom, newline


def _read_file(source: PackSource, rel: str) -> _File:
    """Read, check with the strict parser, then load as a round-trip tree."""
    display = source.display(rel)
    try:
        raw = source.read(rel)
    except SourceError as exc:
        raise DocumentError([Problem(exc.where, None, "(file)", exc.message)]) from None
    try:
        parse(rel, raw)  # limits, duplicate keys, anchors, tags and number forms first
    except ParseError as exc:
        raise DocumentError([Problem(display, exc.line, "(file)", exc.message)]) from None
    lines, bom, newline = _split(raw)
    text = "".join(lines)
    if rel.endswith(".json"):
        tree = json.loads(text)
        indent_match = re.search(r"^( +)\S", text, re.MULTILINE)
        indent = len(indent_match.group(1)) if indent_match else None
        ascii_only = "\\u" in text and text.isascii()
        doc = _File(rel, True, raw, lines, [], tree, bom, newline, None, indent, ascii_only)
        doc.base = doc.write()
        return doc
    best: _File | None = None
    best_distance = -1
    for mapping, sequence, offset in _guess_indents(text):
        yaml = _yaml(mapping, sequence, offset)
        try:
            tree = yaml.load(text)
        except YAMLError as exc:  # the strict parser accepted it; this is unexpected
            raise DocumentError(
                [
                    Problem(
                        display,
                        None,
                        "(file)",
                        _("this file cannot be opened for editing: {reason}").format(reason=exc),
                    )
                ]
            ) from None
        doc = _File(rel, False, raw, lines, [], tree, bom, newline, yaml)
        doc.base = doc.write()
        if doc.base == lines:
            return doc
        distance = sum(size for _a, _b, size in _blocks(doc.base, lines))
        if distance > best_distance:
            best, best_distance = doc, distance
    assert best is not None
    return best


def _blocks(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    return [
        (m.a, m.b, m.size)
        for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    ]


# ---------------------------------------------------------------- edits


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


Edit = Put | Insert | Remove


class _MemorySource(PackSource):
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


@dataclass
class Check:
    """The pack as it stands, checked by the loader: loaded, or the problems found (a
    loaded pack may have problems too: a sign-off that no longer matches its content)."""

    loaded: LoadedPack | None
    problems: list[Problem] = field(default_factory=list)


Listener = Callable[[Where], None]


class PackDocument:
    """A pack folder (or, read-only, an archive) open for editing."""

    def __init__(self, path: Path) -> None:
        try:
            source = open_source(path)
            parts = {"pack": find_file(source, "pack"), "content": find_file(source, "content")}
            locales = translation_files(source)
            names = source.files()
        except SourceError as exc:
            raise DocumentError([Problem(exc.where, None, "(pack)", exc.message)]) from None
        missing = [
            Problem(
                source.display(stem + ".yaml"),
                None,
                "(file)",
                _("the pack has no {stem}.yaml (or {stem}.json); every pack needs one").format(
                    stem=stem
                ),
            )
            for stem, rel in parts.items()
            if rel is None
        ]
        if missing:
            raise DocumentError(missing)
        self.path = path
        self.source = source
        self.parts: dict[str, str] = {k: v for k, v in {**parts, **locales}.items() if v}
        """File by part: 'pack', 'content', or a locale code."""
        self.files: dict[str, _File] = {}
        problems: list[Problem] = []
        for rel in self.parts.values():
            try:
                self.files[rel] = _read_file(source, rel)
            except DocumentError as exc:
                problems += exc.problems
        if problems:
            raise DocumentError(problems)
        self.others: dict[str, bytes] = {}
        """The pack's other files (the evidence summary ...), as read; never edited."""
        try:
            for rel in names:
                if rel not in self.files:
                    self.others[rel] = source.read(rel)
        except SourceError as exc:
            raise DocumentError([Problem(exc.where, None, "(file)", exc.message)]) from None
        self.read_only: str | None = None
        """Why the pack cannot be saved where it is (None: it can)."""
        if isinstance(source, ArchiveSource):
            self.read_only = _(
                "{path} is an archive, which opens read-only. To edit the pack, unpack it "
                "into a folder named after its id and open that folder."
            ).format(path=path)
        self.signed = is_signed(source)
        """True when the pack carries a signature, which a saved change leaves behind."""
        self._listeners: list[Listener] = []
        self._checked: tuple[tuple[int, ...], Check] | None = None
        self._quick: tuple[tuple[int, ...], Check] | None = None

    # -- places ------------------------------------------------------------------

    def part_of(self, rel: str) -> str | None:
        """'pack', 'content' or the locale of a file of the pack."""
        for part, name in self.parts.items():
            if name == rel:
                return part
        return None

    def rel_of_display(self, display: str) -> str | None:
        """The file a problem names (as the loader shows it), as the pack names it."""
        for rel in (*self.files, *self.others):
            if self.source.display(rel) == display:
                return rel
        return None

    def where_of(self, problem: Problem) -> Where | None:
        """The place a problem points at, when it is in one of the edited files."""
        rel = self.rel_of_display(problem.file)
        if rel is None or rel not in self.files:
            return None
        translation = self.part_of(rel) not in ("pack", "content")
        return (rel, *parse_field_path(problem.path, translation=translation))

    # -- reading -----------------------------------------------------------------

    def node(self, where: Where) -> Any:
        """The round-trip node at ``where``; MISSING when nothing is there."""
        rel, *loc = where
        doc = self.files.get(str(rel))
        if doc is None:
            return MISSING
        node = doc.tree
        for step in loc:
            in_block = isinstance(node, dict) and isinstance(step, str) and step in node
            in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)
            if not (in_block or in_list):
                return MISSING
            node = node[step]
        return node

    def get(self, where: Where) -> Any:
        """The plain value at ``where`` (see :func:`plain`); MISSING when absent."""
        node = self.node(where)
        return MISSING if node is MISSING else plain(node)

    # -- changing ----------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(where)`` after every change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def put(self, where: Where, value: Any, order: Sequence[str] = (), *, like: Any = None) -> Put:
        """An edit that sets ``value`` at ``where`` (MISSING or None removes the key).

        The new node is written the way the old one was, or the way ``like`` was (the
        node before the author began typing, so that a space typed on the way to the
        next word never leaves quotes behind). A key not there yet goes before the first
        key that ``order`` puts after it (else at the end).
        """
        old = self.node(where)
        if value is None or value is MISSING:
            return Put(where, MISSING)
        node = styled(old if like is None else like, value)
        index = None
        if old is MISSING and order:
            parent = self.node(where[:-1])
            key = where[-1]
            if isinstance(parent, dict) and key in order:
                later = set(order[order.index(str(key)) + 1 :])
                keys = list(parent)
                index = next((i for i, k in enumerate(keys) if k in later), None)
        return Put(where, node, index)

    def insert(self, where: Where, value: Any) -> Insert:
        """An edit that inserts ``value`` into a list at the index that ends ``where``."""
        return Insert(where, styled(MISSING, value))

    def apply(self, edit: Edit) -> Edit:
        """Make one edit; returns the edit that undoes it."""
        rel, *loc = edit.where
        doc = self.files.get(str(rel))
        if doc is None or not loc:
            raise KeyError(edit.where)
        parent = self.node(edit.where[:-1])
        key = loc[-1]
        inverse: Edit
        if isinstance(edit, Put):
            inverse = self._put(parent, key, edit)
        elif isinstance(edit, Insert):
            if not isinstance(parent, CommentedSeq | list) or not isinstance(key, int):
                raise KeyError(edit.where)
            parent.insert(key, edit.node)
            if edit.comment is not None and isinstance(parent, CommentedSeq):
                parent.ca.items[key] = edit.comment
            inverse = Remove(edit.where)
        else:
            if not isinstance(parent, list) or not isinstance(key, int):
                raise KeyError(edit.where)
            comment = parent.ca.items.get(key) if isinstance(parent, CommentedSeq) else None
            node = parent[key]
            del parent[key]
            inverse = Insert(edit.where, node, comment)
        doc.version += 1
        self._checked = self._quick = None
        for listener in list(self._listeners):
            listener(edit.where)
        return inverse

    def _put(self, parent: Any, key: str | int, edit: Put) -> Put:
        if isinstance(parent, dict) and isinstance(key, str):
            keys = list(parent)
            had = key in parent
            old = parent[key] if had else MISSING
            old_index = keys.index(key) if had else None
            old_comment = parent.ca.items.get(key) if isinstance(parent, CommentedMap) else None
            if edit.node is MISSING:
                if had:
                    del parent[key]
                    if isinstance(parent, CommentedMap):
                        parent.ca.items.pop(key, None)
            elif had and isinstance(parent, CommentedMap):
                # Put in place of the old key: assigning would keep the old node's quotes.
                del parent[key]
                parent.insert(old_index, key, edit.node)
            elif had:
                parent[key] = edit.node
            elif isinstance(parent, CommentedMap) and edit.index is not None:
                parent.insert(edit.index, key, edit.node)
            else:
                parent[key] = edit.node
            restore = edit.node is not MISSING and not had and edit.comment is not None
            if restore and isinstance(parent, CommentedMap):
                parent.ca.items[key] = edit.comment
            return Put(edit.where, old, old_index, old_comment)
        if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
            if edit.node is MISSING:
                raise KeyError(edit.where)
            old = parent[key]
            list.__setitem__(parent, key, edit.node)
            return Put(edit.where, old)
        raise KeyError(edit.where)

    def set(self, where: Where, value: Any, order: Sequence[str] = (), *, like: Any = None) -> Edit:
        """Set ``value`` at ``where`` now (see :meth:`put`); returns the edit that undoes it."""
        return self.apply(self.put(where, value, order, like=like))

    # -- checking ----------------------------------------------------------------

    def data(self, rel: str) -> bytes:
        """The bytes saving would write into ``rel`` now."""
        return self.files[rel].data()

    def versions(self) -> tuple[int, ...]:
        """One number per file that changes with every edit of it."""
        return tuple(doc.version for doc in self.files.values())

    def check(self) -> Check:
        """Load the pack as it stands, in memory, through the real loader: the bytes
        saving would write, so every problem names its line."""
        versions = self.versions()
        if self._checked is not None and self._checked[0] == versions:
            return self._checked[1]
        files = {**self.others, **{rel: doc.data() for rel, doc in self.files.items()}}
        result = self._load(files, {})
        self._checked = (versions, result)
        return result

    def quick_check(self) -> Check:
        """The same check, quicker: the files' data handed to the loader as JSON.

        Writing a file out as YAML is the slow part of :meth:`check` (a few tenths of a
        second for a large pack on a busy machine); its data as JSON is the same data,
        which :meth:`save` makes sure of. The problems name their files as the pack
        does, without a line: :meth:`check` gives the lines.
        """
        versions = self.versions()
        if self._quick is not None and self._quick[0] == versions:
            return self._quick[1]
        if self._checked is not None and self._checked[0] == versions:
            return self._checked[1]
        served = {rel: _as_json_name(rel) for rel in self.files}
        files = dict(self.others)
        for rel, doc in self.files.items():
            files[served[rel]] = json.dumps(plain(doc.tree), ensure_ascii=False).encode("utf-8")
        shown = {
            self.source.display(name): self.source.display(rel) for rel, name in served.items()
        }
        result = self._load(files, shown)
        self._quick = (versions, result)
        return result

    def _load(self, files: dict[str, bytes], shown: dict[str, str]) -> Check:
        """The loader's verdict on these files; ``shown``: file names to put back.

        A pack that says it is clinically reviewed loads even when its content changed
        after the sign-off, so that its author can go on; that problem is listed.
        """
        loaded: LoadedPack | None
        try:
            loaded = load_pack(self.path, _MemorySource(self.source, files), check_review=False)
        except PackError as exc:
            loaded, problems = None, exc.problems
        else:
            current = pack_review_hash(loaded)
            problems = [
                loaded.problem("pack", loc, message, rule="review.sign-off")
                for loc, message in review_problems(loaded.meta, current)
            ]
        if shown:
            problems = [
                replace(p, file=shown[p.file], line=None) if p.file in shown else p
                for p in problems
            ]
        return Check(loaded, problems)

    def write_copy(self, folder: Path) -> Path:
        """Write the pack as it stands into ``folder``/<its name>, for a tool that works on
        a pack folder (a version bump, a sign-off); returns that folder."""
        target = folder / self.source.name
        for rel, data in {**self.others, **{r: d.data() for r, d in self.files.items()}}.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return target

    def edits_to(self, rel: str, raw: bytes) -> list[Edit]:
        """The edits that make ``rel`` hold the data of ``raw`` (that file as a tool wrote
        it): one per top-level field that differs, each written as the tool wrote it."""
        doc = self.files[rel]
        text = "".join(_split(raw)[0])
        new = json.loads(text) if doc.is_json else (doc.yaml or _yaml(2, 2, 0)).load(text)
        old = doc.tree
        if not isinstance(new, dict) or not isinstance(old, dict):
            raise ValueError(rel)
        edits: list[Edit] = []
        keys = list(new)
        for index, key in enumerate(keys):
            if key not in old or plain(old[key]) != plain(new[key]):
                edits.append(Put((rel, key), new[key], index if key not in old else None))
        edits += [Put((rel, key), MISSING) for key in old if key not in new]
        return edits

    def modified(self) -> list[str]:
        """The files whose bytes would change on saving."""
        return [rel for rel, doc in self.files.items() if doc.data() != doc.raw]

    # -- saving ------------------------------------------------------------------

    def _reads_back(self, rel: str) -> bool:
        """True when the bytes saving would write read back as the data that was checked."""
        doc = self.files[rel]
        try:
            return bool(parse(rel, doc.data()).data == plain(doc.tree))
        except ParseError:
            return False

    def changed_on_disk(self) -> list[str]:
        """The files that were changed (or removed) on disk since they were read."""
        changed = []
        for rel, doc in self.files.items():
            try:
                now = (self.path / rel).read_bytes()
            except OSError:
                changed.append(rel)
                continue
            if now != doc.raw:
                changed.append(rel)
        return changed

    def save(self, *, overwrite: bool = False) -> list[str]:
        """Write every changed file at once, atomically; returns the files written.

        Refuses (DocumentError) an archive, and, unless ``overwrite``, a file changed on
        disk since it was read: saving would lose that change.
        """
        if self.read_only is not None:
            raise DocumentError([Problem(str(self.path), None, "(pack)", self.read_only)])
        changed = self.modified()
        if not changed:
            return []
        if not overwrite:
            elsewhere = [rel for rel in self.changed_on_disk() if rel in changed]
            if elsewhere:
                raise DocumentError(
                    [
                        Problem(
                            self.source.display(rel),
                            None,
                            "(file)",
                            _(
                                "the file was changed on disk after it was opened here; saving "
                                "would lose that change. Reload the pack, or save anyway to "
                                "replace it"
                            ),
                        )
                        for rel in elsewhere
                    ]
                )
        unfaithful = [rel for rel in changed if not self._reads_back(rel)]
        if unfaithful:
            raise DocumentError(
                [
                    Problem(
                        self.source.display(rel),
                        None,
                        "(file)",
                        _(
                            "the file as it would be saved does not read back as edited, so it "
                            "was not saved; report this, with the pack, to the decision-aid "
                            "developers"
                        ),
                    )
                    for rel in unfaithful
                ]
            )
        writes = []
        for rel in changed:
            target = self.path / rel
            try:
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except OSError:
                mode = 0o644
            writes.append((target, self.files[rel].data(), mode))
        try:
            write_all_atomic(writes)
        except OSError as exc:
            raise DocumentError(
                [
                    Problem(
                        str(exc.filename or self.path),
                        None,
                        "(file)",
                        _("cannot be saved ({reason}); nothing was changed on disk").format(
                            reason=exc.strerror or exc
                        ),
                    )
                ]
            ) from exc
        for rel in changed:
            doc = self.files[rel]
            doc.raw = doc.data()
            doc.lines, doc.bom, doc.newline = _split(doc.raw)
            doc.base = doc.write()
            doc.clean = doc.version
        return changed


def _as_json_name(rel: str) -> str:
    """The name a file's data has when handed to the loader as JSON."""
    return rel.rsplit(".", 1)[0] + ".json"


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
