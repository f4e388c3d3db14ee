"""The clinic's settings: organisation, logo, signing key, time-stamp server, trust roots,
time zone, the patient's kiosk (``kiosk_*``: the packs it offers, its idle and warning
times, the hand-over folder and keys, the printer, the languages and the staff PIN's hash),
and the pack publishers it trusts (``pack_publishers``: see decision_aid.content.trust).

Stored as JSON in ``$XDG_CONFIG_HOME/decision-aid/settings.json`` (by default
``~/.config/decision-aid/settings.json``). Passphrases are never stored.

The file is read strictly, as packs are: UTF-8 (a byte-order mark, as some editors
write, is allowed), at most ``MAX_FILE_BYTES``, one JSON object with no key twice, and
every value of the right type and within its bound (``MAX_*`` below). Anything else is a
:class:`SettingsError` that names the file, the setting and the fix.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from decision_aid.i18n import _
from decision_aid.report.fhir.config import FhirSettings, FhirSettingsError, parse_fhir_settings

if TYPE_CHECKING:
    from decision_aid.content.trust.publishers import Publisher

MAX_FILE_BYTES = 256 * 1024
"""Largest settings file read; a real one is well under a kilobyte."""
MAX_ORGANISATION = 200
"""Most characters in the organisation's name (it heads every record)."""
MAX_URL = 2000
"""Most characters in the time-stamp server's address."""
MAX_PATH = 4096
"""Most characters in a file or folder path."""
MAX_TRUST_ROOTS = 100
"""Most trust-root certificates listed."""
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
_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
_PIN_KEYS = ("scheme", "salt", "n", "r", "p", "hash")


class SettingsError(Exception):
    """The settings file cannot be used; the message names the file and the fix."""


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


@dataclass
class Settings:
    """What a clinic sets once."""

    organisation: str = ""
    """Name printed at the top of every record."""
    logo: Path | None = None
    """PNG or JPEG printed next to the name."""
    signing_key: Path | None = None
    """PKCS#12 file with the clinic's or clinician's certificate and key."""
    tsa_url: str | None = None
    """Time-stamp server (RFC 3161) for PAdES B-T signatures; none gives B-B."""
    trust_roots: list[Path] = field(default_factory=list)
    """Certificates (PEM or DER) whose signatures 'Verify a record' trusts."""
    records_dir: Path | None = None
    """Where records are saved by default."""
    time_zone: str | None = None
    """The clinic's time zone, an IANA name such as 'Europe/London', for the dates and
    times printed on records; none: the computer's own zone."""
    kiosk_packs: list[str] = field(default_factory=list)
    """Ids of the packs the kiosk offers; one preselects that topic."""
    kiosk_idle_seconds: int = 120
    """Seconds without a touch before the kiosk warns that it will start again."""
    kiosk_warning_seconds: int = 20
    """Seconds the warning counts down before the kiosk wipes and starts again."""
    kiosk_spool: Path | None = None
    """The folder (often shared) where kiosks leave sealed hand-overs for the clinic."""
    kiosk_handover_hours: int = 24
    group_threshold: int = 5
    """A group session shows the spread of a concern's ratings (and the leanings tally)
    only once at least this many people have answered, so nobody is singled out."""
    """Hours a hand-over waits in the spool before it is shredded unopened."""
    kiosk_public_key: Path | None = None
    """On a kiosk: the clinic's public key (PEM) that hand-overs are sealed to."""
    kiosk_private_key: Path | None = None
    """Where hand-overs are opened: the clinic's private key (PEM, passphrase-protected)."""
    kiosk_printer: str | None = None
    """The printer for the patient's slip with the hand-over code; none: no slip."""
    kiosk_languages: list[str] = field(default_factory=list)
    """Language codes the kiosk offers; empty: every language of the pack."""
    kiosk_pin: PinHash | None = None
    """The staff PIN's scrypt hash (set with 'decision-aid kiosk set-pin')."""
    pack_publishers: list[Publisher] = field(default_factory=list)
    """Publishers whose signed packs this clinic trusts: a name, at least two pinned public
    keys and the signatures needed (see decision_aid.content.trust.publishers)."""
    # --- long-term signatures (PAdES B-LT and B-LTA; see report/longterm.py) ---
    signature_level: str | None = None
    """'B-B', 'B-T', 'B-LT' or 'B-LTA'; none: B-T with a time-stamp server, else B-B."""
    ca_certificates: list[Path] = field(default_factory=list)
    """The clinic CA's certificates (PEM or DER: its root and any intermediates), which
    B-LT and B-LTA check the signer's and the time-stamp server's chains against."""
    revocation_timeout: int = 15
    """Seconds each CRL, OCSP or time-stamp request may take when gathering them."""
    # -- FHIR: one object, read by decision_aid.report.fhir.config -------------------
    fhir: FhirSettings = field(default_factory=FhirSettings)
    """The record system: its FHIR server and token, the patient identifier systems,
    the organisation's and the practitioner's identifiers (see report/fhir/config.py)."""


