"""Turn YAML or JSON bytes into plain data plus a map from field path to line.

YAML is composed with ruamel.yaml's safe loader (its C parser when installed), then
converted by hand: only maps, lists, strings, whole numbers, decimals, booleans, null
and dates are allowed. Anchors and aliases are refused, which also defuses alias
bombs. Duplicate keys are refused in both YAML and JSON.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from decision_aid.i18n import _

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest pack file read, in bytes."""
MAX_DEPTH = 40
MAX_NODES = 200_000

Loc = tuple[str | int, ...]


class ParseError(Exception):
    """The text is not acceptable YAML or JSON. ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Parsed:
    """Plain data and the line (1-based) where each field path starts."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """Line of the deepest known prefix of ``loc``."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


_YAML = YAML(typ="safe", pure=False)

_BOOL = {"true": True, "false": False, "True": True, "False": False, "TRUE": True, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}


def _scalar(node: ScalarNode) -> Any:
    tag = node.tag
    value: str = node.value
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:int":
        text = value.replace("_", "")
        try:
            if text.lower().startswith(("0x", "+0x", "-0x")):
                return int(text, 16)
            if text.lower().startswith(("0o", "+0o", "-0o")):
                return int(text, 8)
            return int(text, 10)
        except ValueError as exc:
            raise ParseError(
                _("'{value}' is not a whole number").format(value=value), node.start_mark.line + 1
            ) from exc
    if tag == "tag:yaml.org,2002:float":
        text = value.replace("_", "").lower()
        number = float(text.replace(".inf", "inf").replace(".nan", "nan"))
        if not math.isfinite(number):
            raise ParseError(
                _("'{value}' is not a finite number").format(value=value), node.start_mark.line + 1
            )
        return number
    if tag == "tag:yaml.org,2002:bool" and value in _BOOL:
        return _BOOL[value]
    if tag == "tag:yaml.org,2002:null" and value in _NULL:
        return None
    if tag == "tag:yaml.org,2002:timestamp":
        # Kept as text; the models parse dates themselves.
        return value
    raise ParseError(
        _("the tag '{tag}' is not allowed; write plain text, numbers, true/false or dates").format(
            tag=tag
        ),
        node.start_mark.line + 1,
    )


def _convert(root: Node, lines: dict[Loc, int]) -> Any:
    seen: set[int] = set()
    count = 0

    def walk(node: Node, loc: Loc, depth: int) -> Any:
        nonlocal count
        count += 1
        line = node.start_mark.line + 1
        if count > MAX_NODES:
            raise ParseError(
                _("more than {limit} values; a pack file is never this big").format(
                    limit=MAX_NODES
                ),
                line,
            )
        if depth > MAX_DEPTH:
            raise ParseError(
                _("nested more than {limit} levels deep").format(limit=MAX_DEPTH), line
            )
        if id(node) in seen or getattr(node, "anchor", None):
            raise ParseError(
                _("anchors and aliases (&name, *name) are not allowed; write the value out"), line
            )
        seen.add(id(node))
        lines.setdefault(loc, line)
        if isinstance(node, MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise ParseError(_("the tag '{tag}' is not allowed").format(tag=node.tag), line)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if (
                    not isinstance(key_node, ScalarNode)
                    or key_node.tag == "tag:yaml.org,2002:merge"
                ):
                    raise ParseError(
                        _("keys must be plain words; merge keys (<<) are not allowed"),
                        key_node.start_mark.line + 1,
                    )
                key = str(key_node.value)
                if key in result:
                    raise ParseError(
                        _("the key '{key}' appears twice in the same block; keep one").format(
                            key=key
                        ),
                        key_node.start_mark.line + 1,
                    )
                lines[(*loc, key)] = key_node.start_mark.line + 1
                result[key] = walk(value_node, (*loc, key), depth + 1)
            return result
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise ParseError(_("the tag '{tag}' is not allowed").format(tag=node.tag), line)
            return [walk(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return _scalar(node)

    return walk(root, (), 0)


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise ParseError(
            _(
                "the file is {size} bytes; the limit is {limit} bytes. "
                "Split the content or remove what is not needed"
            ).format(size=len(raw), limit=MAX_FILE_BYTES)
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParseError(
            _("the file is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8").format(
                offset=exc.start
            )
        ) from exc


def parse_yaml(raw: bytes) -> Parsed:
    """Parse YAML text into plain data with line numbers."""
    text = _decode(raw)
    if "\x00" in text:
        raise ParseError(_("the file contains a NUL character; it is not a text file"))
    try:
        documents = list(_YAML.compose_all(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or _("malformed YAML")
        raise ParseError(_("not valid YAML: {problem}").format(problem=what), line) from exc
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise ParseError(_("not valid YAML: {problem}").format(problem=exc)) from exc
    if len(documents) != 1 or documents[0] is None:
        raise ParseError(_("expected exactly one YAML document holding the fields"))
    lines: dict[Loc, int] = {}
    data = _convert(documents[0], lines)
    return Parsed(data, lines)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ParseError(
                _("the key '{key}' appears twice in the same object; keep one").format(key=key)
            )
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ParseError(_("'{name}' is not a number JSON allows").format(name=name))


def parse_json(raw: bytes) -> Parsed:
    """Parse JSON text; duplicate keys are refused. Lines come from a YAML view of it."""
    text = _decode(raw)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except ParseError as exc:
        exc.line = _json_duplicate_line(text)
        raise
    except json.JSONDecodeError as exc:
        raise ParseError(
            _("not valid JSON: {problem} (column {column})").format(
                problem=exc.msg, column=exc.colno
            ),
            exc.lineno,
        ) from exc
    except RecursionError as exc:
        raise ParseError(_("nested more than {limit} levels deep").format(limit=MAX_DEPTH)) from exc
    lines: dict[Loc, int] = {}
    try:
        # JSON is YAML 1.2: the YAML view gives each field's line.
        _convert(_YAML.compose(text), lines)
    except (ParseError, YAMLError, ValueError, TypeError, RecursionError):
        lines = {}
    return Parsed(data, lines)


def _json_duplicate_line(text: str) -> int | None:
    try:
        _convert(_YAML.compose(text), {})
    except ParseError as exc:
        return exc.line
    except (YAMLError, ValueError, TypeError, RecursionError):
        return None
    return None


def parse(name: str, raw: bytes) -> Parsed:
    """Parse a pack file by its extension: .yaml, .yml or .json."""
    if name.endswith(".json"):
        return parse_json(raw)
    return parse_yaml(raw)
