"""The strict settings model: every kind of bad value is refused with a sentence that names
the file, the setting and the fix; nothing is lost, and nobody sees a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from decision_aid.cli import main
from decision_aid.kiosk.pin import hash_pin
from decision_aid.settings import Settings, SettingsError, load_settings, settings_path
from decision_aid.settings.messages import _EXPECTED, MAX_SHOWN
from decision_aid.settings.model import FIELDS


def write(data: dict[str, Any] | str) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def refused(data: dict[str, Any]) -> str:
    path = write(data)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "Traceback" not in message and "pydantic" not in message
    return message


KINDS: list[tuple[dict[str, Any], str]] = [
    # an unknown key: a typo of a real one
    ({"kiosk_idle_second": 60}, "unknown setting 'kiosk_idle_second'; known settings are: "),
    # the wrong type, said with what the setting must be
    ({"organisation": 7}, "'organisation' has the wrong type; it must be text"),
    ({"logo": ["a.png"]}, "'logo' has the wrong type; it must be a file's path, as text"),
    ({"kiosk_spool": True}, "'kiosk_spool' has the wrong type; it must be a folder's path"),
    ({"trust_roots": "root.pem"}, "'trust_roots' has the wrong type; it must be a list of files'"),
    ({"trust_roots": [1]}, "'trust_roots' has the wrong type; it must be a list of files'"),
    ({"kiosk_packs": {"knee": 1}}, "'kiosk_packs' has the wrong type; it must be a list of pack"),
    ({"tsa_url": 443}, "'tsa_url' has the wrong type; it must be text"),
    # whole numbers: text, a fraction, true/false and out of range all say the range
    ({"revocation_timeout": "15"}, "'revocation_timeout' must be a whole number from 1 to 120"),
    ({"kiosk_idle_seconds": 90.0}, "'kiosk_idle_seconds' must be a whole number from 30 to 3600"),
    ({"kiosk_handover_hours": False}, "'kiosk_handover_hours' must be a whole number from 1 to"),
    ({"kiosk_warning_seconds": 601}, "'kiosk_warning_seconds' must be a whole number from 20 to"),
    ({"kiosk_idle_seconds": -1}, "from 30 to 3600"),
    # bounds on text and lists
    ({"kiosk_printer": "p" * 201}, "'kiosk_printer' is 201 characters long; at most 200"),
    ({"records_dir": "/" + "r" * 4096}, "'records_dir' is 4097 characters long; at most 4096"),
    ({"ca_certificates": ["c.pem"] * 101}, "101 CA certificates are listed; at most 100"),
    ({"kiosk_languages": ["cy"] * 51}, "'kiosk_languages' lists 51 items; at most 50"),
    ({"signing_key": "key\u0000.p12"}, "'signing_key' holds a NUL character; remove it"),
    # one of a fixed set, a known time zone, a web address
    ({"signature_level": "b-lt"}, "'signature_level' is 'b-lt'; it must be one of B-B, B-T"),
    ({"time_zone": "Mars/Olympus"}, "the time zone 'Mars/Olympus' is not known"),
    ({"tsa_url": "ftp://tsa.example"}, "'tsa_url' must start with https:// or http://"),
    # lists of codes
    ({"kiosk_languages": ["cy", "cy"]}, "'kiosk_languages' lists 'cy' twice; keep one"),
    ({"kiosk_packs": ["../etc"]}, "lists '../etc', which is not a pack id"),
    # the objects with checks of their own
    ({"kiosk_pin": {"scheme": "scrypt"}}, "set the PIN again with that command"),
    ({"fhir": {"server": "http://ehr.example"}}, "must start with https://"),
    ({"pack_publishers": {}}, "'pack_publishers' must be a list of publishers"),
]


@pytest.mark.parametrize(("data", "words"), KINDS, ids=[str(d)[:40] for d, _ in KINDS])
def test_every_kind_of_bad_value_names_the_file_the_setting_and_the_fix(
    data: dict[str, Any], words: str
) -> None:
    assert words in refused(data)


def test_every_problem_of_a_file_is_listed_at_once() -> None:
    message = refused({"kiosk_idle_seconds": 5, "organisation": 3, "colour": "red"})
    lines = message.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(str(settings_path())) for line in lines)
    assert "kiosk_idle_seconds" in message and "organisation" in message
    assert "colour" in message


def test_a_file_with_very_many_problems_lists_some_and_counts_the_rest() -> None:
    message = refused({f"unknown_{n}": n for n in range(MAX_SHOWN + 3)})
    lines = message.splitlines()
    assert len(lines) == MAX_SHOWN + 1
    assert lines[-1].endswith("and 3 more problems")


def test_null_means_the_default_and_is_not_a_wrong_type() -> None:
    write({"organisation": None, "trust_roots": None, "kiosk_pin": None, "fhir": None})
    assert load_settings() == Settings()


def test_every_text_path_and_list_setting_says_what_it_must_be() -> None:
    """A wrong type always says what the setting must be: each setting that is not a whole
    number, the level, the PIN, the publishers or the FHIR object has its phrase."""
    own = {"signature_level", "kiosk_pin", "pack_publishers", "fhir"}
    numbers = {n for n, f in Settings.model_fields.items() if f.annotation is int}
    assert set(_EXPECTED) == set(FIELDS) - own - numbers


def test_a_bad_file_is_not_written_over_and_the_command_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Setting the staff PIN on top of a bad file: the command stops with the file, the
    setting and the fix, and the file keeps every byte (nothing of it is lost)."""
    path = write('{"organisation": "Riverside", "kiosk_idle_seconds": "soon"}')
    before = path.read_bytes()
    pin = tmp_path / "pin.txt"
    pin.write_text("135790\n")
    code = main(["kiosk", "set-pin", "--pin-file", str(pin)])
    out, err = capsys.readouterr()
    assert code == 2
    assert str(path) in err and "'kiosk_idle_seconds' must be a whole number" in err
    assert "Traceback" not in err + out
    assert path.read_bytes() == before


def test_a_good_file_still_loads_as_before(tmp_path: Path) -> None:
    """A file as earlier versions wrote it (every key, nulls for the unset ones) loads."""
    pin = hash_pin("135790", n=2**14)
    write(
        {
            "organisation": "Riverside Surgery",
            "logo": None,
            "signing_key": str(tmp_path / "clinic.p12"),
            "tsa_url": None,
            "trust_roots": [],
            "records_dir": None,
            "time_zone": "Europe/London",
            "kiosk_packs": ["knee-osteoarthritis"],
            "kiosk_idle_seconds": 120,
            "kiosk_warning_seconds": 20,
            "kiosk_spool": str(tmp_path / "spool"),
            "kiosk_handover_hours": 24,
            "kiosk_public_key": None,
            "kiosk_private_key": None,
            "kiosk_printer": None,
            "kiosk_languages": [],
            "kiosk_pin": pin.to_json(),
            "pack_publishers": [],
            "signature_level": None,
            "ca_certificates": [],
            "revocation_timeout": 15,
            "fhir": None,
        }
    )
    settings = load_settings()
    assert settings.organisation == "Riverside Surgery"
    assert settings.kiosk_spool == tmp_path / "spool" and settings.kiosk_pin == pin
    assert settings.kiosk_packs == ["knee-osteoarthritis"]
