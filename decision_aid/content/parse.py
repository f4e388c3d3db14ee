"""Turn YAML or JSON bytes into plain data plus a map from field path to line.

YAML is read as a stream of parser events (ruamel.yaml's C parser when installed) and
composed here, one event at a time, with every limit checked as the event arrives:
nesting depth, number of values, anchors, aliases, tags, duplicate keys and number forms.
Nothing deeper or bigger than the limits is ever built, so a hostile file is refused
after a few events instead of exhausting the stack or the clock. The parser itself keeps
its state on the heap, never on the C stack.

Only maps, lists, strings, whole numbers, decimals, booleans, null and dates come out.
Anchors and aliases are refused, which also defuses alias bombs. JSON is read by the
standard library after a scan that refuses deep nesting and overlong numbers.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from decision_aid.i18n import _

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest pack file read, in bytes."""
MAX_DEPTH = 40
"""Most lists and blocks of fields nested inside one another."""
MAX_NODES = 200_000
"""Most values (keys, texts, numbers, lists and blocks) in one file."""
MAX_NUMBER_CHARS = 20
"""Longest number, in characters."""

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


def _too_deep(line: int | None) -> ParseError:
    return ParseError(
        _(
            "lists and blocks of fields are nested more than {limit} levels deep; "
            "a pack never needs this many levels"
        ).format(limit=MAX_DEPTH),
        line,
    )


def _too_many(line: int | None) -> ParseError:
    return ParseError(
        _("more than {limit} values; a pack file is never this big").format(limit=MAX_NODES),
        line,
    )


def _too_long(value: str, line: int | None) -> ParseError:
    return ParseError(
        _(
            "the number {start}… is {count} characters long; numbers in a pack have at most "
            "{limit} characters"
        ).format(start=value[:12], count=len(value), limit=MAX_NUMBER_CHARS),
        line,
    )


# ---------------------------------------------------------------- plain scalars

_BOOL = {"true": True, "false": False, "True": True, "False": False, "TRUE": True, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")
"""The one way a pack writes a whole number: digits, and a minus sign when negative."""
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)")
_NUMBER_LIKE = re.compile(
    r"[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
    r"|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9_]+)?|\.[0-9_]+(?:[eE][-+]?[0-9_]+)?)"
)
"""What YAML readers may take for a number: other bases, '+', '_' and leading zeros."""


def _number(value: str, line: int | None) -> int | float:
    if len(value) > MAX_NUMBER_CHARS:
        raise _too_long(value, line)
    if _WHOLE.fullmatch(value):
        return int(value)
    number = float(value)
    if not math.isfinite(number):
        raise ParseError(_("'{value}' is not a finite number").format(value=value), line)
    return number


def _plain(value: str, line: int | None) -> Any:
    """The value of an unquoted scalar. Anything else a pack writes is text."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _DECIMAL.fullmatch(value):
        return _number(value, line)
    if _NOT_FINITE.fullmatch(value):
        raise ParseError(_("'{value}' is not a finite number").format(value=value), line)
    if _NUMBER_LIKE.fullmatch(value):
        raise ParseError(
            _(
                "'{value}' is not a number as a pack writes it: write whole numbers with the "
                "digits 0 to 9 only, such as 20 (no '+', '_', leading zeros, 0x, 0o or 0b), "
                "and decimals such as 0.5; if it is text, put it in quotes"
            ).format(value=value[:40]),
            line,
        )
    # Dates stay text (the models parse them), like every other plain word.
    return value


# ---------------------------------------------------------------- YAML composer


def _c_parser() -> Any:
    """ruamel.yaml's C parser class, or None when its C library is not installed."""
    try:
        from ruamel.yaml import cyaml
    except ImportError:
        return None
    return getattr(cyaml, "CParser", None)


