"""The kiosk paints its welcome first and finishes its set-up before the first touch.

Given a loader rather than a ready configuration (as ``decision-aid kiosk`` starts it),
the window opens on the language screen in the languages the settings name, without the
overlays or the packs; its first frame finishes the set-up (the packs read and checked,
the clinic's key loaded). A touch that somehow comes first finishes it there and then;
a set-up that fails stops the kiosk with status 2 and tells staff why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.settings import Settings
from decision_aid.ui.kiosk.config import KioskConfig, KioskSetupError, load_config, preflight
from decision_aid.ui.kiosk.controller import SETUP_FAILED, Kiosk
from decision_aid.ui.kiosk.welcome import LanguageScreen
from decision_aid.ui.language import apply_language
from tests.conftest import SHIPPED
from tests.ui.kiosk.conftest import LANGUAGES, Clinic, FakeClock, flush


class Loader:
    """Counts how often the kiosk asked for its set-up."""

    def __init__(self, load: Callable[[], KioskConfig]) -> None:
        self.load = load
        self.calls = 0

    def __call__(self) -> KioskConfig:
        self.calls += 1
        return self.load()


@pytest.fixture
def started(qtbot: QtBot, clock: FakeClock) -> Iterator[Callable[..., Kiosk]]:
    made: list[Kiosk] = []

    def start(load: Callable[[], KioskConfig], languages: list[str]) -> Kiosk:
        kiosk = Kiosk(load, languages=languages, clock=clock, wall=clock)
        made.append(kiosk)
        return kiosk

    yield start
    for kiosk in made:
        if kiosk.window.isVisible():
            kiosk.exit()
    flush()
    apply_language("en")


def test_the_welcome_paints_before_the_packs_are_read(
    qtbot: QtBot, clinic: Clinic, started: Callable[..., Kiosk]
) -> None:
    loader = Loader(lambda: load_config(clinic.settings, [SHIPPED]))
    kiosk = started(loader, preflight(clinic.settings))
    first = kiosk.screens[0]
    assert isinstance(first, LanguageScreen) and list(first.buttons) == LANGUAGES
    assert loader.calls == 0 and kiosk.window.overlays() == []
    with qtbot.waitSignal(kiosk.window.painted):
        kiosk.start()
    qtbot.waitUntil(lambda: loader.calls == 1)
    assert kiosk.timer.isActive()
    assert len(kiosk.window.overlays()) == 3 and kiosk.screens[0] is first  # not rebuilt
    assert kiosk.idle.idle == clinic.settings.kiosk_idle_seconds
    first.buttons["cy"].click()
    assert loader.calls == 1 and len(kiosk.screens) == 2  # the topics, in Welsh


def test_a_touch_before_the_first_frame_finishes_the_set_up_first(
    clinic: Clinic, started: Callable[..., Kiosk]
) -> None:
    loader = Loader(lambda: load_config(clinic.settings, [SHIPPED]))
    kiosk = started(loader, preflight(clinic.settings))
    kiosk.screens[0].buttons["pl"].click()  # type: ignore[attr-defined]
    assert loader.calls == 1 and len(kiosk.screens) == 2


def test_the_language_screen_is_built_again_when_the_packs_offer_other_languages(
    qtbot: QtBot, clinic: Clinic, started: Callable[..., Kiosk]
) -> None:
    clinic.settings.kiosk_languages = []
    wanted = ["en", "cy"]

    def fewer() -> KioskConfig:
        config = load_config(clinic.settings, [SHIPPED])
        config.languages = wanted
        return config

    kiosk = started(fewer, preflight(clinic.settings))
    assert sorted(kiosk.languages) == sorted(LANGUAGES)
    old = kiosk.window
    with qtbot.waitSignal(kiosk.wiped):
        kiosk.start()
    assert kiosk.window is not old and kiosk.languages == wanted
    first = kiosk.screens[0]
    assert isinstance(first, LanguageScreen) and list(first.buttons) == wanted


def test_a_set_up_that_fails_stops_the_kiosk_and_tells_staff(
    qtbot: QtBot,
    clinic: Clinic,
    started: Callable[..., Kiosk],
    capsys: pytest.CaptureFixture[str],
) -> None:
    def broken() -> KioskConfig:
        raise KioskSetupError("The kiosk cannot start. Fix this in settings.json: the pack")

    kiosk = started(broken, preflight(clinic.settings))
    with qtbot.waitSignal(kiosk.exited):
        kiosk.start()
    assert kiosk.exit_code == SETUP_FAILED and not kiosk.window.isVisible()
    assert "Fix this in settings.json" in capsys.readouterr().err
    kiosk.screens[0].buttons["en"].click()  # type: ignore[attr-defined]
    assert len(kiosk.screens) == 1  # nothing more happens once it failed


def test_preflight_offers_the_settings_languages_or_every_screen_language(
    clinic: Clinic,
) -> None:
    assert preflight(clinic.settings) == LANGUAGES
    clinic.settings.kiosk_languages = ["pl", "xx", "en"]
    assert preflight(clinic.settings) == ["pl", "en"]
    clinic.settings.kiosk_languages = []
    assert preflight(clinic.settings) == ["en", "ar", "cy", "pl"]


def test_preflight_refuses_what_it_can_see_without_reading_packs(tmp_path: Path) -> None:
    with pytest.raises(KioskSetupError) as refused:
        preflight(Settings(kiosk_spool=tmp_path / "none"), idle_seconds=5)
    text = str(refused.value)
    for part in (str(tmp_path / "none"), "'kiosk_public_key'", "set-pin", "--idle-seconds"):
        assert part in text
