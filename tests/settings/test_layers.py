"""The system-wide settings file and the user's: which wins, the system-only keys, and that
a kiosk's account cannot weaken the kiosk with a file of its own."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from decision_aid.cli import main
from decision_aid.content.trust.keys import public_text
from decision_aid.kiosk.keys import make_key_pair
from decision_aid.kiosk.pin import hash_pin, pin_matches
from decision_aid.settings import (
    SYSTEM_ONLY,
    Settings,
    SettingsError,
    file_for,
    load_settings,
    load_sources,
    read_settings_file,
    save_settings,
    settings_path,
    system_settings_path,
)
from decision_aid.settings.layers import SYSTEM_ENV
from tests.conftest import SHIPPED
from tests.content.trust.support import Keys


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    return path


def system(data: dict[str, Any]) -> Path:
    return write(system_settings_path(), data)


def mine(data: dict[str, Any]) -> Path:
    return write(settings_path(), data)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_without_a_system_file_the_users_file_holds_everything() -> None:
    mine({"organisation": "Riverside", "kiosk_idle_seconds": 60})
    sources = load_sources()
    assert not sources.system_found
    assert sources.settings.kiosk_idle_seconds == 60  # as every earlier version read it
    assert sources.origins["kiosk_idle_seconds"] == "user"
    assert sources.origins["tsa_url"] == "default"


def test_the_users_file_overrides_the_system_file_key_by_key() -> None:
    system({"organisation": "Riverside Surgery", "tsa_url": "https://tsa.example/"})
    mine({"organisation": "Riverside Surgery, Annexe", "time_zone": "Europe/London"})
    sources = load_sources()
    settings = sources.settings
    assert settings.organisation == "Riverside Surgery, Annexe"
    assert settings.tsa_url == "https://tsa.example/"
    assert settings.time_zone == "Europe/London"
    assert sources.origins["organisation"] == "user"
    assert sources.origins["tsa_url"] == "system"
    assert sources.origins["records_dir"] == "default"
    assert load_settings() == settings


def test_the_system_file_alone_gives_its_values() -> None:
    system({"organisation": "Riverside Surgery", "kiosk_idle_seconds": 45})
    settings = load_settings()
    assert (settings.organisation, settings.kiosk_idle_seconds) == ("Riverside Surgery", 45)


def test_checks_across_settings_see_both_files() -> None:
    """The time-stamp server from IT and the signature level from the user work together;
    a level that needs a server neither file gives is refused, naming the user's file."""
    system({"tsa_url": "https://tsa.example/"})
    mine({"signature_level": "B-T"})
    assert load_settings().signature_level == "B-T"
    system({})
    with pytest.raises(SettingsError, match="needs a time-stamp server") as caught:
        load_settings()
    assert str(settings_path()) in str(caught.value)


@pytest.mark.parametrize("key", sorted(SYSTEM_ONLY))
def test_a_system_only_key_in_the_users_file_is_refused_naming_both_files(key: str) -> None:
    values: dict[str, Any] = {
        "kiosk_packs": ["knee-osteoarthritis"],
        "kiosk_idle_seconds": 3600,
        "kiosk_warning_seconds": 600,
        "kiosk_spool": "/tmp/elsewhere",
        "kiosk_handover_hours": 168,
        "kiosk_public_key": "/tmp/mine.pub",
        "kiosk_printer": "My printer",
        "kiosk_languages": ["en"],
        "kiosk_pin": hash_pin("000000", n=2**14).to_json(),
        "pack_publishers": [
            {"name": "Mine", "keys": [public_text(k.public) for k in (OTHER.first, OTHER.second)]}
        ],
        "trust_roots": ["/tmp/forger.pem"],
    }
    system({})  # even an empty system file makes the kiosk's and the trust settings its own
    user = mine({key: values[key]})
    before = user.read_bytes()
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert f"'{key}'" in message and "set only in the system-wide settings file" in message
    assert str(user) in message and str(system_settings_path()) in message
    assert user.read_bytes() == before  # nothing is lost


def test_every_system_only_key_is_a_setting() -> None:
    assert set(SYSTEM_ONLY) <= set(Settings.model_fields)
    assert "kiosk_private_key" not in SYSTEM_ONLY  # the clinician's own key file


def test_a_users_null_for_a_system_only_key_is_not_setting_it() -> None:
    """Files of earlier versions list every key, null for the unset ones."""
    system({"kiosk_idle_seconds": 60})
    mine({"organisation": "Riverside", "kiosk_pin": None, "kiosk_printer": None})
    assert load_settings().kiosk_idle_seconds == 60


