"""How complete each translation is, and keys that name no text.

Every text a patient can read is counted (support contacts and names included, see
``content/strings.py``), so a share of 100 % means nothing shows in the source language
unless the translation says so: texts kept exactly as in the source (names, addresses,
or a copy that was never translated) are listed for a native speaker to check.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import TranslationFile
from decision_aid.content.strings import localize, pack_strings, unknown_keys
from decision_aid.i18n import _, ngettext

LISTED = 10
"""Most missing paths named in one message."""


def share(translated: int, total: int) -> int:
    """Whole-number percentage that never shows 100 % while a string is missing, nor 0 % once
    one is translated."""
    if total == 0:
        return 100
    percent = (translated * 200 + total) // (total * 2)  # round half up
    if translated < total:
        percent = min(percent, 99)
    if translated > 0:
        percent = max(percent, 1)
    return percent


def check_locale(loaded: LoadedPack, locale: str, translation: TranslationFile) -> list[Problem]:
    """Share translated (info), missing paths and unknown keys (warnings) for one locale."""
    total = len(pack_strings(loaded.pack))
    missing = localize(loaded.pack, translation)[1]
    done = total - len(missing)
    source = loaded.meta.source_language
    out = [
        loaded.problem(
            locale,
            ("strings",),
            ngettext(
                "{locale}: {done} of {total} string translated ({percent}%)",
                "{locale}: {done} of {total} strings translated ({percent}%)",
                total,
            ).format(locale=locale, done=done, total=total, percent=share(done, total)),
            severity="info",
            rule="translation.coverage",
        ),
    ]
    if missing:
        listed = ", ".join(missing[:LISTED])
        if len(missing) > LISTED:
            message = ngettext(
                "{locale}: {count} string is not translated and shows in {source}: "
                "{listed} and {more} more",
                "{locale}: {count} strings are not translated and show in {source}: "
                "{listed} and {more} more",
                len(missing),
            )
        else:
            message = ngettext(
                "{locale}: {count} string is not translated and shows in {source}: {listed}",
                "{locale}: {count} strings are not translated and show in {source}: {listed}",
                len(missing),
            )
        out.append(
            loaded.problem(
                locale,
                ("strings",),
                message.format(
                    locale=locale,
                    count=len(missing),
                    source=source,
                    listed=listed,
                    more=len(missing) - LISTED,
                ),
                severity="warning",
                rule="translation.missing",
            )
        )
    strings = pack_strings(loaded.pack)
    same = [s.path for s in strings if translation.strings.get(s.path) == s.text]
    if same:
        out.append(
            loaded.problem(
                locale,
                ("strings",),
                ngettext(
                    "{locale}: {count} string is the same as in {source}; keep it only if it "
                    "is a name, a number or an address: {listed}",
                    "{locale}: {count} strings are the same as in {source}; keep them only if "
                    "they are names, numbers or addresses: {listed}",
                    len(same),
                ).format(
                    locale=locale,
                    count=len(same),
                    source=source,
                    listed=", ".join(same[:LISTED]) + (" …" if len(same) > LISTED else ""),
                ),
                severity="info",
                rule="translation.same",
            )
        )
    for key in unknown_keys(loaded.pack, translation):
        out.append(
            loaded.problem(
                locale,
                ("strings", key),
                _(
                    "'{key}' names no text in the pack; fix the path or remove it "
                    "('decision-aid packs strings' lists the paths)"
                ).format(key=key),
                severity="warning",
                rule="translation.unknown",
            )
        )
    return out


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """Every translation of the pack."""
    out: list[Problem] = []
    for locale, translation in loaded.translations.items():
        out += check_locale(loaded, locale, translation)
    return out
