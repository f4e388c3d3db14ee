"""The settings as one strict pydantic model: every key, its type, its bounds and its default.

Each field's docstring says what the setting is for. The model is strict: an unknown key,
a value of the wrong type (``"120"`` for a number, ``true`` for a whole number,
``"root.pem"`` for a list) or a value out of its bounds is a validation error, which
:mod:`.messages` turns into a sentence naming the file, the setting and the fix. The few
checks pydantic has no word for (a path's length, a NUL character, the staff PIN's hash, a
list holding an item twice, a time zone the computer knows) raise errors of their own
kinds, listed in :data:`KINDS`, with no sentence: the sentences are all in :mod:`.messages`.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from decision_aid.content.trust.publishers import Publisher
from decision_aid.i18n import _
from decision_aid.report.fhir.config import FhirSettings, FhirSettingsError, parse_fhir_settings

MAX_ORGANISATION = 200
"""Most characters in the organisation's name (it heads every record), a printer's name
or a time zone's."""
MAX_URL = 2000
"""Most characters in the time-stamp server's address."""
MAX_PATH = 4096
"""Most characters in a file or folder path."""
MAX_TRUST_ROOTS = 100
"""Most trust-root or CA certificates listed."""
IDLE_SECONDS = (30, 3600)
"""Least and most seconds without a touch before the kiosk warns that it will start again."""
WARNING_SECONDS = (20, 600)
"""Least and most seconds the warning counts down (WCAG 2.2.1: at least 20)."""
GROUP_THRESHOLD = (3, 100)
"""Least and most people who must answer a concern before a group session shows its spread."""
HANDOVER_HOURS = (1, 168)
"""Least and most hours a hand-over waits in the spool before it is shredded unopened."""
MAX_KIOSK_PACKS = 200
"""Most packs the kiosk offers."""
MAX_KIOSK_LANGUAGES = 50
"""Most languages the kiosk offers."""
PIN_COST = (2**14, 2**20)
"""Least and most scrypt cost (N) accepted for the staff PIN's hash."""
PIN_MEMORY = 2**21
"""Most N×r accepted: scrypt then needs at most 256 MiB."""
REVOCATION_SECONDS = (1, 120)
"""Least and most seconds a CRL, OCSP or time-stamp request may take (long-term signing)."""
SIGNATURE_LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")
"""The PAdES baseline levels a record may be signed at."""
PACK_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"
LANGUAGE = r"^[a-z]{2,3}(_[A-Z]{2})?$"
_PIN_KEYS = ("scheme", "salt", "n", "r", "p", "hash")

KINDS = ("wrong_type", "text_too_long", "nul", "twice", "time_zone", "url", "pin", "nested")
"""The kinds of error the model's own checks raise (pydantic's own kinds are the rest)."""


@dataclass(frozen=True)
class PinHash:
    """The staff PIN, as stored: its scrypt hash, salt and parameters (never the PIN)."""

    salt: bytes
    n: int
    r: int
    p: int
    hash: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "scheme": "scrypt",
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "hash": base64.b64encode(self.hash).decode("ascii"),
        }


# -- the checks pydantic has no word for -----------------------------------------------------


def _no_nul(value: str) -> str:
    if "\0" in value:
        raise PydanticCustomError("nul", "holds a NUL character")
    return value


def _path(value: object) -> Path:
    """A file or folder path, given as text (``~`` is the user's home)."""
    if isinstance(value, Path):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("wrong_type", "must be a path, as text")
    if len(value) > MAX_PATH:
        raise PydanticCustomError(
            "text_too_long",
            "is {length} characters long; at most {limit} are allowed",
            {"length": len(value), "limit": MAX_PATH},
        )
    return Path(_no_nul(value)).expanduser()


def _once_each(value: list[str]) -> list[str]:
    seen: set[str] = set()
    for item in value:
        if item in seen:
            raise PydanticCustomError("twice", "lists '{value}' twice", {"value": item})
        seen.add(item)
    return value


