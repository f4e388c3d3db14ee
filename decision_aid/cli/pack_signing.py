"""``decision-aid packs keygen | sign | verify``: signing packs and checking their signatures."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import UsageError, err, existing, out, passphrase
from decision_aid.i18n import _, format_date, ngettext

if TYPE_CHECKING:
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.content.trust.status import PackTrust


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD")) from None


def _keygen(args: argparse.Namespace) -> int:
    from decision_aid.content.trust.keys import (
        SigningKeyError,
        key_id,
        load_public_key,
        make_key_pair,
        short_id,
    )

    secret = passphrase(args, confirm=True)
    try:
        private, public = make_key_pair(args.out, secret, force=args.force)
    except SigningKeyError as exc:
        err(str(exc))
        return 1
    text = public.read_text(encoding="ascii").strip()
    out(
        _(
            "Wrote {private}: the private key, encrypted with your passphrase and readable "
            "by you only. Keep it, and the passphrase, away from the packs you publish."
        ).format(private=private)
    )
    out(_("Wrote {public}: the public key, for the clinics that trust you.").format(public=public))
    out(_("Key id: {id}").format(id=short_id(key_id(load_public_key(public)))))
    out(_("A clinic pins it in 'pack_publishers' in its settings as: {key}").format(key=text))
    return 0


def _sign(args: argparse.Namespace) -> int:
    from decision_aid.content.trust.keys import SigningKeyError, load_private_key, short_id
    from decision_aid.content.trust.sign import SignError, sign_pack

    if not existing([args.pack]):
        return 2
    secret = passphrase(args)
    try:
        key = load_private_key(args.key, secret)
        signed = sign_pack(args.pack, key, expires=args.expires)
    except (SigningKeyError, SignError) as exc:
        err(str(exc))
        return 1
    manifest = signed.manifest
    out(
        _(
            "Signed {path}: {id} version {version}, {count} files, with key {key}; the "
            "signature expires on {expires}."
        ).format(
            path=args.pack,
            id=manifest.pack,
            version=manifest.version,
            count=len(manifest.files),
            key=short_id(key.id),
            expires=format_date(manifest.expires),
        )
    )
    if signed.kept:
        out(
            ngettext(
                "The signature by {n} other key is kept: the files are as it signed them.",
                "The signatures by {n} other keys are kept: the files are as they signed them.",
                signed.kept,
            ).format(n=signed.kept)
        )
    if signed.dropped:
        out(
            ngettext(
                "{n} earlier signature was removed: the pack or its expiry changed since. "
                "Ask its signer to sign again if your publisher needs more than one.",
                "{n} earlier signatures were removed: the pack or its expiry changed since. "
                "Ask their signers to sign again if your publisher needs more than one.",
                signed.dropped,
            ).format(n=signed.dropped)
        )
    return 0


def _policy() -> TrustPolicy:
    """The user's publishers and history, consulted but never written (verifying notes no
    version); a settings file that cannot be read is a usage error (exit 2)."""
    from decision_aid.content.trust.history import VersionHistory
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    history = VersionHistory(read_only=True)
    return TrustPolicy(publishers=settings.pack_publishers, history=history)


def _describe(trust: PackTrust) -> list[str]:
    """The lines about a verified pack (each shown indented)."""
    from decision_aid.content.trust.keys import short_id

    keys = ", ".join(short_id(k) for k in trust.signers)
    signer = ngettext(
        "Signer: {publisher} (key {keys})", "Signer: {publisher} (keys {keys})", len(trust.signers)
    )
    lines = [signer.format(publisher=trust.publisher_name(), keys=keys)]
    if trust.status == "example":
        lines.append(_("Trust: example content only; never clinically reviewed content"))
    else:
        lines.append(
            _(
                "Trust: a publisher this computer trusts ({count} of its keys signed; "
                "{threshold} needed)"
            ).format(count=len(trust.signers), threshold=trust.threshold)
        )
    if trust.version is not None:
        lines.append(_("Version: {version}").format(version=trust.version))
    if trust.signed_at is not None:
        lines.append(
            _("Signed on: {date}, {time} UTC").format(
                date=format_date(trust.signed_at.date()),
                time=trust.signed_at.strftime("%H:%M"),
            )
        )
    if trust.expires is not None:
        lines.append(_("Signature expires: {date}").format(date=format_date(trust.expires)))
    lines.append(
        ngettext("Files: {count}, as signed", "Files: {count}, each as signed", trust.files).format(
            count=trust.files
        )
    )
    return lines


def _verify(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import pack_paths
    from decision_aid.content.trust.verify import check_path

    if not existing(args.paths):
        return 2
    paths = pack_paths(args.paths)
    if not paths:
        err(_("No pack found in: {paths}").format(paths=", ".join(map(str, args.paths))))
        return 1
    policy = _policy()
    today = date.today()
    failed = 0
    for path in paths:
        out(str(path))
        try:
            checked = check_path(path, policy)
        except PackError as exc:
            failed += 1
            for problem in exc.problems:
                out(f"  {problem}")
            out(_("NOT OK: refused; nothing of this pack is used."))
            continue
        trust = checked.trust
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
            out(
                _(
                    "NOT OK: the signature expired; the kiosk refuses this copy and the "
                    "library warns before opening it. Get the current copy from its publisher."
                )
            )
            continue
        out(_("OK: signed, trusted, and every file as signed."))
    out(
        ngettext(
            "{n} pack checked, {bad} not OK.", "{n} packs checked, {bad} not OK.", len(paths)
        ).format(n=len(paths), bad=failed)
    )
    return 1 if failed else 0


def add_commands(pack_commands: Any) -> None:
    """Add ``keygen``, ``sign`` and ``verify`` to the ``packs`` sub-parsers."""
    keygen = pack_commands.add_parser(
        "keygen", help=_("make a key pair for signing packs (Ed25519, passphrase-protected)")
    )
    keygen.add_argument("--out", required=True, type=Path, metavar="KEY")
    keygen.add_argument("--passphrase-file", type=Path, metavar="F")
    keygen.add_argument(
        "--force", action="store_true", help=_("replace KEY and KEY.pub if they exist")
    )
    keygen.set_defaults(func=_keygen)

    sign = pack_commands.add_parser(
        "sign", help=_("sign a pack folder or archive: write its signed manifest into it")
    )
    sign.add_argument("pack", type=Path, metavar="PACK")
    sign.add_argument("--key", required=True, type=Path, metavar="KEY")
    sign.add_argument("--passphrase-file", type=Path, metavar="F")
    sign.add_argument(
        "--expires",
        type=_date,
        metavar="YYYY-MM-DD",
        help=_("when the signature expires (by default in a year, never after the pack)"),
    )
    sign.set_defaults(func=_sign)

    verify = pack_commands.add_parser(
        "verify", help=_("check packs' signatures: signer, trust, version and expiry")
    )
    verify.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    verify.set_defaults(func=_verify)
