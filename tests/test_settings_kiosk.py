"""The kiosk's settings: defaults, round trip, and a clear message for every bad value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from decision_aid.kiosk.pin import hash_pin
from decision_aid.settings import (
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_path,
)


def _load(data: dict[str, Any]) -> Settings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return load_settings()


def test_the_kiosk_defaults() -> None:
    settings = load_settings()
    assert settings.kiosk_idle_seconds == 120
    assert settings.kiosk_warning_seconds == 20
    assert settings.kiosk_handover_hours == 24
    assert settings.kiosk_packs == [] and settings.kiosk_languages == []
    assert settings.kiosk_spool is None and settings.kiosk_pin is None
    assert settings.kiosk_printer is None


def test_every_kiosk_setting_round_trips(tmp_path: Path) -> None:
    settings = Settings(
        kiosk_packs=["knee-osteoarthritis", "statins"],
        kiosk_idle_seconds=90,
        kiosk_warning_seconds=30,
        kiosk_spool=tmp_path / "spool",
        kiosk_handover_hours=8,
        kiosk_public_key=tmp_path / "k.pub",
        kiosk_private_key=tmp_path / "k.key",
        kiosk_printer="Reception",
        kiosk_languages=["en", "cy", "pt_BR"],
        kiosk_pin=hash_pin("135790", n=2**14),
    )
    save_settings(settings)
    assert load_settings() == settings
    saved = json.loads(settings_path().read_text())
    assert "135790" not in settings_path().read_text()
    assert set(saved["kiosk_pin"]) == {"scheme", "salt", "n", "r", "p", "hash"}


def test_an_older_settings_file_without_kiosk_settings_still_loads() -> None:
    assert _load({"organisation": "Riverside"}).kiosk_idle_seconds == 120


def test_null_means_the_default() -> None:
    settings = _load({"kiosk_idle_seconds": None, "kiosk_packs": None})
    assert settings.kiosk_idle_seconds == 120 and settings.kiosk_packs == []


GOOD_PIN = hash_pin("135790", n=2**14).to_json()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"kiosk_idle_seconds": 10}, "'kiosk_idle_seconds' must be a whole number from 30 to 3600"),
        ({"kiosk_idle_seconds": "120"}, "whole number"),
        ({"kiosk_idle_seconds": 120.5}, "whole number"),
        ({"kiosk_idle_seconds": True}, "whole number"),
        ({"kiosk_warning_seconds": 19}, "'kiosk_warning_seconds' must be a whole number from 20"),
        (
            {"kiosk_handover_hours": 0},
            "'kiosk_handover_hours' must be a whole number from 1 to 168",
        ),
        ({"kiosk_handover_hours": 1000}, "from 1 to 168"),
        ({"kiosk_packs": "knee"}, "'kiosk_packs' has the wrong type"),
        ({"kiosk_packs": ["Knee OA"]}, "lists 'Knee OA', which is not a pack id"),
        ({"kiosk_packs": ["knee", "knee"]}, "lists 'knee' twice"),
        ({"kiosk_packs": [f"p{n}" for n in range(201)]}, "201 items; at most 200"),
        ({"kiosk_languages": ["Welsh"]}, "'Welsh', which is not a language code"),
        ({"kiosk_languages": [1]}, "'1', which is not a language code"),
        ({"kiosk_spool": 5}, "'kiosk_spool' has the wrong type"),
        ({"kiosk_public_key": "x" * 5000}, "at most 4096"),
        ({"kiosk_printer": "p\0"}, "NUL"),
        ({"kiosk_pin": "135790"}, "not a PIN hash made by 'decision-aid kiosk set-pin'"),
        ({"kiosk_pin": {**GOOD_PIN, "scheme": "md5"}}, "only the scheme 'scrypt'"),
        ({"kiosk_pin": {**GOOD_PIN, "n": 1000}}, "power of two"),
        ({"kiosk_pin": {**GOOD_PIN, "n": 2**10}}, "power of two from 16384"),
        ({"kiosk_pin": {**GOOD_PIN, "r": 0}}, "out of range"),
        ({"kiosk_pin": {**GOOD_PIN, "salt": "!!"}}, "Base64"),
        ({"kiosk_pin": {**GOOD_PIN, "hash": "AAAA"}}, "the hash 32"),
        ({"kiosk_pin": {k: v for k, v in GOOD_PIN.items() if k != "salt"}}, "exactly"),
    ],
)
def test_a_bad_kiosk_setting_names_the_file_the_setting_and_the_fix(
    data: dict[str, Any], words: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        _load(data)
    assert words in str(caught.value)
    assert str(settings_path()) in str(caught.value)


def test_saving_refuses_a_warning_shorter_than_twenty_seconds() -> None:
    with pytest.raises(ValidationError, match="kiosk_warning_seconds"):
        Settings(kiosk_warning_seconds=5)
    with pytest.raises(SettingsError, match="kiosk_warning_seconds"):
        save_settings(Settings.model_construct(kiosk_warning_seconds=5))
    assert not settings_path().exists()
