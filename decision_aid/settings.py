"""The clinic's settings: organisation, logo, signing key, time-stamp server, trust roots,
time zone.

Stored as JSON in ``$XDG_CONFIG_HOME/decision-aid/settings.json`` (by default
``~/.config/decision-aid/settings.json``). Passphrases are never stored.

The file is read strictly, as packs are: UTF-8 (a byte-order mark, as some editors
write, is allowed), at most ``MAX_FILE_BYTES``, one JSON object with no key twice, and
every value of the right type and within its bound (``MAX_*`` below). Anything else is a
:class:`SettingsError` that names the file, the setting and the fix.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _

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


class SettingsError(Exception):
    """The settings file cannot be used; the message names the file and the fix."""


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


def settings_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "decision-aid" / "settings.json"


_PATHS = ("logo", "signing_key", "records_dir")


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


def _value(path: Path, key: str, value: Any) -> Any:
    if value is None:
        return [] if key == "trust_roots" else "" if key == "organisation" else None
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
    return Settings(**{key: _value(path, key, value) for key, value in data.items()})


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
    }
    for key, value in data.items():
        _value(path, key, value)
    write_atomic(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"), mode=0o600)
