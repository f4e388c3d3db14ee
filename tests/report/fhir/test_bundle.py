"""The FHIR export: every example session gives a valid R4 transaction with the right content."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import subprocess
import sys
import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.i18n import peek
from decision_aid.report.fhir import codes
from decision_aid.report.fhir.bundle import (
    ID_NAMESPACE,
    Parties,
    build_bundle,
    bundle_send_problem,
    instant,
    resource_id,
    send_problem,
)
from decision_aid.report.fhir.check import check_bundle
from decision_aid.report.fhir.codes import AUTHOR_SIGNATURE
from decision_aid.report.fhir.config import Practitioner
from decision_aid.report.fhir.identifiers import NHS_NUMBER, ODS_CODE, Identifier
from decision_aid.session.model import (
    CollaboRate,
    KnowledgeAnswer,
    PackRef,
    Person,
    Rating,
    SessionRecord,
    Sure,
)
from decision_aid.session.scoring import collaborate_top_box, knowledge_score, sure_score
from tests.conftest import MINIMAL, ROOT, SHIPPED

NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
SIGNED = datetime(2026, 11, 25, 10, 31, 5, tzinfo=UTC)
PDF_BYTES = b"%PDF-1.7\n% a stand-in for the signed summary\n%%EOF\n"
EXAMPLES = sorted((ROOT / "examples").glob("*.session.json"))

Json = dict[str, Any]


# --------------------------------------------------------------------------- fixtures


def example(path: Path) -> tuple[LoadedPack, SessionRecord]:
    record = SessionRecord.model_validate_json(path.read_text())
    return load_pack(SHIPPED / record.pack.id), record


@pytest.fixture(scope="module")
def minimal() -> LoadedPack:
    return load_pack(MINIMAL)


def minimal_record(loaded: LoadedPack, **changes: Any) -> SessionRecord:
    record = SessionRecord(
        id="test-record",
        pack=PackRef(
            id=loaded.meta.id, version=loaded.meta.version, content_hash=loaded.content_hash
        ),
        started=NOW - timedelta(minutes=20),
        updated=NOW - timedelta(minutes=5),
        ratings=[Rating(concern_id="avoid-tablets", importance=3)],
        knowledge=[KnowledgeAnswer(question_id="k1", choice_id="b")],
        sure=Sure(sure=True, understand=True, risk_benefit=True, encouragement=True),
    )
    record.plan.leaning = "option:tablet"
    return record.model_copy(update=changes)


def resources(bundle: Json, kind: str | None = None) -> list[Json]:
    found = [entry["resource"] for entry in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def one(bundle: Json, kind: str) -> Json:
    (found,) = resources(bundle, kind)
    return found


def observation(bundle: Json, code: str) -> Json:
    (found,) = [
        r for r in resources(bundle, "Observation") if r["code"]["coding"][0]["code"] == code
    ]
    return found


def entry_of(bundle: Json, kind: str) -> Json:
    (found,) = [e for e in bundle["entry"] if e["resource"]["resourceType"] == kind]
    return found


NHS = "9434765919"
"""A valid NHS number (its check digit is right)."""
PARTIES = Parties(
    organisation="Riverside Health Centre",
    organisation_identifier=Identifier(ODS_CODE, "A81001"),
    practitioner=Practitioner(
        "Dr A. Example", Identifier("https://fhir.hl7.org.uk/Id/gmc-number", "1234567")
    ),
)


def answers(response: Json, group: str) -> dict[str, Json]:
    """Answer lists by linkId for one group of a QuestionnaireResponse."""
    for item in response.get("item", []):
        if item["linkId"] == group:
            return {child["linkId"]: child for child in item["item"]}
    return {}


def round_trip(bundle: Json) -> Json:
    from fhir.resources.R4B.bundle import Bundle

    dumped: Json = Bundle.model_validate(bundle).model_dump(mode="json")
    return dumped


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_example_bundle_validates_and_round_trips(path: Path) -> None:
    loaded, record = example(path)
    bundle = build_bundle(loaded, record, pdf=PDF_BYTES, signer="Dr A. Example", now=NOW)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "transaction"
    assert round_trip(bundle) == bundle
    # JSON-ready: plain json survives it unchanged.
    assert json.loads(json.dumps(bundle)) == bundle


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_entry_is_a_conditional_create(path: Path) -> None:
    loaded, record = example(path)
    record = record.model_copy(update={"patient": Person(name="Pat", identifier=NHS)})
    bundle = build_bundle(loaded, record, pdf=PDF_BYTES, signer="Dr A", now=NOW, parties=PARTIES)
    conditions = {}
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        assert entry["request"]["method"] == "POST"
        assert entry["request"]["url"] == kind
        assert "id" not in entry["resource"]
        conditions.setdefault(kind, []).append(entry["request"]["ifNoneExist"])
    base = "https://decision-aid.org/fhir"
    assert conditions == {
        "Questionnaire": [
            f"url={base}/Questionnaire/{loaded.meta.id}&version={loaded.meta.version}"
        ],
        "Organization": ["identifier=https://fhir.nhs.uk/Id/ods-organization-code|A81001"],
        "Practitioner": ["identifier=https://fhir.hl7.org.uk/Id/gmc-number|1234567"],
        "Patient": [f"identifier=https://fhir.nhs.uk/Id/nhs-number|{NHS}"],
        "QuestionnaireResponse": [f"identifier={base}/Id/consultation|{record.id}"],
        "DocumentReference": [f"identifier={base}/Id/document|{record.id}/en"],
        "Observation": [
            f"identifier={base}/Id/observation|{record.id}/{code}"
            for code in ("sure-score", "collaborate-top-box", "stated-preference")
        ],
        "Provenance": [f"target:DocumentReference.identifier={base}/Id/document|{record.id}/en"],
    }
    assert_references_resolve(bundle)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_example_bundle_content(path: Path) -> None:
    loaded, record = example(path)
    bundle = build_bundle(
        loaded, record, pdf=PDF_BYTES, signer="Dr A. Example", signed_at=SIGNED, now=NOW
    )
    counts = Counter(r["resourceType"] for r in resources(bundle))
    score = sure_score(record.sure)
    expected = {
        "Questionnaire": 1,
        "DocumentReference": 1,
        "QuestionnaireResponse": 1,
        "Observation": (score.score is not None)
        + (record.plan.leaning is not None)
        + (record.collaborate.included is not None),
        "Provenance": 1,
        "Patient": 1,
    }
    assert counts == Counter(expected)

    # The PDF, with the hash FHIR R4 defines: base64 of the SHA-1 of the bytes.
    document = one(bundle, "DocumentReference")
    assert document["status"] == "current"
    assert document["docStatus"] == ("final" if record.finished else "preliminary")
    (content,) = document["content"]
    attachment = content["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert base64.b64decode(attachment["data"]) == PDF_BYTES
    assert attachment["size"] == len(PDF_BYTES)
    assert base64.b64decode(attachment["hash"]) == hashlib.sha1(PDF_BYTES).digest()
    assert attachment["title"] == "decision-summary.pdf"
    assert loaded.meta.id in document["description"]
    assert loaded.meta.version in document["description"]
    assert document["date"] == "2026-11-25T10:30:00Z"

    # The response points to the pack's Questionnaire, which is in the bundle.
    response = one(bundle, "QuestionnaireResponse")
    questionnaire = one(bundle, "Questionnaire")
    assert response["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    assert questionnaire["url"] == f"https://decision-aid.org/fhir/Questionnaire/{loaded.meta.id}"
    assert questionnaire["version"] == loaded.meta.version
    assert response["status"] == ("completed" if record.finished else "in-progress")
    rated = {
        link: item["answer"][0]["valueInteger"]
        for link, item in answers(response, "values").items()
        if link != "values/own"
    }
    assert rated == {f"values/{r.concern_id}": r.importance for r in record.ratings}
    own = [i for i in response["item"][0]["item"] if i["linkId"] == "values/own"]
    assert [
        (o["item"][0]["answer"][0]["valueString"], o["item"][1]["answer"][0]["valueInteger"])
        for o in own
    ] == [(c.text, c.importance) for c in record.own_concerns]
    concerns = {v.id: v.concern for v in loaded.content.values}
    for rating in record.ratings:
        item = answers(response, "values")[f"values/{rating.concern_id}"]
        assert item["text"] == concerns[rating.concern_id]

    # Knowledge: the chosen choice, and whether it was right, agreeing with the score.
    known = answers(response, "knowledge")
    assert set(known) == {f"knowledge/{a.question_id}" for a in record.knowledge}
    correct = 0
    for answer in record.knowledge:
        (given,) = known[f"knowledge/{answer.question_id}"]["answer"]
        assert given["valueCoding"]["code"] == answer.choice_id
        assert given["valueCoding"]["system"] == codes.knowledge_system(
            loaded.meta.id, answer.question_id
        )
        question = next(q for q in loaded.content.knowledge if q.id == answer.question_id)
        choice = next(c for c in question.choices if c.id == answer.choice_id)
        assert given["valueCoding"]["display"] == choice.text
        (mark,) = given["item"]
        assert mark["linkId"] == f"knowledge/{answer.question_id}/correct"
        correct += mark["answer"][0]["valueBoolean"]
    assert correct == knowledge_score(loaded.content, record).correct

    # SURE answers and score.
    sure = answers(response, "sure")
    for key in ("sure", "understand", "risk_benefit", "encouragement"):
        value = getattr(record.sure, key)
        if value is None:
            assert f"sure/{key}" not in sure
        else:
            assert sure[f"sure/{key}"]["answer"] == [{"valueBoolean": value}]
    status = "final" if record.finished else "preliminary"
    if score.score is not None:
        sure_obs = observation(bundle, "sure-score")
        assert sure_obs["status"] == status
        assert sure_obs["code"]["coding"][0]["system"] == codes.MEASURES
        assert sure_obs["valueInteger"] == score.score
        assert sure_obs["derivedFrom"] == [{"reference": full_url(bundle, response)}]
        meaning = sure_obs["interpretation"][0]["text"]
        assert meaning.startswith("Decisional conflict" if score.conflict else "No decisional")

    # CollaboRATE: the three answers and the top-box score.
    collaborate = answers(response, "collaborate")
    assert {link: item["answer"][0]["valueInteger"] for link, item in collaborate.items()} == {
        f"collaborate/{key}": getattr(record.collaborate, key)
        for key in ("explained", "listened", "included")
    }
    top = observation(bundle, "collaborate-top-box")
    assert top["status"] == status
    assert top["valueInteger"] == collaborate_top_box(record)

    # The leaning, in words.
    leaning = record.plan.leaning
    if leaning is not None and leaning.startswith("option:"):
        option = loaded.content.option(leaning.removeprefix("option:"))
        preference = observation(bundle, "stated-preference")
        assert preference["status"] == status
        assert preference["valueCodeableConcept"]["text"] == option.name
        coding = preference["valueCodeableConcept"]["coding"][0]
        assert coding["code"] == option.id
        assert coding["system"] == codes.options_system(loaded.meta.id)

    # The signature.
    provenance = one(bundle, "Provenance")
    assert provenance["target"] == [{"reference": full_url(bundle, document)}]
    assert provenance["recorded"] == "2026-11-25T10:31:05Z"
    (signature,) = provenance["signature"]
    assert signature["type"][0]["code"] == AUTHOR_SIGNATURE[0]
    assert signature["type"][0]["system"] == "urn:iso-astm:E1762-95:2013"
    assert signature["who"] == {"display": "Dr A. Example"}
    assert signature["sigFormat"] == "application/pdf"
    assert signature["when"] == "2026-11-25T10:31:05Z"
    assert_references_resolve(bundle)


def full_url(bundle: Json, resource: Json) -> str:
    (entry,) = [e for e in bundle["entry"] if e["resource"] is resource]
    url: str = entry["fullUrl"]
    return url


def all_references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for value in node.values() for r in all_references(value)]
    if isinstance(node, list):
        return [r for value in node for r in all_references(value)]
    return []


def assert_references_resolve(bundle: Json) -> None:
    urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert len(urls) == len(bundle["entry"])
    for entry in bundle["entry"]:
        assert uuid.UUID(entry["fullUrl"].removeprefix("urn:uuid:")).version == 5
        for reference in all_references(entry["resource"]):
            assert reference in urls


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_deterministic_for_a_fixed_now(path: Path) -> None:
    loaded, record = example(path)
    first = build_bundle(loaded, record, pdf=PDF_BYTES, signer="Dr A", now=NOW)
    again = build_bundle(loaded, record, pdf=PDF_BYTES, signer="Dr A", now=NOW)
    assert json.dumps(first) == json.dumps(again)
    response = entry_of(first, "QuestionnaireResponse")
    expected = uuid.uuid5(ID_NAMESPACE, f"{record.id}/questionnaire-response")
    assert response["fullUrl"] == f"urn:uuid:{expected}"
    assert resource_id(f"{record.id}/questionnaire-response") == str(expected)
    other = build_bundle(
        loaded, record.model_copy(update={"id": "another"}), pdf=PDF_BYTES, now=NOW
    )
    own = {"QuestionnaireResponse", "DocumentReference", "Observation", "Provenance"}

    def urls(bundle: Json) -> set[str]:
        return {e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] in own}

    assert not urls(first) & urls(other)
    # The pack's Questionnaire is the same resource for every record of that pack.
    assert (
        entry_of(first, "Questionnaire")["fullUrl"] == entry_of(other, "Questionnaire")["fullUrl"]
    )


def test_copies_in_two_languages_have_their_own_document(make_pack: Any) -> None:
    """A record made again in Welsh is another document: its own DocumentReference (and
    Provenance) identifier and full URL; the answers are shared."""
    loaded = welsh_pack(make_pack)
    record = minimal_record(loaded)
    english = build_bundle(loaded, record, pdf=PDF_BYTES, signer="Dr A", now=NOW)
    welsh = build_bundle(
        loaded, record, pdf=PDF_BYTES + b"cy", signer="Dr A", now=NOW, document_language="cy"
    )
    english_doc, welsh_doc = (
        entry_of(english, "DocumentReference"),
        entry_of(welsh, "DocumentReference"),
    )
    assert english_doc["fullUrl"] != welsh_doc["fullUrl"]
    assert english_doc["resource"]["identifier"] != welsh_doc["resource"]["identifier"]
    assert english_doc["request"]["ifNoneExist"] != welsh_doc["request"]["ifNoneExist"]
    assert welsh_doc["resource"]["content"][0]["attachment"]["language"] == "cy"
    assert (
        entry_of(english, "Provenance")["request"]["ifNoneExist"]
        != entry_of(welsh, "Provenance")["request"]["ifNoneExist"]
    )
    assert english["id"] != welsh["id"]
    for kind in ("QuestionnaireResponse", "Questionnaire"):
        assert entry_of(english, kind) == entry_of(welsh, kind)
    # en-GB is English: the same document as 'en'.
    british = build_bundle(
        loaded, record, pdf=PDF_BYTES, signer="Dr A", now=NOW, document_language="en_GB"
    )
    assert entry_of(british, "DocumentReference")["fullUrl"] == english_doc["fullUrl"]


# --------------------------------------------------------------------------- variations


def test_without_pdf_there_is_no_document_and_no_signature(minimal: LoadedPack) -> None:
    bundle = build_bundle(minimal, minimal_record(minimal), now=NOW)
    kinds = Counter(r["resourceType"] for r in resources(bundle))
    assert kinds == Counter({"Questionnaire": 1, "QuestionnaireResponse": 1, "Observation": 2})
    assert round_trip(bundle) == bundle


def test_a_signer_needs_the_pdf(minimal: LoadedPack) -> None:
    with pytest.raises(ValueError, match="signed PDF"):
        build_bundle(minimal, minimal_record(minimal), signer="Dr A", now=NOW)


def test_unsigned_pdf_has_no_provenance(minimal: LoadedPack) -> None:
    bundle = build_bundle(minimal, minimal_record(minimal), pdf=PDF_BYTES, now=NOW)
    assert resources(bundle, "Provenance") == []
    assert "authenticator" not in one(bundle, "DocumentReference")


def test_signed_at_defaults_to_now(minimal: LoadedPack) -> None:
    bundle = build_bundle(minimal, minimal_record(minimal), pdf=PDF_BYTES, signer="X", now=NOW)
    provenance = one(bundle, "Provenance")
    assert provenance["recorded"] == provenance["signature"][0]["when"] == instant(NOW)


def test_no_patient_means_no_subject(minimal: LoadedPack) -> None:
    bundle = build_bundle(minimal, minimal_record(minimal), pdf=PDF_BYTES, now=NOW)
    assert resources(bundle, "Patient") == []
    assert all("subject" not in r for r in resources(bundle))
    empty = minimal_record(minimal, patient=Person(role="patient"))
    bundle = build_bundle(minimal, empty, pdf=PDF_BYTES, now=NOW)
    assert resources(bundle, "Patient") == []


def test_a_patient_without_an_identifier_is_named_but_not_matched(minimal: LoadedPack) -> None:
    """No identifier: no Patient is created (it could only be a duplicate); the name stays
    as the subject's display, and the record is not to be sent."""
    record = minimal_record(
        minimal, patient=Person(name="Pat Example"), finished=NOW - timedelta(minutes=1)
    )
    bundle = build_bundle(minimal, record, pdf=PDF_BYTES, now=NOW)
    assert resources(bundle, "Patient") == []
    assert one(bundle, "QuestionnaireResponse")["subject"] == {"display": "Pat Example"}
    assert "no patient identifier" in (send_problem(record, NHS_NUMBER) or "")
    assert "no patient identifier" in (bundle_send_problem(bundle) or "")


