"""The kiosk paints its welcome first and finishes its set-up before the first touch.

Given a loader rather than a ready configuration (as ``decision-aid kiosk`` starts it),
the window opens on the language screen in the languages the settings name, without the
overlays or the packs; its first frame finishes the set-up (the packs read and checked,
the clinic's key loaded). A touch that somehow comes first finishes it there and then;
a set-up that fails stops the kiosk with status 2 and tells staff why.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.cli import main
from decision_aid.settings import Settings, save_settings, settings_path, system_settings_path
from decision_aid.ui.kiosk.config import KioskConfig, KioskSetupError, load_config
from decision_aid.ui.kiosk.controller import SETUP_FAILED, Kiosk
from decision_aid.ui.kiosk.early import kiosk_settings_file, welcome_languages
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
    kiosk = started(loader, offered(clinic.settings))
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
    kiosk = started(loader, offered(clinic.settings))
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

    kiosk = started(fewer, offered(clinic.settings))
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

    kiosk = started(broken, offered(clinic.settings))
    with qtbot.waitSignal(kiosk.exited):
        kiosk.start()
    assert kiosk.exit_code == SETUP_FAILED and not kiosk.window.isVisible()
    assert "Fix this in settings.json" in capsys.readouterr().err
    kiosk.screens[0].buttons["en"].click()  # type: ignore[attr-defined]
    assert len(kiosk.screens) == 1  # nothing more happens once it failed


def test_the_welcome_offers_the_settings_languages_or_every_screen_language(
    clinic: Clinic,
) -> None:
    assert offered(clinic.settings) == LANGUAGES
    clinic.settings.kiosk_languages = ["pl", "xx", "en"]
    assert offered(clinic.settings) == ["pl", "en"]
    clinic.settings.kiosk_languages = []
    assert offered(clinic.settings) == ["en", "ar", "cy", "pl"]


@pytest.mark.parametrize(
    "text",
    [None, "", "{not json", "[1, 2]", '{"kiosk_languages": "cy"}', '{"kiosk_languages": [7]}'],
)
def test_a_settings_file_the_welcome_cannot_use_offers_every_language(
    tmp_path: Path, text: str | None
) -> None:
    # The full check after the first frame names the problem; the welcome just shows.
    path = tmp_path / "settings.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert welcome_languages(path) == ["en", "ar", "cy", "pl"]


def test_the_welcome_reads_no_settings_model_pack_or_key(tmp_path: Path) -> None:
    # What the first frame needs is read without the settings model, the pack loader or
    # the cryptography (a new interpreter, as the kiosk starts).
    path = tmp_path / "settings.json"
    path.write_text('{"kiosk_languages": ["cy", "en"]}', encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; "
        "from decision_aid.ui.kiosk.early import kiosk_settings_file, welcome_languages; "
        "kiosk_settings_file(); "
        f"print(welcome_languages(Path({str(path)!r}))); "
        "print(sorted(m for m in sys.modules if m.startswith(('decision_aid.settings', "
        "'decision_aid.content', 'cryptography', 'pydantic'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == ["['cy', 'en']", "[]"]


def test_the_welcome_reads_the_system_wide_file_when_the_computer_has_one(
    tmp_path: Path,
) -> None:
    # The kiosk's keys are the system file's alone there: a user's file cannot choose
    # the welcome's languages (the full check then refuses the user's file).
    user = settings_path()
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text('{"kiosk_languages": ["pl"]}', encoding="utf-8")
    assert kiosk_settings_file() == user
    assert welcome_languages(kiosk_settings_file()) == ["pl"]
    system = system_settings_path()
    system.parent.mkdir(parents=True, exist_ok=True)
    system.write_text('{"kiosk_languages": ["cy", "en"]}', encoding="utf-8")
    assert kiosk_settings_file() == system
    assert welcome_languages(kiosk_settings_file()) == ["cy", "en"]
    system.write_text("{}", encoding="utf-8")
    assert welcome_languages(kiosk_settings_file()) == ["en", "ar", "cy", "pl"]


def test_settings_that_cannot_start_the_kiosk_stop_it_after_its_first_frame(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Everything that can be seen without the packs is named at once, as before.
    save_settings(Settings(kiosk_spool=tmp_path / "none"))
    assert main(["--packs", str(SHIPPED), "kiosk", "--idle-seconds", "5"]) == SETUP_FAILED
    text = capsys.readouterr().err
    for part in (str(tmp_path / "none"), "'kiosk_public_key'", "set-pin", "--idle-seconds"):
        assert part in text
    assert "Traceback" not in text


def test_a_settings_file_that_is_not_json_stops_the_kiosk_with_its_place(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('{"kiosk_languages": ["cy",', encoding="utf-8")
    assert main(["--packs", str(SHIPPED), "kiosk"]) == SETUP_FAILED
    text = capsys.readouterr().err
    assert str(settings_path()) in text and "Traceback" not in text


def offered(settings: Settings) -> list[str]:
    """The languages the welcome offers with ``settings`` saved as the kiosk finds them."""
    save_settings(settings)
    return welcome_languages(kiosk_settings_file())