def _known_zone(name: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError("time_zone", "'{name}' is not known", {"name": name}) from None
    return name


def _web_address(url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise PydanticCustomError("url", "must start with https:// or http://")
    return url


def _pin(value: object) -> PinHash:
    """The stored PIN hash, as 'decision-aid kiosk set-pin' writes it."""
    if isinstance(value, PinHash):
        return value

    def refuse(problem: str) -> PydanticCustomError:
        return PydanticCustomError("pin", "not a PIN hash ({problem})", {"problem": problem})

    if not isinstance(value, dict) or sorted(value) != sorted(_PIN_KEYS):
        raise refuse(_("it needs exactly: {keys}").format(keys=", ".join(_PIN_KEYS)))
    if value["scheme"] != "scrypt":
        raise refuse(_("only the scheme 'scrypt' is known"))
    n, r, p = value["n"], value["r"], value["p"]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, r, p)):
        raise refuse(_("n, r and p must be whole numbers"))
    if not (PIN_COST[0] <= n <= PIN_COST[1] and n & (n - 1) == 0):
        raise refuse(
            _("n must be a power of two from {least} to {most}").format(
                least=PIN_COST[0], most=PIN_COST[1]
            )
        )
    if not (1 <= r <= 32 and 1 <= p <= 16 and n * r <= PIN_MEMORY):
        raise refuse(_("r or p is out of range"))
    try:
        salt = base64.b64decode(str(value["salt"]), validate=True)
        digest = base64.b64decode(str(value["hash"]), validate=True)
    except (binascii.Error, ValueError):
        raise refuse(_("the salt and the hash must be Base64")) from None
    if not (16 <= len(salt) <= 64 and len(digest) == 32):
        raise refuse(_("the salt must be 16 to 64 bytes, the hash 32"))
    return PinHash(salt=salt, n=n, r=r, p=p, hash=digest)


def _where(info: ValidationInfo) -> Path:
    """The file being read, as the loader gives it (the user's settings file otherwise)."""
    found = (info.context or {}).get("path")
    if isinstance(found, Path):
        return found
    from decision_aid.settings.files import settings_path

    return settings_path()


def _fhir(value: object, info: ValidationInfo) -> FhirSettings:
    """The ``fhir`` object, checked by decision_aid.report.fhir.config."""
    try:
        return parse_fhir_settings(value)
    except FhirSettingsError as exc:
        message = f"{_where(info)}: {exc}"
        raise PydanticCustomError("nested", "{message}", {"message": message}) from None


def _publishers(value: object, info: ValidationInfo) -> list[Publisher]:
    """The ``pack_publishers`` list, checked by decision_aid.content.trust.publishers."""
    from decision_aid.content.trust.publishers import read_publishers

    try:
        return read_publishers(_where(info), value)
    except ValueError as exc:
        raise PydanticCustomError("nested", "{message}", {"message": str(exc)}) from None


# -- the types of the settings ----------------------------------------------------------------


FilePath = Annotated[Path, PlainValidator(_path), PlainSerializer(str)]
"""A file or folder, written as text; ``~`` is the user's home."""
PackId = Annotated[str, StringConstraints(pattern=PACK_ID)]
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE)]
Name = Annotated[str, StringConstraints(max_length=MAX_ORGANISATION), AfterValidator(_no_nul)]
"""A short text: the organisation's name, a printer's or a time zone's."""
Printer = Annotated[Name, AfterValidator(lambda name: name or None)]
TimeZone = Annotated[Name, AfterValidator(_known_zone)]
WebAddress = Annotated[
    str,
    StringConstraints(max_length=MAX_URL),
    AfterValidator(_no_nul),
    AfterValidator(_web_address),
]
IdleSeconds = Annotated[int, Field(ge=IDLE_SECONDS[0], le=IDLE_SECONDS[1])]
WarningSeconds = Annotated[int, Field(ge=WARNING_SECONDS[0], le=WARNING_SECONDS[1])]
HandoverHours = Annotated[int, Field(ge=HANDOVER_HOURS[0], le=HANDOVER_HOURS[1])]
GroupThreshold = Annotated[int, Field(ge=GROUP_THRESHOLD[0], le=GROUP_THRESHOLD[1])]
RevocationSeconds = Annotated[int, Field(ge=REVOCATION_SECONDS[0], le=REVOCATION_SECONDS[1])]
Pin = Annotated[PinHash, PlainValidator(_pin), PlainSerializer(PinHash.to_json)]
Fhir = Annotated[
    FhirSettings,
    PlainValidator(_fhir),
    PlainSerializer(lambda fhir: fhir.to_json() or None),
]
Publishers = Annotated[
    list[Publisher],
    PlainValidator(_publishers),
    PlainSerializer(lambda found: [p.to_json() for p in found]),
]


