"""The canonical URLs, code systems and identifier systems of the FHIR export.

Everything the project names in FHIR lives under one canonical base,
:data:`CANONICAL_BASE` (``https://decision-aid.org/fhir``), and is described in
``docs/fhir/README.md``: each code system with every code, its display and its
meaning. A test keeps that page and :data:`CODE_SYSTEMS` in step.

External codes are used only where one really exists (LOINC's "Summary of episode
note" for the PDF, HL7's observation category "survey"). No LOINC or SNOMED CT code was
found for the SURE test, its items, its score, CollaboRATE or a stated preference, so
those are the project's own codes; ``docs/fhir/README.md`` says what was searched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

CANONICAL_BASE: Final = "https://decision-aid.org/fhir"
"""The project's canonical base: every code system, identifier system and Questionnaire
the export names is a URL under it."""

MEASURES: Final = f"{CANONICAL_BASE}/CodeSystem/measures"
"""What is asked or observed: the SURE and CollaboRATE items and scores, the importance
of a concern, the stated preference."""
LEANING: Final = f"{CANONICAL_BASE}/CodeSystem/leaning"
"""The two leanings that are not an option: not sure yet, decide later."""

CONSULTATION_ID: Final = f"{CANONICAL_BASE}/Id/consultation"
"""Identifier system of a consultation (the session record's id): its
QuestionnaireResponse."""
OBSERVATION_ID: Final = f"{CANONICAL_BASE}/Id/observation"
"""Identifier system of an observation: '<consultation id>/<measure code>'."""
REFERRAL_ID: Final = f"{CANONICAL_BASE}/Id/referral"
"""Identifier system of a referral to a community group or service the patient chose:
'<consultation id>/<directory id>/<entry id>' (a ServiceRequest)."""
DOCUMENT_ID: Final = f"{CANONICAL_BASE}/Id/document"
"""Identifier system of a copy of the signed summary: '<consultation id>/<language>'."""

LOINC: Final = "http://loinc.org"
SUMMARY_NOTE: Final = ("34133-9", "Summary of episode note")
"""LOINC document type of the summary PDF."""
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
SURVEY: Final = ("survey", "Survey")
SIGNATURE_TYPES: Final = "urn:iso-astm:E1762-95:2013"
AUTHOR_SIGNATURE: Final = ("1.2.840.10065.1.12.1.1", "Author's Signature")
PARTICIPANT_TYPE: Final = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
RFC3986: Final = "urn:ietf:rfc:3986"
MIN_VALUE: Final = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE: Final = "http://hl7.org/fhir/StructureDefinition/maxValue"
TRANSLATION: Final = "http://hl7.org/fhir/StructureDefinition/translation"


@dataclass(frozen=True)
class Code:
    """One code of a project code system: the code, its display and what it means."""

    code: str
    display: str
    definition: str


CODE_SYSTEMS: Final[dict[str, tuple[Code, ...]]] = {
    MEASURES: (
        Code("importance", "Importance of a concern", "How much a concern matters to the "
             "patient: 0 not at all, 1 a little, 2 somewhat, 3 a lot, 4 extremely."),
        Code("sure-sure", "SURE: sure of myself", "Do you feel SURE about the best choice "
             "for you? (yes or no)"),
        Code("sure-understand", "SURE: understand information", "Do you know the benefits "
             "and risks of each option? (yes or no)"),
        Code("sure-risk-benefit", "SURE: risk-benefit ratio", "Are you clear about which "
             "benefits and risks matter most to you? (yes or no)"),
        Code("sure-encouragement", "SURE: encouragement", "Do you have enough support and "
             "advice to make a choice? (yes or no)"),
        Code("sure-score", "SURE test score", "One point per 'yes' to the four SURE items, "
             "0 to 4; 3 or less flags decisional conflict (Légaré et al. 2010)."),
        Code("collaborate-explained", "CollaboRATE: effort to explain", "How much effort "
             "was made to help you understand your health issues? (0 to 9)"),
        Code("collaborate-listened", "CollaboRATE: effort to listen", "How much effort was "
             "made to listen to the things that matter most to you about your health "
             "issues? (0 to 9)"),
        Code("collaborate-included", "CollaboRATE: effort to include", "How much effort "
             "was made to include what matters most to you in choosing what to do next? "
             "(0 to 9)"),
        Code("collaborate-top-box", "CollaboRATE top-box score", "1 when all three "
             "CollaboRATE items are 9, else 0 (Elwyn et al. 2013)."),
        Code("stated-preference", "Stated preference", "The option the patient leans "
             "towards at the end of the consultation, or not sure yet, or decide later."),
    ),
    LEANING: (
        Code("unsure", "Not sure yet", "The patient does not lean towards any option yet."),
        Code("later", "Decide later", "The patient wants to decide later."),
    ),
}  # fmt: skip
"""Every code of the project's own code systems, as ``docs/fhir/README.md`` lists them."""


def display(system: str, code: str) -> str:
    """The display of a code of a project code system; KeyError for an unknown one."""
    for entry in CODE_SYSTEMS[system]:
        if entry.code == code:
            return entry.display
    raise KeyError(f"{system}#{code}")


def coding(system: str, code: str) -> dict[str, str]:
    """A Coding of a project code system, with its display."""
    return {"system": system, "code": code, "display": display(system, code)}


def questionnaire_url(pack_id: str) -> str:
    """The canonical URL of the Questionnaire of a pack (its version goes beside it)."""
    return f"{CANONICAL_BASE}/Questionnaire/{pack_id}"


def options_system(pack_id: str) -> str:
    """The code system of a pack's options (codes: the option ids; version: the pack's)."""
    return f"{CANONICAL_BASE}/CodeSystem/pack/{pack_id}/options"


def knowledge_system(pack_id: str, question_id: str) -> str:
    """The code system of the choices of one knowledge question of a pack."""
    return f"{CANONICAL_BASE}/CodeSystem/pack/{pack_id}/knowledge/{question_id}"


def fhir_language(code: str) -> str:
    """A language code as FHIR (BCP 47) writes it: 'en_GB' becomes 'en-GB'."""
    return code.replace("_", "-")
