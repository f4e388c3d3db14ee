"""One consultation as a FHIR R4 ``transaction`` Bundle that a server takes at its base.

Every entry is a conditional create (``request.method`` POST with ``ifNoneExist``), so
sending the same bundle twice, or two copies of one record, creates nothing twice:

=====================  ==================================================================
Patient                ``identifier=<system>|<value>``: the record system's own patient
                       when it has one (its details are not changed), else a new one
Questionnaire          ``url=<canonical>&version=<pack version>``
Organization           ``identifier=…`` from the settings (custodian); without one it is
                       named only
Practitioner           ``identifier=…`` from the settings (author and signer); likewise
DocumentReference      ``identifier=<base>/Id/document|<consultation id>/<language>``: the
                       signed PDF; one per language, so two copies never share one
QuestionnaireResponse  ``identifier=<base>/Id/consultation|<consultation id>``
Observation            ``identifier=<base>/Id/observation|<consultation id>/<code>``: the
                       SURE score, the CollaboRATE top-box score, the stated preference
Provenance             ``target:DocumentReference.identifier=…``: the PDF's signature
=====================  ==================================================================

Entries refer to each other by ``urn:uuid:`` full URLs, which the server replaces with the
ids of the resources it created or found. The full URLs are deterministic (uuid5), so
the same record gives the same bytes for the same ``now``.

A patient without an identifier cannot be matched: no Patient is sent, the name (if
any) is kept as the subject's display only, and :func:`send_problem` refuses to send
such a record, as it refuses an unfinished one. An unfinished consultation gives an
unfinished record everywhere: QuestionnaireResponse ``in-progress``, Observations
``preliminary``, DocumentReference ``docStatus`` ``preliminary``.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from urllib.parse import quote

from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _, translate, using
from decision_aid.report.fhir import codes
from decision_aid.report.fhir.check import check_bundle
from decision_aid.report.fhir.config import FhirSettings, Practitioner
from decision_aid.report.fhir.identifiers import Identifier, patient_identifier
from decision_aid.report.fhir.instruments import LEANINGS
from decision_aid.report.fhir.questionnaire import build_questionnaire, localized
from decision_aid.report.fhir.referral import service_requests
from decision_aid.report.fhir.response import response_items
from decision_aid.session.model import SessionRecord
from decision_aid.session.scoring import collaborate_top_box, sure_score

Json = dict[str, Any]

ID_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, codes.CANONICAL_BASE)
"""Namespace of the deterministic full URLs (uuid5 of a key naming the resource)."""
PDF: Final = "application/pdf"


@dataclass(frozen=True)
class Parties:
    """Who the record names besides the patient, from the settings."""

    organisation: str = ""
    """The organisation's name (the settings' ``organisation``)."""
    organisation_identifier: Identifier | None = None
    practitioner: Practitioner | None = None
    patient_system: str = "https://fhir.nhs.uk/Id/nhs-number"
    """The system of a patient identifier that names none."""

    @classmethod
    def from_settings(cls, organisation: str, fhir: FhirSettings) -> Parties:
        return cls(
            organisation=organisation,
            organisation_identifier=fhir.organisation_identifier,
            practitioner=fhir.practitioner,
            patient_system=fhir.default_patient_system,
        )


def resource_id(key: str) -> str:
    """The deterministic id behind a full URL: uuid5 of a key naming the resource."""
    return str(uuid.uuid5(ID_NAMESPACE, key))


def instant(when: datetime) -> str:
    """A FHIR instant: an aware time with seconds, UTC written as 'Z'."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"FHIR needs a time with a time zone, got {when.isoformat()}")
    if when.utcoffset() == timedelta(0):
        return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="auto") + "Z"
    return when.isoformat()


def search(*params: tuple[str, str]) -> str:
    """A search query ('a=b&c=d'), each value percent-encoded where a query needs it."""
    return "&".join(f"{name}={quote(value, safe=':/|,')}" for name, value in params)


