"""A settings file's validation errors, as sentences that name the file, the setting and the fix.

pydantic reports each problem as a kind (``int_type``, ``string_too_long``, ``extra_forbidden``
...) at a place (the setting's key, and the item's index in a list). This module holds
every sentence a person reads about a bad settings file: one per kind, worded for the
setting it is about, in the user's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from decision_aid.i18n import N_, _, ngettext, translate
from decision_aid.settings.model import FIELDS, SIGNATURE_LEVELS, Settings

MAX_SHOWN = 10
"""Most problems listed for one file; the rest are counted."""

_EXPECTED = {
    "organisation": N_("text"),
    "kiosk_printer": N_("text"),
    "time_zone": N_("text"),
    "tsa_url": N_("text"),
    "logo": N_("a file's path, as text"),
    "signing_key": N_("a file's path, as text"),
    "kiosk_public_key": N_("a file's path, as text"),
    "kiosk_private_key": N_("a file's path, as text"),
    "records_dir": N_("a folder's path, as text"),
    "kiosk_spool": N_("a folder's path, as text"),
    "trust_roots": N_("a list of files' paths, as text"),
    "ca_certificates": N_("a list of files' paths, as text"),
    "kiosk_packs": N_('a list of pack ids such as "knee-osteoarthritis"'),
    "kiosk_languages": N_('a list of language codes such as "cy"'),
}
"""What each setting must be, for a value of the wrong type (whole numbers, the signature
level, the PIN, the publishers and the FHIR object have sentences of their own)."""


def explain(path: Path, error: ValidationError) -> str:
    """Every problem of ``error`` (from validating the file ``path``), one per line."""
    found = error.errors(include_url=False)
    lines = [sentence(path, problem) for problem in found[:MAX_SHOWN]]
    more = len(found) - MAX_SHOWN
    if more > 0:
        lines.append(
            ngettext(
                "{path}: and {count} more problem", "{path}: and {count} more problems", more
            ).format(path=path, count=more)
        )
    return "\n".join(lines)


def sentence(path: Path, problem: ErrorDetails) -> str:
    """One problem, as a sentence that names ``path``, the setting and the fix."""
    kind = problem["type"]
    name = str(problem["loc"][0]) if problem["loc"] else ""
    ctx: dict[str, Any] = dict(problem.get("ctx") or {})
    value = problem["input"]
    if kind == "extra_forbidden":
        return _("{path}: unknown setting '{name}'; known settings are: {known}").format(
            path=path, name=name[:100], known=", ".join(sorted(FIELDS))
        )
    if kind == "nested":
        return str(ctx["message"])
    if kind == "pin":
        return _(
            "{path}: the setting 'kiosk_pin' is not a PIN hash made by 'decision-aid "
            "kiosk set-pin' ({problem}); set the PIN again with that command"
        ).format(path=path, problem=ctx["problem"])
    if name in _WHOLE_NUMBERS:
        least, most = _WHOLE_NUMBERS[name]
        return _(
            "{path}: the setting '{name}' must be a whole number from {least} to {most}"
        ).format(path=path, name=name, least=least, most=most)
    if kind in ("string_too_long", "text_too_long"):
        return _(
            "{path}: the setting '{name}' is {length} characters long; at most {limit} are allowed"
        ).format(
            path=path,
            name=name,
            length=len(str(value)),
            limit=ctx.get("limit", ctx.get("max_length")),
        )
    if kind == "nul":
        return _("{path}: the setting '{name}' holds a NUL character; remove it").format(
            path=path, name=name
        )
    if kind == "too_long":
        return _too_many(path, name, ctx["actual_length"], ctx["max_length"])
    if kind == "twice":
        return _("{path}: the setting '{name}' lists '{value}' twice; keep one").format(
            path=path, name=name, value=str(ctx["value"])[:70]
        )
    if len(problem["loc"]) > 1 and name in ("kiosk_packs", "kiosk_languages"):
        return _not_a_code(path, name, str(value)[:70])
    return _about_value(path, name, kind, value, ctx)


def _about_value(path: Path, name: str, kind: str, value: object, ctx: dict[str, Any]) -> str:
    """The problems of one whole value: its kind, or a check of its own."""
    if kind == "literal_error":
        return _(
            "{path}: the setting 'signature_level' is '{value}'; it must be one of {levels}"
        ).format(path=path, value=str(value)[:40], levels=", ".join(SIGNATURE_LEVELS))
    if kind == "time_zone":
        return _(
            "{path}: the time zone '{name}' is not known; give an IANA name such as "
            "Europe/London, or remove the setting to use the computer's own zone"
        ).format(path=path, name=str(ctx["name"])[:70])
    if kind == "url":
        return _("{path}: the setting 'tsa_url' must start with https:// or http://").format(
            path=path
        )
    expected = _EXPECTED.get(name)
    if expected is None:
        return _("{path}: the setting '{name}' has the wrong type").format(path=path, name=name)
    return _("{path}: the setting '{name}' has the wrong type; it must be {expected}").format(
        path=path, name=name, expected=translate(expected)
    )


def _too_many(path: Path, name: str, count: int, limit: int) -> str:
    if name == "trust_roots":
        return _("{path}: {count} trust roots are listed; at most {limit} are allowed").format(
            path=path, count=count, limit=limit
        )
    if name == "ca_certificates":
        return _("{path}: {count} CA certificates are listed; at most {limit} are allowed").format(
            path=path, count=count, limit=limit
        )
    return _(
        "{path}: the setting '{name}' lists {count} items; at most {limit} are allowed"
    ).format(path=path, name=name, count=count, limit=limit)


def _not_a_code(path: Path, name: str, shown: str) -> str:
    if name == "kiosk_packs":
        return _(
            "{path}: the setting 'kiosk_packs' lists '{value}', which is not a pack id "
            "(lower-case letters, digits, '-' and '_', as in 'knee-osteoarthritis')"
        ).format(path=path, value=shown)
    return _(
        "{path}: the setting 'kiosk_languages' lists '{value}', which is not a "
        "language code such as 'cy' or 'pt_BR'"
    ).format(path=path, value=shown)


def _bounds(name: str) -> tuple[int, int]:
    """The least and most a whole-number setting may be, from the model."""
    found = {type(m).__name__: m for m in Settings.model_fields[name].metadata}
    return int(found["Ge"].ge), int(found["Le"].le)


_WHOLE_NUMBERS = {
    name: _bounds(name) for name, field in Settings.model_fields.items() if field.annotation is int
}
