"""The kiosk refuses to start, with one plain message for staff, when it could not hand
over, could not be left, or has nothing to offer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decision_aid.cli import main
from decision_aid.settings import save_settings
from decision_aid.ui.kiosk.config import KioskSetupError, load_config
from tests.conftest import SHIPPED
from tests.ui.kiosk.conftest import Clinic


def test_with_nothing_set_it_names_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--packs", str(SHIPPED), "kiosk"]) == 2
    err = capsys.readouterr().err
    assert "The kiosk cannot start" in err and "Traceback" not in err
    for name in ("'kiosk_spool'", "'kiosk_public_key'", "set-pin"):
        assert name in err


def test_a_missing_folder_and_an_unreadable_key_are_named(
    clinic: Clinic, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = clinic.settings
    settings.kiosk_spool = tmp_path / "not-there"
    clinic.public_key.write_text("not a key")
    save_settings(settings)
    assert main(["--packs", str(SHIPPED), "kiosk", "--idle-seconds", "5"]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "not-there") in err and str(clinic.public_key) in err
    assert "--idle-seconds must be from 30 to 3600 seconds; it was 5." in err


def test_an_unknown_or_expired_pack_is_refused(clinic: Clinic) -> None:
    clinic.settings.kiosk_packs = ["knee-osteoarthritis", "no-such-pack"]
    with pytest.raises(KioskSetupError, match="'no-such-pack' in 'kiosk_packs' is not in"):
        load_config(clinic.settings, [SHIPPED])
    clinic.settings.kiosk_packs = ["knee-osteoarthritis"]
    with pytest.raises(KioskSetupError, match="expired on"):
        load_config(clinic.settings, [SHIPPED], today=lambda: date(2999, 1, 1))


def test_languages_follow_the_setting_and_the_packs(clinic: Clinic) -> None:
    clinic.settings.kiosk_languages = ["pl", "en"]
    assert load_config(clinic.settings, [SHIPPED]).languages == ["pl", "en"]
    clinic.settings.kiosk_languages = []
    assert load_config(clinic.settings, [SHIPPED]).languages == ["en", "ar", "cy", "pl"]
    clinic.settings.kiosk_languages = ["fr"]
    with pytest.raises(KioskSetupError, match="'fr' in 'kiosk_languages'"):
        load_config(clinic.settings, [SHIPPED])


def test_with_no_pack_listed_every_current_pack_is_offered(clinic: Clinic) -> None:
    clinic.settings.kiosk_packs = []
    config = load_config(clinic.settings, [SHIPPED])
    assert sorted(p.meta.id for p in config.packs) == sorted(
        ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
    )
    with pytest.raises(KioskSetupError, match="No pack in the library"):
        load_config(clinic.settings, [SHIPPED], today=lambda: date(2999, 1, 1))


def test_check_says_what_the_kiosk_offers(
    clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    save_settings(clinic.settings)
    assert main(["--packs", str(SHIPPED), "kiosk", "--check", "--warn-seconds", "45"]) == 0
    out = capsys.readouterr().out
    assert "ready to start" in out and "Cymraeg, Polski, العربية" in out
    assert "counting down 45 seconds" in out and str(clinic.spool) in out
