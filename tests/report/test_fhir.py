"""The FHIR export: every example session gives a valid R4 Bundle with the right content."""

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
from decision_aid.report.fhir import (
    AUTHOR_SIGNATURE,
    ID_NAMESPACE,
    build_bundle,
    check_bundle,
    instant,
    resource_id,
)
from decision_aid.session.model import (
    KnowledgeAnswer,
    PackRef,
    Person,
    Rating,
    SessionRecord,
    Sure,
)
from decision_aid.session.scoring import knowledge_score, sure_score
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


def observation(bundle: Json, code_text: str) -> Json:
    (found,) = [r for r in resources(bundle, "Observation") if code_text in r["code"]["text"]]
    return found


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
    assert bundle["type"] == "collection"
    assert round_trip(bundle) == bundle
    # JSON-ready: plain json survives it unchanged.
    assert json.loads(json.dumps(bundle)) == bundle


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_example_bundle_content(path: Path) -> None:
    loaded, record = example(path)
    bundle = build_bundle(
        loaded, record, pdf=PDF_BYTES, signer="Dr A. Example", signed_at=SIGNED, now=NOW
    )
    counts = Counter(r["resourceType"] for r in resources(bundle))
    score = sure_score(record.sure)
    expected = {
        "DocumentReference": 1,
        "QuestionnaireResponse": 1,
        "Observation": (score.score is not None) + (record.plan.leaning is not None),
        "Provenance": 1,
    }
    if record.patient and (record.patient.name or record.patient.identifier):
        expected["Patient"] = 1
    assert counts == Counter(expected)

    # The PDF, with the hash FHIR R4 defines: base64 of the SHA-1 of the bytes.
    document = one(bundle, "DocumentReference")
    assert document["status"] == "current"
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

    # Ratings: every record rating, then the patient's own concerns, with their values.
    response = one(bundle, "QuestionnaireResponse")
    assert (
        response["questionnaire"] == f"urn:decision-aid:pack:{loaded.meta.id}|{loaded.meta.version}"
    )
    assert response["status"] == ("completed" if record.finished else "in-progress")
    rated = {
        link: item["answer"][0]["valueInteger"]
        for link, item in answers(response, "values").items()
    }
    assert rated == {
        **{f"values/{r.concern_id}": r.importance for r in record.ratings},
        **{f"values/{own.id}": own.importance for own in record.own_concerns},
    }
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
    if score.score is not None:
        sure_obs = observation(bundle, "SURE test score")
        assert sure_obs["status"] == "final"
        assert sure_obs["valueInteger"] == score.score
        assert sure_obs["derivedFrom"] == [{"reference": full_url(bundle, response)}]
        meaning = sure_obs["interpretation"][0]["text"]
        assert meaning.startswith("Decisional conflict" if score.conflict else "No decisional")

    # The leaning, in words.
    leaning = record.plan.leaning
    if leaning is not None and leaning.startswith("option:"):
        option = loaded.content.option(leaning.removeprefix("option:"))
        preference = observation(bundle, "Stated preference")
        assert preference["status"] == "final"
        assert preference["valueCodeableConcept"]["text"] == option.name
        assert preference["valueCodeableConcept"]["coding"][0]["code"] == option.id

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
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
        assert uuid.UUID(resource["id"]).version == 5
        for reference in all_references(resource):
            assert reference in urls


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_deterministic_for_a_fixed_now(path: Path) -> None:
    loaded, record = example(path)
    first = build_bundle(loaded, record, pdf=PDF_BYTES, signer="Dr A", now=NOW)
    again = build_bundle(loaded, record, pdf=PDF_BYTES, signer="Dr A", now=NOW)
    assert json.dumps(first) == json.dumps(again)
    ids = {r["resourceType"]: r["id"] for r in resources(first)}
    assert ids["QuestionnaireResponse"] == resource_id(record.id, "questionnaire-response")
    assert ids["QuestionnaireResponse"] == str(
        uuid.uuid5(ID_NAMESPACE, f"{record.id}/questionnaire-response")
    )
    other = build_bundle(
        loaded, record.model_copy(update={"id": "another"}), pdf=PDF_BYTES, now=NOW
    )
    assert not {r["id"] for r in resources(first)} & {r["id"] for r in resources(other)}


