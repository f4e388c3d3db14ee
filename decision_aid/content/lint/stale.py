"""Translations made from a source text that has changed since (see content.translation_state).

* ``translation.stale``: a translated string whose recorded source hash no longer matches
  the source text: the source changed after the translation was made (a warning at the
  string, with the command that marks it current once checked);
* ``translation.no-hashes``: a translation file that records no source hashes at all (a
  file written before they existed), so nothing can tell whether it is stale;
* ``translation.unchecked``: a file that records hashes, but not for some of its strings;
* ``translation.hash``: a source hash for a string the file does not translate.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.translations import LISTED
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import TranslationFile
from decision_aid.content.translation_state import string_states
from decision_aid.i18n import _, ngettext


def _pack_name(loaded: LoadedPack) -> str:
    """How the commands in a message name the pack: its folder or archive."""
    return str(loaded.source.location)


def check_locale(loaded: LoadedPack, locale: str, translation: TranslationFile) -> list[Problem]:
    """Stale strings, strings without a recorded hash and hashes without a string."""
    out: list[Problem] = []
    states = string_states(loaded.pack, translation)
    source = loaded.meta.source_language
    pack = _pack_name(loaded)
    for item in states:
        if item.state != "stale":
            continue
        out.append(
            loaded.problem(
                locale,
                ("strings", item.path),
                _(
                    "{locale}: '{key}' is stale: the {source} text changed after it was "
                    "translated. Check the translation against the new text, then mark it "
                    "current: decision-aid packs translations {pack} --lang {locale} "
                    "--mark-current {key}"
                ).format(locale=locale, key=item.path, source=source, pack=pack),
                severity="warning",
                rule="translation.stale",
            )
        )
    unchecked = [s.path for s in states if s.state == "unchecked"]
    if unchecked and not translation.source_hashes:
        out.append(
            loaded.problem(
                locale,
                ("strings",),
                _(
                    "{locale}: the file records no source hashes, so a translation whose "
                    "{source} text changed cannot be found. Check the translations, then record "
                    "them: decision-aid packs translations {pack} --lang {locale} "
                    "--mark-current --all"
                ).format(locale=locale, source=source, pack=pack),
                severity="warning",
                rule="translation.no-hashes",
            )
        )
    elif unchecked:
        listed = ", ".join(unchecked[:LISTED]) + (" …" if len(unchecked) > LISTED else "")
        out.append(
            loaded.problem(
                locale,
                ("source_hashes",),
                ngettext(
                    "{locale}: {count} translated string has no source hash: {listed}. Check "
                    "it, then mark it current: decision-aid packs translations {pack} --lang "
                    "{locale} --mark-current KEY",
                    "{locale}: {count} translated strings have no source hash: {listed}. Check "
                    "them, then mark them current: decision-aid packs translations {pack} "
                    "--lang {locale} --mark-current KEY",
                    len(unchecked),
                ).format(locale=locale, count=len(unchecked), listed=listed, pack=pack),
                severity="warning",
                rule="translation.unchecked",
            )
        )
    for key in translation.source_hashes:
        if key not in translation.strings:
            out.append(
                loaded.problem(
                    locale,
                    ("source_hashes", key),
                    _(
                        "{locale}: '{key}' has a source hash but no translated text; remove "
                        "the hash, or translate the string and mark it current"
                    ).format(locale=locale, key=key),
                    severity="warning",
                    rule="translation.hash",
                )
            )
    return out


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """Every translation of the pack."""
    out: list[Problem] = []
    for locale, translation in loaded.translations.items():
        out += check_locale(loaded, locale, translation)
    return out
