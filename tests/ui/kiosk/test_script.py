"""What "Read aloud" says on every kiosk screen is the screen's visible text, in all four
languages: every label, button, hint and typed line shown (nothing hidden, nothing
twice), the risk pictures' sentences, one option after another, in the chosen language,
and handed to Qt's mock engine line by line."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.i18n import native_name
from decision_aid.ui.kiosk import speech
from decision_aid.ui.kiosk.community import CommunityScreen
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.parts import BigButton, SpeakerButton
from decision_aid.ui.kiosk.screens import OutcomeScreen
from decision_aid.ui.kiosk.script import Passage, spoken
from decision_aid.ui.kiosk.welcome import welcome_words
from decision_aid.ui.widgets.icon_array import IconArray
from tests.ui.kiosk.conftest import LANGUAGES, FakeClock
from tests.ui.kiosk.journey_support import CANARY, answer, start, tap
from tests.ui.kiosk.size_support import check_screen


def squeezed(text: str) -> str:
    """``text`` without spaces, line breaks or invisible direction marks."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def shown_lines(root: QWidget, speaker: SpeakerButton) -> Counter[str]:
    """Every line of words visible in ``root`` but the speaker's, found widget by widget."""
    lines: Counter[str] = Counter()
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) or widget is speaker.message:
            continue
        if widget is speaker or speaker.isAncestorOf(widget):
            continue
        if isinstance(widget.parentWidget(), BigButton):
            continue  # the words of a button, counted with the button
        if isinstance(widget, BigButton):
            text = widget.text_shown()
        elif isinstance(widget, QLabel) and widget.pixmap().isNull():
            text = widget.text()
        elif isinstance(widget, QLineEdit):
            text = widget.text() or widget.placeholderText()
        else:
            continue
        lines.update(squeezed(line) for line in text.splitlines() if squeezed(line))
    return lines


def stand_in_voice(language: str, available: list[QLocale]) -> QLocale | None:
    """The mock engine speaks only English, Norwegian and Finnish: its British voice stands
    in for every language, for the test is of what is said, not of how it sounds."""
    return next((locale for locale in available if locale.name() == "en_GB"), None)


def check_reading(qtbot: QtBot, kiosk: Kiosk, speaker: SpeakerButton, root: QWidget) -> None:
    """Tap ``speaker``: the engine speaks ``root``'s visible lines; tap again: it stops."""
    tap(qtbot, speaker)
    check_screen(kiosk)  # "Stop reading" shows all its words, and every control still does
    state = speech.qt_text_to_speech().State
    reader = kiosk.reader
    script = list(reader.script)
    assert reader.reading and speaker.reading, speaker.message.text()
    assert reader.engine.state() == state.Speaking
    assert not speaker.message.isVisible()
    assert Counter(squeezed(p.text) for p in script) == shown_lines(root, speaker)
    heard = squeezed(" ".join(p.text for p in script))
    for picture in root.findChildren(IconArray):
        if picture.isVisibleTo(root):
            assert squeezed(picture.accessibleDescription()) in heard
    tap(qtbot, speaker)
    assert not reader.reading and not speaker.reading and reader.script == []
    assert reader.engine.state() == state.Ready


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_reads_its_visible_text(
    qtbot: QtBot,
    kiosk: Kiosk,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
) -> None:
    monkeypatch.setattr(speech, "voice_locale", stand_in_voice)
    check_reading(qtbot, kiosk, kiosk.screen.speaker, kiosk.screen)
    start(qtbot, kiosk, language, "statins-primary-prevention")
    outcomes = community = 0
    while True:
        answer(qtbot, kiosk)  # every choice made, and typing where there is typing
        QApplication.processEvents()  # a typed question's new button is shown
        screen = kiosk.screen
        check_reading(qtbot, kiosk, screen.speaker, screen)
        tap(qtbot, screen.speaker)
        assert all(p.language == language for p in kiosk.reader.script)
        if isinstance(screen, OutcomeScreen):
            outcomes += 1
        community += isinstance(screen, CommunityScreen)
        if isinstance(screen, HandoverScreen):
            break
        tap(qtbot, screen.next_button)
    assert outcomes == len(kiosk.session.pack.content.outcomes) > 0
    assert community == 1  # "Local groups and services", every entry chosen
    tap(qtbot, kiosk.screen.seal_button)
    check_reading(qtbot, kiosk, kiosk.screen.speaker, kiosk.screen)
    kiosk.window.confirm.open()
    confirm = kiosk.window.confirm
    check_reading(qtbot, kiosk, confirm.speaker, confirm.panel)
    tap(qtbot, confirm.no)
    clock.advance(kiosk.idle.idle + 5)
    kiosk.tick()
    warning = kiosk.window.warning
    assert warning.isVisible()
    check_reading(qtbot, kiosk, warning.speaker, warning.panel)