@pytest.fixture
def kiosk_system(tmp_path: Path) -> dict[str, Any]:
    """A kiosk set up by IT in the system-wide file: spool, key, PIN, one pack, 60 s."""
    _, public = make_key_pair(tmp_path / "keys", b"a clinic passphrase")
    (tmp_path / "spool").mkdir()
    data = {
        "kiosk_packs": ["knee-osteoarthritis"],
        "kiosk_idle_seconds": 60,
        "kiosk_spool": str(tmp_path / "spool"),
        "kiosk_public_key": str(public),
        "kiosk_pin": hash_pin("246810", n=2**14).to_json(),
    }
    system(data)
    return data


OTHER = Keys()
"""Publisher keys that the kiosk's account holds, and IT did not pin."""
WEAKER: list[dict[str, Any]] = [
    {"kiosk_idle_seconds": 3600},  # a patient's answers left on screen for an hour
    {"kiosk_packs": ["knee-osteoarthritis", "psa-screening"]},  # a topic IT did not enable
    {"kiosk_pin": hash_pin("000000", n=2**14).to_json()},  # a PIN the kiosk's account knows
    {"kiosk_spool": "/tmp/somewhere-else"},  # hand-overs sent elsewhere
    {"kiosk_public_key": "/tmp/attacker.pub"},  # hand-overs sealed to another key
    {
        "pack_publishers": [
            {"name": "Mine", "keys": [public_text(k.public) for k in (OTHER.first, OTHER.second)]}
        ]
    },
]


@pytest.mark.parametrize("weaker", WEAKER, ids=lambda d: next(iter(d)))
def test_a_kiosk_user_cannot_weaken_the_kiosk_with_a_file_of_their_own(
    kiosk_system: dict[str, Any], weaker: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--packs", str(SHIPPED), "kiosk", "--check")
    assert code == 0, err
    assert "A warning after 60 seconds untouched" in out
    mine({"organisation": "Kiosk account", **weaker})
    code, out, err = run(capsys, "--packs", str(SHIPPED), "kiosk", "--check")
    assert code == 2
    assert f"'{next(iter(weaker))}'" in err and "set only in the system-wide settings file" in err
    assert "Traceback" not in err


def test_a_kiosk_users_allowed_settings_still_apply(kiosk_system: dict[str, Any]) -> None:
    mine({"time_zone": "Europe/London"})
    settings = load_settings()
    assert settings.time_zone == "Europe/London"
    assert settings.kiosk_idle_seconds == 60 and settings.kiosk_packs == ["knee-osteoarthritis"]


def test_saving_a_system_only_key_to_the_users_file_is_refused() -> None:
    system({})
    with pytest.raises(SettingsError, match="set only in the system-wide settings file"):
        save_settings(Settings(kiosk_idle_seconds=60))
    assert not settings_path().exists()
    save_settings(Settings(organisation="Riverside"))  # a key the user may set
    assert load_settings().organisation == "Riverside"


def test_saving_writes_only_the_files_own_keys() -> None:
    """Saving what was loaded never copies the system-wide values into the user's file."""
    system({"organisation": "Riverside Surgery", "kiosk_idle_seconds": 60})
    mine({"time_zone": "Europe/London"})
    settings = load_settings()
    settings.records_dir = Path("/srv/records")
    save_settings(settings)
    assert json.loads(settings_path().read_text()) == {
        "time_zone": "Europe/London",
        "records_dir": "/srv/records",
    }


def test_set_pin_writes_the_system_file_when_there_is_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = system({"organisation": "Riverside"})
    path.chmod(0o640)
    user = mine({"time_zone": "Europe/London"})
    before = user.read_bytes()
    pin = tmp_path / "pin.txt"
    pin.write_text("135790\n")
    code, out, err = run(capsys, "kiosk", "set-pin", "--pin-file", str(pin))
    assert code == 0, err
    assert str(path) in out
    stored = read_settings_file(path)
    assert stored.organisation == "Riverside" and stored.kiosk_pin is not None
    assert pin_matches("135790", stored.kiosk_pin)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # IT's permissions are kept
    assert user.read_bytes() == before


def test_set_pin_system_makes_the_system_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pin = tmp_path / "pin.txt"
    pin.write_text("135790\n")
    code, _, err = run(capsys, "kiosk", "set-pin", "--system", "--pin-file", str(pin))
    assert code == 0, err
    path = system_settings_path()
    assert set(json.loads(path.read_text())) == {"kiosk_pin"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # every account reads it
    assert not settings_path().exists()


def test_set_pin_system_first_asks_to_move_the_users_kiosk_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine({"kiosk_idle_seconds": 60})
    pin = tmp_path / "pin.txt"
    pin.write_text("135790\n")
    code, _, err = run(capsys, "kiosk", "set-pin", "--system", "--pin-file", str(pin))
    assert code == 2
    assert "'kiosk_idle_seconds'" in err and "Nothing was changed." in err
    assert not system_settings_path().exists()


def test_a_bad_system_file_stops_the_app_naming_it() -> None:
    path = system({"kiosk_idle_seconds": "soon"})
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(path) in str(caught.value) and "whole number from 30 to 3600" in str(caught.value)


def test_a_system_file_that_is_a_broken_link_is_not_taken_for_none() -> None:
    """Otherwise a share not mounted would hand the kiosk's settings to the user's file."""
    path = system_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(path.parent / "not-mounted" / "settings.json")
    mine({"kiosk_idle_seconds": 3600})
    with pytest.raises(SettingsError, match="link to a file that is not there"):
        load_settings()


def test_where_the_system_file_is_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SYSTEM_ENV)
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path}/first:{tmp_path}/second")
    # none yet: where IT would put one, the last (the spec's base) folder
    assert system_settings_path() == tmp_path / "second" / "decision-aid" / "settings.json"
    write(tmp_path / "first" / "decision-aid" / "settings.json", {})
    assert system_settings_path() == tmp_path / "first" / "decision-aid" / "settings.json"
    monkeypatch.delenv("XDG_CONFIG_DIRS")
    assert system_settings_path() == Path("/etc/xdg/decision-aid/settings.json")


