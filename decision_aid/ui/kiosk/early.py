"""What the kiosk's welcome needs before its first frame: the languages to offer.

The welcome is painted before the settings are checked, the packs read and the clinic's
key loaded (see decision_aid.ui.kiosk.controller): those need the settings model, the
pack loader and the cryptography, none of which the first frame does. Here the settings
file is only glanced at, as JSON, for 'kiosk_languages' (in the system-wide file when
the computer has one, as the settings model reads it). Anything unusual about it
(missing, unreadable, not JSON, a value of the wrong kind) gives the default: every
language the screens have. The full check right after the first frame then finds and
names the problem, and the kiosk stops with its message for staff before any patient
could touch it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from decision_aid.i18n import SOURCE_LANGUAGE, available_languages
from decision_aid.paths import folders, system_settings_file, user_settings_file


def kiosk_settings_file() -> Path:
    """The file the kiosk's settings come from: the system-wide one when the computer has
    one (the kiosk's keys are its alone there), else the user's (decision_aid.settings)."""
    found = folders()
    system = system_settings_file(found)
    return system if os.path.lexists(system) else user_settings_file(found)


def welcome_languages(settings_file: Path) -> list[str]:
    """The languages the welcome offers first: those of 'kiosk_languages' that the screens
    have, in the setting's order, else every language the screens have, the source
    language first. The full set-up may narrow them to the packs' languages."""
    screens = available_languages()
    wanted = [code for code in _listed(settings_file) if code in screens]
    if wanted:
        return list(dict.fromkeys(wanted))
    return sorted(screens, key=lambda code: (code != SOURCE_LANGUAGE, code))


def _listed(settings_file: Path) -> list[str]:
    try:
        values = json.loads(settings_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    listed = values.get("kiosk_languages") if isinstance(values, dict) else None
    if not isinstance(listed, list):
        return []
    return [code for code in listed if isinstance(code, str)]
