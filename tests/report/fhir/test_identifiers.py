"""Patient identifiers: the NHS number's modulus-11 check, other systems."""

from __future__ import annotations

import pytest

from decision_aid.report.fhir.identifiers import (
    NHS_NUMBER,
    Identifier,
    nhs_number_valid,
    patient_identifier,
)


@pytest.mark.parametrize("number", ["9434765919", "4010232137", "9991112227", "9000000009"])
def test_valid_nhs_numbers(number: str) -> None:
    assert nhs_number_valid(number)


@pytest.mark.parametrize(
    "number",
    [
        "9434765918",  # wrong check digit
        "1234567890",  # the check would be 10: never issued
        "943476591",  # nine digits
        "94347659190",  # eleven
        "943476591a",
        "",
    ],
)
def test_invalid_nhs_numbers(number: str) -> None:
    assert not nhs_number_valid(number)


def test_an_nhs_number_as_people_write_it() -> None:
    assert patient_identifier(NHS_NUMBER, " 943 476 5919 ") == Identifier(NHS_NUMBER, "9434765919")
    assert patient_identifier(NHS_NUMBER, "943-476-5919").value == "9434765919"
    with pytest.raises(ValueError, match="not a valid NHS number"):
        patient_identifier(NHS_NUMBER, "943 476 5918")


def test_other_systems_keep_the_value() -> None:
    clinic = "https://riverside.example/Id/clinic-number"
    assert patient_identifier(clinic, "MRN 42") == Identifier(clinic, "MRN 42")
    assert patient_identifier("urn:oid:1.2.3", "7").system == "urn:oid:1.2.3"
    with pytest.raises(ValueError, match="not an identifier system"):
        patient_identifier("clinic number", "42")


def test_search_values_are_escaped() -> None:
    assert Identifier("https://x.example/id", "a|b,c$d\\e").search() == (
        "https://x.example/id|a\\|b\\,c\\$d\\\\e"
    )
