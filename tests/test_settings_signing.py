"""The long-term signature settings: level, CA certificates, timeout; each bad value named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from decision_aid.report.longterm import Level, LongTerm, from_settings
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


def test_defaults_keep_b_b_and_b_t() -> None:
    settings = load_settings()
    assert (settings.signature_level, settings.ca_certificates) == (None, [])
    assert from_settings(settings)[0] is Level.B_B
    with_tsa = _load({"tsa_url": "https://tsa.example/"})
    assert from_settings(with_tsa)[0] is Level.B_T


def test_round_trip(tmp_path: Path) -> None:
    settings = Settings(
        tsa_url="https://tsa.example/",
        signature_level="B-LTA",
        ca_certificates=[tmp_path / "root.pem", tmp_path / "issuing.pem"],
        trust_roots=[tmp_path / "root.pem"],
        revocation_timeout=30,
    )
    save_settings(settings)
    again = load_settings()
    assert again == settings
    level, long_term = from_settings(again)
    assert level is Level.B_LTA
    assert long_term == LongTerm(
        (tmp_path / "root.pem", tmp_path / "issuing.pem", tmp_path / "root.pem"), 30
    )
    assert from_settings(again, "B-LT")[0] is Level.B_LT  # --level wins


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"signature_level": "LTA"}, "must be one of B-B, B-T, B-LT, B-LTA"),
        ({"signature_level": "B-LTA"}, "needs a time-stamp server: set 'tsa_url'"),
        ({"signature_level": "B-T"}, "needs a time-stamp server"),
        (
            {"signature_level": "B-LT", "tsa_url": "https://tsa.example/"},
            "list their files in 'ca_certificates'",
        ),
        ({"ca_certificates": "root.pem"}, "'ca_certificates' has the wrong type"),
        ({"ca_certificates": ["x"] * 101}, "at most 100 are allowed"),
        ({"revocation_timeout": 0}, "'revocation_timeout' must be a whole number from 1 to 120"),
        ({"revocation_timeout": "15"}, "'revocation_timeout' must be a whole number"),
    ],
)
def test_bad_values_are_named(data: dict[str, Any], words: str) -> None:
    with pytest.raises(SettingsError) as caught:
        _load(data)
    assert words in str(caught.value)
    assert str(settings_path()) in str(caught.value)
