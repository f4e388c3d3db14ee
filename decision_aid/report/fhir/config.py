"""The clinic's FHIR settings: the ``fhir`` object of ``settings.json``.

::

    "fhir": {
      "server": "https://ehr.example.org/fhir",
      "token_file": "/srv/clinic/fhir-token",
      "patient_identifiers": [
        {"system": "https://fhir.nhs.uk/Id/nhs-number", "name": "NHS number"}
      ],
      "organisation_identifier": {
        "system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "A81001"
      },
      "practitioner": {
        "name": "Dr A. Example",
        "system": "https://fhir.hl7.org.uk/Id/gmc-number", "value": "1234567"
      }
    }

Every key is optional. ``server`` is the FHIR base URL records are sent to (https; plain
http only to this computer, for testing). The bearer token is read from ``token_file``
(or given as ``token``; never both) when sending, and is never printed, logged or
queued. ``ca_file`` names the certificate authority of a server whose certificate is not
signed by a public one. ``patient_identifiers`` lists the identifier systems the clinic
uses for patients, the default first (the NHS number when none is listed).
``organisation_identifier`` and ``practitioner`` make the custodian an Organization and
the author and signer a Practitioner that the record system can match; without them they
are named only. ``queue`` is the folder where records wait until the server accepts them.

Problems raise :class:`FhirSettingsError`, whose message names the setting and the fix;
:mod:`decision_aid.settings` adds the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from decision_aid.i18n import _
from decision_aid.report.fhir.identifiers import (
    DEFAULT_PATIENT_SYSTEMS,
    Identifier,
    IdentifierSystem,
    system_problem,
)

MAX_TEXT = 500
MAX_PATH = 4096
MAX_URL = 2000
MAX_SYSTEMS = 20
LOCAL_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1"})
"""The only hosts records may be sent to over plain http (a test server on this computer)."""
KEYS: Final = (
    "server",
    "token",
    "token_file",
    "ca_file",
    "patient_identifiers",
    "organisation_identifier",
    "practitioner",
    "queue",
)


class FhirSettingsError(ValueError):
    """A FHIR setting cannot be used; the message names it and the fix."""


@dataclass(frozen=True)
class Practitioner:
    """The clinician who authors and signs the records made here."""

    name: str
    identifier: Identifier | None = None


@dataclass(frozen=True)
class FhirSettings:
    """See the module notes."""

    server: str | None = None
    token: str | None = field(default=None, repr=False)
    token_file: Path | None = None
    ca_file: Path | None = None
    patient_identifiers: tuple[IdentifierSystem, ...] = DEFAULT_PATIENT_SYSTEMS
    organisation_identifier: Identifier | None = None
    practitioner: Practitioner | None = None
    queue: Path | None = None

    @property
    def default_patient_system(self) -> str:
        return self.patient_identifiers[0].system

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.server:
            data["server"] = self.server
        if self.token:
            data["token"] = self.token
        if self.token_file:
            data["token_file"] = str(self.token_file)
        if self.ca_file:
            data["ca_file"] = str(self.ca_file)
        if self.patient_identifiers != DEFAULT_PATIENT_SYSTEMS:
            data["patient_identifiers"] = [
                {"system": s.system, "name": s.name} for s in self.patient_identifiers
            ]
        if self.organisation_identifier:
            data["organisation_identifier"] = self.organisation_identifier.to_json()
        if self.practitioner:
            who: dict[str, str] = {"name": self.practitioner.name}
            if self.practitioner.identifier:
                who.update(self.practitioner.identifier.to_json())
            data["practitioner"] = who
        if self.queue:
            data["queue"] = str(self.queue)
        return data


def server_problem(url: str) -> str | None:
    """Why ``url`` cannot be a FHIR server's base URL; None when it can."""
    parts = urlsplit(url)
    if len(url) > MAX_URL or not parts.hostname or parts.query or parts.fragment:
        return _("'{url}' is not a FHIR server's address such as https://ehr.example.org/fhir")
    if parts.username or parts.password:
        return _(
            "'{url}' holds a user name or password; give the token in 'fhir.token_file' instead"
        )
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and parts.hostname in LOCAL_HOSTS:
        return None
    return _(
        "'{url}' must start with https:// (records hold patient details; plain http is "
        "allowed only to this computer, for testing)"
    )


