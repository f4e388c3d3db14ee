"""``decision-aid report ...``: build, verify and export the record of a consultation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.cli.common import (
    UsageError,
    check_session,
    err,
    find_pack,
    find_shown_pack,
    out,
    pack_roots,
    passphrase,
    read_session,
    sweep_temporaries,
)
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.content.loader import LoadedPack
    from decision_aid.report.verify import VerifyResult
    from decision_aid.session.model import SessionRecord


def _pack_for(
    args: argparse.Namespace, record: SessionRecord, *, other_hint: str
) -> tuple[LoadedPack, bool] | None:
    """The pack the session was shown (from the library, else the pack store), and False;
    or, with --allow-different-pack, the library's copy and True; None (after saying why
    on stderr) when the record must not be made."""
    from decision_aid.content.library import build_index
    from decision_aid.content.store import default_store_dir
    from decision_aid.report.pack_check import pack_difference
    from decision_aid.report.pipeline import PackMismatch

    entries = build_index(pack_roots(args))
    shown, store_problem = find_shown_pack(record, entries)
    if shown is not None:
        return shown, False
    current = find_pack(record.pack.id, [], entries)
    difference = pack_difference(current, record)
    assert difference is not None  # the library's copy would have been found
    if getattr(args, "allow_different_pack", False):
        err(
            _(
                "Note: making the record from {id} version {used} (content hash {used_hash}) "
                "although the patient was shown version {shown} (content hash {shown_hash}), "
                "as --allow-different-pack asks; every page of the record says so."
            ).format(
                id=current.meta.id,
                used=difference.used_version,
                used_hash=difference.used_hash,
                shown=difference.shown_version,
                shown_hash=difference.shown_hash,
            )
        )
        return current, True
    err(str(PackMismatch(difference)))
    if store_problem:
        err(store_problem)
    err(
        _(
            "To make it, add the folder that holds version {shown} with --packs DIR (a copy is "
            "kept in {store} when a consultation starts with it), or {other}"
        ).format(shown=record.pack.version, store=default_store_dir(), other=other_hint)
    )
    return None


def _build(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from decision_aid.report.fhir.bundle import Parties
    from decision_aid.report.pipeline import (
        HandoutSpec,
        RecordError,
        SignSpec,
        make_record,
        read_logo,
    )
    from decision_aid.report.summary import ReportOptions
    from decision_aid.report.when import clinic_zone
    from decision_aid.settings import SettingsError, load_settings

    sweep_temporaries(args.out.parent)
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    record = read_session(args.session)
    if record.pack.id != args.pack:
        raise UsageError(
            _("the session is for the pack '{session}', not '{pack}'").format(
                session=record.pack.id, pack=args.pack
            )
        )
    found = _pack_for(
        args,
        record,
        other_hint=_(
            "give --allow-different-pack to make it from the pack found, with a banner on "
            "every page saying that it differs from the one shown."
        ),
    )
    if found is None:
        return 1
    loaded, allow_different = found
    check_session(args.session, record, loaded)
    if args.lang is not None and args.lang not in loaded.languages:
        raise UsageError(
            _("the pack has no '{lang}' text; it has: {langs}").format(
                lang=args.lang, langs=", ".join(loaded.languages)
            )
        )
    logo = None
    if settings.logo is not None:
        try:
            logo = read_logo(settings.logo)
        except RecordError as exc:
            err(str(exc))
            return 1
    options = ReportOptions(
        created=record.finished or datetime.now(UTC),
        organisation=settings.organisation,
        logo=logo,
        locale=args.lang or record.pack.language,
        time_zone=clinic_zone(settings.time_zone),
        pdfa=args.pdfa,
    )
    sign = None
    key = args.sign or None
    if key is not None:
        from decision_aid.report.longterm import from_settings

        tsa_url = args.tsa or settings.tsa_url
        level, long_term = from_settings(settings, args.level, tsa_url)
        sign = SignSpec(key, passphrase(args), tsa_url, level, long_term)
    try:
        result = make_record(
            loaded,
            record,
            args.out,
            options=options,
            sign=sign,
            fhir=not args.no_fhir,
            overwrite=args.force,
            allow_different_pack=allow_different,
            handout=(
                HandoutSpec(identifiers=args.handout_identifiers)
                if args.handout or args.handout_identifiers
                else None
            ),
            parties=Parties.from_settings(settings.organisation, settings.fhir),
        )
    except RecordError as exc:
        err(str(exc))
        return 1
    out(
        (_("Wrote {path} (signed).") if result.signed else _("Wrote {path} (not signed).")).format(
            path=result.pdf
        )
    )
    if result.fhir is not None:
        out(_("Wrote {path}.").format(path=result.fhir))
    if result.handout is not None:
        out(_("Wrote {path} (the patient's take-home sheet).").format(path=result.handout))
    return 0


def _verify(args: argparse.Namespace) -> int:
    from decision_aid.report.verify import verify_pdf

    roots = list(args.trust or []) or _settings_trust_roots()
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot be read ({reason})").format(path=args.file, reason=exc.strerror)
        ) from exc
    result = verify_pdf(data, roots, require_trusted=bool(roots) and not args.allow_untrusted)
    _print_verification(args.file, result)
    if result.untrusted_refused:
        out(_("To check everything but whether the signer is trusted, give --allow-untrusted."))
    return 0 if result.ok else 1


def _settings_trust_roots() -> list[Path]:
    """The trust roots in the settings; a usage error (exit 2) naming the file when unusable."""
    from decision_aid.settings import SettingsError, load_settings, settings_path

    try:
        return load_settings().trust_roots
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    except (OSError, ValueError) as exc:  # e.g. a settings file that is not UTF-8
        raise UsageError(
            _(
                "{path}: the settings cannot be read ({reason}); fix or delete the file, "
                "or give the trust roots with --trust"
            ).format(path=settings_path(), reason=type(exc).__name__)
        ) from exc


def _print_verification(path: Path, result: VerifyResult) -> None:
    from decision_aid.i18n import current_language
    from decision_aid.report.verify.report_text import verification_lines
    from decision_aid.report.when import clinic_zone, conventions
    from decision_aid.settings import SettingsError, load_settings

    try:  # the clinic's time zone; a settings file that cannot be read leaves the computer's
        name = load_settings().time_zone
    except (SettingsError, OSError, ValueError):
        name = None
    for line in verification_lines(
        path, result, conventions(current_language()), clinic_zone(name)
    ):
        out(line)


def _extend(args: argparse.Namespace) -> int:
    """A new archive time-stamp on a signed record, written back to the same file."""
    import os
    import stat

    from decision_aid.atomic import write_atomic
    from decision_aid.report.keyfile import SigningError
    from decision_aid.report.longterm import LongTerm, extend
    from decision_aid.settings import SettingsError, load_settings

    sweep_temporaries(args.file.parent)
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    tsa_url = args.tsa or settings.tsa_url
    if not tsa_url:
        raise UsageError(
            _(
                "no time-stamp server is set: give --tsa URL, or set 'tsa_url' in the "
                "settings; nothing was changed"
            )
        )
    certificates = tuple(args.ca or ()) or tuple(settings.ca_certificates + settings.trust_roots)
    if not certificates:
        raise UsageError(
            _(
                "no CA certificates are set: give --ca FILE (the CA's root certificate), or "
                "list them in 'ca_certificates' in the settings; nothing was changed"
            )
        )
    try:
        data = args.file.read_bytes()
        mode = stat.S_IMODE(os.stat(args.file).st_mode)
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot be read ({reason})").format(path=args.file, reason=exc.strerror)
        ) from exc
    try:
        extended = extend(
            data, LongTerm(certificates, settings.revocation_timeout), tsa_url=tsa_url
        )
    except SigningError as exc:
        err(_("{path}: {problem} Nothing was changed.").format(path=args.file, problem=exc))
        return 1
    try:
        write_atomic(args.file, extended, mode=mode)
    except OSError as exc:
        err(
            _("{path} could not be written: {reason}. Nothing was changed.").format(
                path=args.file, reason=exc.strerror or exc
            )
        )
        return 1
    out(_("Added an archive time-stamp to {path}.").format(path=args.file))
    return 0


def _fhir(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from decision_aid.atomic import check_replaceable, write_atomic
    from decision_aid.report.fhir.bundle import Parties, build_bundle
    from decision_aid.settings import SettingsError, load_settings

    sweep_temporaries(args.out.parent)
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    record = read_session(args.session)
    found = _pack_for(
        args,
        record,
        other_hint=_(
            "make the record and its FHIR copy together with 'report build "
            "--allow-different-pack', which marks every page of the record."
        ),
    )
    if found is None:
        return 1
    loaded = found[0]
    check_session(args.session, record, loaded)
    if args.lang is not None and args.lang not in loaded.languages:
        raise UsageError(
            _("the pack has no '{lang}' text; it has: {langs}").format(
                lang=args.lang, langs=", ".join(loaded.languages)
            )
        )
    pdf = None
    if args.pdf is not None:
        try:
            pdf = args.pdf.read_bytes()
        except OSError as exc:
            raise UsageError(
                _("{path}: cannot be read ({reason})").format(path=args.pdf, reason=exc.strerror)
            ) from exc
    try:
        exists = check_replaceable(args.out)
    except OSError as exc:
        err(_("{path} cannot be replaced: {reason}.").format(path=args.out, reason=exc.strerror))
        return 1
    if exists and not args.force:
        err(_("{path} already exists; choose another name or give --force.").format(path=args.out))
        return 1
    signer = signed_at = None
    language = args.lang
    if pdf is not None:
        from decision_aid.report.fhir.pdf_language import pdf_language
        from decision_aid.report.verify import verify_pdf

        language = language or pdf_language(pdf, loaded.languages)
        from decision_aid.report.verify.words import reason

        check = verify_pdf(pdf)
        if check.signed and not check.sound:
            # The bundle's Provenance would vouch for a signature that does not hold.
            err(
                _(
                    "{path} does not verify ({reason}) The FHIR copy was not written: it "
                    "would vouch for that signature. Check the file with 'decision-aid "
                    "report verify', and use the record as it was signed."
                ).format(path=args.pdf, reason=reason(check))
            )
            return 1
        if check.signed:
            signer, signed_at = check.signer, check.signing_time
    try:
        bundle = build_bundle(
            loaded,
            record,
            pdf=pdf,
            pdf_name=args.pdf.name if args.pdf else "decision-summary.pdf",
            signer=signer,
            signed_at=signed_at,
            now=record.finished or datetime.now(UTC),
            document_language=language,
            parties=Parties.from_settings(settings.organisation, settings.fhir),
        )
    except ValueError as exc:
        err(_("The FHIR bundle could not be made: {problem}").format(problem=exc))
        return 1
    try:
        write_atomic(
            args.out,
            (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode(),
            mode=0o600,
        )
    except OSError as exc:
        err(_("{path} could not be written: {reason}").format(path=args.out, reason=exc.strerror))
        return 1
    out(_("Wrote {path}.").format(path=args.out))
    return 0


def add_commands(commands: Any) -> None:
    """Add ``report`` and its sub-commands to the top-level sub-parsers ``commands``."""
    report = commands.add_parser("report", help=_("the signed record of a consultation"))
    report.set_defaults(func=lambda _args: (report.print_help(), 2)[1])
    report_commands = report.add_subparsers(title=_("report commands"), metavar="COMMAND")
    build = report_commands.add_parser(
        "build", help=_("build the summary PDF from a saved session")
    )
    build.add_argument("--pack", required=True, metavar="ID")
    build.add_argument("--session", required=True, type=Path, metavar="FILE.json")
    build.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    build.add_argument("--sign", type=Path, metavar="FILE.p12", help=_("sign with this key"))
    build.add_argument("--passphrase-file", type=Path, metavar="F")
    build.add_argument("--tsa", metavar="URL", help=_("time-stamp server for PAdES B-T"))
    build.add_argument(
        "--level",
        choices=["B-B", "B-T", "B-LT", "B-LTA"],
        help=_(
            "PAdES level (default: the settings', else B-T with a time-stamp server, else B-B); "
            "B-LT and B-LTA need a time-stamp server and the CA certificates"
        ),
    )
    build.add_argument(
        "--pdfa",
        choices=["3b", "1b"],
        default="3b",
        help=_("PDF/A-3b with attachments (default) or PDF/A-1b without"),
    )
    build.add_argument(
        "--lang", metavar="L", help=_("language of the record (default: the patient's language)")
    )
    build.add_argument("--no-fhir", action="store_true", help=_("do not write the FHIR copy"))
    build.add_argument(
        "--handout",
        action="store_true",
        help=_(
            "also write the patient's take-home sheet, <name>.take-home.pdf: one page in the "
            "patient's language, not signed, without the patient's name or identifier"
        ),
    )
    build.add_argument(
        "--handout-identifiers",
        action="store_true",
        help=_(
            "put the patient's name, identifier and date of birth on the take-home sheet "
            "(implies --handout)"
        ),
    )
    build.add_argument("--force", action="store_true", help=_("replace existing files"))
    build.add_argument(
        "--allow-different-pack",
        action="store_true",
        help=_(
            "make the record even when the pack shown cannot be found, from the pack found; "
            "every page then says that it differs"
        ),
    )
    build.set_defaults(func=_build)
    verify = report_commands.add_parser(
        "verify",
        help=_("check a record's signatures; exit 0 only when OK"),
    )
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    verify.add_argument(
        "--trust",
        type=Path,
        action="append",
        metavar="CERT",
        help=_("a trust root (PEM or DER); repeat for more (default: those in the settings)"),
    )
    verify.add_argument(
        "--allow-untrusted",
        action="store_true",
        help=_(
            "accept a record whose signer the trust roots do not trust (by default, with "
            "trust roots set, such a record is NOT OK)"
        ),
    )
    verify.set_defaults(func=_verify)
    extend = report_commands.add_parser(
        "extend",
        help=_(
            "add a new archive time-stamp to a signed record, with the validation data of "
            "its signatures, so that it can still be checked after the certificates expire"
        ),
    )
    extend.add_argument("file", type=Path, metavar="FILE.pdf")
    extend.add_argument(
        "--tsa", metavar="URL", help=_("time-stamp server (default: the one in the settings)")
    )
    extend.add_argument(
        "--ca",
        type=Path,
        action="append",
        metavar="CERT",
        help=_(
            "a CA certificate (PEM or DER) the signatures chain to; repeat for more "
            "(default: those in the settings)"
        ),
    )
    extend.set_defaults(func=_extend)
    fhir = report_commands.add_parser(
        "fhir", help=_("write the FHIR R4 transaction bundle of a session")
    )
    fhir.add_argument("--session", required=True, type=Path, metavar="FILE.json")
    fhir.add_argument("--pdf", type=Path, metavar="FILE.pdf")
    fhir.add_argument(
        "--lang",
        metavar="L",
        help=_("language of the PDF given with --pdf (default: the language the PDF declares)"),
    )
    fhir.add_argument("--out", required=True, type=Path, metavar="FILE.json")
    fhir.add_argument("--force", action="store_true", help=_("replace an existing file"))
    fhir.set_defaults(func=_fhir)
    from decision_aid.cli.report_send import add_send_command

    add_send_command(report_commands)
