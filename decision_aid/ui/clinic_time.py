"""Dates and times on screen as the record prints them: in the clinic's time zone (the
``time_zone`` setting, else the computer's) and the current language, one format
throughout ('4 December 2026, 14:05 GMT')."""

from __future__ import annotations

from datetime import datetime

from decision_aid.i18n import current_language
from decision_aid.settings import SettingsError, load_settings


def clinic_moment(when: datetime) -> str:
    """``when`` (aware) in the clinic's zone; settings that cannot be read leave the
    computer's zone (the settings dialog says why they cannot)."""
    # The record's own formatting (Babel), loaded only for a finished consultation.
    from decision_aid.report.when import clinic_zone, local_zone, moment_text

    try:
        zone = clinic_zone(load_settings().time_zone)
    except (OSError, ValueError, SettingsError):
        zone = local_zone()
    return moment_text(when, current_language(), zone)