def record_patient(record: SessionRecord, default_system: str) -> Identifier | None:
    """The patient's identifier (system and value), checked; None when there is none.

    ValueError, in words, when it cannot be used (an NHS number that fails its check).
    """
    person = record.patient
    if person is None or not person.identifier:
        return None
    return patient_identifier(person.identifier_system or default_system, person.identifier)


def _unfinished() -> str:
    return _(
        "the consultation is not finished (its summary is not confirmed), so its "
        "record is not sent to the record system. Confirm the summary, make the "
        "record again, then send it"
    )


def _unidentified() -> str:
    return _(
        "the record names no patient identifier, so a record system could not file it "
        "against the right patient. Enter the patient's NHS number (or other "
        "identifier) on the summary step, make the record again, then send it"
    )


def send_problem(record: SessionRecord, default_system: str) -> str | None:
    """Why this record must not go to a record system; None when it may.

    ValueError when the patient's identifier cannot be used (see :func:`record_patient`).
    """
    if record.finished is None:
        return _unfinished()
    if record_patient(record, default_system) is None:
        return _unidentified()
    return None


def bundle_send_problem(bundle: Json) -> str | None:
    """Why a bundle read from a file must not be sent; None when it may."""
    entries: list[Any] = bundle["entry"] if isinstance(bundle.get("entry"), list) else []
    kinds = [(entry.get("resource") or {}) for entry in entries if isinstance(entry, dict)]
    responses = [r for r in kinds if r.get("resourceType") == "QuestionnaireResponse"]
    if (
        bundle.get("resourceType") != "Bundle"
        or bundle.get("type") != "transaction"
        or not responses
    ):
        return _(
            "it is not the transaction bundle of a decision-aid record; make the record's "
            "FHIR copy again (decision-aid report fhir, or report build)"
        )
    if responses[0].get("status") != "completed":
        return _unfinished()
    if not any(r.get("resourceType") == "Patient" for r in kinds):
        return _unidentified()
    return None


class _Bundle:
    """Entries as they are added; each a conditional create."""

    def __init__(self) -> None:
        self.entries: list[Json] = []

    def add(self, key: str, resource: Json, if_none_exist: str) -> Json:
        entry = {
            "fullUrl": f"urn:uuid:{resource_id(key)}",
            "resource": resource,
            "request": {
                "method": "POST",
                "url": resource["resourceType"],
                "ifNoneExist": if_none_exist,
            },
        }
        self.entries.append(entry)
        return entry


def _ref(entry: Json, display: str | None = None) -> Json:
    reference: Json = {"reference": entry["fullUrl"]}
    if display:
        reference["display"] = display
    return reference


def _identified(bundle: _Bundle, kind: str, identifier: Identifier, resource: Json) -> Json:
    """A shared resource (patient, practitioner, organisation) created unless it exists."""
    return bundle.add(
        f"{kind}/{identifier.system}|{identifier.value}",
        {"resourceType": kind, "identifier": [identifier.to_json()], **resource},
        search(("identifier", identifier.search())),
    )


def _own_identifier(system: str, value: str) -> tuple[Json, str]:
    """An identifier of the record's own resources and the search that finds it."""
    return {"system": system, "value": value}, search(
        ("identifier", Identifier(system, value).search())
    )


