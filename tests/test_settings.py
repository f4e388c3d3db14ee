"""Clinic settings: defaults, round trip, and clear errors for a bad file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from decision_aid.settings import (
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_path,
)


def test_defaults_when_there_is_no_file() -> None:
    assert load_settings() == Settings()
    assert settings_path().name == "settings.json"


def test_round_trip_user_only(tmp_path: Path) -> None:
    settings = Settings(
        organisation="Riverside Surgery",
        logo=tmp_path / "logo.png",
        signing_key=tmp_path / "clinic.p12",
        tsa_url="https://tsa.example.org",
        trust_roots=[tmp_path / "root.pem"],
        records_dir=tmp_path / "records",
    )
    save_settings(settings)
    assert load_settings() == settings
    assert stat.S_IMODE(settings_path().stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"organization": "x"}', "unknown setting 'organization'"),
        ('{"trust_roots": "root.pem"}', "'trust_roots' has the wrong type"),
    ],
)
def test_bad_file_names_file_and_fix(text: str, words: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert words in str(caught.value)
    assert str(path) in str(caught.value)


def test_the_clinics_time_zone_is_kept_and_checked(tmp_path: Path) -> None:
    save_settings(Settings(time_zone="Europe/London"))
    assert load_settings().time_zone == "Europe/London"
    assert Settings().time_zone is None  # the computer's own zone
    for wrong in ("Europe/Atlantis", "../../etc/passwd", ""):
        settings_path().write_text(json.dumps({"time_zone": wrong}))
        with pytest.raises(SettingsError, match=r"time zone .* is not known; give an IANA name"):
            load_settings()
    settings_path().write_text(json.dumps({"time_zone": 1}))
    with pytest.raises(SettingsError, match="wrong type"):
        load_settings()
