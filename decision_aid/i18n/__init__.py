"""Translation of UI and record strings through gettext catalogs managed with Babel.

Use ``_`` for a message, ``ngettext`` for one with a count, and ``N_`` to mark a
message that is translated later, at display time, with ``translate``. Every call
takes string literals (never an f-string: the extractor cannot read inside one).
Pack content is translated inside the pack, not here.

Catalogs live in ``translations/<locale>/LC_MESSAGES/decision_aid.po``; set-up
compiles them to ``decision_aid/locale`` (the ``.mo`` files are never committed).
"""

from __future__ import annotations

import gettext
import os
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from pathlib import Path

DOMAIN = "decision_aid"
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
"""Compiled catalogs: ``<locale>/LC_MESSAGES/decision_aid.mo``."""

_state: dict[str, gettext.NullTranslations | str] = {
    "catalog": gettext.NullTranslations(),
    "language": SOURCE_LANGUAGE,
}
_listeners: list[Callable[[str], None]] = []
_using: ContextVar[tuple[gettext.NullTranslations, str] | None] = ContextVar(
    "decision_aid_i18n_using", default=None
)
"""The language of a :func:`using` block: local to its thread (and context), so a record
built in the patient's language off the GUI thread never changes the screen's words."""


def _catalog() -> gettext.NullTranslations:
    override = _using.get()
    if override is not None:
        return override[0]
    catalog = _state["catalog"]
    assert isinstance(catalog, gettext.NullTranslations)
    return catalog


def _(message: str) -> str:
    """The message in the current language."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return _catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction without translating it now."""
    return message


def translate(marked: str) -> str:
    """A message marked with ``N_`` elsewhere (held in a variable), in the current language.

    ``_`` and ``ngettext`` take string literals only, which the extractor reads;
    ``tests/i18n/test_message_calls.py`` checks it.
    """
    return _catalog().gettext(marked)


def available_languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """The source language plus every language with a compiled catalog."""
    found = {SOURCE_LANGUAGE}
    if locale_dir.is_dir():
        for child in locale_dir.iterdir():
            if (child / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(child.name)
    return sorted(found)


NATIVE_NAMES = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ar": "العربية"}
"""The shipped languages' own names (as CLDR spells them), without loading Babel at start."""


def native_name(code: str) -> str:
    """A language's name in that language, e.g. 'Cymraeg' for 'cy'."""
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code)
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:] if name else code


_MO_MAGIC = 0x950412DE