# --------------------------------------------------------------------------- variations


def test_without_pdf_there_is_no_document_and_no_signature(minimal: LoadedPack) -> None:
    bundle = build_bundle(minimal, minimal_record(minimal), now=NOW)
    kinds = Counter(r["resourceType"] for r in resources(bundle))
    assert kinds == Counter({"QuestionnaireResponse": 1, "Observation": 2})
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


def test_patient_with_identifier_is_the_subject(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, patient=Person(name="Pat Example", identifier="MRN 42"))
    bundle = build_bundle(minimal, record, pdf=PDF_BYTES, signer="Dr A", now=NOW)
    patient = one(bundle, "Patient")
    assert patient["name"] == [{"text": "Pat Example"}]
    assert patient["identifier"] == [{"value": "MRN 42"}]
    assert "birthDate" not in patient
    born = Person(name="Pat Example", identifier="MRN 42", birth_date=date(1956, 5, 4))
    dated = build_bundle(minimal, minimal_record(minimal, patient=born), pdf=PDF_BYTES, now=NOW)
    assert one(dated, "Patient")["birthDate"] == "1956-05-04"
    url = full_url(bundle, patient)
    for resource in resources(bundle):
        if resource["resourceType"] in (
            "DocumentReference",
            "QuestionnaireResponse",
            "Observation",
        ):
            assert resource["subject"] == {"reference": url}
    assert_references_resolve(bundle)
    assert round_trip(bundle) == bundle


def test_finished_record_is_completed(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, finished=NOW - timedelta(minutes=1))
    bundle = build_bundle(minimal, record, pdf=PDF_BYTES, now=NOW)
    response = one(bundle, "QuestionnaireResponse")
    assert response["status"] == "completed"
    assert response["authored"] == "2026-11-25T10:29:00Z"
    assert one(bundle, "DocumentReference")["context"]["period"]["end"] == "2026-11-25T10:29:00Z"


@pytest.mark.parametrize(
    ("leaning", "text", "code"),
    [("unsure", "Not sure yet", "unsure"), ("later", "I want to decide later", "later")],
)
def test_leaning_in_words(minimal: LoadedPack, leaning: str, text: str, code: str) -> None:
    record = minimal_record(minimal)
    record.plan.leaning = leaning
    bundle = build_bundle(minimal, record, now=NOW)
    value = observation(bundle, "Stated preference")["valueCodeableConcept"]
    assert value["text"] == text
    assert value["coding"][0]["code"] == code


def test_no_leaning_no_preference(minimal: LoadedPack) -> None:
    record = minimal_record(minimal)
    record.plan.leaning = None
    bundle = build_bundle(minimal, record, now=NOW)
    assert [o["code"]["text"] for o in resources(bundle, "Observation")] == ["SURE test score"]


def test_sure_score_four_is_no_conflict_and_incomplete_sure_has_no_score(
    minimal: LoadedPack,
) -> None:
    bundle = build_bundle(minimal, minimal_record(minimal), now=NOW)
    sure_obs = observation(bundle, "SURE test score")
    assert sure_obs["valueInteger"] == 4
    assert sure_obs["interpretation"][0]["text"].startswith("No decisional conflict")
    partial = minimal_record(minimal, sure=Sure(sure=False, understand=True))
    bundle = build_bundle(minimal, partial, now=NOW)
    assert not [o for o in resources(bundle, "Observation") if "SURE" in o["code"]["text"]]
    assert set(answers(one(bundle, "QuestionnaireResponse"), "sure")) == {
        "sure/sure",
        "sure/understand",
    }


