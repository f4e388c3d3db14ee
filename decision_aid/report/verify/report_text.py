"""What ``report verify`` prints: labelled sentences a GP can read.

Each line is a label and a plain answer ("Signed by: Dr A. Example", "Signed on:
4 December 2026, 15:23 GMT"); times and dates in the screen's language and the clinic's
time zone (``report.when``), never ISO; the provenance under the names the record uses
("Option grid", "Consultation"); technical names (the signature field) in a details line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path

from decision_aid.i18n import _
from decision_aid.report.verify import words as w
from decision_aid.report.verify.result import Kind, SignatureCheck, VerifyResult
from decision_aid.report.when import day_text, moment_text


def verification_lines(path: Path, result: VerifyResult, locale: str, zone: tzinfo) -> list[str]:
    """The whole report, one line per string, verdict last."""

    def when(moment: datetime | None) -> str:
        return moment_text(moment, locale, zone) if moment is not None else _("not known")

    lines = [
        _("Record: {path}").format(path=path),
        _("Signed digitally: {answer}").format(answer=_("yes") if result.signed else _("no")),
    ]
    total = len(result.signatures)
    for index, check in enumerate(result.signatures):
        heading = _("Signature {number} of {total}: {role}")
        lines.append(heading.format(number=index + 1, total=total, role=w.role_text(check, index)))
        lines += ["  " + line for line in _signature(check, when)]
    lines += _provenance(result.provenance, locale)
    lines += [_("Problem: {problem}").format(problem=problem) for problem in result.problems]
    verdict = _("OK: {reason}") if result.ok else _("NOT OK: {reason}")
    lines.append(verdict.format(reason=w.reason(result)))
    return lines


def _signature(check: SignatureCheck, when: Callable[[datetime | None], str]) -> list[str]:
    lines = []
    if check.kind is Kind.TIMESTAMP:
        lines += [
            _("Time-stamp server: {name}").format(name=check.signer or _("not known")),
            _("Time: {when}").format(when=when(check.signing_time)),
        ]
    else:
        lines += [
            _("Signed by: {name}").format(name=check.signer or _("not known")),
            _("Signed on: {when}").format(when=when(check.signing_time)),
        ]
        if check.timestamp is not None:
            lines.append(_("Time-stamped: {when}").format(when=when(check.timestamp)))
    lines += [
        _("Status: {status}").format(status=w.validity_text(check)),
        _("Covers: {coverage}").format(coverage=w.coverage_text(check)),
        _("Changes after it: {changes}").format(changes=w.changes_text(check)),
    ]
    if check.kind is Kind.SIGNATURE:
        lines.append(
            _("Certification: {certification}").format(certification=w.certification_text(check))
        )
    lines += [
        _("Signing certificate trusted: {answer}").format(answer=w.trust_text(check)),
        _("Details: signature field {field}").format(field=check.field_name),
    ]
    return lines


def _provenance(provenance: dict[str, str], locale: str) -> list[str]:
    """What the record was made from, as the record itself names it."""

    def day(key: str) -> str:
        value = provenance[key]
        try:
            return day_text(date.fromisoformat(value), locale)
        except ValueError:
            return value

    lines = []
    if "pack" in provenance:
        if "version" in provenance:
            grid = _("{id}, version {version}").format(
                id=provenance["pack"], version=provenance["version"]
            )
        else:
            grid = provenance["pack"]
        lines.append(_("Option grid: {grid}").format(grid=grid))
    if "published" in provenance:
        lines.append(_("Published: {date}").format(date=day("published")))
    if "review_due" in provenance:
        lines.append(_("Review due: {date}").format(date=day("review_due")))
    if "hash" in provenance:
        lines.append(_("Content hash: {hash}").format(hash=provenance["hash"]))
    if "session" in provenance:
        lines.append(_("Consultation: {session}").format(session=provenance["session"]))
    return lines
