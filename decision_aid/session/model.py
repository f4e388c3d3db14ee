"""The record of one consultation.

A :class:`SessionRecord` holds everything the clinician and patient chose, rated and
were shown, with times, so the summary and the signed record can be rebuilt from it.
It is published as JSON Schema by ``decision-aid session schema``. Identifiers of the
clinician and the patient are optional and minimal.

The record is mutable while the consultation runs (the UI edits it through
:class:`decision_aid.session.state.Session`); every change is validated.

Every list, map and text has an upper bound (the ``MAX_*`` constants below), far above
what a real consultation needs and stated in the JSON Schema, so that a hostile or
broken file cannot make the record take minutes to build. Dates and times are strict:
ISO 8601 text only, never a number of seconds. Whether the record's ids (options,
concerns, questions ...) exist in its pack is checked by
:mod:`decision_aid.session.check`.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
)

from decision_aid.i18n import N_

SESSION_FORMAT = 1

# -- limits ------------------------------------------------------------------------------
# Generous for a real consultation; each is in the JSON Schema (maxLength, maxItems ...).

SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$"
"""A session id: letters, digits and hyphens, at most 64 (also a safe file name and a
valid FHIR id; no spaces, ';' or '=' that could pass for other metadata)."""
SHORT_TEXT = 500
"""Most characters in a name, an own concern or a question (as the screens allow)."""
LONG_TEXT = 5000
"""Most characters in a note or the next steps."""
MAX_QUESTIONS = 50
"""Most questions the patient can note."""
MAX_OWN_CONCERNS = 30
"""Most concerns the patient can add in their own words."""
MAX_SUPPORTERS = 20
"""Most people named as involved in the decision."""
MAX_PACK_REFERENCES = 500
"""Most ratings, knowledge answers, chosen resources, hidden rows or risk views: one per
item of the pack at most, and no pack has this many."""
MAX_SHOWN = 5000
"""Most entries in the log of what was shown; later ones are not logged."""
ITEM_TEXT = 200
"""Most characters naming what was shown (e.g. 'outcome:heart-stroke')."""
MAX_SESSION_BYTES = 4 * 1024 * 1024
"""Largest session file read, in bytes: several times the largest valid record."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
VERSION_PATTERN = r"^\d{1,9}\.\d{1,9}\.\d{1,9}$"
HASH_PATTERN = r"^sha256:[0-9a-f]{64}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
LEANING_PATTERN = r"^(option:[a-z0-9][a-z0-9_-]{0,63}|unsure|later)$"
KIOSK_CODE_PATTERN = r"^[0-9ACDEFHJKMNPRTUWXY]{6}$"
"""A kiosk code as decision_aid.kiosk.codes makes them (a test keeps the two in step)."""
SYSTEM_PATTERN = r"^(https?://[^\s|]{1,490}|urn:(oid|uuid):[^\s|]{1,490})$"
PATTERN_WORDS: dict[str, str] = {
    ID_PATTERN: N_(
        "an identifier from the pack: lower-case letters, digits, '-' and '_', at most 64"
    ),
    SESSION_ID_PATTERN: N_(
        "letters, digits and hyphens, at most 64, starting with a letter or digit"
    ),
    VERSION_PATTERN: N_("a version of three whole numbers with dots between them, such as '1.2.0'"),
    HASH_PATTERN: N_("'sha256:' followed by 64 lower-case hexadecimal digits"),
    LANGUAGE_PATTERN: N_("a language code such as 'en', 'cy' or 'en_GB'"),
    LEANING_PATTERN: N_("'option:' and an option id, 'unsure' or 'later'"),
    KIOSK_CODE_PATTERN: N_(
        "a kiosk code: six of the digits 0 to 9 and the capital letters A C D E F H J K M N "
        "P R T U W X Y"
    ),
    SYSTEM_PATTERN: N_(
        "an identifier system: a web address such as https://fhir.nhs.uk/Id/nhs-number"
    ),
}
"""What each pattern of the record expects, in words: error messages never show a pattern."""