def test_the_script_follows_the_screen(qtbot: QtBot, kiosk: Kiosk) -> None:
    """Progress and title first, then the content, then Back, Start again, Next; the risk
    pictures one option at a time: its name, then its own sentence."""
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    while not isinstance(kiosk.screen, OutcomeScreen):
        tap(qtbot, kiosk.screen.next_button)
    screen = kiosk.screen
    tap(qtbot, screen.speaker)
    lines = [p.text for p in kiosk.reader.script]
    assert lines[:2] == [screen.progress_text.text(), screen.heading.text()]
    assert lines[-3:] == ["Back", "Start again", "Next"]
    section = screen.section
    places = []
    for option, sentence in section.sentences.items():
        name = kiosk.session.pack.content.option(option).name
        places.append((lines.index(name), lines.index(sentence.text())))
    assert all(name + 1 == own for name, own in places)
    assert [name for name, _own in places] == sorted(name for name, _own in places)


def test_the_code_is_read_letter_by_letter(qtbot: QtBot, kiosk: Kiosk) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    while not isinstance(kiosk.screen, HandoverScreen):
        tap(qtbot, kiosk.screen.next_button)
    screen = kiosk.screen
    tap(qtbot, screen.seal_button)
    tap(qtbot, screen.speaker)
    code = screen.sealed_code
    assert code is not None
    assert " ".join(code) in [p.text for p in kiosk.reader.script]


def test_typed_words_are_read_as_shown(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.ui.kiosk.answers import QuestionsScreen

    monkeypatch.setattr(speech, "voice_locale", stand_in_voice)
    start(qtbot, kiosk, "ar", "knee-osteoarthritis")
    while not isinstance(kiosk.screen, QuestionsScreen):
        tap(qtbot, kiosk.screen.next_button)
    answer(qtbot, kiosk)
    QApplication.processEvents()  # Qt shows a button put in a layout at the next turn
    tap(qtbot, kiosk.screen.speaker)
    lines = [p.text for p in kiosk.reader.script]
    # Added as a question, and still in the field.
    assert f"{CANARY} question" in lines
    assert f"{CANARY} typed, not added" in lines


def test_the_welcome_is_read_in_each_language_by_its_own_voice(
    qtbot: QtBot, kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    voices = {"en": QLocale("en_GB"), "cy": QLocale("nb_NO"), "pl": QLocale("fi_FI")}
    monkeypatch.setattr(speech, "voice_locale", lambda language, _available: voices.get(language))
    said: list[tuple[str, str]] = []
    tap(qtbot, kiosk.screen.speaker)
    reader = kiosk.reader
    reader.engine.sayingWord.connect(lambda word, *_: said.append((word, reader.engine.locale())))
    assert Passage(welcome_words("cy"), "cy") in reader.script
    assert Passage(native_name("pl"), "pl") in reader.script
    assert Passage("English", "en") in reader.script
    # No voice for Arabic (here): its lines are left out, and the screen says so in Arabic.
    assert all(p.language != "ar" for p in reader.script)
    message = kiosk.screen.speaker.message
    assert message.isVisible() and spoken(message.text()) == speech.no_voice_text("ar")
    assert native_name("ar") in message.text()
    qtbot.waitUntil(lambda: not reader.reading, timeout=60_000)
    locales = {word: locale.name() for word, locale in said}
    assert locales["Croeso"] == "nb_NO" and locales["Witamy"] == "fi_FI"
    assert locales["Welcome"] == "en_GB"
