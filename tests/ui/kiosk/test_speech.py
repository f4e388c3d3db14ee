"""Reading aloud: Qt's mock engine says every word of the script; a second tap, another
screen, a panel and the wipe stop it; a language without a voice, or a kiosk without
speech, says so in words; listening keeps the kiosk awake; the speech module loads only
when first needed; and the real engine (speech-dispatcher and espeak-ng) makes sound."""

from __future__ import annotations

import array
import re
import subprocess
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from decision_aid.i18n import using
from decision_aid.ui.kiosk import speech
from decision_aid.ui.kiosk.answers import QuestionsScreen
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.screens import OptionsScreen, OutcomeScreen
from decision_aid.ui.kiosk.script import spoken
from decision_aid.ui.kiosk.speech import no_voice_text, voice_locale
from tests.conftest import ROOT
from tests.ui.kiosk.conftest import FakeClock
from tests.ui.kiosk.journey_support import CANARY, answer, start, tap
from tests.ui.kiosk.speechd_support import (
    SpeechDispatcher,
    missing_tools,
    private_speech_dispatcher,
)
from tests.ui.kiosk.test_script import stand_in_voice


def words(text: str) -> list[str]:
    """The words of ``text`` as the mock engine finds them (runs of ASCII word characters)."""
    return [word for word in re.split(r"\W+", text, flags=re.ASCII) if word]


def states() -> type:
    return speech.qt_text_to_speech().State


