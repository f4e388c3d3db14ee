"""A pack file kept as its author wrote it: read as a round-trip tree, written back with
only the changed lines changed.

:func:`read_file` reads one of a pack's YAML or JSON files through the pack's own readers
(size and shape limits, the strict parser) before ruamel.yaml's round-trip loader sees
it, and finds the indentation the author uses. :func:`styled` makes a new value look like
the one it replaces (quotes, block style, the line breaks of a folded text, comments), and
:func:`merge_lines` keeps the author's lines wherever the change left them alone, so that
editing a few words of one cell changes one line of the file. No Qt.
"""

from __future__ import annotations

import copy
import difflib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
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

from decision_aid.content.errors import Problem
from decision_aid.content.parse import ParseError, parse, parse_yaml
from decision_aid.content.source import PackSource, SourceError
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


def yaml_writer(mapping: int, sequence: int, offset: int) -> YAML:
    """A round-trip YAML reader and writer with this indentation (keys, list items, dash)."""
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
class PackFile:
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
    on_disk: bool = True
    """False for a file that saving has not written yet (a new translation)."""

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


def split_lines(raw: bytes) -> tuple[list[str], bool, str]:
    text = raw.decode("utf-8")
    bom = text.startswith("\ufeff")
    text = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n").splitlines(keepends=True), bom, newline


def read_file(source: PackSource, rel: str) -> PackFile:
    """Read, check with the strict parser, then load as a round-trip tree."""
    try:
        raw = source.read(rel)
    except SourceError as exc:
        raise DocumentError([Problem(exc.where, None, "(file)", exc.message)]) from None
    return file_from_bytes(rel, raw, source.display(rel))


def new_file(rel: str, raw: bytes, display: str) -> PackFile:
    """A file that is not on disk yet, to hold ``raw`` once saved (checked as a file read
    from disk is)."""
    doc = file_from_bytes(rel, raw, display)
    doc.raw, doc.lines, doc.base = b"", [], []
    doc.on_disk = False
    doc.clean = -1  # never as on disk until saved
    return doc


def file_from_bytes(rel: str, raw: bytes, display: str) -> PackFile:
    """The bytes of a pack file, checked with the strict parser, as a round-trip tree."""
    try:
        parse(rel, raw)  # limits, duplicate keys, anchors, tags and number forms first
    except ParseError as exc:
        raise DocumentError([Problem(display, exc.line, "(file)", exc.message)]) from None
    lines, bom, newline = split_lines(raw)
    text = "".join(lines)
    if rel.endswith(".json"):
        tree = json.loads(text)
        indent_match = re.search(r"^( +)\S", text, re.MULTILINE)
        indent = len(indent_match.group(1)) if indent_match else None
        ascii_only = "\\u" in text and text.isascii()
        doc = PackFile(rel, True, raw, lines, [], tree, bom, newline, None, indent, ascii_only)
        doc.base = doc.write()
        return doc
    best: PackFile | None = None
    best_distance = -1
    for mapping, sequence, offset in _guess_indents(text):
        yaml = yaml_writer(mapping, sequence, offset)
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
        doc = PackFile(rel, False, raw, lines, [], tree, bom, newline, yaml)
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
