"""The social prescribing referrals of a record: one ServiceRequest for each local group
or service the patient chose from a community directory, only when the patient agreed
that they are sent on and is identified (a ServiceRequest needs its subject)."""

from __future__ import annotations

from typing import Any

from decision_aid.i18n import _
from decision_aid.report.fhir import codes
from decision_aid.session.model import SessionRecord

Json = dict[str, Any]


def service_requests(
    record: SessionRecord,
    language: str,
    patient: Json | None,
    requester: Json | None,
    when: str,
    *,
    supporting: Json,
) -> list[tuple[str, Json, tuple[str, str]]]:
    """(key, resource, identifier (system, value)) for each referral to add."""
    plan = record.plan
    if not plan.community_referral or not plan.community or patient is None:
        return []
    found: list[tuple[str, Json, tuple[str, str]]] = []
    for chosen in plan.community:
        value = f"{record.id}/{chosen.directory}/{chosen.entry}"
        details = [
            _("When: {when}").format(when=chosen.when) if chosen.when else "",
            _("Where: {where}").format(where=chosen.where) if chosen.where else "",
            _("Contact: {contact}").format(contact=chosen.contact) if chosen.contact else "",
        ]
        resource: Json = {
            "resourceType": "ServiceRequest",
            "language": language,
            "identifier": [{"system": codes.REFERRAL_ID, "value": value}],
            "status": "active" if record.finished is not None else "draft",
            "intent": "proposal",
            "category": [{"text": _("Social prescribing referral")}],
            "code": {"text": chosen.name},
            "subject": patient,
            "authoredOn": when,
            "performer": [{"display": chosen.organisation}],
            "supportingInfo": [supporting],
        }
        if requester is not None:
            resource["requester"] = requester
        if chosen.how_to_join:
            resource["patientInstruction"] = chosen.how_to_join
        note = "\n".join(d for d in details if d)
        if note:
            resource["note"] = [{"text": note}]
        found.append((f"{value}/referral", resource, (codes.REFERRAL_ID, value)))
    return found