@pytest.mark.parametrize("language", ["en", "cy"])
def test_the_mock_engine_says_every_word_of_the_panel(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setattr(speech, "voice_locale", stand_in_voice)
    start(qtbot, kiosk, language, "knee-osteoarthritis")
    tap(qtbot, kiosk.screen.restart_button)
    confirm = kiosk.window.confirm
    assert confirm.speaker is not None
    tap(qtbot, confirm.speaker)
    reader = kiosk.reader
    script = list(reader.script)
    said: list[str] = []
    reader.engine.sayingWord.connect(lambda word, *_rest: said.append(word))
    with using(language):
        assert confirm.speaker.text_shown() == speech._("Stop reading")
    qtbot.waitUntil(lambda: not reader.reading, timeout=60_000)
    assert said == [word for passage in script for word in words(passage.text)]
    assert said[:2] == words(confirm.heading.text())
    assert reader.engine.state() == states().Ready
    with using(language):
        assert confirm.speaker.text_shown() == speech._("Read aloud")


def test_a_language_without_a_voice_says_so(qtbot: QtBot, kiosk: Kiosk) -> None:
    """The mock engine has no Welsh voice: the speaker says so, in Welsh, and is silent."""
    start(qtbot, kiosk, "cy", "knee-osteoarthritis")
    screen = kiosk.screen
    tap(qtbot, screen.speaker)
    assert not kiosk.reader.reading and kiosk.reader.script == []
    assert kiosk.reader.engine.state() != states().Speaking
    message = screen.speaker.message
    assert message.isVisible()
    assert spoken(message.text()) == no_voice_text("cy")
    assert "Cymraeg" in message.text() and spoken(message.text()) != no_voice_text("en")
    assert screen.speaker.text_shown() == "Darllen yn uchel"


def test_a_kiosk_without_speech_says_so(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """QtTextToSpeech cannot load (PySide6-Addons or libpulse missing): the patient reads
    why, staff read the reason, and nothing of the screen goes to the journal."""
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    start(qtbot, kiosk, "pl", "knee-osteoarthritis")
    answer(qtbot, kiosk)
    tap(qtbot, kiosk.screen.speaker)
    message = kiosk.screen.speaker.message
    assert message.isVisible()
    assert spoken(message.text()) == "Czytanie na głos nie jest dostępne na tym kiosku."
    assert not kiosk.reader.reading
    told = capsys.readouterr().err
    assert "decision-aid kiosk:" in told and "PySide6.QtTextToSpeech" in told
    assert kiosk.screen.heading.text() not in told


def test_an_engine_that_fails_while_reading_says_so(
    qtbot: QtBot, kiosk: Kiosk, capsys: pytest.CaptureFixture[str]
) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    speaker = kiosk.screen.speaker
    tap(qtbot, speaker)
    assert kiosk.reader.reading
    kiosk.reader.engine.stateChanged.emit(states().Error)
    assert not kiosk.reader.reading and not speaker.reading
    assert speaker.message.isVisible()
    assert spoken(speaker.message.text()) == (
        "Reading aloud stopped: the kiosk's voice is not working."
    )
    assert "the speech engine stopped with an error" in capsys.readouterr().err


def test_reading_stops_when_the_screen_changes(qtbot: QtBot, kiosk: Kiosk) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    first = kiosk.screen
    tap(qtbot, first.speaker)
    assert kiosk.reader.reading and first.speaker.text_shown() == "Stop reading"
    tap(qtbot, first.next_button)
    assert not kiosk.reader.reading and first.speaker.text_shown() == "Read aloud"
    assert kiosk.reader.engine.state() == states().Ready
    assert kiosk.screen.speaker.text_shown() == "Read aloud"
    tap(qtbot, kiosk.screen.speaker)
    tap(qtbot, kiosk.screen.back_button)
    assert not kiosk.reader.reading


def test_reading_stops_when_a_panel_covers_the_screen(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock
) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    tap(qtbot, kiosk.screen.speaker)
    tap(qtbot, kiosk.screen.restart_button)
    assert kiosk.window.confirm.isVisible() and not kiosk.reader.reading
    speaker = kiosk.window.confirm.speaker
    assert speaker is not None
    tap(qtbot, speaker)
    assert kiosk.reader.reading
    tap(qtbot, kiosk.window.confirm.no)
    assert not kiosk.reader.reading and speaker.text_shown() == "Read aloud"
    clock.advance(kiosk.idle.idle + 1)
    kiosk.tick()
    warning = kiosk.window.warning
    assert warning.isVisible() and warning.speaker is not None
    tap(qtbot, warning.speaker)
    assert kiosk.reader.reading
    tap(qtbot, warning.button)
    assert not warning.isVisible() and not kiosk.reader.reading


def test_the_wipe_stops_reading_and_forgets_the_words(
    qtbot: QtBot, kiosk: Kiosk, clock: FakeClock
) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    while not isinstance(kiosk.screen, QuestionsScreen):
        tap(qtbot, kiosk.screen.next_button)
    answer(qtbot, kiosk)
    tap(qtbot, kiosk.screen.speaker)
    reader = kiosk.reader
    assert any(CANARY in p.text for p in reader.script)
    kiosk.wipe()
    assert not reader.reading and reader.script == [] and reader.queue == []
    assert reader.engine.state() == states().Ready
    assert not any(CANARY in p.text for p in [*reader.script, *reader.queue])
    # Idle with no answer wipes a reading journey's screen too.
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    tap(qtbot, kiosk.screen.speaker)
    tap(qtbot, kiosk.screen.speaker)
    clock.advance(kiosk.idle.idle + kiosk.idle.warning + 1)
    kiosk.tick()
    kiosk.tick()
    assert kiosk.session is None and not reader.reading


def test_listening_keeps_the_kiosk_awake(qtbot: QtBot, kiosk: Kiosk, clock: FakeClock) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    while not isinstance(kiosk.screen, OutcomeScreen):
        tap(qtbot, kiosk.screen.next_button)
    tap(qtbot, kiosk.screen.speaker)
    clock.advance(kiosk.idle.idle + kiosk.idle.warning + 1)
    kiosk.tick()
    assert kiosk.session is not None and not kiosk.window.warning.isVisible()
    assert kiosk.reader.reading
    tap(qtbot, kiosk.screen.speaker)  # stopped: the idle time runs again
    clock.advance(kiosk.idle.idle + 1)
    kiosk.tick()
    assert kiosk.window.warning.isVisible()


def test_the_speech_module_loads_only_when_first_read(qtbot: QtBot, kiosk: Kiosk) -> None:
    """The kiosk's start does not load QtTextToSpeech (PySide6-Addons): a fresh process
    that builds the kiosk's reader and window has not loaded it."""
    program = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "import decision_aid.ui.kiosk.run, decision_aid.ui.kiosk.controller\n"
        "from decision_aid.ui.kiosk.speech import Reader\n"
        "from decision_aid.ui.kiosk.window import KioskWindow\n"
        "reader, window = Reader(), KioskWindow()\n"
        "print('PySide6.QtTextToSpeech' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert result.stdout.strip() == "False", result.stderr
    assert kiosk.reader.engine is None
    tap(qtbot, kiosk.screen.speaker)
    assert kiosk.reader.engine is not None and kiosk.reader.engine.engine() == "mock"


def test_voices_are_chosen_by_language() -> None:
    offered = [QLocale(name) for name in ("en_US", "en_GB", "ar_MR", "ar_EG", "pl_PL", "cy_GB")]
    assert voice_locale("en", offered) == QLocale("en_GB")
    assert voice_locale("ar", offered) == QLocale("ar_EG")
    assert voice_locale("cy", offered) == QLocale("cy_GB")
    assert voice_locale("pl", offered[:4]) is None
    assert voice_locale("en", [QLocale("en_US")]) == QLocale("en_US")
    assert voice_locale("zz", [QLocale("C"), *offered]) is None


def loudest(path: object) -> tuple[int, float]:
    """The loudest sample of a 16-bit WAV file, and its length in seconds."""
    with wave.open(str(path)) as sound:
        assert sound.getsampwidth() == 2
        samples = array.array("h", sound.readframes(sound.getnframes()))
        return max((abs(s) for s in samples), default=0), sound.getnframes() / sound.getframerate()


@pytest.fixture
def speech_dispatcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SpeechDispatcher]:
    """A private speech-dispatcher writing WAV files; Qt's speechd engine is pointed at it."""
    missing = missing_tools()
    if missing:
        pytest.skip(
            "cannot speak into a file without " + ", ".join(missing) + " (scripts/setup.sh "
            "installs speech-dispatcher, speech-dispatcher-espeak-ng and espeak-ng)"
        )
    with private_speech_dispatcher(tmp_path / "speechd") as daemon:
        monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{daemon.socket}")
        yield daemon


def test_the_real_engine_speaks_welsh_into_a_file(
    qtbot: QtBot, kiosk: Kiosk, speech_dispatcher: SpeechDispatcher
) -> None:
    """Qt's speechd engine, through speech-dispatcher, to espeak-ng's Welsh voice: every
    line of the Welsh options screen is spoken, in Welsh, and comes out as sound."""
    qtbot.waitUntil(speech_dispatcher.socket.exists, timeout=30_000)
    kiosk.reader.engine_name = "speechd"
    start(qtbot, kiosk, "cy", "knee-osteoarthritis")
    screen = kiosk.screen
    assert isinstance(screen, OptionsScreen)
    tap(qtbot, screen.speaker)
    reader = kiosk.reader
    assert reader.engine.engine() == "speechd"
    assert reader.reading, screen.speaker.message.text()
    script = list(reader.script)
    qtbot.waitUntil(lambda: not reader.reading, timeout=120_000)
    messages = speech_dispatcher.messages()
    assert messages
    said = " ".join(text for text, _language, _voice, _wav in messages)
    assert said.split() == " ".join(p.text for p in script).split()
    assert {(language, voice) for _text, language, voice, _wav in messages} == {("cy", "cy")}
    seconds = 0.0
    for _text, _language, _voice, wav in messages:
        peak, length = loudest(wav)
        assert peak > 1000, wav  # not silence
        seconds += length
    assert seconds > len(said.split()) * 0.2  # about as long as the words take to say