def build_bundle(
    loaded: LoadedPack,
    record: SessionRecord,
    *,
    pdf: bytes | None = None,
    pdf_name: str = "decision-summary.pdf",
    signer: str | None = None,
    signed_at: datetime | None = None,
    now: datetime,
    document_language: str | None = None,
    parties: Parties | None = None,
    thorough: bool = True,
    allow_other_version: bool = False,
) -> Json:
    """A JSON-ready FHIR R4 transaction Bundle of one consultation record.

    See the module notes for its entries. ``now`` (aware) is the Bundle's timestamp and
    the date of the DocumentReference; ``signed_at`` (default ``now``) is when the PDF
    was signed by ``signer``. Without ``pdf`` there is no DocumentReference, and so no
    Provenance: a ``signer`` without the signed ``pdf`` is an error.
    ``document_language`` is the PDF's language (default: the patient's); the other
    text is in the patient's language. ``parties`` name the organisation and
    practitioner (default: named by nobody). The result is checked with
    :func:`check_bundle`; any problem, such as an NHS number that fails its check,
    raises ValueError. ``thorough=False`` skips only the fhir.resources model check.
    ``allow_other_version`` accepts another version of the session's pack: for a record
    made on purpose from a pack other than the one shown (its PDF says so on every page).
    """
    if record.pack.id != loaded.meta.id or (
        record.pack.version != loaded.meta.version and not allow_other_version
    ):
        raise ValueError(
            f"the session used pack {record.pack.id} {record.pack.version}, "
            f"but pack {loaded.meta.id} {loaded.meta.version} was given"
        )
    if signer is not None and pdf is None:
        raise ValueError("a signature needs the signed PDF: give pdf with signer")
    parties = parties or Parties()
    with using(record.pack.language):
        bundle = _build(
            loaded,
            record,
            pdf=pdf,
            pdf_name=pdf_name,
            signer=signer,
            signed_at=signed_at,
            now=now,
            document_language=document_language or record.pack.language,
            parties=parties,
        )
    check_bundle(bundle, thorough=thorough)
    return bundle


