"""Translation of UI and record strings through gettext catalogs managed with Babel.

Use ``_`` for a message, ``ngettext`` for one with a count, and ``N_`` to mark a
message that is translated later (at display time). Pack content is translated
inside the pack, not here.

Catalogs live in ``translations/<locale>/LC_MESSAGES/decision_aid.po``; set-up
compiles them to ``decision_aid/locale`` (the ``.mo`` files are never committed).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable
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


def _(message: str) -> str:
    """The message in the current language."""
    catalog = _state["catalog"]
    assert isinstance(catalog, gettext.NullTranslations)
    return catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    catalog = _state["catalog"]
    assert isinstance(catalog, gettext.NullTranslations)
    return catalog.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction without translating it now."""
    return message


def available_languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """The source language plus every language with a compiled catalog."""
    found = {SOURCE_LANGUAGE}
    if locale_dir.is_dir():
        for child in locale_dir.iterdir():
            if (child / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file():
                found.add(child.name)
    return sorted(found)


def native_name(code: str) -> str:
    """A language's name in that language, e.g. 'Cymraeg' for 'cy'."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(code)
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:] if name else code


def current_language() -> str:
    """The active language code."""
    return str(_state["language"])


def set_language(code: str, locale_dir: Path = LOCALE_DIR) -> str:
    """Switch the UI language; returns the language actually used.

    An unknown language falls back to the source language. Listeners (the UI's
    retranslation hooks) are told about the change.
    """
    if code == SOURCE_LANGUAGE or code not in available_languages(locale_dir):
        catalog: gettext.NullTranslations = gettext.NullTranslations()
        code = SOURCE_LANGUAGE
    else:
        catalog = gettext.translation(DOMAIN, localedir=str(locale_dir), languages=[code])
    _state["catalog"] = catalog
    _state["language"] = code
    for listener in list(_listeners):
        listener(code)
    return code


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(code)`` after each language change; returns an unsubscribe function."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


def preferred_language(locale_dir: Path = LOCALE_DIR) -> str:
    """The best available language for the user's environment (LANGUAGE, LC_ALL, LANG)."""
    from babel import negotiate_locale

    wanted: list[str] = []
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        wanted += [part.split(".")[0] for part in value.split(":") if part]
    choice = negotiate_locale(wanted, available_languages(locale_dir), sep="_")
    return choice or SOURCE_LANGUAGE
