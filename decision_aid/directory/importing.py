"""Write a new community directory from an Open Referral UK export.

The entries come from :mod:`decision_aid.directory.openreferral`; the directory's own
details (publisher, contact, area, title, and the language the export is written in,
which an Open Referral export does not say) from the command line. The directory is
validated before anything is written, then written into a new folder, atomically; an
existing folder is never overwritten.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from decision_aid.atomic import write_atomic
from decision_aid.content.fields import EMAIL_PATTERN, ID_PATTERN, LOCALE_PATTERN
from decision_aid.content.source import FolderSource
from decision_aid.content.trust.verify import BytesSource
from decision_aid.directory.load import DIRECTORY_FILE, read_directory
from decision_aid.directory.openreferral import (
    MAX_EXPORT_BYTES,
    ExportError,
    Report,
    entries_from_services,
    services_from_csv,
    services_from_json,
)
from decision_aid.i18n import _

EXPIRES_AFTER = timedelta(days=365)
"""An imported directory expires a year after the import, unless checked again."""


@dataclass(frozen=True)
class Details:
    """What the export does not say about the directory itself."""

    publisher: str
    contact: str
    """The publisher's email or web address."""
    area: str
    title: str | None = None
    example: bool = False
    language: str = "en"
    """The language the export's text is written in, such as 'en' or 'cy'."""


def _read_export(path: Path, report: Report) -> list[dict[str, Any]]:
    from decision_aid.session.files import read_limited

    try:
        raw = read_limited(path, MAX_EXPORT_BYTES)
    except FileNotFoundError:
        raise ExportError(_("{path} does not exist").format(path=path)) from None
    except OSError as exc:
        raise ExportError(
            _("{path} could not be read: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if path.suffix.lower() == ".csv":
        return services_from_csv(raw, report)
    return services_from_json(raw)


def _dump(data: dict[str, Any]) -> bytes:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue().encode("utf-8")


def import_export(
    export: Path, out: Path, details: Details, *, today: date | None = None
) -> tuple[int, Report]:
    """Import ``export`` into the new directory folder ``out``; returns how many entries
    were written and the report. Raises ExportError, with nothing written, when the
    export cannot be read, no entry can be made, or ``out`` exists."""
    day = today or date.today()
    if out.exists():
        raise ExportError(
            _("{path} already exists; name a new folder for the directory").format(path=out)
        )
    if not re.fullmatch(ID_PATTERN, out.name):
        raise ExportError(
            _(
                "the folder name '{name}' is the directory's id, so it must be lower-case "
                "letters, digits, '-' and '_', such as 'riverside-community'"
            ).format(name=out.name)
        )
    if not re.fullmatch(LOCALE_PATTERN, details.language):
        raise ExportError(
            _(
                "'{code}' is not a language code; give the language the export is written in "
                "as a code such as 'en' or 'cy'"
            ).format(code=details.language)
        )
    report = Report()
    entries = entries_from_services(_read_export(export, report), report, day, details.language)
    if not entries:
        raise ExportError(
            _("no service in {path} could become an entry:").format(path=export)
            + "".join(f"\n  {line}" for line in report.lines)
        )
    contact_key = "email" if re.fullmatch(EMAIL_PATTERN, details.contact) else "web"
    data: dict[str, Any] = {
        "format_version": 1,
        "id": out.name,
        "version": "1.0.0",
        "title": details.title or details.publisher,
        "language": details.language,
        "area": details.area,
        "publisher": {"name": details.publisher, "contact": {contact_key: details.contact}},
        "example_data": details.example,
        "expires": (day + EXPIRES_AFTER).isoformat(),
        "entries": [{**e, "last_checked": e["last_checked"].isoformat()} for e in entries],
    }
    raw = _dump(data)
    checked = BytesSource(FolderSource(out), {DIRECTORY_FILE: raw})
    _directory, problems = read_directory(checked, day)
    if problems:
        raise ExportError(
            _("the imported directory is not valid; nothing was written:")
            + "".join(f"\n  {p}" for p in problems)
        )
    try:
        out.mkdir(parents=True)
    except OSError as exc:
        raise ExportError(
            _("{path} could not be written: {reason}; nothing was written.").format(
                path=out, reason=exc.strerror or exc
            )
        ) from None
    try:
        write_atomic(out / DIRECTORY_FILE, raw)
    except OSError as exc:
        out.rmdir()
        raise ExportError(
            _("{path} could not be written: {reason}; nothing was written.").format(
                path=out / DIRECTORY_FILE, reason=exc.strerror or exc
            )
        ) from None
    return len(entries), report