def _build(
    loaded: LoadedPack,
    record: SessionRecord,
    *,
    pdf: bytes | None,
    pdf_name: str,
    signer: str | None,
    signed_at: datetime | None,
    now: datetime,
    document_language: str,
    parties: Parties,
) -> Json:
    now_text = instant(now)
    signed_text = instant(signed_at) if signed_at is not None else now_text
    content = localized(loaded, record.pack.language)
    meta = loaded.meta
    finished = record.finished is not None
    when = instant(record.finished or record.updated)
    language = codes.fhir_language(record.pack.language)
    bundle = _Bundle()

    questionnaire = build_questionnaire(loaded)
    canonical = f"{questionnaire['url']}|{meta.version}"
    bundle.add(
        f"questionnaire/{canonical}",
        questionnaire,
        search(("url", questionnaire["url"]), ("version", meta.version)),
    )

    organisation: Json | None = None
    if parties.organisation_identifier is not None:
        named = {"name": parties.organisation} if parties.organisation else {}
        entry = _identified(bundle, "Organization", parties.organisation_identifier, named)
        organisation = _ref(entry, parties.organisation or None)
    elif parties.organisation:
        organisation = {"display": parties.organisation}

    practitioner: Json | None = None
    who = parties.practitioner
    if who is not None and who.identifier is not None:
        entry = _identified(bundle, "Practitioner", who.identifier, {"name": [{"text": who.name}]})
        practitioner = _ref(entry, who.name)
    elif who is not None:
        practitioner = {"display": who.name}

    subject: Json = {}
    patient_ref: Json | None = None
    person = record.patient
    identifier = record_patient(record, parties.patient_system)
    if person is not None and identifier is not None:
        patient: Json = {}
        if person.name:
            patient["name"] = [{"text": person.name}]
        if person.birth_date is not None:
            patient["birthDate"] = person.birth_date.isoformat()
        patient_ref = _ref(_identified(bundle, "Patient", identifier, patient), person.name)
        subject = {"subject": patient_ref}
    elif person is not None and person.name:
        subject = {"subject": {"display": person.name}}

    author: list[Json] = []
    if practitioner is not None:
        author.append(practitioner)
    elif record.clinician is not None and record.clinician.name:
        author.append({"display": record.clinician.name})

    consultation, consultation_search = _own_identifier(codes.CONSULTATION_ID, record.id)
    response: Json = {
        "resourceType": "QuestionnaireResponse",
        "language": language,
        "identifier": consultation,
        "questionnaire": canonical,
        "status": "completed" if finished else "in-progress",
        **subject,
        "authored": when,
    }
    if practitioner is not None:
        response["author"] = practitioner
    if patient_ref is not None:
        response["source"] = patient_ref
    items = response_items(content, record, meta.id, meta.version)
    if items:
        response["item"] = items
    response_entry = bundle.add(
        f"{record.id}/questionnaire-response", response, consultation_search
    )

    for key, referral, referral_id in service_requests(
        record, language, patient_ref, practitioner, when, supporting=_ref(response_entry)
    ):  # the referrals the patient agreed to (report/fhir/referral.py)
        bundle.add(key, referral, _own_identifier(*referral_id)[1])

    document: Json | None = None
    if pdf is not None:
        document = _document(
            bundle,
            loaded,
            record,
            pdf=pdf,
            pdf_name=pdf_name,
            language=codes.fhir_language(document_language),
            now_text=now_text,
            when=when,
            subject=subject,
            author=author,
            authenticator=(practitioner or {"display": signer}) if signer else None,
            custodian=organisation,
            related=_ref(response_entry),
        )

    observed = {
        "status": "final" if finished else "preliminary",
        "category": [
            {
                "coding": [
                    {
                        "system": codes.OBSERVATION_CATEGORY,
                        "code": codes.SURVEY[0],
                        "display": codes.SURVEY[1],
                    }
                ]
            }
        ],
    }
    reported = {
        **subject,
        "effectiveDateTime": when,
        "issued": now_text,
        **({"performer": [patient_ref]} if patient_ref is not None else {}),
    }

    def observe(code: str, text: str, value: Json, **more: Any) -> None:
        identifier, condition = _own_identifier(codes.OBSERVATION_ID, f"{record.id}/{code}")
        bundle.add(
            f"{record.id}/observation/{code}",
            {
                "resourceType": "Observation",
                "language": language,
                "identifier": [identifier],
                **observed,
                "code": {"coding": [codes.coding(codes.MEASURES, code)], "text": text},
                **reported,
                **value,
                **more,
                "derivedFrom": [_ref(response_entry)],
            },
            condition,
        )

    score = sure_score(record.sure)
    if score.score is not None:
        meaning = (
            _("Decisional conflict (SURE score 3 or less)")
            if score.conflict
            else _("No decisional conflict (SURE score 4)")
        )
        observe(
            "sure-score",
            _("SURE test score"),
            {"valueInteger": score.score},
            interpretation=[{"text": meaning}],
            note=[
                {
                    "text": _(
                        "One point per 'yes' to the four SURE questions; a score of 3 "
                        "or less flags decisional conflict (Légaré et al., Can Fam "
                        "Physician 2010;56:e308-14)."
                    )
                }
            ],
        )
    top_box = collaborate_top_box(record)
    if top_box is not None:
        observe(
            "collaborate-top-box",
            _("CollaboRATE top-box score"),
            {"valueInteger": top_box},
            note=[
                {
                    "text": _(
                        "1 when the patient answered 9 to all three CollaboRATE questions, "
                        "else 0 (Elwyn et al., Patient Educ Couns 2013;93:102-7)."
                    )
                }
            ],
        )

    leaning = record.plan.leaning
    if leaning is not None:
        if leaning.startswith("option:"):
            option_id = leaning.removeprefix("option:")
            names = {option.id: option.name for option in content.options}
            coding: Json = {
                "system": codes.options_system(meta.id),
                "version": meta.version,
                "code": option_id,
            }
            if option_id in names:
                coding["display"] = names[option_id]
            value = {"coding": [coding], "text": names.get(option_id, option_id)}
        else:
            words = translate(LEANINGS[leaning])
            value = {"coding": [codes.coding(codes.LEANING, leaning)], "text": words}
        observe(
            "stated-preference",
            _("Stated preference: the option the patient leans towards"),
            {"valueCodeableConcept": value},
        )

    if signer is not None and document is not None:
        _provenance(
            bundle,
            document,
            signer=signer,
            signed_text=signed_text,
            practitioner=practitioner,
            organisation=organisation,
        )

    copy = document_language.replace("_", "-").split("-")[0] if pdf is not None else "data"
    bundle_id = resource_id(f"{record.id}/bundle/{copy}")
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "identifier": {"system": codes.RFC3986, "value": f"urn:uuid:{bundle_id}"},
        "type": "transaction",
        "timestamp": now_text,
        "entry": bundle.entries,
    }