Id = Annotated[StrictStr, StringConstraints(pattern=ID_PATTERN)]
ShortText = Annotated[
    StrictStr, StringConstraints(strip_whitespace=True, min_length=1, max_length=SHORT_TEXT)
]
LongText = Annotated[StrictStr, StringConstraints(strip_whitespace=True, max_length=LONG_TEXT)]
SessionId = Annotated[StrictStr, StringConstraints(pattern=SESSION_ID_PATTERN)]
PackVersion = Annotated[StrictStr, StringConstraints(pattern=VERSION_PATTERN)]
ContentHash = Annotated[StrictStr, StringConstraints(pattern=HASH_PATTERN)]
LanguageCode = Annotated[StrictStr, StringConstraints(pattern=LANGUAGE_PATTERN)]
KioskCode = Annotated[StrictStr, StringConstraints(pattern=KIOSK_CODE_PATTERN)]

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_datetime(value: object) -> object:
    """ISO 8601 text or a datetime; never a number of seconds, as a number or as text."""
    if isinstance(value, datetime) or (isinstance(value, str) and _ISO_DATETIME.match(value)):
        return value
    raise ValueError("expected a date and time as in 2026-11-25T10:00:00Z")


def _iso_date(value: object) -> object:
    """YYYY-MM-DD text or a date; never a number or a date with a time."""
    if (isinstance(value, date) and not isinstance(value, datetime)) or (
        isinstance(value, str) and _ISO_DATE.match(value)
    ):
        return value
    raise ValueError("expected a date as in 2026-12-09")


Timestamp = Annotated[AwareDatetime, BeforeValidator(_iso_datetime)]
"""A time with its time zone, as ISO 8601 text."""
Day = Annotated[date, BeforeValidator(_iso_date)]
"""A calendar date, as YYYY-MM-DD."""

STEPS = ("grid", "risks", "values", "check", "plan", "summary", "afterwards")
"""The steps of the journey after the library, in order."""
Step = Literal["grid", "risks", "values", "check", "plan", "summary", "afterwards"]

RiskView = Literal["icons", "bar", "words"]
Importance = Annotated[StrictInt, Field(ge=0, le=4)]
"""How much a concern matters: 0 not at all, 1 a little, 2 somewhat, 3 a lot, 4 extremely."""
Fit = Annotated[StrictInt, Field(ge=-2, le=2)]
"""How an option fares on a concern: -2 works strongly against it ... +2 serves it well."""


class Record(BaseModel):
    """Base of the session models: unknown fields are errors; assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, defer_build=True)


class PackRef(Record):
    """Which pack, exactly, the consultation used."""

    id: Id
    """Pack id."""
    version: PackVersion
    """Pack version."""
    content_hash: ContentHash
    """SHA-256 over the pack's files, as the loader computed it."""
    language: LanguageCode = "en"
    """Language the patient saw the content in."""


class Person(Record):
    """Optional, minimal identification."""

    name: ShortText | None = None
    """Name as the person wishes it to appear."""
    identifier: ShortText | None = None
    """An identifier, such as the NHS number or a clinic number. Leave empty when not needed."""
    identifier_system: Annotated[StrictStr, StringConstraints(pattern=SYSTEM_PATTERN)] | None = None
    """For a patient: the system the identifier belongs to, as a URL, such as
    https://fhir.nhs.uk/Id/nhs-number. None: the clinic's default, the first of the
    settings' fhir.patient_identifiers (the NHS number when none are set)."""
    role: ShortText | None = None
    """For a clinician: role, e.g. 'GP'."""
    birth_date: date | None = None
    """For a patient: date of birth, printed in the record's patient banner when given."""


class Rating(Record):
    """How much one of the pack's concerns matters to the patient."""

    concern_id: Id
    """Id of the concern in the pack's 'values'."""
    importance: Importance


class OwnConcern(Record):
    """A concern the patient added in their own words."""

    id: Id
    """Generated id, e.g. 'own-1'."""
    text: ShortText
    """The concern, as the patient put it."""
    importance: Importance = 2
    fares: dict[Id, Fit] = Field(default_factory=dict, max_length=MAX_PACK_REFERENCES)
    """How each option fares on it, as judged with the clinician; options left out count 0."""


class KnowledgeAnswer(Record):
    """The patient's answer to one of the pack's knowledge questions."""

    question_id: Id
    choice_id: Id


SureItem = Literal["sure", "understand", "risk_benefit", "encouragement"]
"""The four SURE items (Légaré et al. 2010)."""


