"""``decision-aid packs ...`` for authors: translations, versions, compare, review, new and
import. The work is done by :mod:`decision_aid.authoring`; this module reads the arguments
and prints."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import err, out
from decision_aid.i18n import _, ngettext

LISTED = 10
"""Most string paths named in one line; more are counted."""

if TYPE_CHECKING:
    from decision_aid.authoring.translations import TranslationEntry
    from decision_aid.content.loader import LoadedPack


def _load(path: Path) -> LoadedPack | None:
    """The valid pack at ``path``, or None once its problems are said on stderr."""
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack

    try:
        return load_pack(path)
    except PackError as exc:
        err(_("INVALID {path}").format(path=path))
        for problem in exc.problems:
            err(f"  {problem}")
        return None


def _state_label(entry: TranslationEntry) -> str:
    labels = {
        "missing": _("missing"),
        "stale": _("stale"),
        "unchecked": _("unchecked"),
        "current": _("current"),
    }
    return labels[entry.state]


def _translations(args: argparse.Namespace) -> int:
    from decision_aid.authoring.errors import AuthoringError
    from decision_aid.authoring.translations import (
        counts,
        mark_current,
        needing_work,
        translation_entries,
    )

    if args.all and args.mark_current is None:
        err(_("--all goes with --mark-current: it marks every translated string current"))
        return 2
    if args.mark_current is not None and not args.mark_current and not args.all:
        err(_("--mark-current needs the string paths to mark, or --all"))
        return 2
    loaded = _load(args.path)
    if loaded is None:
        return 1
    locale = args.lang
    try:
        if args.mark_current is not None:
            keys = None if args.all else list(args.mark_current)
            changed = mark_current(loaded, locale, keys)
            if len(changed) > LISTED:
                out(
                    ngettext(
                        "{locale}: {n} string marked current",
                        "{locale}: {n} strings marked current",
                        len(changed),
                    ).format(locale=locale, n=len(changed))
                )
            elif changed:
                out(
                    _("{locale}: marked current: {keys}").format(
                        locale=locale, keys=", ".join(changed)
                    )
                )
            else:
                out(_("{locale}: nothing to mark; already current").format(locale=locale))
            return 0
        entries = translation_entries(loaded, locale)
    except AuthoringError as exc:
        err(str(exc))
        return 1
    if args.json:
        out(json.dumps([_entry_json(e) for e in entries], indent=2, ensure_ascii=False))
        return 0
    found = counts(entries)
    out(
        _(
            "{id}, {locale}: {total} strings: {missing} missing, {stale} stale, {unchecked} "
            "without a source hash, {numbers} with other numbers, {current} current"
        ).format(id=loaded.meta.id, locale=locale, total=len(entries), **found)
    )
    source = loaded.meta.source_language
    for entry in needing_work(entries):
        label = _state_label(entry)
        if entry.numbers_differ:
            label += ", " + _("other numbers")
        out(f"{label}: {entry.path}")
        out(f"  {source}: {entry.source}")
        if entry.translation is not None:
            out(f"  {locale}: {entry.translation}")
    return 0


def _entry_json(entry: TranslationEntry) -> dict[str, Any]:
    return {
        "path": entry.path,
        "state": entry.state,
        "source": entry.source,
        "translation": entry.translation,
        "numbers_differ": entry.numbers_differ,
        "source_numbers": list(entry.source_numbers),
        "translation_numbers": list(entry.translation_numbers),
    }


def add_commands(pack_commands: Any) -> None:
    """Add the authors' sub-commands to ``packs``'s sub-parsers."""
    translations = pack_commands.add_parser(
        "translations",
        help=_("list a language's missing, stale and unchecked strings, or mark them current"),
    )
    translations.add_argument("path", type=Path, metavar="PACK")
    translations.add_argument("--lang", required=True, metavar="L", help=_("the language, e.g. cy"))
    translations.add_argument(
        "--mark-current",
        nargs="*",
        metavar="KEY",
        help=_("record that these translations were checked against the source text as it is"),
    )
    translations.add_argument(
        "--all", action="store_true", help=_("with --mark-current: every translated string")
    )
    translations.add_argument("--json", action="store_true", help=_("print JSON"))
    translations.set_defaults(func=_translations)
