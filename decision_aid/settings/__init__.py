"""The clinic's settings: organisation, logo, signing key, time-stamp server, trust roots,
time zone, the patient's kiosk (``kiosk_*``: the packs it offers, its idle and warning
times, the hand-over folder and keys, the printer, the languages and the staff PIN's hash),
and the pack publishers it trusts (``pack_publishers``: see decision_aid.content.trust).

Stored as JSON in ``settings.json``: a system-wide file that a clinic's IT deploys, and
each user's own in the user's settings folder (on Linux ``~/.config/decision-aid``; see
decision_aid.paths), which overrides it except for the kiosk's and the trust settings.
Passphrases are never stored.

- :mod:`.files` reads a file strictly (size, UTF-8, one JSON object, no key twice);
- :mod:`.model` is the strict pydantic model of what the object holds;
- :mod:`.messages` turns the model's errors into sentences naming the file, the setting
  and the fix;
- :mod:`.layers` reads the system-wide file and the user's together, and saves one of them.

A bad file is a :class:`SettingsError` and is never written over: the app refuses to go
on with it and says how to mend it. ``null`` for a setting means its default.
"""

from __future__ import annotations

from decision_aid.settings.files import MAX_FILE_BYTES, SettingsError, settings_path
from decision_aid.settings.layers import (
    SYSTEM_ONLY,
    Sources,
    file_for,
    load_settings,
    load_sources,
    read_settings_file,
    save_settings,
    system_settings_path,
)
from decision_aid.settings.model import (
    GROUP_THRESHOLD,
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
    "GROUP_THRESHOLD",
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
    "SYSTEM_ONLY",
    "WARNING_SECONDS",
    "PinHash",
    "Settings",
    "SettingsError",
    "Sources",
    "file_for",
    "load_settings",
    "load_sources",
    "read_settings_file",
    "save_settings",
    "settings_path",
    "system_settings_path",
]
