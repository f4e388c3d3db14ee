"""FHIR R4 export of a consultation: the signed summary plus its structured data.

:func:`build_bundle` turns a :class:`SessionRecord` (and the pack it used) into a
JSON-ready FHIR R4 ``Bundle``:

* a ``Patient`` with just the name and/or local identifier (and the date of birth when
  given), only when the record has one; every other resource then has it as
  ``subject``. Without it there is no subject;
* a ``DocumentReference`` carrying the summary PDF (base64 data, size and the base64
  SHA-1 ``hash`` that FHIR R4 asks for), typed LOINC 34133-9 "Summary of episode note".
  It is left out when no PDF is given (a structured-data-only export);
* a ``QuestionnaireResponse`` with the ratings (``values/<concern-id>``, and
  ``values/own-N`` for the patient's own concerns; integer 0-4), the knowledge answers
  (``knowledge/<question-id>``, a coding of the chosen answer, with a nested
  ``knowledge/<question-id>/correct`` boolean) and the SURE answers (``sure/<item>``);
* an ``Observation`` of the SURE score (0-4; 3 or less flags decisional conflict),
  derived from the QuestionnaireResponse, once all four SURE items are answered;
* an ``Observation`` of the stated preference (the option leant towards, or 'not sure
  yet' / 'decide later'), when one was stated;
* a ``Provenance`` of the digital signature of the PDF, when a signer is given.

The Bundle is of type ``collection``, not ``document``: a FHIR document needs a
``Composition`` as its first entry, attesting the whole bundle; here the attested,
legally meaningful document is the signed PDF itself (with its ``Provenance``), and the
other resources are the structured data behind it, for a record system to file
alongside. ``collection`` says exactly that, and record systems accept it for import
without having to honour document-bundle rules (bdl-9 to bdl-11).

Identifiers are deterministic: every resource id is ``uuid5`` of a fixed namespace and
``<record.id>/<resource kind>``, and each entry's ``fullUrl`` is ``urn:uuid:<id>``;
references between resources use those URNs. Exporting the same record again, with the
same ``now`` (and PDF, signer and language), gives the same bytes, and a record system
sees a re-export as an update of the same resources rather than as new ones.

Pack-scoped identifiers are URNs in an informal (unregistered) ``urn:decision-aid:``
namespace: the questionnaire is ``urn:decision-aid:pack:<id>|<version>`` (a canonical
with its version), and the codes of options and knowledge answers live in code systems
under ``urn:decision-aid:pack:<id>:``.

``fhir.resources`` (R4B model, which matches R4 for every resource used here) is
imported only inside :func:`check_bundle`, as its import costs about 170 ms. It does not
check status codes or that ``content`` is non-empty, so :func:`check_bundle` checks those
itself.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import PackContent
from decision_aid.content.strings import localize
from decision_aid.i18n import N_, _, translate
from decision_aid.session.model import SessionRecord, SureItem
from decision_aid.session.scoring import sure_score

Json = dict[str, Any]

ID_NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:decision-aid:fhir")
"""Namespace of the deterministic resource ids (uuid5 of '<record.id>/<kind>')."""
URN_BASE: Final = "urn:decision-aid"
LOINC: Final = "http://loinc.org"
SUMMARY_NOTE: Final = ("34133-9", "Summary of episode note")
"""LOINC document type of the summary PDF."""
SIGNATURE_TYPES: Final = "urn:iso-astm:E1762-95:2013"
AUTHOR_SIGNATURE: Final = ("1.2.840.10065.1.12.1.1", "Author's Signature")
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
PARTICIPANT_TYPE: Final = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
RFC3986: Final = "urn:ietf:rfc:3986"
PDF: Final = "application/pdf"

SURE_QUESTIONS: Final[tuple[tuple[SureItem, str], ...]] = (
    ("sure", N_("Do you feel SURE about the best choice for you?")),
    ("understand", N_("Do you know the benefits and risks of each option?")),
    ("risk_benefit", N_("Are you clear about which benefits and risks matter most to you?")),
    ("encouragement", N_("Do you have enough support and advice to make a choice?")),
)
"""The four SURE items in the published order (the same words as the Check step)."""
LEANINGS: Final = {"unsure": N_("Not sure yet"), "later": N_("I want to decide later")}

STATUSES: Final[dict[str, frozenset[str]]] = {
    "DocumentReference": frozenset({"current", "superseded", "entered-in-error"}),
    "QuestionnaireResponse": frozenset(
        {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
    ),
    "Observation": frozenset(
        {
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        }
    ),
}
"""The required FHIR R4 status value sets, which fhir.resources does not enforce."""
BUNDLE_TYPES: Final = frozenset(
    {
        "document",
        "message",
        "transaction",
        "transaction-response",
        "batch",
        "batch-response",
        "history",
        "searchset",
        "collection",
    }
)


def resource_id(record_id: str, kind: str) -> str:
    """The deterministic id of one resource of a record: uuid5 of '<record.id>/<kind>'."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{record_id}/{kind}"))