def test_patient_identified_by_system_and_value(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, patient=Person(name="Pat Example", identifier="943 476 5919"))
    bundle = build_bundle(minimal, record, pdf=PDF_BYTES, signer="Dr A", now=NOW)
    patient = one(bundle, "Patient")
    assert patient["name"] == [{"text": "Pat Example"}]
    assert patient["identifier"] == [{"system": NHS_NUMBER, "value": NHS}]
    assert entry_of(bundle, "Patient")["request"]["ifNoneExist"] == (
        f"identifier={NHS_NUMBER}|{NHS}"
    )
    assert "birthDate" not in patient
    born = Person(name="Pat Example", identifier=NHS, birth_date=date(1956, 5, 4))
    dated = build_bundle(minimal, minimal_record(minimal, patient=born), pdf=PDF_BYTES, now=NOW)
    assert one(dated, "Patient")["birthDate"] == "1956-05-04"
    url = full_url(bundle, patient)
    for resource in resources(bundle):
        if resource["resourceType"] in (
            "DocumentReference",
            "QuestionnaireResponse",
            "Observation",
        ):
            assert resource["subject"] == {"reference": url, "display": "Pat Example"}
    assert one(bundle, "QuestionnaireResponse")["source"]["reference"] == url
    assert_references_resolve(bundle)
    assert round_trip(bundle) == bundle


