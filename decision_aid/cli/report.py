"""``decision-aid report ...``: build, verify and export the record of a consultation."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from decision_aid.cli.common import (
    UsageError,
    check_session,
    err,
    find_pack,
    out,
    pack_roots,
    passphrase,
    read_session,
)
from decision_aid.i18n import _


def _build(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from decision_aid.report.pipeline import RecordError, SignSpec, make_record
    from decision_aid.report.summary import ReportOptions
    from decision_aid.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    loaded = find_pack(args.pack, pack_roots(args))
    record = read_session(args.session, loaded)
    if record.pack.id != loaded.meta.id:
        raise UsageError(
            _("the session is for the pack '{session}', not '{pack}'").format(
                session=record.pack.id, pack=loaded.meta.id
            )
        )
    if args.lang is not None and args.lang not in loaded.languages:
        raise UsageError(
            _("the pack has no '{lang}' text; it has: {langs}").format(
                lang=args.lang, langs=", ".join(loaded.languages)
            )
        )
    if record.pack.content_hash != loaded.content_hash:
        err(
            _(
                "Note: the pack has changed since this consultation ({old} then, {new} now); "
                "the record shows the pack as it is now."
            ).format(old=record.pack.content_hash[:19], new=loaded.content_hash[:19])
        )
    logo = None
    if settings.logo is not None:
        try:
            logo = settings.logo.read_bytes()
        except OSError as exc:
            raise UsageError(
                _("{path}: the logo cannot be read ({reason})").format(
                    path=settings.logo, reason=exc.strerror
                )
            ) from exc
    options = ReportOptions(
        created=record.finished or datetime.now(UTC),
        organisation=settings.organisation,
        logo=logo,
        locale=args.lang or record.pack.language,
        pdfa=args.pdfa,
    )
    sign = None
    key = args.sign or None
    if key is not None:
        sign = SignSpec(key, passphrase(args), args.tsa or settings.tsa_url)
    try:
        result = make_record(
            loaded,
            record,
            args.out,
            options=options,
            sign=sign,
            fhir=not args.no_fhir,
            overwrite=args.force,
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
    return 0


def _verify(args: argparse.Namespace) -> int:
    from decision_aid.report.verify import verify_pdf
    from decision_aid.settings import SettingsError, load_settings

    try:
        roots = list(args.trust or []) or load_settings().trust_roots
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot be read ({reason})").format(path=args.file, reason=exc.strerror)
        ) from exc
    result = verify_pdf(data, roots)
    yes, no = _("yes"), _("no")
    out(_("File: {path}").format(path=args.file))
    out(_("Signed: {answer}").format(answer=yes if result.signed else no))
    if result.signed:
        out(_("Signer: {name}").format(name=result.signer or "?"))
        when = result.signing_time.isoformat() if result.signing_time else "?"
        out(_("Signing time: {when}").format(when=when))
        out(_("Intact: {answer}").format(answer=yes if result.intact else no))
        out(_("Valid: {answer}").format(answer=yes if result.valid else no))
        out(_("Covers the whole file: {answer}").format(answer=yes if result.whole_file else no))
        trusted = yes if result.trusted else no
        if result.self_signed:
            trusted += " " + _("(self-signed pilot certificate)")
        out(_("Trusted: {answer}").format(answer=trusted))
    for key, value in result.provenance.items():
        out(_("Pack {key}: {value}").format(key=key, value=value))
    for problem in result.problems:
        out(_("Problem: {problem}").format(problem=problem))
    verdict = (
        _("OK: the record is intact and signed.")
        if result.ok
        else _("NOT OK: the record is unsigned, damaged or changed after signing.")
    )
    out(verdict)
    return 0 if result.ok else 1


def _fhir(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from decision_aid.atomic import write_atomic
    from decision_aid.report.fhir import build_bundle

    record = read_session(args.session)
    loaded = find_pack(record.pack.id, pack_roots(args))
    check_session(args.session, record, loaded)
    pdf = None
    if args.pdf is not None:
        try:
            pdf = args.pdf.read_bytes()
        except OSError as exc:
            raise UsageError(
                _("{path}: cannot be read ({reason})").format(path=args.pdf, reason=exc.strerror)
            ) from exc
    if args.out.exists() and not args.force:
        err(_("{path} already exists; choose another name or give --force.").format(path=args.out))
        return 1
    signer = signed_at = None
    if pdf is not None:
        from decision_aid.report.verify import verify_pdf

        check = verify_pdf(pdf)
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
        )
    except ValueError as exc:
        err(_("The FHIR bundle could not be made: {problem}").format(problem=exc))
        return 1
    try:
        write_atomic(args.out, (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode())
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
        "--pdfa",
        choices=["3b", "1b"],
        default="3b",
        help=_("PDF/A-3b with attachments (default) or PDF/A-1b without"),
    )
    build.add_argument(
        "--lang", metavar="L", help=_("language of the record (default: the patient's language)")
    )
    build.add_argument("--no-fhir", action="store_true", help=_("do not write the FHIR copy"))
    build.add_argument("--force", action="store_true", help=_("replace existing files"))
    build.set_defaults(func=_build)
    verify = report_commands.add_parser("verify", help=_("check a record's signature"))
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    verify.add_argument(
        "--trust",
        type=Path,
        action="append",
        metavar="CERT",
        help=_("a trust root (PEM or DER); repeat for more"),
    )
    verify.set_defaults(func=_verify)
    fhir = report_commands.add_parser("fhir", help=_("write the FHIR R4 bundle of a session"))
    fhir.add_argument("--session", required=True, type=Path, metavar="FILE.json")
    fhir.add_argument("--pdf", type=Path, metavar="FILE.pdf")
    fhir.add_argument("--out", required=True, type=Path, metavar="FILE.json")
    fhir.add_argument("--force", action="store_true", help=_("replace an existing file"))
    fhir.set_defaults(func=_fhir)