def instant(when: datetime) -> str:
    """A FHIR instant: an aware time with seconds, UTC written as 'Z'."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"FHIR needs a time with a time zone, got {when.isoformat()}")
    if when.utcoffset() == timedelta(0):
        return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="auto") + "Z"
    return when.isoformat()


def _ref(entry: Json) -> Json:
    return {"reference": entry["fullUrl"]}


def _text_concept(text: str) -> Json:
    return {"text": text}


def _group(link_id: str, text: str, items: list[Json]) -> list[Json]:
    """A group item, or nothing when it would be empty (FHIR wants no empty groups)."""
    return [{"linkId": link_id, "text": text, "item": items}] if items else []


def _item(link_id: str, text: str | None, answer: list[Json]) -> Json:
    """A questionnaire item; the text is left out when the pack no longer has it."""
    item: Json = {"linkId": link_id}
    if text:
        item["text"] = text
    item["answer"] = answer
    return item


def _localized(loaded: LoadedPack, language: str) -> PackContent:
    """The pack content in the language the patient saw."""
    if language == loaded.meta.source_language:
        return loaded.content
    pack, _missing = localize(loaded.pack, loaded.translations.get(language))
    return pack.content


def _questionnaire_items(content: PackContent, record: SessionRecord, pack_urn: str) -> list[Json]:
    concerns = {value.id: value.concern for value in content.values}
    values = [
        _item(
            f"values/{rating.concern_id}",
            concerns.get(rating.concern_id),
            [{"valueInteger": rating.importance}],
        )
        for rating in record.ratings
    ]
    values += [
        _item(f"values/{own.id}", own.text, [{"valueInteger": own.importance}])
        for own in record.own_concerns
    ]

    questions = {q.id: q for q in content.knowledge}
    knowledge = []
    for answer in record.knowledge:
        question = questions.get(answer.question_id)
        choices = {c.id: c.text for c in question.choices} if question else {}
        coding: Json = {
            "system": f"{pack_urn}:knowledge:{answer.question_id}",
            "code": answer.choice_id,
        }
        if answer.choice_id in choices:
            coding["display"] = choices[answer.choice_id]
        correct = question is not None and question.answer == answer.choice_id
        link = f"knowledge/{answer.question_id}"
        mark = _item(f"{link}/correct", _("Answered correctly"), [{"valueBoolean": correct}])
        knowledge.append(
            _item(
                link,
                question.question if question else None,
                [{"valueCoding": coding, "item": [mark]}],
            )
        )

    sure = [
        _item(f"sure/{key}", translate(question), [{"valueBoolean": value}])
        for key, question in SURE_QUESTIONS
        if (value := getattr(record.sure, key)) is not None
    ]
    return [
        *_group("values", _("What matters to you"), values),
        *_group("knowledge", _("Knowledge check"), knowledge),
        *_group("sure", _("SURE test"), sure),
    ]


def build_bundle(
    loaded: LoadedPack,
    record: SessionRecord,
    *,
    pdf: bytes | None = None,
    pdf_name: str = "decision-summary.pdf",
    signer: str | None = None,
    signed_at: datetime | None = None,
    now: datetime,
    thorough: bool = True,
    allow_other_version: bool = False,
) -> dict[str, Any]:
    """A JSON-ready FHIR R4 Bundle (type 'collection') of one consultation record.

    See the module docstring for its resources. ``now`` (aware) is the Bundle's
    timestamp and the date of the DocumentReference; ``signed_at`` (default ``now``) is
    when the PDF was signed by ``signer``. Without ``pdf`` there is no DocumentReference,
    and so no Provenance: giving a ``signer`` without the signed ``pdf`` is an error.
    The result is checked with :func:`check_bundle`; any problem raises ValueError.
    ``thorough=False`` skips only the fhir.resources model round trip (about 0.2 s of
    imports), which the tests run on every shape this function makes.
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
    now_text = instant(now)
    signed_text = instant(signed_at) if signed_at is not None else now_text
    content = _localized(loaded, record.pack.language)
    meta = loaded.meta
    pack_urn = f"{URN_BASE}:pack:{meta.id}"
    when = instant(record.finished or record.updated)
    entries: list[Json] = []

    def add(kind: str, resource: Json) -> Json:
        rid = resource_id(record.id, kind)
        entry: Json = {
            "fullUrl": f"urn:uuid:{rid}",
            "resource": {
                "resourceType": resource["resourceType"],
                "id": rid,
                **{k: v for k, v in resource.items() if k != "resourceType"},
            },
        }
        entries.append(entry)
        return entry

    subject: Json = {}
    person = record.patient
    if person is not None and (person.name or person.identifier):
        patient: Json = {"resourceType": "Patient"}
        if person.identifier:
            patient["identifier"] = [{"value": person.identifier}]
        if person.name:
            patient["name"] = [{"text": person.name}]
        if person.birth_date is not None:
            patient["birthDate"] = person.birth_date.isoformat()
        subject = {"subject": _ref(add("patient", patient))}

    document: Json | None = None
    if pdf is not None:
        attachment: Json = {
            "contentType": PDF,
            "language": record.pack.language.replace("_", "-"),
            "data": base64.b64encode(pdf).decode("ascii"),
            "size": len(pdf),
            # FHIR R4 defines Attachment.hash as the base64 SHA-1 of the data.
            "hash": base64.b64encode(hashlib.sha1(pdf, usedforsecurity=False).digest()).decode(
                "ascii"
            ),
            "title": pdf_name,
        }
        reference: Json = {
            "resourceType": "DocumentReference",
            "identifier": [{"system": f"{URN_BASE}:session", "value": record.id}],
            "status": "current",
            "type": {
                "coding": [{"system": LOINC, "code": SUMMARY_NOTE[0], "display": SUMMARY_NOTE[1]}],
                "text": _("Shared decision-making summary"),
            },
            "category": [_text_concept(_("Shared decision making"))],
            **subject,
            "date": now_text,
        }
        clinician = record.clinician
        if clinician is not None and clinician.name:
            reference["author"] = [{"display": clinician.name}]
        if signer is not None:
            reference["authenticator"] = {"display": signer}
        reference["description"] = _(
            "Shared decision-making summary: {title} (pack {id}, version {version})"
        ).format(title=meta.title, id=meta.id, version=meta.version)
        reference["content"] = [{"attachment": attachment}]
        period = {"start": instant(record.started)}
        if record.finished is not None:
            period["end"] = when
        reference["context"] = {"period": period}
        document = add("document", reference)

    response = add(
        "questionnaire-response",
        {
            "resourceType": "QuestionnaireResponse",
            "identifier": {"system": f"{URN_BASE}:session", "value": record.id},
            "questionnaire": f"{pack_urn}|{meta.version}",
            "status": "completed" if record.finished is not None else "in-progress",
            **subject,
            "authored": when,
            "item": _questionnaire_items(content, record, pack_urn),
        },
    )
    if not response["resource"]["item"]:
        del response["resource"]["item"]
    if document is not None:
        document["resource"]["context"]["related"] = [_ref(response)]

    survey = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]
    score = sure_score(record.sure)
    if score.score is not None:
        meaning = (
            _("Decisional conflict (SURE score 3 or less)")
            if score.conflict
            else _("No decisional conflict (SURE score 4)")
        )
        add(
            "sure-score",
            {
                "resourceType": "Observation",
                "status": "final",
                "category": survey,
                "code": _text_concept(_("SURE test score")),
                **subject,
                "effectiveDateTime": when,
                "issued": now_text,
                "valueInteger": score.score,
                "interpretation": [_text_concept(meaning)],
                "note": [
                    {
                        "text": _(
                            "One point per 'yes' to the four SURE questions; a score of 3 "
                            "or less flags decisional conflict (Légaré et al., Can Fam "
                            "Physician 2010;56:e308-14)."
                        )
                    }
                ],
                "derivedFrom": [_ref(response)],
            },
        )

    leaning = record.plan.leaning
    if leaning is not None:
        if leaning.startswith("option:"):
            option_id = leaning.removeprefix("option:")
            names = {option.id: option.name for option in content.options}
            coding = {"system": f"{pack_urn}:option", "code": option_id}
            if option_id in names:
                coding["display"] = names[option_id]
            value = {"coding": [coding], "text": names.get(option_id, option_id)}
        else:
            words = translate(LEANINGS[leaning])
            value = {
                "coding": [{"system": f"{URN_BASE}:leaning", "code": leaning, "display": words}],
                "text": words,
            }
        add(
            "preference",
            {
                "resourceType": "Observation",
                "status": "final",
                "category": survey,
                "code": _text_concept(_("Stated preference: the option the patient leans towards")),
                **subject,
                "effectiveDateTime": when,
                "issued": now_text,
                "valueCodeableConcept": value,
            },
        )

    if signer is not None and document is not None:
        who = {"display": signer}
        add(
            "provenance",
            {
                "resourceType": "Provenance",
                "target": [_ref(document)],
                "recorded": signed_text,
                "agent": [
                    {
                        "type": {
                            "coding": [
                                {"system": PARTICIPANT_TYPE, "code": "author", "display": "Author"}
                            ]
                        },
                        "who": who,
                    }
                ],
                "signature": [
                    {
                        "type": [
                            {
                                "system": SIGNATURE_TYPES,
                                "code": AUTHOR_SIGNATURE[0],
                                "display": AUTHOR_SIGNATURE[1],
                            }
                        ],
                        "when": signed_text,
                        "who": who,
                        "targetFormat": PDF,
                        "sigFormat": PDF,
                    }
                ],
            },
        )

    bundle_id = resource_id(record.id, "bundle")
    bundle: Json = {
        "resourceType": "Bundle",
        "id": bundle_id,
        "identifier": {"system": RFC3986, "value": f"urn:uuid:{bundle_id}"},
        "type": "collection",
        "timestamp": now_text,
        "entry": entries,
    }
    check_bundle(bundle, thorough=thorough)
    return bundle


