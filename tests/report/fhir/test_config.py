"""The 'fhir' object of the settings: read strictly, written back, never showing the token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from decision_aid.report.fhir.config import FhirSettings, parse_fhir_settings
from decision_aid.report.fhir.identifiers import NHS_NUMBER
from decision_aid.settings import Settings, SettingsError, load_settings, save_settings

FULL: dict[str, Any] = {
    "server": "https://ehr.example.org/fhir/",
    "token_file": "/srv/clinic/fhir-token",
    "ca_file": "/srv/clinic/ca.pem",
    "patient_identifiers": [
        {"system": "https://riverside.example/Id/clinic-number", "name": "Clinic number"},
        {"system": NHS_NUMBER, "name": "NHS number"},
    ],
    "organisation_identifier": {
        "system": "https://fhir.nhs.uk/Id/ods-organization-code",
        "value": "A81001",
    },
    "practitioner": {
        "name": "Dr A. Example",
        "system": "https://fhir.hl7.org.uk/Id/gmc-number",
        "value": "1234567",
    },
    "queue": "/srv/clinic/queue",
}


def test_read_and_written_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"fhir": FULL}))
    settings = load_settings(path)
    fhir = settings.fhir
    assert fhir.server == "https://ehr.example.org/fhir"
    assert fhir.default_patient_system == "https://riverside.example/Id/clinic-number"
    assert fhir.practitioner is not None and fhir.practitioner.identifier is not None
    assert fhir.practitioner.identifier.value == "1234567"
    save_settings(settings, path)
    assert load_settings(path) == settings


def test_defaults() -> None:
    fhir = Settings().fhir
    assert fhir == FhirSettings() and fhir.server is None
    assert fhir.default_patient_system == NHS_NUMBER


def test_the_token_is_not_in_the_settings_repr() -> None:
    fhir = parse_fhir_settings({"token": "very-secret"})
    assert fhir.token == "very-secret"
    assert "very-secret" not in repr(fhir) and "very-secret" not in repr(Settings(fhir=fhir))


@pytest.mark.parametrize(
    ("fhir", "words"),
    [
        ({"server": "http://ehr.example.org/fhir"}, "must start with https://"),
        ({"server": "https://user:pw@ehr.example.org/fhir"}, "user name or password"),
        ({"server": "ftp://ehr"}, "must start with https://"),
        ({"server": "https://ehr.example.org/fhir?x=1"}, "not a FHIR server's address"),
        ({"token": "a", "token_file": "/t"}, "not both"),
        ({"colour": "red"}, "unknown setting 'fhir.colour'"),
        ({"patient_identifiers": []}, "1 to 20"),
        ({"patient_identifiers": [{"system": "nhs", "name": "NHS"}]}, "not an identifier system"),
        (
            {"patient_identifiers": [{"system": NHS_NUMBER, "name": "a"}] * 2},
            "lists a system twice",
        ),
        ({"organisation_identifier": {"system": NHS_NUMBER}}, "organisation_identifier.value"),
        ({"practitioner": {"system": NHS_NUMBER, "value": "1"}}, "practitioner.name"),
        ({"practitioner": {"name": "Dr A", "value": "1"}}, "practitioner.system"),
        ("on", "must be an object"),
    ],
)
def test_problems_name_the_setting(tmp_path: Path, fhir: Any, words: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"fhir": fhir}))
    with pytest.raises(SettingsError, match=words) as caught:
        load_settings(path)
    assert str(path) in str(caught.value)


def test_plain_http_only_to_this_computer() -> None:
    for url in ("http://127.0.0.1:8080/fhir", "http://localhost/fhir", "http://[::1]:9/fhir"):
        assert parse_fhir_settings({"server": url}).server == url
