"""The welcome: a language, chosen by its own name, then a topic from the packs staff enabled."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout

from decision_aid.i18n import N_, _, native_name, peek
from decision_aid.ui.kiosk.parts import BigButton, Screen, words
from decision_aid.ui.kiosk.script import speak_in
from decision_aid.ui.language import direction, load_fonts

if TYPE_CHECKING:
    from decision_aid.content.loader import LoadedPack
    from decision_aid.content.model import PackMeta
    from decision_aid.ui.kiosk.topic_button import TopicButton


def welcome_words(language: str) -> str:
    # Read alone from each catalog: the whole catalogs load when a language is chosen.
    return peek(language, N_("Welcome. Choose your language."))


def pack_meta(loaded: LoadedPack, language: str) -> PackMeta:
    """The pack's title and decision in ``language``."""
    from decision_aid.content.strings import localize_meta

    translation = loaded.translations.get(language)
    return loaded.meta if translation is None else localize_meta(loaded.meta, translation)


def seen_words(language: str) -> str:
    return peek(language, N_("I have seen my clinician"))


class LanguageScreen(Screen):
    """The first screen: "Welcome" in every language offered, and one button per language;
    under them, for a patient back after the appointment, "I have seen my clinician" in
    each language (``seen(language)``: CollaboRATE at the kiosk)."""

    chosen = Signal(str)
    seen = Signal(str)

    def __init__(self, languages: list[str], *, touch: bool = True) -> None:
        super().__init__(welcome_words(languages[0]), has_back=False, has_next=False, touch=touch)
        self.restart_button.hide()
        for code in languages[1:]:
            load_fonts(code)
            line = words(welcome_words(code), scale=1.2)
            line.setLayoutDirection(direction(code))
            speak_in(line, code)
            self.content.addWidget(line)
        self.buttons: dict[str, BigButton] = {}
        for code in languages:
            button = BigButton(native_name(code), scale=1.3)
            button.setLayoutDirection(direction(code))
            speak_in(button, code)
            button.clicked.connect(lambda _checked=False, c=code: self.chosen.emit(c))
            self.buttons[code] = button
            self.content.addWidget(button)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.content.addWidget(line)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.after_visit: dict[str, BigButton] = {}
        for index, code in enumerate(languages):
            button = BigButton(seen_words(code))
            button.setLayoutDirection(direction(code))
            button.clicked.connect(lambda _checked=False, c=code: self.seen.emit(c))
            self.after_visit[code] = button
            grid.addWidget(button, index // 2, index % 2)
        self.content.addLayout(grid)
        self.content.addStretch(1)


class TopicScreen(Screen):
    """The topics that can be read in the chosen language: each pack's picture, title and
    decision."""

    chosen = Signal(str)

    def __init__(self, packs: list[LoadedPack], language: str) -> None:
        # The topic pictures (and the format's list of them) load after the welcome.
        from decision_aid.ui.kiosk.topic_button import TopicButton

        super().__init__(_("What would you like to think about today?"), has_next=False)
        self.buttons: dict[str, TopicButton] = {}
        for loaded in packs:
            meta = pack_meta(loaded, language)
            button = TopicButton(f"{meta.title}\n{meta.decision}", meta.icon)
            button.clicked.connect(lambda _checked=False, i=meta.id: self.chosen.emit(i))
            self.buttons[meta.id] = button
            self.content.addWidget(button)
        self.content.addStretch(1)
