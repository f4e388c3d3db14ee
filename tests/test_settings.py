"""Clinic settings: defaults, round trip, and clear errors for a bad file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

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


def write_settings(data: bytes) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def refused(data: bytes) -> str:
    path = write_settings(data)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert str(path) in message
    return message


def test_a_byte_order_mark_is_accepted() -> None:
    write_settings(b'\xef\xbb\xbf{"organisation": "Riverside Surgery"}')
    assert load_settings().organisation == "Riverside Surgery"


def test_text_that_is_not_utf8_names_the_file_line_and_fix() -> None:
    message = refused(b'{\n"organisation": "Caf\xe9 Clinic"\n}')
    assert ":2: not UTF-8 text" in message
    assert "save the file as UTF-8" in message


def test_a_setting_given_twice_is_refused() -> None:
    message = refused(b'{"organisation": "A", "organisation": "EVIL"}')
    assert "the setting 'organisation' appears twice; keep one" in message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"organisation": "x" * 200_000}, "'organisation' is 200000 characters long; at most 200"),
        ({"tsa_url": "https://" + "x" * 3000}, "'tsa_url' is 3008 characters long; at most 2000"),
        ({"tsa_url": "file:///etc/passwd"}, "'tsa_url' must start with https:// or http://"),
        ({"logo": "/" + "x" * 5000}, "'logo' is 5001 characters long; at most 4096"),
        ({"trust_roots": ["r.pem"] * 101}, "101 trust roots are listed; at most 100"),
        ({"organisation": "A\u0000B"}, "'organisation' holds a NUL character"),
    ],
)
def test_free_text_settings_are_bounded(data: dict[str, object], words: str) -> None:
    import json

    assert words in refused(json.dumps(data).encode())


def test_saving_refuses_what_could_not_be_loaded_again() -> None:
    """A bad value is refused when made, when set, and (made without checks) when saved."""
    with pytest.raises(ValidationError):
        Settings(organisation="x" * 201)
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.organisation = "x" * 201
    with pytest.raises(SettingsError, match="at most 200 are allowed"):
        save_settings(Settings.model_construct(organisation="x" * 201))
    assert not settings_path().exists()


@pytest.mark.parametrize("kind", ["folder", "fifo", "huge"])
def test_a_settings_path_that_is_not_a_small_file_is_a_clear_error(kind: str) -> None:
    import os
    import threading

    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        with path.open("wb") as handle:
            handle.truncate(10 * 1024 * 1024)
    outcome: list[BaseException | Settings] = []

    def load() -> None:
        try:
            outcome.append(load_settings())
        except SettingsError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(60)
    assert outcome, "reading the settings hung"
    assert isinstance(outcome[0], SettingsError)
    assert str(path) in str(outcome[0])


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
