"""``decision-aid packs ...`` for authors: translations, versions, compare, review, new and
import. The work is done by :mod:`decision_aid.authoring`; this module reads the arguments
and prints."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import date_arg, err, out, today
from decision_aid.i18n import _, ngettext

LISTED = 10
"""Most string paths named in one line; more are counted."""

if TYPE_CHECKING:
    from decision_aid.authoring.compare import Change
    from decision_aid.authoring.translations import TranslationEntry
    from decision_aid.content.loader import LoadedPack


def _load(path: Path, *, check_review: bool = True) -> LoadedPack | None:
    """The valid pack at ``path``, or None once its problems are said on stderr."""
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack

    if not path.exists():
        err(_("{path}: no such file or folder").format(path=path))
        return None
    try:
        return load_pack(path, check_review=check_review)
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


def _bump(args: argparse.Namespace) -> int:
    from decision_aid.authoring.errors import AuthoringError
    from decision_aid.authoring.versions import bump_version

    loaded = _load(args.path)
    if loaded is None:
        return 1
    try:
        bump = bump_version(loaded, args.part, args.note, today(args.date))
    except AuthoringError as exc:
        err(str(exc))
        return 1
    out(
        _("{id}: version {old} → {new}, with its changelog entry").format(
            id=loaded.meta.id, old=bump.old, new=bump.new
        )
    )
    if bump.back_to_example:
        out(
            _(
                "The review status is 'example' again: version {new} needs a clinician's "
                "sign-off (decision-aid packs review)."
            ).format(new=bump.new)
        )
    return 0


def _review(args: argparse.Namespace) -> int:
    from decision_aid.authoring.errors import AuthoringError
    from decision_aid.authoring.review import record_sign_off

    loaded = _load(args.path, check_review=False)
    if loaded is None:
        return 1
    try:
        sign_off = record_sign_off(
            loaded,
            role=args.role,
            name=args.name,
            interests=args.interests,
            credentials=args.credentials,
            day=today(args.date),
        )
    except AuthoringError as exc:
        err(str(exc))
        return 1
    out(
        _("{name} ({role}) signed off {id} {version} on {date}, review hash {hash}").format(
            name=sign_off.name,
            role=sign_off.role,
            id=loaded.meta.id,
            version=loaded.meta.version,
            date=sign_off.date.isoformat(),
            hash=sign_off.reviewed_hash,
        )
    )
    if sign_off.reviewed:
        out(_("The pack is now marked clinically reviewed, for as long as its content stays so."))
    return 0


def _kind_label(kind: str) -> str:
    labels = {
        "figure": _("figure"),
        "denominator": _("denominator"),
        "time frame": _("time frame"),
        "citation": _("citation"),
        "reference": _("reference"),
        "certainty": _("certainty"),
        "text": _("text"),
        "translation": _("translation"),
        "other": _("other"),
    }
    return labels[kind]


def _change_line(change: Change) -> str:
    old = "—" if change.old is None else change.old
    new = "—" if change.new is None else change.new
    line = f"{_kind_label(change.kind)}: {change.place}: {old} → {new}"
    if change.numbers_changed:
        line += " " + _("(numbers changed)")
    return line


def _compare(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from decision_aid.authoring.compare import compare_packs

    old = _load(args.old, check_review=False)
    new = _load(args.new, check_review=False)
    if old is None or new is None:
        return 1
    changes = compare_packs(old, new)
    if args.json:
        out(json.dumps([asdict(c) for c in changes], indent=2, ensure_ascii=False))
        return 0
    out(
        ngettext(
            "{old_id} {old} → {new_id} {new}: {n} change",
            "{old_id} {old} → {new_id} {new}: {n} changes",
            len(changes),
        ).format(
            old_id=old.meta.id,
            old=old.meta.version,
            new_id=new.meta.id,
            new=new.meta.version,
            n=len(changes),
        )
    )
    for change in changes:
        out(_change_line(change))
    return 0


def _made(folder: Path) -> None:
    out(_("Wrote {folder}").format(folder=folder))
    out(
        _(
            "Next: replace every text in [square brackets], then check it with "
            "'decision-aid packs lint {folder}'."
        ).format(folder=folder)
    )


def _new(args: argparse.Namespace) -> int:
    from decision_aid.authoring.errors import AuthoringError
    from decision_aid.authoring.template import new_pack

    try:
        folder = new_pack(args.out, args.id, args.title, today(None))
    except AuthoringError as exc:
        err(str(exc))
        return 1
    _made(folder)
    return 0


def _import(args: argparse.Namespace) -> int:
    from decision_aid.authoring.errors import AuthoringError
    from decision_aid.authoring.sheet import read_grid
    from decision_aid.authoring.template import new_pack

    try:
        grid = read_grid(args.sheet_file, args.sheet)
        title = args.title or _DRAFT_TITLE
        folder = new_pack(args.out, args.id, title, today(None), grid)
    except AuthoringError as exc:
        err(str(exc))
        return 1
    out(
        ngettext(
            "Read {options} options and {questions} question from {sheet}.",
            "Read {options} options and {questions} questions from {sheet}.",
            len(grid.questions),
        ).format(options=len(grid.options), questions=len(grid.questions), sheet=args.sheet_file)
    )
    _made(folder)
    return 0


_DRAFT_TITLE = "[Title shown in the library]"
"""The title of an imported pack when none is given: pack text, in the pack's language."""


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

    bump = pack_commands.add_parser(
        "bump", help=_("raise a pack's version and add a changelog entry")
    )
    bump.add_argument("path", type=Path, metavar="PACK")
    bump.add_argument(
        "--part",
        required=True,
        choices=("major", "minor", "patch"),
        help=_("which part of the version to raise"),
    )
    bump.add_argument(
        "--note",
        required=True,
        action="append",
        metavar="TEXT",
        help=_("what changed, one line; repeat for more lines"),
    )
    bump.add_argument("--date", type=date_arg, help=_("the day of the entry (default: today)"))
    bump.set_defaults(func=_bump)

    review = pack_commands.add_parser(
        "review", help=_("record a reviewer's sign-off of the pack exactly as it is")
    )
    review.add_argument("path", type=Path, metavar="PACK")
    review.add_argument(
        "--role",
        required=True,
        choices=("clinician", "patient", "lead editor", "translator", "methods"),
        help=_("what the reviewer reviewed as; only a clinician's sign-off marks it reviewed"),
    )
    review.add_argument("--name", required=True, help=_("the reviewer's full name"))
    review.add_argument(
        "--interests",
        required=True,
        metavar="TEXT",
        help=_("declared competing interests, e.g. 'None declared.'"),
    )
    review.add_argument("--credentials", help=_("qualifications, e.g. 'GP, MRCGP'"))
    review.add_argument("--date", type=date_arg, help=_("the day of the sign-off (default: today)"))
    review.set_defaults(func=_review)

    compare = pack_commands.add_parser(
        "compare",
        help=_("list every changed figure, time frame, citation and text between two versions"),
    )
    compare.add_argument("old", type=Path, metavar="OLD", help=_("the earlier version"))
    compare.add_argument("new", type=Path, metavar="NEW", help=_("the later version"))
    compare.add_argument("--json", action="store_true", help=_("print JSON"))
    compare.set_defaults(func=_compare)

    new = pack_commands.add_parser("new", help=_("write a new pack from the template"))
    new.add_argument("id", metavar="ID", help=_("the pack's id, also its folder's name"))
    new.add_argument("--title", required=True, help=_("the title shown in the library"))
    new.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help=_("the folder to write it in")
    )
    new.set_defaults(func=_new)

    imports = pack_commands.add_parser(
        "import",
        help=_("write a new pack from a first draft of its grid in a CSV or XLSX spreadsheet"),
    )
    imports.add_argument("sheet_file", type=Path, metavar="SHEET")
    imports.add_argument("--id", required=True, help=_("the pack's id, also its folder's name"))
    imports.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help=_("the folder to write it in")
    )
    imports.add_argument("--title", help=_("the title shown in the library"))
    imports.add_argument(
        "--sheet", metavar="NAME", help=_("the sheet of an XLSX file (default: the first)")
    )
    imports.set_defaults(func=_import)