def test_empty_record_has_a_response_without_items(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, ratings=[], knowledge=[], sure=Sure())
    record.plan.leaning = None
    bundle = build_bundle(minimal, record, now=NOW)
    assert [r["resourceType"] for r in resources(bundle)] == ["QuestionnaireResponse"]
    assert "item" not in one(bundle, "QuestionnaireResponse")
    assert round_trip(bundle) == bundle


def test_wrong_knowledge_answer_is_marked(minimal: LoadedPack) -> None:
    record = minimal_record(minimal, knowledge=[KnowledgeAnswer(question_id="k1", choice_id="a")])
    bundle = build_bundle(minimal, record, now=NOW)
    (given,) = answers(one(bundle, "QuestionnaireResponse"), "knowledge")["knowledge/k1"]["answer"]
    assert given["valueCoding"] == {
        "system": "urn:decision-aid:pack:minimal:knowledge:k1",
        "code": "a",
        "display": "2",
    }
    assert given["item"][0]["answer"] == [{"valueBoolean": False}]


def test_text_in_the_language_the_patient_saw(make_pack: Any) -> None:
    folder = make_pack()
    (folder / "translations").mkdir()
    (folder / "translations" / "cy.yaml").write_text(
        "format_version: 1\nlocale: cy\nstatus: draft\nstrings:\n"
        "  options.tablet.name: Cymryd y dabled\n"
        "  values.avoid-tablets.concern: Peidio â chymryd tabledi\n"
    )
    loaded = load_pack(folder)
    record = minimal_record(loaded)
    record.pack.language = "cy"
    bundle = build_bundle(loaded, record, pdf=PDF_BYTES, now=NOW)
    response = one(bundle, "QuestionnaireResponse")
    assert answers(response, "values")["values/avoid-tablets"]["text"] == (
        "Peidio â chymryd tabledi"
    )
    assert observation(bundle, "Stated preference")["valueCodeableConcept"]["text"] == (
        "Cymryd y dabled"
    )
    assert one(bundle, "DocumentReference")["content"][0]["attachment"]["language"] == "cy"


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
    change(one(copied, kind))
    return copied


@pytest.mark.parametrize(
    ("kind", "change", "message"),
    [
        ("DocumentReference", lambda r: r.update(status="final"), "status 'final'"),
        ("QuestionnaireResponse", lambda r: r.update(status="done"), "status 'done'"),
        ("DocumentReference", lambda r: r.update(content=[]), "content is empty"),
        ("DocumentReference", lambda r: r.pop("content"), "content is empty"),
        (
            "Provenance",
            lambda r: r.update(target=[{"reference": f"urn:uuid:{uuid.uuid4()}"}]),
            "not in the bundle",
        ),
        ("QuestionnaireResponse", lambda r: r.update(id="other"), "fullUrl"),
        ("QuestionnaireResponse", lambda r: r.update(authored="yesterday"), "authored"),
    ],
)
def test_check_bundle_rejects(valid: Json, kind: str, change: Any, message: str) -> None:
    check_bundle(valid)
    with pytest.raises(ValueError, match=message):
        check_bundle(mutated(valid, kind, change))


def test_check_bundle_rejects_a_bad_type(valid: Json) -> None:
    with pytest.raises(ValueError, match=r"Bundle\.type"):
        check_bundle({**valid, "type": "pile"})


def test_observation_status_checked(valid: Json) -> None:
    broken = copy.deepcopy(valid)
    resources(broken, "Observation")[0]["status"] = "done"
    with pytest.raises(ValueError, match="status 'done'"):
        check_bundle(broken)


def test_fhir_resources_is_imported_only_when_exporting() -> None:
    code = (
        "import sys, decision_aid.report.fhir\n"
        "assert not [m for m in sys.modules if m.startswith('fhir.resources')], 'imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