def check_server(url: str) -> str:
    """``url`` without a trailing '/', or FhirSettingsError saying what is wrong."""
    problem = server_problem(url)
    if problem is not None:
        raise FhirSettingsError(problem.format(url=url[:100]))
    return url.rstrip("/")


def _text(name: str, value: Any, limit: int = MAX_TEXT) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > limit or "\0" in value:
        raise FhirSettingsError(
            _("the setting '{name}' must be text of 1 to {limit} characters").format(
                name=name, limit=limit
            )
        )
    return value.strip()


def _system(name: str, value: Any) -> str:
    system = _text(name, value)
    problem = system_problem(system)
    if problem is not None:
        raise FhirSettingsError(
            _("the setting '{name}': {problem}").format(name=name, problem=problem)
        )
    return system


def _object(name: str, value: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(value, dict) or not set(value) <= set(keys):
        raise FhirSettingsError(
            _("the setting '{name}' must be an object with: {keys}").format(
                name=name, keys=", ".join(keys)
            )
        )
    return value


def _identifier(name: str, value: Any) -> Identifier:
    data = _object(name, value, ("system", "value"))
    return Identifier(
        _system(f"{name}.system", data.get("system")), _text(f"{name}.value", data.get("value"))
    )


def _systems(value: Any) -> tuple[IdentifierSystem, ...]:
    name = "fhir.patient_identifiers"
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_SYSTEMS:
        raise FhirSettingsError(
            _("the setting '{name}' must list 1 to {limit} identifier systems").format(
                name=name, limit=MAX_SYSTEMS
            )
        )
    systems = []
    for index, item in enumerate(value):
        where = f"{name}[{index}]"
        data = _object(where, item, ("system", "name"))
        systems.append(
            IdentifierSystem(
                _system(f"{where}.system", data.get("system")),
                _text(f"{where}.name", data.get("name")),
            )
        )
    if len({s.system for s in systems}) != len(systems):
        raise FhirSettingsError(
            _("the setting '{name}' lists a system twice; keep one").format(name=name)
        )
    return tuple(systems)


def parse_fhir_settings(value: Any) -> FhirSettings:
    """The ``fhir`` object of the settings file, checked; FhirSettingsError when not usable."""
    if isinstance(value, FhirSettings):
        value = value.to_json()
    if not isinstance(value, dict):
        raise FhirSettingsError(_("the setting 'fhir' must be an object"))
    unknown = sorted(set(value) - set(KEYS))
    if unknown:
        raise FhirSettingsError(
            _("unknown setting 'fhir.{name}'; known ones are: {known}").format(
                name=unknown[0][:80], known=", ".join(KEYS)
            )
        )
    found = {k: v for k, v in value.items() if v is not None}
    if "token" in found and "token_file" in found:
        raise FhirSettingsError(
            _("give the FHIR server's token as 'fhir.token_file' or 'fhir.token', not both")
        )
    settings: dict[str, Any] = {}
    if "server" in found:
        settings["server"] = check_server(_text("fhir.server", found["server"], MAX_URL))
    if "token" in found:
        settings["token"] = _text("fhir.token", found["token"], MAX_URL * 4)
    for key in ("token_file", "ca_file", "queue"):
        if key in found:
            settings[key] = Path(_text(f"fhir.{key}", found[key], MAX_PATH)).expanduser()
    if "patient_identifiers" in found:
        settings["patient_identifiers"] = _systems(found["patient_identifiers"])
    if "organisation_identifier" in found:
        settings["organisation_identifier"] = _identifier(
            "fhir.organisation_identifier", found["organisation_identifier"]
        )
    if "practitioner" in found:
        data = _object("fhir.practitioner", found["practitioner"], ("name", "system", "value"))
        identifier = None
        if data.get("system") is not None or data.get("value") is not None:
            identifier = _identifier(
                "fhir.practitioner",
                {"system": data.get("system"), "value": data.get("value")},
            )
        settings["practitioner"] = Practitioner(
            _text("fhir.practitioner.name", data.get("name")), identifier
        )
    return FhirSettings(**settings)