class Settings(BaseModel):
    """What a clinic sets once: the organisation on the record, the signing key and
    time-stamp server, the trust roots, the time zone, the patient's kiosk (``kiosk_*``),
    the pack publishers it trusts, long-term signatures and the record system (``fhir``).
    """

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        validate_assignment=True,
        arbitrary_types_allowed=True,
    )

    organisation: Name = ""
    """Name printed at the top of every record."""
    logo: FilePath | None = None
    """PNG or JPEG printed next to the name."""
    signing_key: FilePath | None = None
    """PKCS#12 file with the clinic's or clinician's certificate and key."""
    tsa_url: WebAddress | None = None
    """Time-stamp server (RFC 3161) for PAdES B-T signatures; none gives B-B."""
    trust_roots: Annotated[list[FilePath], Field(max_length=MAX_TRUST_ROOTS)] = []
    """Certificates (PEM or DER) whose signatures 'Verify a record' trusts."""
    records_dir: FilePath | None = None
    """Where records are saved by default."""
    time_zone: TimeZone | None = None
    """The clinic's time zone, an IANA name such as 'Europe/London', for the dates and
    times printed on records; none: the computer's own zone."""
    kiosk_packs: Annotated[
        list[PackId], Field(max_length=MAX_KIOSK_PACKS), AfterValidator(_once_each)
    ] = []
    """Ids of the packs the kiosk offers; one preselects that topic."""
    kiosk_idle_seconds: IdleSeconds = 120
    """Seconds without a touch before the kiosk warns that it will start again."""
    kiosk_warning_seconds: WarningSeconds = 20
    """Seconds the warning counts down before the kiosk wipes and starts again."""
    kiosk_spool: FilePath | None = None
    """The folder (often shared) where kiosks leave sealed hand-overs for the clinic."""
    kiosk_handover_hours: HandoverHours = 24
    """Hours a hand-over waits in the spool before it is shredded unopened."""
    group_threshold: GroupThreshold = 5
    """A group session shows the spread of a concern's ratings (and the leanings tally)
    only once at least this many people have answered, so nobody is singled out."""
    kiosk_public_key: FilePath | None = None
    """On a kiosk: the clinic's public key (PEM) that hand-overs are sealed to."""
    kiosk_private_key: FilePath | None = None
    """Where hand-overs are opened: the clinic's private key (PEM, passphrase-protected)."""
    kiosk_printer: Printer | None = None
    """The printer for the patient's slip with the hand-over code; none: no slip."""
    kiosk_languages: Annotated[
        list[LanguageCode], Field(max_length=MAX_KIOSK_LANGUAGES), AfterValidator(_once_each)
    ] = []
    """Language codes the kiosk offers; empty: every language of the pack."""
    kiosk_pin: Pin | None = None
    """The staff PIN's scrypt hash (set with 'decision-aid kiosk set-pin')."""
    pack_publishers: Publishers = []
    """Publishers whose signed packs this clinic trusts: a name, at least two pinned public
    keys and the signatures needed (see decision_aid.content.trust.publishers)."""
    signature_level: Literal["B-B", "B-T", "B-LT", "B-LTA"] | None = None
    """'B-B', 'B-T', 'B-LT' or 'B-LTA'; none: B-T with a time-stamp server, else B-B."""
    ca_certificates: Annotated[list[FilePath], Field(max_length=MAX_TRUST_ROOTS)] = []
    """The clinic CA's certificates (PEM or DER: its root and any intermediates), which
    B-LT and B-LTA check the signer's and the time-stamp server's chains against."""
    revocation_timeout: RevocationSeconds = 15
    """Seconds each CRL, OCSP or time-stamp request may take when gathering them."""
    fhir: Fhir = FhirSettings()
    """The record system: its FHIR server and token, the patient identifier systems,
    the organisation's and the practitioner's identifiers (see report/fhir/config.py)."""


FIELDS = tuple(Settings.model_fields)
"""Every setting's key, in the order the file lists them."""
