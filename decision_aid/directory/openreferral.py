"""Import an Open Referral UK export into a community directory.

Reads the services of an Open Referral UK (HSDS UK profile) JSON export, as the
``/services`` endpoint returns them (a list of services, or a page holding them under
``content`` or ``items``), each with its ``organization``, ``service_at_locations``
(``location`` with ``physical_addresses`` and ``accessibility_for_disabilities``),
``cost_options``, ``languages``, ``eligibilitys``, ``contacts`` (with ``phones``),
``regular_schedules`` and ``service_taxonomys``; or a flat CSV export with one service a
row (see :data:`CSV_COLUMNS`).

Every field the directory cannot carry is reported, service by service; a service that
cannot become an entry (no name, no organisation, no way to reach it, no topic) is left
out and reported; a field the export leaves empty is filled with words saying so, and
reported, so the directory's keeper checks it before signing. Nothing is dropped in
silence.

An Open Referral export does not say what language its text is in; the import takes it
from the keeper (``language``, English by default), and the few words it writes itself
(a weekday, 'Free', 'Not stated: ask the service.') are written in that language, so that
an entry never mixes two. What it reports to the keeper is in the keeper's language.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from decision_aid.content.fields import EMAIL_PATTERN, PHONE_PATTERN, URL_PATTERN
from decision_aid.content.parse import ParseError, parse_json
from decision_aid.i18n import _, using

MAX_EXPORT_BYTES = 16 * 1024 * 1024
MAX_SERVICES = 2000

TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "physical-activity": ("physical activity", "exercise", "walking", "walk", "sport", "fitness"),
    "weight": ("weight",),
    "healthy-eating": ("healthy eating", "nutrition", "diet", "cooking"),
    "smoking": ("smoking", "tobacco", "stop smoking"),
    "alcohol": ("alcohol", "drinking"),
    "mental-wellbeing": ("mental health", "wellbeing", "well-being", "anxiety", "depression"),
    "peer-support": ("peer support", "support group", "self-help"),
    "long-term-conditions": ("long term condition", "long-term condition", "chronic"),
    "pain": ("pain", "arthritis"),
    "joints-and-mobility": ("mobility", "joint", "falls"),
    "heart-health": ("heart", "cardiac", "blood pressure", "cholesterol"),
    "cancer-support": ("cancer",),
    "pregnancy-and-baby": ("pregnancy", "maternity", "baby", "antenatal", "postnatal"),
    "carers": ("carer",),
    "money-and-debt": ("debt", "money", "benefit", "financial"),
    "housing": ("housing", "homeless", "tenancy"),
    "social-connection": ("social", "isolation", "loneliness", "befriending", "community group"),
    "interpreting": ("interpret", "translation"),
    "bereavement": ("bereavement", "grief"),
}
"""Words in a taxonomy term's name that map it to a community topic."""

KNOWN = {
    "id", "name", "description", "url", "email", "status", "fees", "organization",
    "service_at_locations", "cost_options", "languages", "eligibilitys", "contacts",
    "regular_schedules", "service_taxonomys", "attending_access", "attending_type",
    "assured_date",
}  # fmt: skip
"""The service fields the import carries over."""

CSV_COLUMNS = (
    "id", "name", "description", "organization", "url", "email", "phone", "fees",
    "languages", "location_name", "address_1", "city", "postal_code", "accessibility",
    "eligibility", "schedule", "attending_access", "attending_type", "taxonomy",
    "assured_date", "status",
)  # fmt: skip
"""The columns of a CSV export; several languages or terms are separated by ';'."""

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_DAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}


class ExportError(Exception):
    """The export cannot be read at all; the message says why."""


@dataclass
class Report:
    """What the import did with each service."""

    lines: list[str] = field(default_factory=list)
    skipped: int = 0

    def note(self, service: str, message: str) -> None:
        self.lines.append(f"{service}: {message}")