def _references(node: Any) -> list[str]:
    """Every Reference.reference string inside a resource."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                found.append(value)
            else:
                found += _references(value)
    elif isinstance(node, list):
        for item in node:
            found += _references(item)
    return found


def check_bundle(bundle: dict[str, Any], *, thorough: bool = True) -> None:
    """Check a bundle against FHIR (via fhir.resources R4B) and the rules it misses.

    Raises ValueError naming the problem: an invalid status or bundle type, a
    DocumentReference without content, an entry whose fullUrl is not
    'urn:uuid:<its id>', a reference to nothing in the bundle, or anything the FHIR
    model rejects.
    """
    problems: list[str] = []
    if bundle.get("type") not in BUNDLE_TYPES:
        problems.append(f"Bundle.type {bundle.get('type')!r} is not a FHIR bundle type")
    entries = bundle.get("entry", [])
    full_urls = {entry.get("fullUrl") for entry in entries}
    for index, entry in enumerate(entries):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType")
        where = f"entry {index} ({kind})"
        if entry.get("fullUrl") != f"urn:uuid:{resource.get('id')}":
            problems.append(f"{where}: fullUrl is not urn:uuid:<id>")
        allowed = STATUSES.get(str(kind))
        if allowed is not None and resource.get("status") not in allowed:
            problems.append(
                f"{where}: status {resource.get('status')!r} is not one of {sorted(allowed)}"
            )
        if kind == "DocumentReference":
            content = resource.get("content")
            if not content:
                problems.append(f"{where}: content is empty; it needs the attachment")
            for item in content or []:
                if not item.get("attachment", {}).get("data") and not item.get(
                    "attachment", {}
                ).get("url"):
                    problems.append(f"{where}: an attachment has neither data nor url")
        for target in _references(resource):
            if target.startswith("urn:uuid:") and target not in full_urls:
                problems.append(f"{where}: reference {target} is not in the bundle")
    if problems:
        raise ValueError("invalid FHIR bundle: " + "; ".join(problems))
    if not thorough:
        return

    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise ValueError(f"invalid FHIR bundle: {exc}") from exc