def test_messages_name_the_file_to_change() -> None:
    assert file_for("kiosk_spool") == settings_path()  # no system file
    system({"organisation": "Riverside"})
    assert file_for("kiosk_spool") == system_settings_path()
    assert file_for("organisation") == system_settings_path()  # set there
    assert file_for("time_zone") == settings_path()
    mine({"organisation": "Annexe"})
    assert file_for("organisation") == settings_path()


def test_settings_show_says_where_each_value_came_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    stored = hash_pin("246810", n=2**14).to_json()
    system({"organisation": "Riverside", "kiosk_pin": stored})
    mine({"time_zone": "Europe/London", "fhir": {"token": "very-secret"}})
    code, out, err = run(capsys, "settings", "show")
    assert code == 0, err
    assert str(system_settings_path()) in out and str(settings_path()) in out
    row = {line.split()[1 if line.startswith("*") else 0]: line for line in out.splitlines()[4:]}
    assert row["organisation"].endswith("system-wide file")
    assert row["time_zone"].endswith("your file")
    assert row["records_dir"].endswith("default")
    assert row["kiosk_pin"].startswith("*")  # system-only here
    assert "very-secret" not in out and "(hidden)" in out
    assert stored["hash"] not in out and "(set: its scrypt hash)" in out
    code, out, err = run(capsys, "settings", "show", "--json")
    found = json.loads(out)
    assert found["system_file_found"] is True
    assert found["settings"]["organisation"] == {
        "value": "Riverside",
        "from": "system",
        "system_only": False,
    }
    assert found["settings"]["kiosk_pin"]["from"] == "system"
    assert "very-secret" not in out


def test_settings_show_names_a_bad_file_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    system({})
    mine({"kiosk_printer": "Reception"})
    code, out, err = run(capsys, "settings", "show")
    assert code == 1 and out == ""
    assert "'kiosk_printer'" in err and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="the administrator may read any file")
def test_a_system_file_nobody_may_read_stops_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    path = system({})
    path.chmod(0)
    code, _, err = run(capsys, "settings", "show")
    assert code == 1 and str(path) in err and "check its permissions" in err


def test_a_system_file_that_is_a_folder_stops_the_app(capsys: pytest.CaptureFixture[str]) -> None:
    system_settings_path().mkdir(parents=True)
    mine({"kiosk_idle_seconds": 3600})
    code, _, err = run(capsys, "settings", "show")
    assert code == 1 and str(system_settings_path()) in err and "not a file" in err


def test_a_kiosk_that_cannot_start_names_the_system_file_to_fix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = system({})
    code, _, err = run(capsys, "--packs", str(SHIPPED), "kiosk", "--check")
    assert code == 2
    assert f"Fix this in {path}" in err and "'kiosk_spool' is not set" in err


def test_settings_show_warns_when_the_user_may_change_the_system_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    system({})
    monkeypatch.setattr(os, "geteuid", lambda: 1000)  # not the administrator
    code, out, _ = run(capsys, "settings", "show")
    assert code == 0 and "you can change the system-wide file yourself" in out
    monkeypatch.setattr(os, "access", lambda path, mode: False)  # an administrator's file
    code, out, _ = run(capsys, "settings", "show")
    assert code == 0 and "you can change the system-wide file yourself" not in out
