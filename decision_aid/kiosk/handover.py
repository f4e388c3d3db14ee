"""What a patient prepared at the kiosk, sealed so that only the clinic can read it.

**What is in a hand-over** is :class:`HandoverContent` and nothing else: the pack (id,
version, content hash, language), when it was prepared, the importance ratings and the
patient's own concerns, their questions, the people who help them decide, the local groups
and services they chose (each as the clinic's community directory said it: name, who runs
it, when, where, how to join and how to reach it), their leaning and their SURE answers.
The model has no place for a name, a date of birth, an identifier, the consultation's id or
what was shown when: :func:`handover_from_record`
copies the listed answers one by one, and a sealed file holding anything else is refused
when it is opened (unknown fields are errors).

**The sealed file** (one per hand-over, see :mod:`decision_aid.kiosk.spool`) is sealed
as :mod:`decision_aid.kiosk.sealing` describes, with the magic ``DA-KIOSK``: HPKE to the
clinic's X25519 public key, the readable header bound into the key schedule, the
content's JSON padded to a whole number of kilobytes.

**Older hand-overs** (made before the kiosk offered local groups and services) have no
``community`` field and open as having none. A hand-over in which none was chosen is written
without the field, byte for byte as before, so that a clinic computer not yet updated still
opens it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from decision_aid.i18n import _
from decision_aid.kiosk.sealing import (
    Header,
    SealError,
    key_id,
    open_bytes,
    padded,
    seal_bytes,
)
from decision_aid.kiosk.sealing import read_header as read_sealed_header
from decision_aid.session.model import (
    HANDOVER_PARTS,
    MAX_OWN_CONCERNS,
    MAX_PACK_REFERENCES,
    MAX_QUESTIONS,
    MAX_SUPPORTERS,
    CommunityChoice,
    HandoverPart,
    Importance,
    KioskHandover,
    Leaning,
    OwnConcern,
    PackRef,
    Plan,
    Rating,
    SessionRecord,
    ShortText,
    Supporter,
    Sure,
    Timestamp,
    audit_consultation,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

MAGIC = b"DA-KIOSK"
"""The first bytes of a sealed hand-over."""


class Strict(BaseModel):
    """Base of the hand-over models: unknown fields are errors; values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class KioskConcern(Strict):
    """A concern the patient added in their own words."""

    text: ShortText
    importance: Importance = 2


class HandoverContent(Strict):
    """Everything a hand-over carries. There is no field for who the patient is."""

    format_version: Literal[1] = 1
    pack: PackRef
    """The pack the patient used, exactly, and the language they read it in."""
    prepared: Timestamp
    """When the patient finished at the kiosk."""
    ratings: list[Rating] = Field(default_factory=list, max_length=MAX_PACK_REFERENCES)
    own_concerns: list[KioskConcern] = Field(default_factory=list, max_length=MAX_OWN_CONCERNS)
    questions: list[ShortText] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    supporters: list[Supporter] = Field(default_factory=list, max_length=MAX_SUPPORTERS)
    community: list[CommunityChoice] = Field(default_factory=list, max_length=MAX_SUPPORTERS)
    """Local groups and services the patient chose; absent from older hand-overs."""
    leaning: Leaning | None = None
    sure: Sure = Field(default_factory=Sure)


class HandoverError(Exception):
    """A hand-over cannot be sealed or opened; the message names the file and the fix."""


class UnknownCodeError(HandoverError):
    """No hand-over has this code (never made, opened already, or expired and shredded)."""


class ExpiredError(HandoverError):
    """The hand-over was older than the spool keeps them; it was shredded unopened."""


class WrongKeyError(HandoverError):
    """The hand-over was sealed for another clinic key (or the key is not usable)."""


class DamagedError(HandoverError):
    """The file was changed, cut short, or is not a hand-over: it is kept as it is."""


def handover_from_record(record: SessionRecord, prepared: datetime) -> HandoverContent:
    """The patient-prepared answers of ``record``, and nothing that says who they are."""
    return HandoverContent(
        pack=PackRef(
            id=record.pack.id,
            version=record.pack.version,
            content_hash=record.pack.content_hash,
            language=record.pack.language,
        ),
        prepared=prepared,
        ratings=[Rating(concern_id=r.concern_id, importance=r.importance) for r in record.ratings],
        own_concerns=[
            KioskConcern(text=c.text, importance=c.importance) for c in record.own_concerns
        ],
        questions=list(record.plan.questions),
        supporters=[
            Supporter(name=s.name, relationship=s.relationship, note=s.note)
            for s in record.plan.supporters
        ],
        community=[CommunityChoice(**c.model_dump()) for c in record.plan.community],
        leaning=record.plan.leaning,
        sure=Sure(**record.sure.model_dump()),
    )


def prepared_parts(content: HandoverContent) -> list[HandoverPart]:
    """The parts the patient filled in, in the journey's order."""
    filled: dict[HandoverPart, bool] = {
        "ratings": bool(content.ratings),
        "own_concerns": bool(content.own_concerns),
        "questions": bool(content.questions),
        "supporters": bool(content.supporters),
        "community": bool(content.community),
        "leaning": content.leaning is not None,
        "sure": any(v is not None for v in content.sure.model_dump().values()),
    }
    return [part for part in HANDOVER_PARTS if filled[part]]


