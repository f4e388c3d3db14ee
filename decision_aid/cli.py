"""The one entry point: the GUI by default, plus sub-commands for packs.

Exit codes: 0 success, 1 a pack (or file) is invalid, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from decision_aid import __version__
from decision_aid.i18n import _, ngettext, preferred_language, set_language


def _today(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a date as YYYY-MM-DD")) from None


def _date_arg(value: str) -> str:
    _today(value)
    return value


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _existing(paths: list[Path]) -> bool:
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        _err(_("{path}: no such file or folder").format(path=path))
    return not missing


def _packs_validate(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import pack_paths
    from decision_aid.content.loader import load_pack

    if not _existing(args.paths):
        return 2
    paths = pack_paths(args.paths)
    if not paths:
        _err(_("No pack found in: {paths}").format(paths=", ".join(map(str, args.paths))))
        return 1
    invalid = 0
    for path in paths:
        try:
            loaded = load_pack(path)
        except PackError as exc:
            invalid += 1
            _out(_("INVALID {path}").format(path=path))
            for problem in exc.problems:
                _out(f"  {problem}")
            continue
        _out(
            _("valid   {path} ({id} {version})").format(
                path=path, id=loaded.meta.id, version=loaded.meta.version
            )
        )
    _out(
        ngettext(
            "{n} pack checked, {bad} invalid.", "{n} packs checked, {bad} invalid.", len(paths)
        ).format(n=len(paths), bad=invalid)
    )
    return 1 if invalid else 0


def _packs_lint(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import pack_paths
    from decision_aid.content.lint import lint
    from decision_aid.content.loader import load_pack

    today = _today(args.today)
    if not _existing(args.paths):
        return 2
    paths = pack_paths(args.paths)
    if not paths:
        _err(_("No pack found in: {paths}").format(paths=", ".join(map(str, args.paths))))
        return 1
    errors = warnings = 0
    for path in paths:
        try:
            problems = lint(load_pack(path), today)
        except PackError as exc:
            problems = exc.problems
        shown = [p for p in problems if args.verbose or p.severity != "info"]
        pack_errors = sum(p.severity == "error" for p in problems)
        pack_warnings = sum(p.severity == "warning" for p in problems)
        errors += pack_errors
        warnings += pack_warnings
        _out(
            _("{path}: {errors} errors, {warnings} warnings").format(
                path=path, errors=pack_errors, warnings=pack_warnings
            )
        )
        for problem in shown:
            _out(f"  {problem}")
    _out(_("Total: {errors} errors, {warnings} warnings.").format(errors=errors, warnings=warnings))
    return 1 if errors else 0


def _packs_schema(args: argparse.Namespace) -> int:
    from decision_aid.content.model import pack_json_schema

    _out(json.dumps(pack_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _packs_list(args: argparse.Namespace) -> int:
    from decision_aid.content.library import build_index, default_pack_dirs

    today = _today(args.today)
    entries = build_index(args.paths or default_pack_dirs())
    if args.json:
        _out(json.dumps([e.to_json(today) for e in entries], indent=2, ensure_ascii=False))
        return 0
    for entry in entries:
        if entry.meta is None:
            reason = str(entry.problems[0]) if entry.problems else ""
            _out(f"{entry.id}\t-\t-\t-\t{_('invalid')}: {reason}")
        else:
            _out(
                "\t".join(
                    [
                        entry.id,
                        entry.meta.version,
                        entry.meta.title,
                        ",".join(entry.languages),
                        entry.status(today),
                    ]
                )
            )
    return 0


def _packs_strings(args: argparse.Namespace) -> int:
    from decision_aid.content.errors import PackError
    from decision_aid.content.loader import load_pack
    from decision_aid.content.strings import pack_strings

    try:
        loaded = load_pack(args.path)
    except PackError as exc:
        for problem in exc.problems:
            _err(str(problem))
        return 1
    strings = {s.path: s.text for s in pack_strings(loaded.pack)}
    _out(json.dumps(strings, indent=2, ensure_ascii=False))
    return 0


def _session_schema(args: argparse.Namespace) -> int:
    from decision_aid.session.model import session_json_schema

    _out(json.dumps(session_json_schema(), indent=2, ensure_ascii=False))
    return 0


def _screenshots(args: argparse.Namespace) -> int:
    from decision_aid.ui.screenshots import ScreenshotError, render

    try:
        written = render(args.pack, args.out, args.lang, args.paths)
    except ScreenshotError as exc:
        _err(str(exc))
        return 1
    for path in written:
        _out(str(path))
    return 0


class UsageError(Exception):
    """Bad command-line input found after parsing; exit code 2."""


def _passphrase(args: argparse.Namespace, *, confirm: bool = False) -> bytes:
    """From --passphrase-file (first line), or asked for without echo. Never stored."""
    if args.passphrase_file is not None:
        try:
            text = args.passphrase_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(
                _("{path}: cannot read the passphrase file ({reason})").format(
                    path=args.passphrase_file, reason=exc.strerror
                )
            ) from exc
        lines = text.splitlines()
        if not lines or not lines[0]:
            raise UsageError(
                _("{path}: the passphrase file is empty").format(path=args.passphrase_file)
            )
        return lines[0].encode("utf-8")
    if not sys.stdin.isatty():
        raise UsageError(_("no terminal to ask for the passphrase; give --passphrase-file FILE"))
    import getpass

    first = getpass.getpass(_("Passphrase: "))
    if confirm and getpass.getpass(_("Passphrase again: ")) != first:
        raise UsageError(_("the two passphrases differ; nothing was written"))
    if not first:
        raise UsageError(_("an empty passphrase is not allowed"))
    return first.encode("utf-8")


def _find_pack(pack_id: str, roots: list[Path] | None):  # type: ignore[no-untyped-def]
    from decision_aid.content.errors import PackError
    from decision_aid.content.library import build_index, default_pack_dirs

    for entry in build_index(roots or default_pack_dirs()):
        if entry.meta is not None and entry.meta.id == pack_id:
            try:
                return entry.open()
            except PackError as exc:
                raise UsageError(str(exc)) from exc
    raise UsageError(_("no pack with the id '{id}' was found").format(id=pack_id))


def _read_session(path: Path):  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from decision_aid.session.model import SessionRecord

    try:
        return SessionRecord.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise UsageError(
            _("{path}: cannot be read ({reason})").format(path=path, reason=exc.strerror)
        ) from exc
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise UsageError(
            _("{path}: not a decision-aid session record: {where}: {problem}").format(
                path=path, where=where, problem=first["msg"]
            )
        ) from exc


def _keys_init(args: argparse.Namespace) -> int:
    from decision_aid.report.keys import create_self_signed

    passphrase = _passphrase(args, confirm=True)
    try:
        create_self_signed(args.out, args.name, passphrase, days=args.days)
    except FileExistsError as exc:
        _err(str(exc))
        return 1
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    except OSError as exc:
        _err(
            _("{path} could not be written: {reason}").format(
                path=args.out, reason=exc.strerror or exc
            )
        )
        return 1
    _out(
        _(
            "Wrote {path}: a SELF-SIGNED certificate for {name}, valid for {days} days. "
            "It is for a pilot; records signed with it say so."
        ).format(path=args.out, name=args.name, days=args.days)
    )
    return 0


def _report_build(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from decision_aid.report.pipeline import RecordError, SignSpec, make_record
    from decision_aid.report.summary import ReportOptions
    from decision_aid.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        raise UsageError(str(exc)) from exc
    loaded = _find_pack(args.pack, args.paths)
    record = _read_session(args.session)
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
        _err(
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
        sign = SignSpec(key, _passphrase(args), args.tsa or settings.tsa_url)
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
        _err(str(exc))
        return 1
    _out(
        (_("Wrote {path} (signed).") if result.signed else _("Wrote {path} (not signed).")).format(
            path=result.pdf
        )
    )
    if result.fhir is not None:
        _out(_("Wrote {path}.").format(path=result.fhir))
    return 0


def _report_verify(args: argparse.Namespace) -> int:
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
    _out(_("File: {path}").format(path=args.file))
    _out(_("Signed: {answer}").format(answer=yes if result.signed else no))
    if result.signed:
        _out(_("Signer: {name}").format(name=result.signer or "?"))
        when = result.signing_time.isoformat() if result.signing_time else "?"
        _out(_("Signing time: {when}").format(when=when))
        _out(_("Intact: {answer}").format(answer=yes if result.intact else no))
        _out(_("Valid: {answer}").format(answer=yes if result.valid else no))
        _out(_("Covers the whole file: {answer}").format(answer=yes if result.whole_file else no))
        trusted = yes if result.trusted else no
        if result.self_signed:
            trusted += " " + _("(self-signed pilot certificate)")
        _out(_("Trusted: {answer}").format(answer=trusted))
    for key, value in result.provenance.items():
        _out(_("Pack {key}: {value}").format(key=key, value=value))
    for problem in result.problems:
        _out(_("Problem: {problem}").format(problem=problem))
    verdict = (
        _("OK: the record is intact and signed.")
        if result.ok
        else _("NOT OK: the record is unsigned, damaged or changed after signing.")
    )
    _out(verdict)
    return 0 if result.ok else 1


def _report_fhir(args: argparse.Namespace) -> int:
    import json
    from datetime import UTC, datetime

    from decision_aid.atomic import write_atomic
    from decision_aid.report.fhir import build_bundle

    record = _read_session(args.session)
    loaded = _find_pack(record.pack.id, args.paths)
    pdf = None
    if args.pdf is not None:
        try:
            pdf = args.pdf.read_bytes()
        except OSError as exc:
            raise UsageError(
                _("{path}: cannot be read ({reason})").format(path=args.pdf, reason=exc.strerror)
            ) from exc
    if args.out.exists() and not args.force:
        _err(_("{path} already exists; choose another name or give --force.").format(path=args.out))
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
        _err(_("The FHIR bundle could not be made: {problem}").format(problem=exc))
        return 1
    try:
        write_atomic(args.out, (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode())
    except OSError as exc:
        _err(_("{path} could not be written: {reason}").format(path=args.out, reason=exc.strerror))
        return 1
    _out(_("Wrote {path}.").format(path=args.out))
    return 0


_ran_gui: list[bool] = []


def _gui(args: argparse.Namespace) -> int:
    from decision_aid.ui.app import run as run_app

    _ran_gui.append(True)
    return run_app(args.paths or None)


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(
        prog="decision-aid",
        description=_("Shared decision-making aid. With no command, opens the library window."),
    )
    parser.add_argument("--version", action="version", version=f"decision-aid {__version__}")
    parser.add_argument(
        "--packs",
        dest="paths",
        type=Path,
        nargs="+",
        metavar="DIR",
        help=_("pack folders to open instead of the default ones"),
    )
    parser.set_defaults(func=_gui)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    packs = commands.add_parser("packs", help=_("validate, lint and list option-grid packs"))
    packs.set_defaults(func=lambda _args: (packs.print_help(), 2)[1])
    pack_commands = packs.add_subparsers(title=_("pack commands"), metavar="COMMAND")

    validate = pack_commands.add_parser("validate", help=_("check packs against the format"))
    validate.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    validate.set_defaults(func=_packs_validate)

    lint = pack_commands.add_parser("lint", help=_("check packs for evidence and wording rules"))
    lint.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    lint.add_argument("--today", type=_date_arg, help=_("check dates against this day"))
    lint.add_argument("-v", "--verbose", action="store_true", help=_("also show notes"))
    lint.set_defaults(func=_packs_lint)

    schema = pack_commands.add_parser("schema", help=_("print the JSON Schema of the pack format"))
    schema.set_defaults(func=_packs_schema)

    listing = pack_commands.add_parser("list", help=_("list the packs in the library"))
    listing.add_argument("paths", type=Path, nargs="*", metavar="PATH")
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.add_argument("--today", type=_date_arg, help=_("check dates against this day"))
    listing.set_defaults(func=_packs_list)

    strings = pack_commands.add_parser(
        "strings", help=_("print a pack's translatable text by string path")
    )
    strings.add_argument("path", type=Path, metavar="PATH")
    strings.set_defaults(func=_packs_strings)

    session = commands.add_parser("session", help=_("the consultation record"))
    session.set_defaults(func=lambda _args: (session.print_help(), 2)[1])
    session_commands = session.add_subparsers(title=_("session commands"), metavar="COMMAND")
    session_schema = session_commands.add_parser(
        "schema", help=_("print the JSON Schema of the session record")
    )
    session_schema.set_defaults(func=_session_schema)

    shots = commands.add_parser(
        "screenshots", help=_("render every step for a pack to PNG files, offscreen")
    )
    shots.add_argument("--pack", required=True, metavar="ID", help=_("the pack's id"))
    shots.add_argument(
        "--out", required=True, type=Path, metavar="DIR", help=_("folder for the PNGs")
    )
    shots.add_argument("--lang", default="en", metavar="L", help=_("language code, e.g. cy"))
    shots.set_defaults(func=_screenshots)

    keys = commands.add_parser("keys", help=_("signing keys"))
    keys.set_defaults(func=lambda _args: (keys.print_help(), 2)[1])
    key_commands = keys.add_subparsers(title=_("key commands"), metavar="COMMAND")
    init = key_commands.add_parser(
        "init", help=_("create a self-signed certificate and key for a pilot (PKCS#12)")
    )
    init.add_argument("--out", required=True, type=Path, metavar="FILE.p12")
    init.add_argument("--name", required=True, help=_("the signer's name"))
    init.add_argument("--days", type=int, default=365, help=_("how long it is valid"))
    init.add_argument("--passphrase-file", type=Path, metavar="F")
    init.set_defaults(func=_keys_init)

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
    build.set_defaults(func=_report_build)
    verify = report_commands.add_parser("verify", help=_("check a record's signature"))
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    verify.add_argument("--trust", type=Path, nargs="+", metavar="CERT", help=_("trust roots"))
    verify.set_defaults(func=_report_verify)
    fhir = report_commands.add_parser("fhir", help=_("write the FHIR R4 bundle of a session"))
    fhir.add_argument("--session", required=True, type=Path, metavar="FILE.json")
    fhir.add_argument("--pdf", type=Path, metavar="FILE.pdf")
    fhir.add_argument("--out", required=True, type=Path, metavar="FILE.json")
    fhir.add_argument("--force", action="store_true", help=_("replace an existing file"))
    fhir.set_defaults(func=_report_fhir)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    set_language(preferred_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except UsageError as exc:
        _err(f"decision-aid: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: no traceback for a user
        log = write_crash_log(exc)
        _err(
            _("decision-aid stopped on an unexpected problem: {problem}. Details: {log}").format(
                problem=exc, log=log
            )
        )
        return 3
    return result


def write_crash_log(exc: BaseException) -> Path:
    """Write the traceback to the user's state folder and return its path."""
    import os
    import tempfile
    import traceback

    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    folder = Path(base) / "decision-aid"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / "crash.log"
    text = "".join(traceback.format_exception(exc))
    try:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"decision-aid {__version__}\n{text}\n")
    except OSError:
        return Path(os.devnull)
    return log


def run() -> None:
    """The console entry point.

    After a command-line command, every file it wrote is closed and synced, so the
    process ends at once instead of tearing down every imported module (about 0.1 s
    after signing, with pyHanko and reportlab loaded). The GUI exits the usual way.
    """
    import os

    code = main()
    if _ran_gui:
        raise SystemExit(code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