def test_a_wrong_nhs_number_is_refused(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, patient=Person(name="Pat", identifier="9434765918"))
    with pytest.raises(ValueError, match="not a valid NHS number"):
        build_bundle(minimal, record, now=NOW)


def test_another_identifier_system(minimal: LoadedPack) -> None:
    clinic = "https://riverside.example/Id/clinic-number"
    recorded = Person(name="Pat", identifier="MRN 42", identifier_system=clinic)
    bundle = build_bundle(minimal, minimal_record(minimal, patient=recorded), now=NOW)
    assert one(bundle, "Patient")["identifier"] == [{"system": clinic, "value": "MRN 42"}]
    assert entry_of(bundle, "Patient")["request"]["ifNoneExist"] == (
        f"identifier={clinic}|MRN%2042"
    )
    # A record that names no system takes the clinic's default from the settings.
    default = Parties(patient_system=clinic)
    plain = minimal_record(minimal, patient=Person(identifier="MRN 42"))
    bundle = build_bundle(minimal, plain, now=NOW, parties=default)
    assert one(bundle, "Patient")["identifier"] == [{"system": clinic, "value": "MRN 42"}]


def test_author_signer_and_custodian_from_the_settings(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, patient=Person(identifier=NHS))
    bundle = build_bundle(
        minimal, record, pdf=PDF_BYTES, signer="Dr A. Example", now=NOW, parties=PARTIES
    )
    organisation, practitioner = one(bundle, "Organization"), one(bundle, "Practitioner")
    assert organisation == {
        "resourceType": "Organization",
        "identifier": [{"system": ODS_CODE, "value": "A81001"}],
        "name": "Riverside Health Centre",
    }
    assert practitioner["name"] == [{"text": "Dr A. Example"}]
    org_ref = {"reference": full_url(bundle, organisation), "display": "Riverside Health Centre"}
    who_ref = {"reference": full_url(bundle, practitioner), "display": "Dr A. Example"}
    document = one(bundle, "DocumentReference")
    assert document["author"] == [who_ref]
    assert document["authenticator"] == who_ref
    assert document["custodian"] == org_ref
    provenance = one(bundle, "Provenance")
    assert provenance["agent"][0]["who"] == who_ref
    assert provenance["agent"][0]["onBehalfOf"] == org_ref
    assert one(bundle, "QuestionnaireResponse")["author"] == who_ref
    # Without identifiers in the settings they are named, never created unmatched.
    named = Parties(organisation="Riverside", practitioner=Practitioner("Dr B"))
    bundle = build_bundle(minimal, record, pdf=PDF_BYTES, signer="Dr B", now=NOW, parties=named)
    assert not resources(bundle, "Organization") and not resources(bundle, "Practitioner")
    assert one(bundle, "DocumentReference")["custodian"] == {"display": "Riverside"}
    assert one(bundle, "DocumentReference")["author"] == [{"display": "Dr B"}]


