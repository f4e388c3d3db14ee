"""The clinic's settings: organisation, logo, signing key, time-stamp server, trust roots,
time zone.

Stored as JSON in ``$XDG_CONFIG_HOME/decision-aid/settings.json`` (by default
``~/.config/decision-aid/settings.json``). Passphrases are never stored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decision_aid.atomic import write_atomic
from decision_aid.i18n import _


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


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there is no file yet."""
    path = path or settings_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise SettingsError(
            _("{path}: cannot be read ({reason}); check its permissions").format(
                path=path, reason=exc.strerror
            )
        ) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise SettingsError(
            _("{path}:{line}: not valid JSON ({problem}); fix or delete the file").format(
                path=path, line=exc.lineno, problem=exc.msg
            )
        ) from exc
    if not isinstance(data, dict):
        raise SettingsError(_("{path}: expected a JSON object").format(path=path))
    known = {f for f in Settings.__dataclass_fields__}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SettingsError(
            _("{path}: unknown setting '{name}'; known settings are: {known}").format(
                path=path, name=unknown[0], known=", ".join(sorted(known))
            )
        )
    values: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            values[key] = None
        elif key in _PATHS and isinstance(value, str):
            values[key] = Path(value).expanduser()
        elif (
            key == "trust_roots"
            and isinstance(value, list)
            and all(isinstance(v, str) for v in value)
        ):
            values[key] = [Path(v).expanduser() for v in value]
        elif key in ("organisation", "tsa_url") and isinstance(value, str):
            values[key] = value
        elif key == "time_zone" and isinstance(value, str):
            values[key] = _time_zone(path, value)
        else:
            raise SettingsError(
                _("{path}: the setting '{name}' has the wrong type").format(path=path, name=key)
            )
    return Settings(**values)


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
    """Write the settings atomically, readable by the user only."""
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
    write_atomic(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"), mode=0o600)