class Sure(Record):
    """SURE test answers; None until answered."""

    sure: StrictBool | None = None
    """Sure of myself: do you feel SURE about the best choice for you?"""
    understand: StrictBool | None = None
    """Understand information: do you know the benefits and risks of each option?"""
    risk_benefit: StrictBool | None = None
    """Risk-benefit ratio: are you clear about which benefits and risks matter most to you?"""
    encouragement: StrictBool | None = None
    """Encouragement: do you have enough support and advice to make a choice?"""


class KioskCollaborate(Record):
    """CollaboRATE answered privately at the clinic's kiosk, after the consultation.

    The consultation gives the patient a code; at the kiosk the patient enters it and
    answers the three items, which are sealed to the clinic's key; when this consultation
    reads them, they fill the items above and ``answered`` is set."""

    code: KioskCode
    """The code the patient enters at the kiosk ("I have seen my clinician")."""
    issued: Timestamp
    """When the code was given."""
    expires: Timestamp
    """Until when the kiosk takes answers for the code."""
    answered: Timestamp | None = None
    """When the patient answered at the kiosk; None until their answers were read in. Once
    set, the three items are the patient's own answers from the kiosk."""


class CollaboRate(Record):
    """The three CollaboRATE items, each 0 (no effort was made) to 9 (every effort was made)."""

    explained: Annotated[StrictInt, Field(ge=0, le=9)] | None = None
    """How much effort was made to help you understand your health issues?"""
    listened: Annotated[StrictInt, Field(ge=0, le=9)] | None = None
    """How much effort was made to listen to the things that matter most to you?"""
    included: Annotated[StrictInt, Field(ge=0, le=9)] | None = None
    """How much effort was made to include what matters most to you in choosing what to do next?"""
    kiosk: KioskCollaborate | None = None
    """Set when the patient was given a code to answer at the kiosk; absent in records made
    before that existed (they read as None)."""


class Supporter(Record):
    """Someone else involved in the decision."""

    name: ShortText
    relationship: Literal["family", "carer", "friend", "other"]
    note: LongText = ""
    """What they will do, e.g. 'will come to the next appointment'."""


class CommunityChoice(Record):
    """A local group or service from a community directory that the patient chose, as the
    directory said it on the day (the record keeps how to reach it even when the directory
    changes later)."""

    directory: Id
    """The directory's id."""
    directory_version: PackVersion
    """The directory's signed version."""
    entry: Id
    """The entry's id in the directory."""
    name: ShortText
    organisation: ShortText
    when: LongText = ""
    where: LongText = ""
    how_to_join: LongText = ""
    contact: ShortText = ""
    """How to reach it: phone, email and web address, as one line."""
    example: StrictBool = False
    """From a directory of example data (fictional)."""


Leaning = Annotated[StrictStr, StringConstraints(pattern=LEANING_PATTERN)]
"""'option:<id>', 'unsure', or 'later' (decide later)."""


class Plan(Record):
    """What the patient leans towards and what happens next."""

    leaning: Leaning | None = None
    questions: list[ShortText] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    """The patient's own questions, to ask now or later."""
    supporters: list[Supporter] = Field(default_factory=list, max_length=MAX_SUPPORTERS)
    resources: list[Id] = Field(default_factory=list, max_length=MAX_PACK_REFERENCES)
    """Ids of support resources from the pack that the patient chose."""
    community: list[CommunityChoice] = Field(default_factory=list, max_length=MAX_SUPPORTERS)
    """Local groups and services from a community directory that the patient chose; empty
    in records made before directories existed."""
    community_referral: StrictBool = False
    """Whether the patient agreed that the chosen groups and services are sent on, with
    the record, as a referral (a FHIR ServiceRequest each)."""
    next_steps: LongText = ""
    follow_up: Day | None = None


HandoverPart = Literal[
    "ratings", "own_concerns", "questions", "supporters", "community", "leaning", "sure"
]
"""A part of the consultation the patient can prepare alone at the clinic's kiosk
('community': local groups and services chosen from the clinic's community directories)."""
HANDOVER_PARTS: tuple[HandoverPart, ...] = (
    "ratings",
    "own_concerns",
    "questions",
    "supporters",
    "community",
    "leaning",
    "sure",
)