def record_from_handover(content: HandoverContent, opened: datetime) -> SessionRecord:
    """A new consultation with the patient's answers filled in and marked as theirs
    (noted in the audit trail as a consultation started from the kiosk). The local groups
    and services they chose are chosen in the plan; whether they may be sent on as a
    referral is not: the clinician asks."""
    record = SessionRecord(
        pack=content.pack,
        started=opened,
        updated=opened,
        ratings=list(content.ratings),
        own_concerns=[
            OwnConcern(id=f"own-{n}", text=c.text, importance=c.importance)
            for n, c in enumerate(content.own_concerns, start=1)
        ],
        sure=content.sure,
        plan=Plan(
            leaning=content.leaning,
            questions=list(content.questions),
            supporters=list(content.supporters),
            community=list(content.community),
            community_referral=False,
        ),
        kiosk=KioskHandover(
            prepared=content.prepared, opened=opened, parts=prepared_parts(content)
        ),
    )
    audit_consultation("consultation.started", record, from_kiosk=True)
    return record


# -- sealing -------------------------------------------------------------------------------


def content_bytes(content: HandoverContent) -> bytes:
    """The content's JSON, padded with spaces to a whole number of kilobytes (without a
    ``community`` field when none was chosen: see the module's notes)."""
    unchosen = None if content.community else {"community"}
    return padded(content.model_dump_json(exclude=unchosen).encode("utf-8"))


def seal(
    content: HandoverContent, public_key: X25519PublicKey, code: str, sealed: datetime
) -> bytes:
    """The sealed file for ``content`` under ``code``; only the private key opens it."""
    try:
        return seal_bytes(content_bytes(content), public_key, code, sealed, MAGIC)
    except SealError as exc:
        raise HandoverError(_("The hand-over is too large to seal.")) from exc


def read_header(data: bytes, path: Path) -> Header:
    """The header of a sealed file; DamagedError when it is not one this app can read."""
    try:
        return read_sealed_header(data, MAGIC)
    except SealError as error:
        raise DamagedError(_problem(error, path)) from None


def _problem(error: SealError, path: Path) -> str:
    """What is wrong with the sealed hand-over ``path``, and what to do."""
    if error.kind == "not_sealed":
        return _(
            "{path}: not a kiosk hand-over (its first bytes are not a hand-over's "
            "header, or it is cut short). It is kept as it is; ask the patient to "
            "prepare again at the kiosk, or delete the file."
        ).format(path=path)
    if error.kind == "format":
        return _(
            "{path}: made in hand-over format {version}, which this version of "
            "decision-aid cannot read. It is kept as it is; update decision-aid on "
            "this computer to open it."
        ).format(path=path, version=error.detail)
    place = {
        "code": _("the code in the file"),
        "content": _("the sealed content"),
    }.get(error.kind, _("the header"))
    return _changed(path, place)


def _changed(path: Path, place: str) -> str:
    return _(
        "{path}: the hand-over was changed after it was sealed ({place} does not match), "
        "so it is not opened. It is kept as it is for the clinic's IT admin; ask the "
        "patient to prepare again at the kiosk."
    ).format(path=path, place=place)


def unseal(
    data: bytes, private_key: X25519PrivateKey, path: Path, code: str, key_path: Path
) -> HandoverContent:
    """The content of the sealed file ``data`` (read from ``path``, filed under ``code``).

    Raises WrongKeyError when it was sealed for another key, DamagedError when any byte
    was changed or the content is not a valid hand-over.
    """
    try:
        _header, plain = open_bytes(data, private_key, code, MAGIC)
    except SealError as error:
        if error.kind == "key":
            raise WrongKeyError(
                wrong_key_message(path, error.detail, key_path, private_key)
            ) from None
        raise DamagedError(_problem(error, path)) from None
    return _content(plain, path)


def wrong_key_message(
    path: Path, sealed_for: str, key_path: Path, private_key: X25519PrivateKey
) -> str:
    """A file sealed for another clinic key than the one at ``key_path``."""
    return _(
        "{path}: sealed for another clinic key (key id {sealed}), not for the key "
        "in {key} (key id {mine}). It is kept as it is. Open it with the private key "
        "that belongs to the kiosks' public key, or check the kiosk's "
        "'kiosk_public_key' setting."
    ).format(path=path, sealed=sealed_for, key=key_path, mine=key_id_text(private_key))


def key_id_text(private_key: X25519PrivateKey) -> str:
    return key_id(private_key.public_key()).hex()


class _DuplicateKeyError(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _content(plain: bytes, path: Path) -> HandoverContent:
    """The validated content, or DamagedError naming the field and what is wrong."""
    from decision_aid.session.reading import schema_problems

    problem: str | None = None
    try:
        data = json.loads(plain.decode("utf-8"), object_pairs_hook=_no_duplicates)
        return HandoverContent.model_validate(data)
    except ValidationError as exc:
        problem = schema_problems(exc)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        problem = str(exc)[:200]
    raise DamagedError(
        _(
            "{path}: the hand-over opened, but what it holds is not a valid hand-over "
            "({problem}). It is kept as it is; ask the patient to prepare again at the "
            "kiosk, and tell the clinic's IT admin."
        ).format(path=path, problem=problem)
    )
