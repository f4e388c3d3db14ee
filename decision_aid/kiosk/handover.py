"""What a patient prepared at the kiosk, sealed so that only the clinic can read it.

**What is in a hand-over** is :class:`HandoverContent` and nothing else: the pack (id,
version, content hash, language), when it was prepared, the importance ratings and the
patient's own concerns, their questions, the people who help them decide, their leaning
and their SURE answers. The model has no place for a name, a date of birth, an
identifier, the consultation's id or what was shown when: :func:`handover_from_record`
copies the listed answers one by one, and a sealed file holding anything else is refused
when it is opened (unknown fields are errors).

**The sealed file** (one per hand-over, see :mod:`decision_aid.kiosk.spool`)::

    header (32 bytes) | HPKE encapsulated key (32 bytes) | AES-256-GCM ciphertext and tag

    header = b"DA-KIOSK" | format (1 byte) | suite (1 byte) | sealed at (8 bytes, Unix
             seconds, big-endian) | code (6 ASCII characters) | key id (8 bytes)

The content's JSON, padded with spaces to a whole number of kilobytes (so the size tells
little about how much was written), is sealed with HPKE (RFC 9180, base mode):
DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, to the clinic's X25519 public key.
Each hand-over uses a fresh ephemeral key, so the kiosk that sealed it cannot open it
again. The whole header is HPKE's ``info``, bound into the key schedule: a changed byte
anywhere in the header (the code, the time, the key id) makes the file fail to open,
exactly as a changed byte of the ciphertext does. The key id (the first 8 bytes of the
SHA-256 of the public key) tells "sealed for another clinic key" apart from "changed".
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from decision_aid.i18n import _
from decision_aid.kiosk.codes import is_code
from decision_aid.session.model import (
    HANDOVER_PARTS,
    MAX_OWN_CONCERNS,
    MAX_PACK_REFERENCES,
    MAX_QUESTIONS,
    MAX_SUPPORTERS,
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
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )

MAGIC = b"DA-KIOSK"
FORMAT = 1
"""The sealed file's format; a later one is refused with 'update decision-aid'."""
SUITE_HPKE_X25519_AES256 = 1
"""HPKE base mode: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM."""
HEADER = struct.Struct(">8sBBq6s8s")
"""Magic, format, suite, sealed at, code, key id: 32 bytes."""
ENCAPSULATED = 32
TAG = 16
PAD_TO = 1024
"""The content is padded with spaces to a multiple of this many bytes."""
MAX_CONTENT_BYTES = 1024 * 1024
"""Largest content sealed or opened; the largest valid hand-over is well under it."""
MAX_FILE_BYTES = HEADER.size + ENCAPSULATED + MAX_CONTENT_BYTES + TAG
MIN_FILE_BYTES = HEADER.size + ENCAPSULATED + TAG


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
        "leaning": content.leaning is not None,
        "sure": any(v is not None for v in content.sure.model_dump().values()),
    }
    return [part for part in HANDOVER_PARTS if filled[part]]


def record_from_handover(content: HandoverContent, opened: datetime) -> SessionRecord:
    """A new consultation with the patient's answers filled in and marked as theirs."""
    return SessionRecord(
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
        ),
        kiosk=KioskHandover(
            prepared=content.prepared, opened=opened, parts=prepared_parts(content)
        ),
    )


# -- sealing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """The readable start of a sealed file (authenticated only when the file opens)."""

    format: int
    suite: int
    sealed: datetime
    code: str
    key_id: bytes

    def pack(self) -> bytes:
        return HEADER.pack(
            MAGIC,
            self.format,
            self.suite,
            int(self.sealed.timestamp()),
            self.code.encode("ascii"),
            self.key_id,
        )


def key_id(public_key: X25519PublicKey) -> bytes:
    """The first 8 bytes of the SHA-256 of the raw public key."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:8]


def _suite() -> Any:
    from cryptography.hazmat.primitives import hpke

    return hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


def content_bytes(content: HandoverContent) -> bytes:
    """The content's JSON, padded with spaces to a multiple of ``PAD_TO`` bytes."""
    data = content.model_dump_json().encode("utf-8")
    size = -(-(len(data) + 1) // PAD_TO) * PAD_TO
    return data + b" " * (size - len(data))


def seal(
    content: HandoverContent, public_key: X25519PublicKey, code: str, sealed: datetime
) -> bytes:
    """The sealed file for ``content`` under ``code``; only the private key opens it."""
    if not is_code(code):
        raise ValueError(f"not a hand-over code: {code!r}")
    plain = content_bytes(content)
    if len(plain) > MAX_CONTENT_BYTES:
        raise HandoverError(_("The hand-over is too large to seal."))
    header = Header(FORMAT, SUITE_HPKE_X25519_AES256, sealed, code, key_id(public_key)).pack()
    sealed_bytes: bytes = _suite().encrypt(plain, public_key, info=header)
    return header + sealed_bytes


def read_header(data: bytes, path: Path) -> Header:
    """The header of a sealed file; DamagedError when it is not one this app can read."""
    if len(data) < MIN_FILE_BYTES or not data.startswith(MAGIC):
        raise DamagedError(
            _(
                "{path}: not a kiosk hand-over (its first bytes are not a hand-over's "
                "header, or it is cut short). It is kept as it is; ask the patient to "
                "prepare again at the kiosk, or delete the file."
            ).format(path=path)
        )
    _magic, version, suite, seconds, code, kid = HEADER.unpack_from(data)
    if version != FORMAT or suite != SUITE_HPKE_X25519_AES256:
        raise DamagedError(
            _(
                "{path}: made in hand-over format {version}, which this version of "
                "decision-aid cannot read. It is kept as it is; update decision-aid on "
                "this computer to open it."
            ).format(path=path, version=f"{version}.{suite}")
        )
    try:
        text = code.decode("ascii")
        when = datetime.fromtimestamp(seconds, UTC)
    except (UnicodeDecodeError, ValueError, OverflowError, OSError):
        text, when = "", datetime.fromtimestamp(0, UTC)
    if not is_code(text):
        raise DamagedError(_changed(path, _("the header")))
    return Header(version, suite, when, text, kid)


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
    from cryptography.exceptions import InvalidTag

    header = read_header(data, path)
    if header.code != code:
        raise DamagedError(_changed(path, _("the code in the file")))
    if header.key_id != key_id(private_key.public_key()):
        raise WrongKeyError(
            _(
                "{path}: sealed for another clinic key (key id {sealed}), not for the key "
                "in {key} (key id {mine}). It is kept as it is. Open it with the private key "
                "that belongs to the kiosks' public key, or check the kiosk's "
                "'kiosk_public_key' setting."
            ).format(
                path=path, sealed=header.key_id.hex(), key=key_path, mine=key_id_text(private_key)
            )
        )
    try:
        plain: bytes = _suite().decrypt(data[HEADER.size :], private_key, info=data[: HEADER.size])
    except (InvalidTag, ValueError) as exc:
        raise DamagedError(_changed(path, _("the sealed content"))) from exc
    return _content(plain, path)


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
