"""The system-wide settings file and the user's, read together.

A clinic's IT deploys one **system-wide** file per computer (Linux:
``/etc/xdg/decision-aid/settings.json``; Windows: ``%ProgramData%\\decision-aid\\settings.json``;
macOS: ``/Library/Application Support/decision-aid/settings.json``; see decision_aid.paths).
Each user's own file (:func:`settings_path`) overrides it, key by key, except for the
**system-only** keys (:data:`SYSTEM_ONLY`): the patient kiosk's settings and whom the
computer trusts. On a computer with a system-wide file those come from that file alone (or
their defaults, when it leaves them out); a user's file that sets one of them is refused,
with a message naming both files, so nobody can weaken a kiosk (a shorter PIN wait, an
extra pack, another publisher's key) from the account the kiosk runs as. A computer without
a system-wide file reads the user's file alone, as earlier versions did.

The system-wide file is read as strictly as the user's; one that cannot be read (a broken
link, no permission) stops the app rather than being skipped.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import ValidationError

from decision_aid.i18n import _, ngettext
from decision_aid.paths import SYSTEM_SETTINGS_ENV
from decision_aid.settings.files import SettingsError, read_object, settings_path
from decision_aid.settings.model import FIELDS, Settings

SYSTEM_ENV: Final = SYSTEM_SETTINGS_ENV
"""An environment variable naming the system-wide file instead (for tests, and for an
installation that keeps it elsewhere)."""
SYSTEM_ONLY: Final = frozenset(
    {
        "kiosk_packs",
        "kiosk_idle_seconds",
        "kiosk_warning_seconds",
        "kiosk_spool",
        "kiosk_handover_hours",
        "kiosk_public_key",
        "kiosk_printer",
        "kiosk_languages",
        "kiosk_pin",
        "pack_publishers",
        "trust_roots",
    }
)
"""The keys only the system-wide file sets, on a computer that has one: what the patient
kiosk offers and how it is locked, and whom the computer trusts (pack publishers, the
certificates 'Verify a record' trusts). ``kiosk_private_key`` is not among them: it is the
clinician's copy of the key that opens hand-overs, on the clinic's own computers."""

Origin = Literal["system", "user", "default"]


def system_settings_path() -> Path:
    """The system-wide settings file (see decision_aid.paths.system_settings_file)."""
    from decision_aid.paths import system_settings_file

    return system_settings_file()


@dataclass(frozen=True)
class Sources:
    """The settings in effect, and where each value came from."""

    settings: Settings
    """Both files merged; its ``model_fields_set`` is the user's file's own keys."""
    user: Path
    system: Path
    system_found: bool
    """Whether this computer has a system-wide file (then the system-only keys are its)."""
    origins: dict[str, Origin]
    """Each key's source: the system-wide file, the user's file, or the default."""


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


def _system_layer(path: Path) -> Settings:
    """The system-wide file, which exists: a link to nothing is an error, not 'no file'."""
    data = read_object(path)
    if data is None:
        raise SettingsError(
            _(
                "{path}: the system-wide settings file cannot be read (it is a link to a file "
                "that is not there); mend the link or remove it"
            ).format(path=path)
        )
    return check(path, data)


def system_only_problem(user: Path, system: Path, keys: list[str]) -> str:
    """Why the user's file ``user`` may not set ``keys`` on a computer with ``system``."""
    names = ", ".join(f"'{key}'" for key in keys)
    return ngettext(
        "{user}: the setting {names} is set only in the system-wide settings file {system} "
        "on this computer (the kiosk's settings and whom it trusts are the clinic's, not a "
        "user's); remove it from {user}, or ask IT to change {system}",
        "{user}: the settings {names} are set only in the system-wide settings file {system} "
        "on this computer (the kiosk's settings and whom it trusts are the clinic's, not a "
        "user's); remove them from {user}, or ask IT to change {system}",
        len(keys),
    ).format(user=user, names=names, system=system)


def load_sources(user: Path | None = None, system: Path | None = None) -> Sources:
    """Both settings files, checked and merged (see the module notes)."""
    user = user or settings_path()
    system = system or system_settings_path()
    found = os.path.lexists(system)
    system_layer = _system_layer(system) if found else Settings()
    user_layer = read_settings_file(user)
    if found:
        refused = [key for key in FIELDS if key in SYSTEM_ONLY & user_layer.model_fields_set]
        if refused:
            raise SettingsError(system_only_problem(user, system, refused))
    values: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    for key in FIELDS:
        if key in user_layer.model_fields_set:
            values[key], origins[key] = getattr(user_layer, key), "user"
        elif key in system_layer.model_fields_set:
            values[key], origins[key] = getattr(system_layer, key), "system"
        else:
            origins[key] = "default"
    merged = Settings.model_construct(set(user_layer.model_fields_set), **values)
    where = system if origins["signature_level"] == "system" else user
    check_long_term(where, merged)
    return Sources(merged, user, system, found, origins)


def load_settings(path: Path | None = None) -> Settings:
    """The settings in effect: the system-wide file's, overridden where allowed by the
    user's file ``path`` (by default :func:`settings_path`); the defaults without either."""
    return load_sources(path).settings


def file_for(key: str) -> Path:
    """The file to change ``key`` in: the system-wide file for a system-only key on a
    computer that has one, else the file that sets it now, else the user's."""
    system = system_settings_path()
    if not os.path.lexists(system):
        return settings_path()
    if key in SYSTEM_ONLY:
        return system
    try:
        mine = read_settings_file(settings_path()).model_fields_set
        if key not in mine and key in read_settings_file(system).model_fields_set:
            return system
    except (SettingsError, OSError):
        pass
    return settings_path()


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


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the keys set in ``settings`` (read from the file, or set since) to the file
    ``path`` (by default the user's), atomically. The user's file is readable by the user
    only; the system-wide file keeps its permissions (new: readable by every user, as the
    app reads it from every account).

    Raises SettingsError, before writing anything, for a value that could not be loaded
    again (too long, for example), or a system-only key meant for the user's file on a
    computer with a system-wide file.
    """
    path = path or settings_path()
    system = system_settings_path()
    data = settings.model_dump(mode="json", include=set(settings.model_fields_set))
    check(path, data)
    mode = 0o600
    if path == system:
        mode = _mode_of(path, 0o644)
    elif os.path.lexists(system):
        refused = [key for key in FIELDS if key in SYSTEM_ONLY & settings.model_fields_set]
        if refused:
            raise SettingsError(system_only_problem(path, system, refused))
    from decision_aid.atomic import write_atomic

    write_atomic(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"), mode=mode)


def _mode_of(path: Path, default: int) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return default