class KioskHandover(Record):
    """Answers the patient prepared alone at the clinic's kiosk, before the consultation.

    Set when a consultation is started from a kiosk hand-over; the answers it names are
    the patient's own (the clinician may change them later, as any answer)."""

    prepared: Timestamp
    """When the patient finished at the kiosk (the kiosk's clock)."""
    opened: Timestamp
    """When the clinic opened the hand-over and started this consultation from it."""
    parts: list[HandoverPart] = Field(default_factory=list, max_length=len(HANDOVER_PARTS))
    """Which answers the patient prepared, in the journey's order."""


class Shown(Record):
    """Something that was on screen, and when: for the record of what was discussed."""

    at: Timestamp
    step: Step
    item: Annotated[StrictStr, StringConstraints(max_length=ITEM_TEXT)] = ""
    """What exactly, e.g. 'outcome:heart-stroke' or 'row:pain'."""
    view: RiskView | None = None


class SessionRecord(Record):
    """One consultation, from opening a pack to the plan."""

    format_version: Literal[1] = 1
    id: SessionId = Field(default_factory=lambda: uuid.uuid4().hex)
    """Random id of this consultation."""
    pack: PackRef
    started: Timestamp
    updated: Timestamp
    finished: Timestamp | None = None
    """Set when the summary is confirmed; an unfinished session is offered for recovery."""
    clinician: Person | None = None
    patient: Person | None = None
    step: Step = "grid"
    """The step the consultation is on."""
    hidden_options: list[Id] = Field(default_factory=list, max_length=MAX_PACK_REFERENCES)
    hidden_rows: list[Id] = Field(default_factory=list, max_length=MAX_PACK_REFERENCES)
    risk_views: dict[Id, RiskView] = Field(default_factory=dict, max_length=MAX_PACK_REFERENCES)
    """The view chosen per outcome; absent means icon array."""
    risk_group: Id | None = None
    """The pack's baseline group (risk stratum) the clinician chose as closest to the patient.

    One of the ids in the pack's 'baseline.groups'; outcomes with figures per group show
    that group's figures only. None until chosen (those figures are then not shown). It
    picks among the figures the pack publishes; nothing works out a personal risk.
    """
    ratings: list[Rating] = Field(default_factory=list, max_length=MAX_PACK_REFERENCES)
    own_concerns: list[OwnConcern] = Field(default_factory=list, max_length=MAX_OWN_CONCERNS)
    knowledge: list[KnowledgeAnswer] = Field(default_factory=list, max_length=MAX_PACK_REFERENCES)
    sure: Sure = Field(default_factory=Sure)
    plan: Plan = Field(default_factory=Plan)
    collaborate: CollaboRate = Field(default_factory=CollaboRate)
    shown: list[Shown] = Field(default_factory=list, max_length=MAX_SHOWN)
    kiosk: KioskHandover | None = None
    """Set when the consultation was started from the patient's kiosk hand-over; absent in
    records made before hand-overs existed (they read as None)."""


def awaiting_kiosk(record: SessionRecord, now: datetime) -> bool:
    """True while CollaboRATE answers from the kiosk may still arrive for ``record``: a code
    was given, nothing was read in yet, and answers sealed before the code stopped working
    may still wait in the spool (as long again after ``expires``)."""
    kiosk = record.collaborate.kiosk
    if kiosk is None or kiosk.answered is not None:
        return False
    return now < kiosk.expires + (kiosk.expires - kiosk.issued)


def session_json_schema() -> dict[str, Any]:
    """JSON Schema of the session record."""
    import sys

    from decision_aid.content.docs import attribute_docs, describe

    schema = describe(
        SessionRecord.model_json_schema(), "SessionRecord", attribute_docs(sys.modules[__name__])
    )
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "decision-aid session record, format version 1"
    return schema


def audit_consultation(kind: str, record: SessionRecord, **extra: bool) -> None:
    """Note ``kind`` (consultation.started, .recovered or .finished) in the audit trail:
    the consultation's random id and its pack, nothing of what it holds."""
    from decision_aid import audit

    pack = record.pack
    audit.record(
        kind,
        record_id=record.id,
        pack_id=pack.id,
        version=pack.version,
        content_hash=pack.content_hash,
        **extra,
    )


def now_utc() -> datetime:
    """The current time, timezone-aware (the default clock)."""
    from datetime import UTC

    return datetime.now(UTC)
