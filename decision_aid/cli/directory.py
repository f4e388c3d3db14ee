"""``decision-aid directory validate | list | topics | schema | sign | verify | import``:
community directories, checked and signed as packs are."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import UsageError, err, existing, out, passphrase
from decision_aid.cli.pack_signing import _date, _describe
from decision_aid.i18n import _, format_date, ngettext

if TYPE_CHECKING:
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.directory.model import Entry

STALE_DAYS = 365
"""An entry last checked longer ago than this is flagged to staff."""


def _paths(args: argparse.Namespace) -> list[Path] | int:
    from decision_aid.directory.load import default_directory_dirs, directory_paths

    roots = args.paths or default_directory_dirs()
    if args.paths and not existing(args.paths):
        return 2
    paths = directory_paths([r for r in roots if r.exists()])
    if not paths:
        err(
            _("No community directory found in: {paths}").format(
                paths=", ".join(str(r) for r in roots)
            )
        )
        return 1
    return paths


def _policy(*, read_only: bool) -> TrustPolicy:
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.directory.load import default_directory_history
    from decision_aid.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    return TrustPolicy(
        publishers=settings.pack_publishers, history=default_directory_history(read_only)
    )


def _validate(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.directory.load import load_directory

    paths = _paths(args)
    if isinstance(paths, int):
        return paths
    invalid = 0
    for path in paths:
        try:
            loaded = load_directory(path)
        except PackError as exc:
            invalid += 1
            out(_("INVALID {path}").format(path=path))
            for problem in exc.problems:
                out(f"  {problem}")
            continue
        directory = loaded.directory
        out(
            _("valid   {path} ({id} {version})").format(
                path=path, id=directory.id, version=directory.version
            )
        )
    out(
        ngettext(
            "{n} directory checked, {bad} invalid.",
            "{n} directories checked, {bad} invalid.",
            len(paths),
        ).format(n=len(paths), bad=invalid)
    )
    return 1 if invalid else 0


def _untranslated(entry: Entry, language: str) -> list[str]:
    """The languages an entry runs in, other than its directory's, without a translation."""
    own = language.split("_", maxsplit=1)[0]
    return [
        code
        for code in entry.languages
        if code.split("_", maxsplit=1)[0] != own and entry.translation(code) is None
    ]