def test_finished_record_is_final_everywhere(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, finished=NOW - timedelta(minutes=1))
    bundle = build_bundle(minimal, record, pdf=PDF_BYTES, now=NOW)
    response = one(bundle, "QuestionnaireResponse")
    assert response["status"] == "completed"
    assert response["authored"] == "2026-11-25T10:29:00Z"
    document = one(bundle, "DocumentReference")
    assert document["context"]["period"]["end"] == "2026-11-25T10:29:00Z"
    assert document["docStatus"] == "final"
    assert {o["status"] for o in resources(bundle, "Observation")} == {"final"}


def test_unfinished_record_is_unfinished_everywhere(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, patient=Person(identifier=NHS))
    bundle = build_bundle(minimal, record, pdf=PDF_BYTES, now=NOW)
    assert one(bundle, "QuestionnaireResponse")["status"] == "in-progress"
    document = one(bundle, "DocumentReference")
    assert document["docStatus"] == "preliminary"
    assert "end" not in document["context"]["period"]
    assert {o["status"] for o in resources(bundle, "Observation")} == {"preliminary"}
    assert "not finished" in (send_problem(record, NHS_NUMBER) or "")
    assert "not finished" in (bundle_send_problem(bundle) or "")
    finished = record.model_copy(update={"finished": NOW})
    assert send_problem(finished, NHS_NUMBER) is None


