"""Translations side by side: what is missing, stale or has other numbers, and marking a
checked translation current.

:func:`translation_entries` lists every translatable text of a pack with its translation
into one language, missing strings first, then stale ones, then those without a recorded
source hash, then the rest, each with whether its numbers differ from the source's. The
workbench shows them side by side; ``decision-aid packs translations`` prints them.

:func:`mark_current` records, for translations a translator has checked, the hash of the
source text as it is now (``source_hashes`` in the translation file), keeping the rest of
the file exactly as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from decision_aid.authoring.errors import AuthoringError
from decision_aid.authoring.packfile import pack_folder
from decision_aid.authoring.roundtrip import block_map, open_document, quoted
from decision_aid.content.lint.numbers import numbers
from decision_aid.content.loader import TRANSLATIONS_DIR, LoadedPack
from decision_aid.content.model import Pack, TranslationFile
from decision_aid.content.translation_state import STATE_ORDER, State, string_states
from decision_aid.i18n import _

__all__ = [
    "TranslationEntry",
    "counts",
    "entries_for",
    "mark_current",
    "needing_work",
    "translation_entries",
]

HASHES_COMMENT = (
    "The hash of the source text each string was translated from, written by\n"
    "'decision-aid packs translations PACK --lang L --mark-current KEY' once the\n"
    "translation is checked. When a source text changes afterwards, its translation is stale."
)
"""The comment written above ``source_hashes`` when a file gets it (pack files are English)."""


@dataclass(frozen=True)
class TranslationEntry:
    """One text of the pack beside its translation into one language."""

    path: str
    """The string path (the key in the translation file), e.g. 'options.surgery.name'."""
    source: str
    """The source text as it is now."""
    translation: str | None
    """The translated text; None when missing."""
    state: State
    """'missing', 'stale', 'unchecked' (no source hash recorded) or 'current'."""
    source_numbers: tuple[str, ...]
    """The numbers the source text gives, in order ('5%' for a percentage)."""
    translation_numbers: tuple[str, ...]
    """The numbers the translation gives; empty when it is missing."""

    @property
    def numbers_differ(self) -> bool:
        """True when a translation gives other numbers than its source."""
        return self.translation is not None and sorted(self.source_numbers) != sorted(
            self.translation_numbers
        )

    @property
    def needs_work(self) -> bool:
        """True unless it is translated, current and gives the source's numbers."""
        return self.state != "current" or self.numbers_differ


def _numbers(text: str, locale: str) -> tuple[str, ...]:
    return tuple(sorted(numbers(text, locale).elements()))


def entries_for(
    pack: Pack, translation: TranslationFile, source_language: str, locale: str
) -> list[TranslationEntry]:
    """Every translatable text of ``pack`` with its translation, missing first, then stale,
    then unchecked, then current; within each, in the pack's reading order."""
    out: list[TranslationEntry] = []
    for item in string_states(pack, translation):
        out.append(
            TranslationEntry(
                path=item.path,
                source=item.source,
                translation=item.translation,
                state=item.state,
                source_numbers=_numbers(item.source, source_language),
                translation_numbers=(
                    _numbers(item.translation, locale) if item.translation is not None else ()
                ),
            )
        )
    return sorted(out, key=lambda entry: STATE_ORDER[entry.state])


def _empty(locale: str) -> TranslationFile:
    return TranslationFile(format_version=1, locale=locale, status="not started", strings={})


def translation_entries(loaded: LoadedPack, locale: str) -> list[TranslationEntry]:
    """The side-by-side list for one language of a loaded pack (every string is missing
    when the pack has no translation into it yet)."""
    if locale == loaded.meta.source_language:
        raise AuthoringError(
            str(loaded.source.location),
            _("'{locale}' is the language the pack is written in; choose another").format(
                locale=locale
            ),
        )
    translation = loaded.translations.get(locale) or _empty(locale)
    return entries_for(loaded.pack, translation, loaded.meta.source_language, locale)


def needing_work(entries: Sequence[TranslationEntry]) -> list[TranslationEntry]:
    """The entries a translator should look at: not current, or with other numbers."""
    return [entry for entry in entries if entry.needs_work]


Count = Literal["missing", "stale", "unchecked", "current", "numbers"]


def counts(entries: Sequence[TranslationEntry]) -> dict[Count, int]:
    """How many entries are in each state, and how many give other numbers."""
    found: dict[Count, int] = {"missing": 0, "stale": 0, "unchecked": 0, "current": 0}
    for entry in entries:
        found[entry.state] += 1
    found["numbers"] = sum(entry.numbers_differ for entry in entries)
    return found


def mark_current(loaded: LoadedPack, locale: str, keys: Sequence[str] | None) -> list[str]:
    """Record the current source hash for ``keys`` (every translated string when None) in
    the pack folder's translation file. Returns the keys whose hash changed.

    Raises :class:`AuthoringError`, and writes nothing, for a pack that is not a folder, a
    language the pack has no file for, or a key that names no text or is not translated.
    """
    folder = pack_folder(loaded)
    rel = loaded.files.get(locale)
    translation = loaded.translations.get(locale)
    if rel is None or translation is None or locale == loaded.meta.source_language:
        raise AuthoringError(
            str(loaded.source.location),
            _(
                "the pack has no translation file for '{locale}' ({folder}/{locale}.yaml); "
                "its translations: {known}"
            ).format(
                locale=locale,
                folder=TRANSLATIONS_DIR,
                known=", ".join(loaded.translations) or "-",
            ),
        )
    states = {item.path: item for item in string_states(loaded.pack, translation)}
    where = loaded.source.display(rel)
    if keys is None:
        chosen = [path for path, item in states.items() if item.translation is not None]
    else:
        chosen = list(dict.fromkeys(keys))
        for key in chosen:
            if key not in states:
                raise AuthoringError(
                    where,
                    _(
                        "'{key}' names no text in the pack; 'decision-aid packs strings' "
                        "lists the paths"
                    ).format(key=key),
                )
            if states[key].translation is None:
                raise AuthoringError(
                    where,
                    _("'{key}' is not translated yet; translate it first").format(key=key),
                )
    changed = [key for key in chosen if states[key].recorded_hash != states[key].current_hash]
    if not changed:
        return []
    document = open_document(folder / rel)
    fresh = "source_hashes" not in document.data
    hashes = block_map(document.data, "source_hashes")
    for key in changed:
        hashes[key] = quoted(states[key].current_hash)
    if fresh and hasattr(document.data, "yaml_set_comment_before_after_key"):
        document.data.yaml_set_comment_before_after_key("source_hashes", before=HASHES_COMMENT)
    document.save()
    return changed
