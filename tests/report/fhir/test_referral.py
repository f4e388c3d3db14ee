"""A chosen community group or service goes into the FHIR export as a ServiceRequest
(a social prescribing referral) only when the patient agreed and is identified."""

from __future__ import annotations

from datetime import timedelta

import pytest

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.report.fhir import codes
from decision_aid.report.fhir.bundle import build_bundle
from decision_aid.report.fhir.check import check_bundle
from decision_aid.session.model import CommunityChoice, Person
from tests.conftest import MINIMAL
from tests.report.fhir.test_bundle import NHS, NOW, PDF_BYTES, minimal_record, resources

WALKS = CommunityChoice(
    directory="example-community",
    directory_version="1.0.0",
    entry="riverside-walks",
    name="Riverside Health Walks",
    organisation="Riverside Voluntary Action (fictional)",
    when="Tuesdays and Fridays, 10am to 11am",
    where="Riverside Library steps",
    how_to_join="Turn up on the day.",
    contact="01632 960101 · https://walks.example.org",
    example=True,
)


@pytest.fixture(scope="module")
def minimal() -> LoadedPack:
    return load_pack(MINIMAL)


def bundle_for(minimal, *, agreed: bool, identified: bool = True):  # type: ignore[no-untyped-def]
    person = Person(name="Pat Example", identifier=NHS if identified else None)
    record = minimal_record(minimal, patient=person, finished=NOW - timedelta(minutes=1))
    record.plan.community = [WALKS]
    record.plan.community_referral = agreed
    return build_bundle(minimal, record, pdf=PDF_BYTES, signer="Dr A. Example", now=NOW)


def test_an_agreed_referral_is_a_service_request(minimal) -> None:  # type: ignore[no-untyped-def]
    bundle = bundle_for(minimal, agreed=True)
    check_bundle(bundle)
    [request] = resources(bundle, "ServiceRequest")
    assert request["status"] == "active" and request["intent"] == "proposal"
    assert request["code"]["text"] == "Riverside Health Walks"
    assert request["performer"] == [{"display": "Riverside Voluntary Action (fictional)"}]
    assert request["patientInstruction"] == "Turn up on the day."
    assert "01632 960101" in request["note"][0]["text"]
    assert request["identifier"][0] == {
        "system": codes.REFERRAL_ID,
        "value": "test-record/example-community/riverside-walks",
    }
    assert request["subject"]["reference"].startswith("urn:uuid:")
    [patient] = resources(bundle, "Patient")
    assert patient["identifier"][0]["value"] == NHS


def test_without_agreement_there_is_no_referral(minimal) -> None:  # type: ignore[no-untyped-def]
    assert resources(bundle_for(minimal, agreed=False), "ServiceRequest") == []


def test_without_an_identified_patient_there_is_no_referral(minimal) -> None:  # type: ignore[no-untyped-def]
    bundle = bundle_for(minimal, agreed=True, identified=False)
    assert resources(bundle, "ServiceRequest") == []