@pytest.mark.parametrize(
    ("leaning", "text", "code"),
    [("unsure", "Not sure yet", "unsure"), ("later", "I want to decide later", "later")],
)
def test_leaning_in_words(minimal: LoadedPack, leaning: str, text: str, code: str) -> None:
    record = minimal_record(minimal)
    record.plan.leaning = leaning
    bundle = build_bundle(minimal, record, now=NOW)
    value = observation(bundle, "stated-preference")["valueCodeableConcept"]
    assert value["text"] == text
    assert value["coding"][0]["code"] == code
    assert value["coding"][0]["system"] == codes.LEANING


def test_no_leaning_no_preference(minimal: LoadedPack) -> None:
    record = minimal_record(minimal)
    record.plan.leaning = None
    bundle = build_bundle(minimal, record, now=NOW)
    assert [o["code"]["coding"][0]["code"] for o in resources(bundle, "Observation")] == [
        "sure-score"
    ]


def test_sure_score_four_is_no_conflict_and_incomplete_sure_has_no_score(
    minimal: LoadedPack,
) -> None:
    bundle = build_bundle(minimal, minimal_record(minimal), now=NOW)
    sure_obs = observation(bundle, "sure-score")
    assert sure_obs["valueInteger"] == 4
    assert sure_obs["interpretation"][0]["text"].startswith("No decisional conflict")
    partial = minimal_record(minimal, sure=Sure(sure=False, understand=True))
    bundle = build_bundle(minimal, partial, now=NOW)
    assert not [
        o
        for o in resources(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == "sure-score"
    ]
    assert set(answers(one(bundle, "QuestionnaireResponse"), "sure")) == {
        "sure/sure",
        "sure/understand",
    }


def test_collaborate_partly_answered_has_answers_but_no_score(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, collaborate=CollaboRate(explained=9, listened=9))
    bundle = build_bundle(minimal, record, now=NOW)
    response = one(bundle, "QuestionnaireResponse")
    assert set(answers(response, "collaborate")) == {
        "collaborate/explained",
        "collaborate/listened",
    }
    assert not [
        o
        for o in resources(bundle, "Observation")
        if o["code"]["coding"][0]["code"] == "collaborate-top-box"
    ]
    full = minimal_record(minimal, collaborate=CollaboRate(explained=9, listened=9, included=9))
    top = observation(build_bundle(minimal, full, now=NOW), "collaborate-top-box")
    assert top["valueInteger"] == 1


def test_empty_record_has_a_response_without_items(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, ratings=[], knowledge=[], sure=Sure())
    record.plan.leaning = None
    bundle = build_bundle(minimal, record, now=NOW)
    assert [r["resourceType"] for r in resources(bundle)] == [
        "Questionnaire",
        "QuestionnaireResponse",
    ]
    assert "item" not in one(bundle, "QuestionnaireResponse")
    assert round_trip(bundle) == bundle


def test_wrong_knowledge_answer_is_marked(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, knowledge=[KnowledgeAnswer(question_id="k1", choice_id="a")])
    bundle = build_bundle(minimal, record, now=NOW)
    (given,) = answers(one(bundle, "QuestionnaireResponse"), "knowledge")["knowledge/k1"]["answer"]
    assert given["valueCoding"] == {
        "system": "https://decision-aid.org/fhir/CodeSystem/pack/minimal/knowledge/k1",
        "version": minimal.meta.version,
        "code": "a",
        "display": "2",
    }
    assert given["item"][0]["answer"] == [{"valueBoolean": False}]


def welsh_pack(make_pack: Any) -> LoadedPack:
    folder = make_pack()
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(
        "format_version: 1\nlocale: cy\nstatus: draft\nstrings:\n"
        "  options.tablet.name: Cymryd y dabled\n"
        "  values.avoid-tablets.concern: Peidio â chymryd tabledi\n"
    )
    return load_pack(folder)


def test_text_in_the_language_the_patient_saw(make_pack: Any) -> None:
    loaded = welsh_pack(make_pack)
    record = minimal_record(loaded)
    record.pack.language = "cy"
    bundle = build_bundle(loaded, record, pdf=PDF_BYTES, now=NOW)
    response = one(bundle, "QuestionnaireResponse")
    assert response["language"] == "cy"
    assert answers(response, "values")["values/avoid-tablets"]["text"] == (
        "Peidio â chymryd tabledi"
    )
    assert observation(bundle, "stated-preference")["valueCodeableConcept"]["text"] == (
        "Cymryd y dabled"
    )
    assert one(bundle, "DocumentReference")["content"][0]["attachment"]["language"] == "cy"
    # The app's own words are Welsh too, whatever the screen's language.
    assert observation(bundle, "sure-score")["code"]["text"] == peek("cy", "SURE test score")
    assert peek("cy", "SURE test score") != "SURE test score"


def test_pack_mismatch_is_refused(minimal: LoadedPack) -> None:
    record = minimal_record(minimal)
    record.pack.version = "9.9.9"
    with pytest.raises(ValueError, match=r"9\.9\.9"):
        build_bundle(minimal, record, now=NOW)


def test_times_need_a_zone(minimal: LoadedPack) -> None:
    with pytest.raises(ValueError, match="time zone"):
        build_bundle(minimal, minimal_record(minimal), now=datetime(2026, 11, 25, 10, 30))


def test_instant_keeps_offsets() -> None:
    assert instant(NOW) == "2026-11-25T10:30:00Z"
    plus_one = datetime(2026, 6, 1, 9, 0, 0, 500, tzinfo=timezone(timedelta(hours=1)))
    assert instant(plus_one) == "2026-06-01T09:00:00.000500+01:00"


# --------------------------------------------------------------------------- checks


@pytest.fixture
def valid(minimal: LoadedPack) -> Json:
    return build_bundle(minimal, minimal_record(minimal), pdf=PDF_BYTES, signer="Dr A", now=NOW)


def mutated(bundle: Json, kind: str, change: Any) -> Json:
    copied = copy.deepcopy(bundle)
    change(entry_of(copied, kind))
    return copied


@pytest.mark.parametrize(
    ("kind", "change", "message"),
    [
        ("DocumentReference", lambda e: e["resource"].update(status="final"), "status 'final'"),
        ("DocumentReference", lambda e: e["resource"].update(docStatus="done"), "docStatus"),
        ("QuestionnaireResponse", lambda e: e["resource"].update(status="done"), "status 'done'"),
        ("Questionnaire", lambda e: e["resource"].update(status="ready"), "status 'ready'"),
        ("DocumentReference", lambda e: e["resource"].update(content=[]), "content is empty"),
        ("DocumentReference", lambda e: e["resource"].pop("content"), "content is empty"),
        (
            "Provenance",
            lambda e: e["resource"].update(target=[{"reference": f"urn:uuid:{uuid.uuid4()}"}]),
            "not in the bundle",
        ),
        ("QuestionnaireResponse", lambda e: e.update(fullUrl="Patient/1"), "fullUrl"),
        ("QuestionnaireResponse", lambda e: e.pop("request"), "needs a request"),
        ("QuestionnaireResponse", lambda e: e["request"].pop("ifNoneExist"), "not conditional"),
        ("QuestionnaireResponse", lambda e: e["request"].update(url="Patient"), "request.url"),
        ("QuestionnaireResponse", lambda e: e["resource"].update(authored="yesterday"), "authored"),
    ],
)
def test_check_bundle_rejects(valid: Json, kind: str, change: Any, message: str) -> None:
    check_bundle(valid)
    with pytest.raises(ValueError, match=message):
        check_bundle(mutated(valid, kind, change))


def test_check_bundle_rejects_a_bad_type_and_shared_full_urls(valid: Json) -> None:
    with pytest.raises(ValueError, match=r"Bundle\.type"):
        check_bundle({**valid, "type": "pile"})
    twice = copy.deepcopy(valid)
    twice["entry"][1]["fullUrl"] = twice["entry"][0]["fullUrl"]
    with pytest.raises(ValueError, match="share a fullUrl"):
        check_bundle(twice)


def test_observation_status_checked(valid: Json) -> None:
    broken = copy.deepcopy(valid)
    resources(broken, "Observation")[0]["status"] = "done"
    with pytest.raises(ValueError, match="status 'done'"):
        check_bundle(broken)


def test_fhir_resources_is_imported_only_when_exporting() -> None:
    code = (
        "import sys, decision_aid.report.fhir.bundle, decision_aid.settings\n"
        "assert not [m for m in sys.modules if m.startswith('fhir.resources')], 'imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