def settings_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "decision-aid" / "settings.json"


_PATHS = (
    "logo",
    "signing_key",
    "records_dir",
    "kiosk_spool",
    "kiosk_public_key",
    "kiosk_private_key",
)
_WHOLE_NUMBERS = {
    "kiosk_idle_seconds": IDLE_SECONDS,
    "kiosk_warning_seconds": WARNING_SECONDS,
    "kiosk_handover_hours": HANDOVER_HOURS,
    "group_threshold": GROUP_THRESHOLD,
    "revocation_timeout": REVOCATION_SECONDS,
}


def _read(path: Path) -> str | None:
    """The file's text; None when there is none."""
    from decision_aid.session.files import FileTooLargeError, NotAFileError, read_limited

    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None
    except NotAFileError as exc:
        raise SettingsError(
            _("{path}: not a file (it is a folder or a special file); move it away").format(
                path=path
            )
        ) from exc
    except FileTooLargeError as exc:
        raise SettingsError(
            _("{path}: {size} bytes is far too large for a settings file; fix or delete it").format(
                path=path, size=exc.size
            )
        ) from exc
    except OSError as exc:
        raise SettingsError(
            _("{path}: cannot be read ({reason}); check its permissions").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SettingsError(
            _(
                "{path}:{line}: not UTF-8 text; save the file as UTF-8 in a text editor, "
                "or delete it to start again from the defaults"
            ).format(path=path, line=line)
        ) from exc


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SettingsError(
            _("{path}:{line}: not valid JSON ({problem}); fix or delete the file").format(
                path=path, line=exc.lineno, problem=exc.msg
            )
        ) from exc
    except _DuplicateKeyError as exc:
        raise SettingsError(
            _("{path}: the setting '{name}' appears twice; keep one").format(
                path=path, name=exc.key
            )
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise SettingsError(
            _("{path}: not valid JSON ({problem}); fix or delete the file").format(
                path=path, problem=str(exc)[:80]
            )
        ) from exc
    if not isinstance(data, dict):
        raise SettingsError(_("{path}: expected a JSON object").format(path=path))
    return data


def _text(path: Path, name: str, value: str, limit: int) -> str:
    if len(value) > limit:
        raise SettingsError(
            _(
                "{path}: the setting '{name}' is {length} characters long; "
                "at most {limit} are allowed"
            ).format(path=path, name=name, length=len(value), limit=limit)
        )
    if "\0" in value:
        raise SettingsError(
            _("{path}: the setting '{name}' holds a NUL character; remove it").format(
                path=path, name=name
            )
        )
    return value


def _whole_number(path: Path, key: str, value: Any) -> int:
    least, most = _WHOLE_NUMBERS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
        raise SettingsError(
            _("{path}: the setting '{name}' must be a whole number from {least} to {most}").format(
                path=path, name=key, least=least, most=most
            )
        )
    return value


def _codes(path: Path, key: str, value: list[Any]) -> list[str]:
    """A list of pack ids (kiosk_packs) or language codes (kiosk_languages)."""
    packs = key == "kiosk_packs"
    limit = MAX_KIOSK_PACKS if packs else MAX_KIOSK_LANGUAGES
    if len(value) > limit:
        raise SettingsError(
            _(
                "{path}: the setting '{name}' lists {count} items; at most {limit} are allowed"
            ).format(path=path, name=key, count=len(value), limit=limit)
        )
    pattern = _PACK_ID if packs else _LANGUAGE
    for item in value:
        if not isinstance(item, str) or not pattern.match(item):
            shown = str(item)[:70]
            raise SettingsError(
                _(
                    "{path}: the setting 'kiosk_packs' lists '{value}', which is not a pack id "
                    "(lower-case letters, digits, '-' and '_', as in 'knee-osteoarthritis')"
                ).format(path=path, value=shown)
                if packs
                else _(
                    "{path}: the setting 'kiosk_languages' lists '{value}', which is not a "
                    "language code such as 'cy' or 'pt_BR'"
                ).format(path=path, value=shown)
            )
    if len(set(value)) != len(value):
        twice = next(v for v in value if value.count(v) > 1)
        raise SettingsError(
            _("{path}: the setting '{name}' lists '{value}' twice; keep one").format(
                path=path, name=key, value=twice
            )
        )
    return list(value)


def _pin(path: Path, value: Any) -> PinHash:
    """The stored PIN hash; SettingsError saying to set the PIN again when it is not one."""

    def refuse(problem: str) -> SettingsError:
        return SettingsError(
            _(
                "{path}: the setting 'kiosk_pin' is not a PIN hash made by 'decision-aid "
                "kiosk set-pin' ({problem}); set the PIN again with that command"
            ).format(path=path, problem=problem)
        )

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


def _value(path: Path, key: str, value: Any) -> Any:
    if value is None:
        return getattr(Settings(), key)
    if key == "fhir":
        try:
            return parse_fhir_settings(value)
        except FhirSettingsError as exc:
            raise SettingsError(f"{path}: {exc}") from exc
    if key in _WHOLE_NUMBERS:
        return _whole_number(path, key, value)
    if key in ("kiosk_packs", "kiosk_languages") and isinstance(value, list):
        return _codes(path, key, value)
    if key == "kiosk_pin":
        return value if isinstance(value, PinHash) else _pin(path, value)
    if key == "pack_publishers":
        from decision_aid.content.trust.publishers import read_publishers

        try:
            return read_publishers(path, value)
        except ValueError as exc:
            raise SettingsError(str(exc)) from exc
    if key == "kiosk_printer" and isinstance(value, str):
        return _text(path, key, value, MAX_ORGANISATION) or None
    if key in _PATHS and isinstance(value, str):
        return Path(_text(path, key, value, MAX_PATH)).expanduser()
    if key == "trust_roots" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        if len(value) > MAX_TRUST_ROOTS:
            raise SettingsError(
                _("{path}: {count} trust roots are listed; at most {limit} are allowed").format(
                    path=path, count=len(value), limit=MAX_TRUST_ROOTS
                )
            )
        return [Path(_text(path, key, v, MAX_PATH)).expanduser() for v in value]
    if key in ("signature_level", "ca_certificates"):
        return _long_term_value(path, key, value)
    if key == "organisation" and isinstance(value, str):
        return _text(path, key, value, MAX_ORGANISATION)
    if key == "time_zone" and isinstance(value, str):
        return _time_zone(path, _text(path, key, value, MAX_ORGANISATION))
    if key == "tsa_url" and isinstance(value, str):
        url = _text(path, key, value, MAX_URL)
        if not url.startswith(("https://", "http://")):
            raise SettingsError(
                _("{path}: the setting 'tsa_url' must start with https:// or http://").format(
                    path=path
                )
            )
        return url
    raise SettingsError(
        _("{path}: the setting '{name}' has the wrong type").format(path=path, name=key)
    )


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there is no file yet."""
    path = path or settings_path()
    text = _read(path)
    if text is None:
        return Settings()
    data = _parse(path, text)
    known = {f for f in Settings.__dataclass_fields__}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(
            _("{path}: unknown setting '{name}'; known settings are: {known}").format(
                path=path, name=unknown[0][:100], known=", ".join(sorted(known))
            )
        )
    settings = Settings(**{key: _value(path, key, value) for key, value in data.items()})
    _check_long_term(path, settings)
    return settings


def _long_term_value(path: Path, key: str, value: Any) -> Any:
    """signature_level or ca_certificates, checked."""
    if key == "signature_level":
        if value not in SIGNATURE_LEVELS:
            raise SettingsError(
                _(
                    "{path}: the setting 'signature_level' is '{value}'; it must be one of {levels}"
                ).format(path=path, value=str(value)[:40], levels=", ".join(SIGNATURE_LEVELS))
            )
        return value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(
            _("{path}: the setting '{name}' has the wrong type").format(path=path, name=key)
        )
    if len(value) > MAX_TRUST_ROOTS:
        raise SettingsError(
            _("{path}: {count} CA certificates are listed; at most {limit} are allowed").format(
                path=path, count=len(value), limit=MAX_TRUST_ROOTS
            )
        )
    return [Path(_text(path, key, v, MAX_PATH)).expanduser() for v in value]


def _check_long_term(path: Path, settings: Settings) -> None:
    """A signature level whose time-stamp server or CA certificates are not set."""
    level = settings.signature_level
    if level in ("B-T", "B-LT", "B-LTA") and not settings.tsa_url:
        raise SettingsError(
            _(
                "{path}: the setting 'signature_level' is '{level}', which needs a time-stamp "
                "server: set 'tsa_url' too, or choose 'B-B'"
            ).format(path=path, level=level)
        )
    if level in ("B-LT", "B-LTA") and not (settings.ca_certificates or settings.trust_roots):
        raise SettingsError(
            _(
                "{path}: the setting 'signature_level' is '{level}', which needs the clinic "
                "CA's certificates: list their files in 'ca_certificates'"
            ).format(path=path, level=level)
        )


def _time_zone(path: Path, name: str) -> str:
    """``name`` when it is a time zone the computer knows; else a SettingsError."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise SettingsError(
            _(
                "{path}: the time zone '{name}' is not known; give an IANA name such as "
                "Europe/London, or remove the setting to use the computer's own zone"
            ).format(path=path, name=name)
        ) from exc
    return name


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, readable by the user only.

    Raises SettingsError, before writing anything, for a value that could not be
    loaded again (too long, for example).
    """
    path = path or settings_path()
    data = {
        "organisation": settings.organisation,
        "logo": str(settings.logo) if settings.logo else None,
        "signing_key": str(settings.signing_key) if settings.signing_key else None,
        "tsa_url": settings.tsa_url,
        "trust_roots": [str(p) for p in settings.trust_roots],
        "records_dir": str(settings.records_dir) if settings.records_dir else None,
        "time_zone": settings.time_zone,
        "kiosk_packs": list(settings.kiosk_packs),
        "kiosk_idle_seconds": settings.kiosk_idle_seconds,
        "kiosk_warning_seconds": settings.kiosk_warning_seconds,
        "kiosk_spool": str(settings.kiosk_spool) if settings.kiosk_spool else None,
        "kiosk_handover_hours": settings.kiosk_handover_hours,
        "group_threshold": settings.group_threshold,
        "kiosk_public_key": str(settings.kiosk_public_key) if settings.kiosk_public_key else None,
        "kiosk_private_key": (
            str(settings.kiosk_private_key) if settings.kiosk_private_key else None
        ),
        "kiosk_printer": settings.kiosk_printer,
        "kiosk_languages": list(settings.kiosk_languages),
        "kiosk_pin": settings.kiosk_pin.to_json() if settings.kiosk_pin else None,
        "pack_publishers": [p.to_json() for p in settings.pack_publishers],
        "signature_level": settings.signature_level,
        "ca_certificates": [str(p) for p in settings.ca_certificates],
        "revocation_timeout": settings.revocation_timeout,
        "fhir": settings.fhir.to_json() or None,
    }
    for key, value in data.items():
        _value(path, key, value)
    from decision_aid.atomic import write_atomic

    write_atomic(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"), mode=0o600)
