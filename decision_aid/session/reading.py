"""Read a session record from JSON bytes: strictly, with errors that name the place.

Used for every record that comes from outside the running app: a session file given to
``report build`` or ``report fhir``, and a draft opened for recovery. On top of the
schema (:mod:`decision_aid.session.model`), the JSON itself must be plain: UTF-8 (a
byte-order mark is allowed), at most ``MAX_SESSION_BYTES``, no key twice in the same
object (JSON parsers disagree on which one wins; packs refuse them too), no NaN or
Infinity, and numbers in decimal only (JSON has no hex or octal; a number as text, such
as "0x14", is not a number either).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from decision_aid.i18n import _, translate
from decision_aid.session.model import MAX_SESSION_BYTES, PATTERN_WORDS, SessionRecord

MAX_NUMBER_DIGITS = 30
"""Longest number accepted; no field of a record needs more than a few digits."""
MAX_DEPTH = 20
"""Deepest nesting accepted; a record is a few levels deep."""
SHOWN_ERRORS = 5
"""How many schema errors a message lists."""
SHOWN_INPUT = 60
"""Most characters of a refused value quoted in a message."""


class SessionReadError(ValueError):
    """The bytes are not a session record; the message says where and what is expected."""


class _Duplicate:
    """Stands in for an object that has a key twice, so its place can be found."""

    def __init__(self, key: str) -> None:
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> Any:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            return _Duplicate(key)
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise SessionReadError(
        _("{name} is not a number a session can hold; write a finite decimal number").format(
            name=name
        )
    )


def _number(text: str) -> int | float:
    if len(text) > MAX_NUMBER_DIGITS:
        raise SessionReadError(
            _("a number of {n} digits is too long; no field of a session needs one").format(
                n=len(text)
            )
        )
    return float(text) if any(c in text for c in ".eE") else int(text)


def path_text(loc: tuple[str | int, ...]) -> str:
    """A field path as 'plan.questions[3]'; '(top level)' for the whole record."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("(top level)")


def _find_duplicate(data: Any) -> tuple[str, str] | None:
    """Where an object with a repeated key is, and the key; None when there is none."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, _Duplicate):
            return path_text(loc), value.key
        if len(loc) > MAX_DEPTH:
            raise SessionReadError(_("it is nested too deeply to be a session record"))
        if isinstance(value, dict):
            stack.extend((child, (*loc, key)) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((child, (*loc, i)) for i, child in reversed(list(enumerate(value))))
    return None


def _problem(error: Any) -> str:
    """What a schema error says, with a pattern described in words, never shown."""
    if error["type"] == "string_pattern_mismatch":
        given = repr(error.get("input"))
        if len(given) > SHOWN_INPUT:
            given = given[: SHOWN_INPUT - 1] + "…"
        words = PATTERN_WORDS.get(error.get("ctx", {}).get("pattern", ""))
        if words is not None:
            return _("{given} does not have the expected form; expected {what}").format(
                given=given, what=translate(words)
            )
        return _("{given} does not have the expected form").format(given=given)
    return str(error["msg"])


def schema_problems(exc: ValidationError) -> str:
    """The first few schema errors of a record, one per line, each with its field path."""
    errors = exc.errors(include_url=False)
    lines = [
        _("{where}: {problem}").format(where=path_text(tuple(e["loc"])), problem=_problem(e))
        for e in errors[:SHOWN_ERRORS]
    ]
    if len(errors) > SHOWN_ERRORS:
        lines.append(_("… and {n} more").format(n=len(errors) - SHOWN_ERRORS))
    return "\n".join(lines)


def parse_session(data: bytes) -> SessionRecord:
    """The record in ``data``, or SessionReadError saying what is wrong and where."""
    if len(data) > MAX_SESSION_BYTES:
        raise SessionReadError(
            _("it is {size} bytes; a session record is at most {limit}").format(
                size=len(data), limit=MAX_SESSION_BYTES
            )
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionReadError(
            _("it is not UTF-8 text (byte {offset}); save it as UTF-8").format(offset=exc.start + 1)
        ) from None
    try:
        parsed = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_no_constant,
            parse_int=_number,
            parse_float=_number,
        )
    except json.JSONDecodeError as exc:
        raise SessionReadError(
            _("line {line}: not valid JSON ({problem})").format(line=exc.lineno, problem=exc.msg)
        ) from None
    except RecursionError:
        raise SessionReadError(_("it is nested too deeply to be a session record")) from None
    duplicate = _find_duplicate(parsed)
    if duplicate is not None:
        raise SessionReadError(
            _("{where}: the key '{key}' appears twice in the same object; keep one").format(
                where=duplicate[0], key=duplicate[1]
            )
        )
    try:
        return SessionRecord.model_validate_json(text)
    except ValidationError as exc:
        raise SessionReadError(schema_problems(exc)) from None