def _events(text: str) -> Generator[Event, None, None]:
    """The parser events of ``text``, pulled one at a time."""
    parser_class = _c_parser()
    if parser_class is None:
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = parser_class(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


class _Open:
    """A list or block of fields still being read."""

    __slots__ = ("key", "loc", "value")

    def __init__(self, loc: Loc, value: dict[str, Any] | list[Any]) -> None:
        self.loc = loc
        self.value = value
        self.key: str | None = None


class _Composer:
    """Builds plain data from events, refusing each limit as soon as it is passed."""

    def __init__(self) -> None:
        self.lines: dict[Loc, int] = {}
        self.stack: list[_Open] = []
        self.nodes = 0
        self.documents = 0
        self.root: Any = None

    def feed(self, event: Event) -> None:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, StreamStartEvent | StreamEndEvent | DocumentEndEvent):
            return
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise ParseError(_("expected exactly one YAML document holding the fields"), line)
            return
        if isinstance(event, CollectionEndEvent):
            self.stack.pop()
            return
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _too_many(line)
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ParseError(
                _("anchors and aliases (&name, *name) are not allowed; write the value out"), line
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise ParseError(
                _(
                    "the tag '{tag}' is not allowed; write plain text, numbers, true/false or "
                    "dates without a tag"
                ).format(tag=tag),
                line,
            )
        parent = self.stack[-1] if self.stack else None
        if parent is not None and isinstance(parent.value, dict) and parent.key is None:
            self._key(event, parent, line)
            return
        value: Any
        if isinstance(event, ScalarEvent):
            value = _plain(event.value, line) if event.implicit[0] else event.value
        elif isinstance(event, MappingStartEvent | SequenceStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise _too_deep(line)
            value = {} if isinstance(event, MappingStartEvent) else []
        else:  # pragma: no cover - every node event is handled above
            raise ParseError(_("not valid YAML: {problem}").format(problem=event), line)
        loc = self._place(parent, value)
        if line is not None:
            self.lines.setdefault(loc, line)
        if isinstance(value, dict | list):
            self.stack.append(_Open(loc, value))

    def _key(self, event: Event, parent: _Open, line: int | None) -> None:
        if not isinstance(event, ScalarEvent) or (event.implicit[0] and event.value == "<<"):
            raise ParseError(_("keys must be plain words; merge keys (<<) are not allowed"), line)
        key = str(event.value)
        assert isinstance(parent.value, dict)
        if key in parent.value:
            raise ParseError(
                _("the key '{key}' appears twice in the same block; keep one").format(key=key[:80]),
                line,
            )
        parent.key = key
        if line is not None:
            self.lines[(*parent.loc, key)] = line

    def _place(self, parent: _Open | None, value: Any) -> Loc:
        if parent is None:
            self.root = value
            return ()
        if isinstance(parent.value, list):
            parent.value.append(value)
            return (*parent.loc, len(parent.value) - 1)
        assert parent.key is not None
        key, parent.key = parent.key, None
        parent.value[key] = value
        return (*parent.loc, key)


def _compose(text: str) -> Parsed:
    composer = _Composer()
    stream = _events(text)
    try:
        for event in stream:
            composer.feed(event)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or _("malformed YAML")
        raise ParseError(_("not valid YAML: {problem}").format(problem=what), line) from exc
    except (YAMLError, ValueError, TypeError) as exc:
        raise ParseError(_("not valid YAML: {problem}").format(problem=exc)) from exc
    finally:
        stream.close()
    if composer.documents != 1:
        raise ParseError(_("expected exactly one YAML document holding the fields"))
    return Parsed(composer.root, composer.lines)


# ---------------------------------------------------------------- files


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
    return _compose(text)


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[{]|[\]}]|-?[0-9][-+0-9.eE]*|\n')
"""Strings (skipped whole), brackets, numbers and line ends: enough to measure JSON."""


def _scan_json(text: str) -> None:
    """Refuse deep nesting and overlong numbers before the JSON reader sees them."""
    depth = 0
    line = 1
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line += 1
        elif first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(line)
        elif first in "]}":
            depth -= 1
        elif first != '"' and len(token) > MAX_NUMBER_CHARS:
            raise _too_long(token, line)


def _count_json(data: Any) -> None:
    count = 0
    todo = [data]
    while todo:
        item = todo.pop()
        count += 1
        if isinstance(item, dict):
            count += len(item)
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
        if count > MAX_NODES:
            raise _too_many(None)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ParseError(
                _("the key '{key}' appears twice in the same object; keep one").format(key=key[:80])
            )
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ParseError(_("'{name}' is not a number JSON allows").format(name=name))


def _json_whole(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _too_long(text, None)
    return int(text)


def _json_decimal(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ParseError(_("'{value}' is not a finite number").format(value=text[:40]))
    return number


def parse_json(raw: bytes) -> Parsed:
    """Parse JSON text; duplicate keys are refused. Lines come from a YAML view of it."""
    text = _decode(raw)
    _scan_json(text)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constants,
            parse_int=_json_whole,
            parse_float=_json_decimal,
        )
    except ParseError as exc:
        exc.line = exc.line or _yaml_view_error_line(text)
        raise
    except json.JSONDecodeError as exc:
        raise ParseError(
            _("not valid JSON: {problem} (column {column})").format(
                problem=exc.msg, column=exc.colno
            ),
            exc.lineno,
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise ParseError(_("not valid JSON: {problem}").format(problem=exc)) from exc
    _count_json(data)
    try:
        # JSON is YAML 1.2: the YAML view gives each field's line.
        lines = _compose(text).lines
    except ParseError:
        lines = {}
    return Parsed(data, lines)


def _yaml_view_error_line(text: str) -> int | None:
    try:
        _compose(text)
    except ParseError as exc:
        return exc.line
    return None


def parse(name: str, raw: bytes) -> Parsed:
    """Parse a pack file by its extension: .yaml, .yml or .json."""
    if name.endswith(".json"):
        return parse_json(raw)
    return parse_yaml(raw)