def _list(args: argparse.Namespace) -> int:
    from decision_aid.content.community_topics import topic_label
    from decision_aid.content.errors import PackError
    from decision_aid.directory.load import load_directory
    from decision_aid.directory.match import is_stale

    paths = _paths(args)
    if isinstance(paths, int):
        return paths
    policy = _policy(read_only=True)
    today = date.today()
    failed = 0
    for path in paths:
        try:
            loaded = load_directory(path, policy)
        except PackError as exc:
            failed += 1
            out(_("INVALID {path}").format(path=path))
            for problem in exc.problems:
                out(f"  {problem}")
            continue
        directory = loaded.directory
        out(f"{directory.id} {directory.version}: {directory.title} ({directory.area})")
        out("  " + loaded.trust.summary())
        if directory.example_data:
            out("  " + _("Example data: the groups and services in it are fictional."))
        for entry in directory.entries:
            topics = ", ".join(topic_label(t) for t in entry.topics)
            languages = ", ".join(entry.languages)
            out(f"  - {entry.id}: {entry.name} [{languages}] ({topics})")
            untranslated = _untranslated(entry, directory.language)
            if untranslated:
                out(
                    "    "
                    + _(
                        "runs in {languages}, but its text is in {language} only: its "
                        "speakers read it in {language} until you add translations"
                    ).format(languages=", ".join(untranslated), language=directory.language)
                )
            if is_stale(entry, today):
                out(
                    "    "
                    + _("last checked on {date}, more than 12 months ago").format(
                        date=format_date(entry.last_checked)
                    )
                )
    return 1 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    import json

    from decision_aid.directory.model import directory_json_schema

    out(json.dumps(directory_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _topics(args: argparse.Namespace) -> int:
    from decision_aid.content.community_topics import COMMUNITY_TOPICS, topic_label

    for name in COMMUNITY_TOPICS:
        out(f"{name}: {topic_label(name)}")
    return 0


def _sign(args: argparse.Namespace) -> int:
    from decision_aid.content.trust.keys import SigningKeyError, load_private_key, short_id
    from decision_aid.content.trust.sign import SignError
    from decision_aid.directory.signing import sign_directory

    if not existing([args.directory]):
        return 2
    secret = passphrase(args)
    try:
        key = load_private_key(args.key, secret)
        signed = sign_directory(args.directory, key, expires=args.expires)
    except (SigningKeyError, SignError) as exc:
        err(str(exc))
        return 1
    manifest = signed.manifest
    out(
        _(
            "Signed {path}: {id} version {version}, with key {key}; the signature expires "
            "on {expires}."
        ).format(
            path=args.directory,
            id=manifest.pack,
            version=manifest.version,
            key=short_id(key.id),
            expires=format_date(manifest.expires),
        )
    )
    return 0


def _verify(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.directory.load import load_directory

    paths = _paths(args)
    if isinstance(paths, int):
        return paths
    policy = _policy(read_only=True)
    today = date.today()
    failed = 0
    for path in paths:
        out(str(path))
        try:
            trust = load_directory(path, policy).trust
        except PackError as exc:
            failed += 1
            for problem in exc.problems:
                out(f"  {problem}")
            out(_("NOT OK: refused; nothing of this directory is used."))
            continue
        if not trust.verified:
            failed += 1
            out("  " + trust.summary())
            if trust.note:
                out("  " + trust.note)
            out(_("NOT OK: not signed by anyone this computer trusts."))
            continue
        for line in _describe(trust):
            out("  " + line)
        if trust.frozen(today):
            failed += 1
            out(_("NOT OK: the signature expired. Get the current copy from its publisher."))
            continue
        out(_("OK: signed, trusted, and every file as signed."))
    return 1 if failed else 0


def _import(args: argparse.Namespace) -> int:
    from decision_aid.directory.importing import Details, import_export
    from decision_aid.directory.openreferral import ExportError

    if not existing([args.file]):
        return 2
    details = Details(
        args.publisher, args.contact, args.area, args.title, args.example, args.language
    )
    try:
        count, report = import_export(args.file, args.out, details)
    except ExportError as exc:
        err(str(exc))
        return 1
    for line in report.lines:
        out("  " + line)
    out(
        ngettext(
            "Wrote {path}: {n} entry; {skipped} services left out (see above).",
            "Wrote {path}: {n} entries; {skipped} services left out (see above).",
            count,
        ).format(path=args.out / "directory.yaml", n=count, skipped=report.skipped)
    )
    out(
        _(
            "Read it through, fill in what the export did not say, then sign it with "
            "'decision-aid directory sign {path} --key KEY'."
        ).format(path=args.out)
    )
    return 0


def add_commands(commands: Any) -> None:
    """Add ``directory`` and its sub-commands."""
    parser = commands.add_parser(
        "directory", help=_("community directories: check, list, sign, verify, import")
    )
    sub = parser.add_subparsers(title=_("directory commands"), metavar="COMMAND", required=True)
    for name, func, text in (
        ("validate", _validate, _("check community directories against the format")),
        ("list", _list, _("list the directories, their trust and their entries")),
        ("verify", _verify, _("check directories' signatures: signer, trust and expiry")),
    ):
        command = sub.add_parser(name, help=text)
        command.add_argument("paths", type=Path, nargs="*", metavar="DIR")
        command.set_defaults(func=func)
    topics = sub.add_parser("topics", help=_("list the community topics packs and entries use"))
    topics.set_defaults(func=_topics)
    schema = sub.add_parser(
        "schema", help=_("print the JSON Schema of the directory format, with each field's help")
    )
    schema.set_defaults(func=_schema)
    sign = sub.add_parser("sign", help=_("sign a directory folder or archive with your key"))
    sign.add_argument("directory", type=Path, metavar="DIR")
    sign.add_argument("--key", required=True, type=Path, metavar="KEY")
    sign.add_argument("--passphrase-file", type=Path, metavar="F")
    sign.add_argument(
        "--expires",
        type=_date,
        metavar="YYYY-MM-DD",
        help=_("when the signature expires (by default in a year, never after the directory)"),
    )
    sign.set_defaults(func=_sign)
    imported = sub.add_parser(
        "import", help=_("make a directory from an Open Referral UK export (JSON or CSV)")
    )
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--out", required=True, type=Path, metavar="DIR")
    imported.add_argument(
        "--publisher", required=True, metavar="NAME", help=_("the organisation that keeps it")
    )
    imported.add_argument(
        "--contact", required=True, metavar="CONTACT", help=_("its email or web address")
    )
    imported.add_argument("--area", required=True, metavar="AREA", help=_("the area it covers"))
    imported.add_argument("--title", metavar="TITLE", help=_("its title (by default, NAME)"))
    imported.add_argument(
        "--example", action="store_true", help=_("mark it as example data (fictional entries)")
    )
    imported.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help=_("the language the export's text is written in (by default en)"),
    )
    imported.set_defaults(func=_import)
