"""Identifiers of people and organisations: systems, values and the NHS number's check.

A patient is found in a record system by an identifier *system* and *value* (never by a
bare value, which matches nothing reliably). The clinic names the systems it uses in the
settings (``fhir.patient_identifiers``); the NHS number is the default. An NHS number is
ten digits whose last is a modulus-11 check digit of the first nine, and one that fails
the check is refused, so that a mistyped number never files a record against someone
else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from decision_aid.i18n import N_, _, translate

NHS_NUMBER: Final = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE: Final = "https://fhir.nhs.uk/Id/ods-organization-code"
"""The NHS Organisation Data Service code of an organisation."""
MAX_SYSTEM = 500
"""Most characters in an identifier system."""
_SYSTEM = re.compile(r"^(https?://[^\s|]+|urn:(oid|uuid):[^\s|]+)$")


@dataclass(frozen=True)
class IdentifierSystem:
    """A kind of identifier the clinic uses: its system URI and its name for people."""

    system: str
    name: str


@dataclass(frozen=True)
class Identifier:
    """A system and a value."""

    system: str
    value: str

    def search(self) -> str:
        """The search value 'system|value' (FHIR token search), escaped as FHIR asks."""
        return f"{_escape(self.system)}|{_escape(self.value)}"

    def to_json(self) -> dict[str, str]:
        return {"system": self.system, "value": self.value}


def _escape(text: str) -> str:
    """FHIR search escaping of ',', '|' and '$' (and '\\' itself)."""
    for char in ("\\", ",", "|", "$"):
        text = text.replace(char, "\\" + char)
    return text


NHS_NUMBER_NAME: Final = N_("NHS number")
DEFAULT_PATIENT_SYSTEMS: Final = (IdentifierSystem(NHS_NUMBER, NHS_NUMBER_NAME),)
"""The patient identifier systems when the settings name none."""


def system_name(system: IdentifierSystem) -> str:
    """A system's name for people: the clinic's own words, or the NHS number's in the
    screen's language when the settings use the default."""
    if system.system == NHS_NUMBER and system.name == NHS_NUMBER_NAME:
        return translate(NHS_NUMBER_NAME)
    return system.name


def system_problem(system: str) -> str | None:
    """Why ``system`` cannot be an identifier system; None when it can."""
    if len(system) > MAX_SYSTEM or not _SYSTEM.match(system):
        return _(
            "'{system}' is not an identifier system: give a URL such as "
            "https://fhir.nhs.uk/Id/nhs-number (or a urn:oid:)"
        ).format(system=system[:80])
    return None


def nhs_number_valid(digits: str) -> bool:
    """True when ``digits`` is ten digits whose last is the modulus-11 check of the rest."""
    if not re.fullmatch(r"[0-9]{10}", digits):
        return False
    total = sum(int(d) * weight for d, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def patient_identifier(system: str, value: str) -> Identifier:
    """The patient's identifier, checked; ValueError (in words) when it cannot be used.

    An NHS number may be written with spaces or hyphens ('943 476 5919'); it is kept as
    its ten digits.
    """
    problem = system_problem(system)
    if problem is not None:
        raise ValueError(problem)
    value = value.strip()
    if system == NHS_NUMBER:
        digits = re.sub(r"[\s-]", "", value)
        if not nhs_number_valid(digits):
            raise ValueError(
                _(
                    "'{value}' is not a valid NHS number: an NHS number has ten digits, and "
                    "its last digit checks the other nine. Check the number with the patient "
                    "or their record"
                ).format(value=value)
            )
        return Identifier(system, digits)
    if not value:
        raise ValueError(_("the patient's identifier is empty"))
    return Identifier(system, value)