def _text(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        return ""
    return _SPACE.sub(" ", _TAG.sub(" ", value)).strip()


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return slug or "service"


def _language_codes() -> dict[str, str]:
    from babel import Locale

    known = {str(code): str(name) for code, name in Locale("en").languages.items()}
    names = {name.lower(): code for code, name in known.items()}
    names.update({code.lower(): code for code in known})
    return names


def _languages(service: dict[str, Any], where: str, report: Report) -> list[str]:
    codes = _language_codes()
    found: list[str] = []
    for item in _items(service.get("languages")):
        name = _text(item.get("language"))
        code = codes.get(name.lower())
        if code is None or not re.fullmatch(r"[a-z]{2,3}", code):
            report.note(
                where,
                _("the language '{name}' is not one the app knows; it is left out").format(
                    name=name
                ),
            )
        elif code not in found:
            found.append(code)
    if not found:
        report.note(
            where,
            _("the export names no language it runs in; English is written: check it"),
        )
        found = ["en"]
    return found


def _topics(service: dict[str, Any], where: str, report: Report) -> list[str]:
    topics: list[str] = []
    for item in _items(service.get("service_taxonomys")):
        taxonomy = item.get("taxonomy") if isinstance(item.get("taxonomy"), dict) else item
        name = _text(taxonomy.get("name") if isinstance(taxonomy, dict) else "")
        matched = [
            topic
            for topic, words in TOPIC_WORDS.items()
            if any(word in name.lower() for word in words)
        ]
        if not matched:
            report.note(
                where,
                _(
                    "the taxonomy term '{name}' matches no community topic; it is left out "
                    "(add topics by hand if it should)"
                ).format(name=name),
            )
        topics += [t for t in matched if t not in topics]
    return topics


def _schedule(service: dict[str, Any], language: str) -> str:
    from babel.dates import get_day_names

    days = get_day_names("wide", locale=language)
    parts: list[str] = []
    for item in _items(service.get("regular_schedules")):
        described = _text(item.get("description"))
        if described:
            parts.append(described)
            continue
        names = [
            str(days[_DAYS[day]])
            for day in _text(item.get("byday")).upper().replace(" ", "").split(",")
            if day in _DAYS
        ]
        opens, closes = _text(item.get("opens_at"))[:5], _text(item.get("closes_at"))[:5]
        hours = f"{opens}–{closes}" if opens and closes else ""
        line = ", ".join(p for p in (" / ".join(names), hours) if p)
        if line:
            parts.append(line)
    return "; ".join(parts)


def _places(service: dict[str, Any]) -> tuple[str, str]:
    places: list[str] = []
    access: list[str] = []
    for item in _items(service.get("service_at_locations")):
        location = item.get("location")
        if not isinstance(location, dict):
            continue
        for address in _items(location.get("physical_addresses"))[:1]:
            fields = ("address_1", "city", "postal_code")
            line = ", ".join(_text(address.get(f)) for f in fields if _text(address.get(f)))
            name = _text(location.get("name"))
            places.append(f"{name}, {line}" if name and line else name or line)
        for feature in _items(location.get("accessibility_for_disabilities")):
            text = _text(feature.get("accessibility"))
            if text and text not in access:
                access.append(text)
    return "; ".join(p for p in places if p), "; ".join(access)


def _cost(service: dict[str, Any], language: str) -> str:
    parts: list[str] = []
    for item in _items(service.get("cost_options")):
        amount = item.get("amount")
        words = [_text(item.get("option")), _text(item.get("amount_description"))]
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            with using(language):
                free = _("Free")
            words.insert(1, free if amount == 0 else f"£{amount:.2f}")
        text = " ".join(w for w in words if w)
        if text:
            parts.append(text)
    fees = _text(service.get("fees"))
    if fees:
        parts.append(fees)
    return "; ".join(parts)


def _who_for(service: dict[str, Any], language: str) -> str:
    with using(language):
        return _eligibility(service)


def _eligibility(service: dict[str, Any]) -> str:
    parts: list[str] = []
    for item in _items(service.get("eligibilitys")):
        words = _text(item.get("eligibility"))
        low, high = item.get("minimum_age"), item.get("maximum_age")
        if isinstance(low, int) and isinstance(high, int):
            words = " ".join(
                p for p in (words, _("aged {low} to {high}").format(low=low, high=high)) if p
            )
        elif isinstance(low, int):
            words = " ".join(p for p in (words, _("aged {low} and over").format(low=low)) if p)
        if words:
            parts.append(words)
    return "; ".join(parts)


def _contact(service: dict[str, Any], where: str, report: Report) -> dict[str, str]:
    contact: dict[str, str] = {}
    for item in _items(service.get("contacts")):
        for phone in _items(item.get("phones")):
            number = _text(phone.get("number"))
            if "phone" in contact or not number:
                continue
            if re.fullmatch(PHONE_PATTERN, number):
                contact["phone"] = number
            else:
                report.note(
                    where,
                    _("the phone number '{number}' is not one; it is left out").format(
                        number=number
                    ),
                )
    for key, source, pattern in (("email", "email", EMAIL_PATTERN), ("web", "url", URL_PATTERN)):
        value = _text(service.get(source))
        if not value:
            continue
        if re.fullmatch(pattern, value):
            contact[key] = value
        else:
            report.note(
                where,
                _("'{value}' is not a valid {field}; it is left out").format(
                    value=value, field=source
                ),
            )
    return contact


def _referral(service: dict[str, Any]) -> str:
    access = _text(service.get("attending_access")).lower()
    if "referral" in access:
        return "referral"
    if access in ("drop-in", "drop in", "appointment", "membership", "self-referral"):
        return "self"
    return "self-or-referral"


def _checked(service: dict[str, Any], where: str, report: Report, today: date) -> date:
    text = _text(service.get("assured_date"))[:10]
    try:
        found = date.fromisoformat(text)
    except ValueError:
        found = None
    if found is None or found > today:
        report.note(
            where,
            _(
                "the export gives no assured date; today's date is written as the date last "
                "checked, so check the entry before you sign the directory"
            ),
        )
        return today
    return found


def _filled(value: str, what: str, where: str, report: Report, language: str) -> str:
    if value:
        return value
    with using(language):
        filler = _("Not stated: ask the service.")
    report.note(
        where,
        _("the export does not say {what}; '{filler}' is written").format(what=what, filler=filler),
    )
    return filler


def _entry(
    service: dict[str, Any],
    number: int,
    report: Report,
    today: date,
    used: set[str],
    *,
    language: str,
) -> dict[str, Any] | None:
    name = _text(service.get("name"))
    where = _("service {number} ('{name}')").format(number=number + 1, name=name or "?")
    status = _text(service.get("status")).lower()
    if status and status != "active":
        report.note(where, _("its status is '{status}'; it is left out").format(status=status))
        return None
    unknown = sorted(k for k, v in service.items() if k not in KNOWN and v not in (None, "", []))
    if unknown:
        report.note(
            where,
            _("these fields are not carried over: {fields}").format(fields=", ".join(unknown)),
        )
    organisation = service.get("organization")
    organisation_name = _text(
        organisation.get("name") if isinstance(organisation, dict) else organisation
    )
    topics = _topics(service, where, report)
    contact = _contact(service, where, report)
    missing = [
        label
        for label, present in (
            (_("name"), name),
            (_("organisation"), organisation_name),
            (_("phone number, email or web address"), contact),
            (_("taxonomy term that matches a community topic"), topics),
        )
        if not present
    ]
    if missing:
        report.note(
            where,
            _(
                "it is left out, because the export does not give it these: {missing}; add it "
                "by hand if it belongs"
            ).format(missing="; ".join(missing)),
        )
        return None
    slug = base = _slug(name)
    count = 2
    while slug in used:
        slug = f"{base[:58]}-{count}"
        count += 1
    used.add(slug)
    place, access = _places(service)
    if not place:
        place = _text(service.get("attending_type"))
    join = _text(service.get("attending_access"))
    return {
        "id": slug,
        "name": name,
        "organisation": organisation_name,
        "what": _filled(
            _text(service.get("description")), _("what it is"), where, report, language
        ),
        "who_for": _filled(
            _who_for(service, language), _("who it is for"), where, report, language
        ),
        "when": _filled(_schedule(service, language), _("when it runs"), where, report, language),
        "where": _filled(place, _("where it runs"), where, report, language),
        "cost": _filled(_cost(service, language), _("what it costs"), where, report, language),
        "accessibility": _filled(access, _("how accessible it is"), where, report, language),
        "languages": _languages(service, where, report),
        "referral": _referral(service),
        "how_to_join": _filled(join.capitalize(), _("how to join"), where, report, language),
        "contact": contact,
        "topics": topics,
        "last_checked": _checked(service, where, report, today),
    }


def services_from_json(raw: bytes) -> list[dict[str, Any]]:
    """The services of an Open Referral UK JSON export; ExportError when it holds none."""
    try:
        data = parse_json(raw).data
    except ParseError as exc:
        message = _("the file is not valid JSON: {reason}").format(reason=exc.message)
        raise ExportError(message) from None
    if isinstance(data, dict):
        data = next((data[k] for k in ("content", "items", "services") if k in data), None)
    if not isinstance(data, list) or not all(isinstance(s, dict) for s in data):
        raise ExportError(
            _(
                "the file is not an Open Referral UK export: expected a list of services, "
                "or a page holding them under 'content'"
            )
        )
    return data


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def services_from_csv(raw: bytes, report: Report) -> list[dict[str, Any]]:
    """The services of a flat CSV export, one a row, in the shape of the JSON export."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExportError(_("the CSV file is not UTF-8 text; save it as UTF-8")) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    if "name" not in columns:
        raise ExportError(
            _(
                "the CSV file has no 'name' column; its first row names the columns: {columns}"
            ).format(columns=", ".join(CSV_COLUMNS))
        )
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown:
        report.note(
            _("the CSV file"),
            _("these columns are not carried over: {fields}").format(fields=", ".join(unknown)),
        )
    return [_csv_service(row) for row in reader]


def _csv_service(row: dict[str, Any]) -> dict[str, Any]:
    def cell(name: str) -> str:
        value = row.get(name)
        return value.strip() if isinstance(value, str) else ""

    return {
        "id": cell("id"),
        "name": cell("name"),
        "description": cell("description"),
        "organization": {"name": cell("organization")},
        "url": cell("url"),
        "email": cell("email"),
        "status": cell("status"),
        "fees": cell("fees"),
        "attending_access": cell("attending_access"),
        "attending_type": cell("attending_type"),
        "assured_date": cell("assured_date"),
        "contacts": [{"phones": [{"number": cell("phone")}]}],
        "languages": [{"language": x} for x in _split(cell("languages"))],
        "eligibilitys": [{"eligibility": x} for x in _split(cell("eligibility"))],
        "regular_schedules": [{"description": x} for x in _split(cell("schedule"))],
        "service_taxonomys": [{"taxonomy": {"name": x}} for x in _split(cell("taxonomy"))],
        "service_at_locations": [
            {
                "location": {
                    "name": cell("location_name"),
                    "physical_addresses": [
                        {k: cell(k) for k in ("address_1", "city", "postal_code")}
                    ],
                    "accessibility_for_disabilities": [
                        {"accessibility": x} for x in _split(cell("accessibility"))
                    ],
                }
            }
        ],
    }


def entries_from_services(
    services: Iterable[dict[str, Any]], report: Report, today: date, language: str = "en"
) -> list[dict[str, Any]]:
    """The directory entries the services make, in order; the rest reported. The words
    the import writes itself are in ``language``, the language of the export's text."""
    used: set[str] = set()
    entries: list[dict[str, Any]] = []
    for number, service in enumerate(services):
        if number >= MAX_SERVICES:
            report.note(
                _("the export"),
                _("it holds more than {limit} services; the rest are left out").format(
                    limit=MAX_SERVICES
                ),
            )
            break
        entry = _entry(service, number, report, today, used, language=language)
        if entry is None:
            report.skipped += 1
        else:
            entries.append(entry)
    return entries