def _document(
    bundle: _Bundle,
    loaded: LoadedPack,
    record: SessionRecord,
    *,
    pdf: bytes,
    pdf_name: str,
    language: str,
    now_text: str,
    when: str,
    subject: Json,
    author: list[Json],
    authenticator: Json | None,
    custodian: Json | None,
    related: Json,
) -> Json:
    """The DocumentReference of the signed PDF (one per language of the copy)."""
    meta = loaded.meta
    # One identifier per language of the copy ('en' for en-GB too): copies in two
    # languages are two documents, a copy made again in the same language is the same.
    primary = language.split("-", maxsplit=1)[0]
    identifier, condition = _own_identifier(codes.DOCUMENT_ID, f"{record.id}/{primary}")
    attachment: Json = {
        "contentType": PDF,
        "language": language,
        "data": base64.b64encode(pdf).decode("ascii"),
        "size": len(pdf),
        # FHIR R4 defines Attachment.hash as the base64 SHA-1 of the data.
        "hash": base64.b64encode(hashlib.sha1(pdf, usedforsecurity=False).digest()).decode("ascii"),
        "title": pdf_name,
    }
    period = {"start": instant(record.started)}
    if record.finished is not None:
        period["end"] = when
    reference: Json = {
        "resourceType": "DocumentReference",
        "language": language,
        "identifier": [identifier],
        "status": "current",
        "docStatus": "final" if record.finished is not None else "preliminary",
        "type": {
            "coding": [
                {
                    "system": codes.LOINC,
                    "code": codes.SUMMARY_NOTE[0],
                    "display": codes.SUMMARY_NOTE[1],
                }
            ],
            "text": _("Shared decision-making summary"),
        },
        **subject,
        "date": now_text,
    }
    if author:
        reference["author"] = author
    if authenticator is not None:
        reference["authenticator"] = authenticator
    if custodian is not None:
        reference["custodian"] = custodian
    reference["description"] = _(
        "Shared decision-making summary: {title} (pack {id}, version {version})"
    ).format(title=meta.title, id=meta.id, version=meta.version)
    reference["content"] = [{"attachment": attachment}]
    reference["context"] = {"period": period, "related": [related]}
    return bundle.add(f"{record.id}/document/{primary}", reference, condition)


def _provenance(
    bundle: _Bundle,
    document: Json,
    *,
    signer: str,
    signed_text: str,
    practitioner: Json | None,
    organisation: Json | None,
) -> None:
    """The Provenance of the PDF's digital signature."""
    who = practitioner or {"display": signer}
    agent: Json = {
        "type": {
            "coding": [{"system": codes.PARTICIPANT_TYPE, "code": "author", "display": "Author"}]
        },
        "who": who,
    }
    if organisation is not None and "reference" in organisation:
        agent["onBehalfOf"] = organisation
    (identifier,) = document["resource"]["identifier"]
    bundle.add(
        document["fullUrl"] + "/provenance",
        {
            "resourceType": "Provenance",
            "target": [_ref(document)],
            "recorded": signed_text,
            "agent": [agent],
            "signature": [
                {
                    "type": [
                        {
                            "system": codes.SIGNATURE_TYPES,
                            "code": codes.AUTHOR_SIGNATURE[0],
                            "display": codes.AUTHOR_SIGNATURE[1],
                        }
                    ],
                    "when": signed_text,
                    "who": who,
                    "targetFormat": PDF,
                    "sigFormat": PDF,
                }
            ],
        },
        search(
            (
                "target:DocumentReference.identifier",
                Identifier(identifier["system"], identifier["value"]).search(),
            )
        ),
    )