def peek(code: str, message: str, locale_dir: Path = LOCALE_DIR) -> str:
    """``message`` in the language ``code``, read from its compiled catalog without
    loading the whole catalog: for a screen that shows one line in several languages at
    once (the kiosk's welcome), before anyone has chosen one. The message itself when
    the language or the translation is missing, or the catalog cannot be read."""
    if code == SOURCE_LANGUAGE:
        return message
    try:
        data = (locale_dir / code / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
        order = "<" if struct.unpack_from("<I", data)[0] == _MO_MAGIC else ">"
        count, originals, translations = struct.unpack_from(f"{order}3I", data, 8)
        table = struct.unpack_from(f"{order}{2 * count}I", data, originals)
        key = message.encode("utf-8")
        for index in range(count):
            length, offset = table[2 * index], table[2 * index + 1]
            if length == len(key) and data[offset : offset + length] == key:
                length, offset = struct.unpack_from(f"{order}2I", data, translations + 8 * index)
                return data[offset : offset + length].decode("utf-8") or message
    except (OSError, struct.error, UnicodeDecodeError):
        return message
    return message


def current_language() -> str:
    """The active language code."""
    override = _using.get()
    return override[1] if override is not None else str(_state["language"])


def set_language(code: str, locale_dir: Path = LOCALE_DIR) -> str:
    """Switch the UI language; returns the language actually used.

    An unknown language falls back to the source language. Listeners (the UI's
    retranslation hooks) are told about the change.
    """
    code, catalog = _catalog_for(code, locale_dir)
    _state["catalog"] = catalog
    _state["language"] = code
    for listener in list(_listeners):
        listener(code)
    return code


def _catalog_for(code: str, locale_dir: Path) -> tuple[str, gettext.NullTranslations]:
    if code == SOURCE_LANGUAGE or code not in available_languages(locale_dir):
        return SOURCE_LANGUAGE, gettext.NullTranslations()
    return code, gettext.translation(DOMAIN, localedir=str(locale_dir), languages=[code])


@contextmanager
def using(code: str, locale_dir: Path = LOCALE_DIR) -> Iterator[str]:
    """Translate into ``code`` inside the block, then restore the previous language.

    For a document or window in a language other than the UI's (the patient's view,
    a record in the patient's language). Listeners are not told: nothing else changes,
    and other threads keep their language (a record built off the GUI thread does not
    change the screen's words while it is built).
    """
    code, catalog = _catalog_for(code, locale_dir)
    token = _using.set((catalog, code))
    try:
        yield code
    finally:
        _using.reset(token)


RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"})
"""Languages written right to left (CLDR's character order), without loading Babel at start."""


def is_right_to_left(code: str) -> bool:
    """True for languages written right to left (Arabic, Hebrew, Persian, Urdu ...)."""
    return code.replace("-", "_").split("_")[0].lower() in RIGHT_TO_LEFT


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(code)`` after each language change; returns an unsubscribe function."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


def preferred_language(locale_dir: Path = LOCALE_DIR) -> str:
    """The best available language for the user's environment (LANGUAGE, LC_ALL, LANG)."""
    wanted: list[str] = []
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        wanted += [part.split(".")[0].split("@")[0] for part in value.split(":") if part]
    available = {code.lower(): code for code in available_languages(locale_dir)}
    for code in wanted:
        for candidate in (code.lower(), code.split("_")[0].lower()):
            if candidate in available:
                return available[candidate]
    return SOURCE_LANGUAGE


FORMAT_LOCALES = {"en": "en_GB"}
"""Which regional conventions a language's dates and numbers follow (British English)."""


def _babel_locale() -> str:
    from babel import Locale, UnknownLocaleError

    code = current_language().replace("-", "_")
    code = FORMAT_LOCALES.get(code, code)
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        base = code.split("_")[0]
        return FORMAT_LOCALES.get(base, base) if base != code else "en_GB"
    return code


class Formats:
    """Where dates and times are formatted; by default Babel (CLDR).

    The GUI installs one on Qt's own locale data (:func:`use_formats`), so that it does not
    load Babel's as well. Each method returns None for a style it does not make; Babel
    makes that one.
    """

    def date(self, value: date, style: str, language: str) -> str | None:
        return None

    def time(self, value: datetime, style: str, language: str) -> str | None:
        return None

    def datetime(self, value: datetime, style: str, language: str) -> str | None:
        return None


_formats: list[Formats] = [Formats()]


def use_formats(formats: Formats) -> None:
    """Format dates and times with ``formats`` from now on (in every thread)."""
    _formats[0] = formats


def format_date(value: date, style: str = "medium") -> str:
    """A date for the current language, e.g. '25 Nov 2026' or '25 lis 2026'."""
    made = _formats[0].date(value, style, current_language())
    if made is not None:
        return made
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, format=style, locale=_babel_locale()))


def format_datetime(value: datetime, style: str = "medium") -> str:
    """A date and time for the current language, in the value's own time zone."""
    made = _formats[0].datetime(value, style, current_language())
    if made is not None:
        return made
    from babel.dates import format_datetime as babel_format_datetime

    return str(babel_format_datetime(value, format=style, locale=_babel_locale()))


def format_time(value: datetime, style: str = "short") -> str:
    """A time of day for the current language."""
    made = _formats[0].time(value, style, current_language())
    if made is not None:
        return made
    from babel.dates import format_time as babel_format_time

    return str(babel_format_time(value, format=style, locale=_babel_locale()))


def or_list(items: list[str]) -> str:
    """Alternatives joined as the current language does: 'a, b or c', 'a, b lub c'."""
    if not items:
        return ""
    joined = items[0]
    for position, item in enumerate(items[1:], start=2):
        if position < len(items):
            joined = _("{list}, {item}").format(list=joined, item=item)
        else:
            joined = _("{list} or {item}").format(list=joined, item=item)
    return joined


def format_number(value: float) -> str:
    """A number for the current language (Latin digits, local separators)."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_babel_locale()))


def format_percent(value: float) -> str:
    """A share (0.38) as a percentage for the current language ('38%', '38 %')."""
    from babel.numbers import format_percent as babel_format_percent

    return str(babel_format_percent(value, locale=_babel_locale()))
