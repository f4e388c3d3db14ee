"""The clinic's settings: organisation, logo, signing key, time-stamp server, trust roots,
time zone, the patient's kiosk (``kiosk_*``: the packs it offers, its idle and warning
times, the hand-over folder and keys, the printer, the languages and the staff PIN's hash),
and the pack publishers it trusts (``pack_publishers``: see decision_aid.content.trust).

Stored as JSON in ``settings.json`` in the user's settings folder (on Linux
``~/.config/decision-aid``; see decision_aid.paths). Passphrases are never stored.

- :mod:`.files` reads a file strictly (size, UTF-8, one JSON object, no key twice);
- :mod:`.model` is the strict pydantic model of what the object holds;
- :mod:`.messages` turns the model's errors into sentences naming the file, the setting
  and the fix.

A bad file is a :class:`SettingsError` and is never written over: the app refuses to go
on with it and says how to mend it. ``null`` for a setting means its default.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from decision_aid.i18n import _
from decision_aid.settings.files import MAX_FILE_BYTES, SettingsError, read_object, settings_path
from decision_aid.settings.model import (
    HANDOVER_HOURS,
    IDLE_SECONDS,
    MAX_KIOSK_LANGUAGES,
    MAX_KIOSK_PACKS,
    MAX_ORGANISATION,
    MAX_PATH,
    MAX_TRUST_ROOTS,
    MAX_URL,
    PIN_COST,
    PIN_MEMORY,
    REVOCATION_SECONDS,
    SIGNATURE_LEVELS,
    WARNING_SECONDS,
    PinHash,
    Settings,
)

__all__ = [
    "HANDOVER_HOURS",
    "IDLE_SECONDS",
    "MAX_FILE_BYTES",
    "MAX_KIOSK_LANGUAGES",
    "MAX_KIOSK_PACKS",
    "MAX_ORGANISATION",
    "MAX_PATH",
    "MAX_TRUST_ROOTS",
    "MAX_URL",
    "PIN_COST",
    "PIN_MEMORY",
    "REVOCATION_SECONDS",
    "SIGNATURE_LEVELS",
    "WARNING_SECONDS",
    "PinHash",
    "Settings",
    "SettingsError",
    "load_settings",
    "read_settings_file",
    "save_settings",
    "settings_path",
]


def check(path: Path, data: dict[str, Any]) -> Settings:
    """The settings in the JSON object ``data`` of the file ``path``, validated: only the
    keys it gives (not null) count as set. SettingsError listing every problem otherwise."""
    given = {key: value for key, value in data.items() if value is not None}
    try:
        return Settings.model_validate(given, context={"path": path})
    except ValidationError as exc:
        from decision_aid.settings.messages import explain

        raise SettingsError(explain(path, exc)) from None


def read_settings_file(path: Path) -> Settings:
    """The settings of the one file ``path`` (the defaults when there is no such file);
    its own keys are the model's ``model_fields_set``."""
    data = read_object(path)
    return Settings() if data is None else check(path, data)


def check_long_term(path: Path, settings: Settings) -> None:
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


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there is no file yet."""
    path = path or settings_path()
    settings = read_settings_file(path)
    check_long_term(path, settings)
    return settings


def saved_keys(settings: Settings) -> list[str]:
    """The keys a file of ``settings`` holds: those set, and any changed from the default."""
    default = Settings()
    return [
        name
        for name in Settings.model_fields
        if name in settings.model_fields_set or getattr(settings, name) != getattr(default, name)
    ]


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, readable by the user only: the keys set (by the file
    they were read from, or since) and those that differ from the default.

    Raises SettingsError, before writing anything, for a value that could not be loaded
    again (too long, for example).
    """
    path = path or settings_path()
    data = settings.model_dump(mode="json", include=set(saved_keys(settings)))
    check(path, data)
    from decision_aid.atomic import write_atomic

    write_atomic(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"), mode=0o600)
