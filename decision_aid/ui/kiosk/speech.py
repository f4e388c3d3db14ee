"""Reading a kiosk screen aloud, through Qt's speech engine, in the chosen language.

The :class:`Reader` belongs to the kiosk, not to a window: one engine serves every
journey. QtTextToSpeech (PySide6-Addons) is imported, and the engine started, only
when a patient first taps "Read aloud", so the kiosk's start never pays for it. On
Linux the engine is speech-dispatcher, which speaks with espeak-ng; on Windows, the
system's voices.

A screen's script (:mod:`decision_aid.ui.kiosk.script`) is said one line after another,
each line in its language's voice: Welsh words with a Welsh voice, never an English one.
Where a language has no voice on this computer, or no engine starts at all, the speaker
says so in words under its button; it is never silent without saying why. Staff read the
reason on the standard error (the system journal under a service): the engine's own
message, never anything from the screen.

Reading stops at a second tap, when the screen changes, when something covers it, and
when the kiosk is wiped; the reader then forgets what it was reading.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QLoggingCategory, QObject
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken

from decision_aid.i18n import FORMAT_LOCALES, _, current_language, native_name, using
from decision_aid.ui.kiosk.script import Passage, screen_script

if TYPE_CHECKING:
    from decision_aid.ui.kiosk.parts import SpeakerButton

RATE = -0.2
"""A little slower than the engine's usual pace (-1 to 1): for listening while reading
along, and for listeners in their second language."""
_QUIET_IMPORT = "qt.multimedia.symbolsresolver.warning=false"
"""QtTextToSpeech loads QtMultimedia, which looks for PipeWire as it loads and warns when
it is not there. Speech needs no PipeWire (speech-dispatcher plays it), so the warning
is kept out of the kiosk's journal while the module loads."""


def qt_text_to_speech() -> Any:
    """The QTextToSpeech class, its module loaded on the first call (ImportError when it
    cannot load: PySide6-Addons missing, or a library it needs)."""
    if "PySide6.QtTextToSpeech" not in sys.modules:
        QLoggingCategory.setFilterRules(_QUIET_IMPORT)
        try:
            import PySide6.QtTextToSpeech  # noqa: F401
        finally:
            QLoggingCategory.setFilterRules("")
    from PySide6.QtTextToSpeech import QTextToSpeech

    return QTextToSpeech


def voice_locale(language: str, available: list[QLocale]) -> QLocale | None:
    """The engine's locale for ``language`` (the language's own country first: British
    English, Egyptian Arabic as Qt names plain Arabic); None when it has no voice for it."""
    wanted = QLocale(FORMAT_LOCALES.get(language, language))
    if wanted.language() == QLocale.Language.C:
        return None
    same = [locale for locale in available if locale.language() == wanted.language()]
    same.sort(key=lambda locale: (locale.territory() != wanted.territory(), locale.name()))
    return same[0] if same else None


def no_voice_text(language: str) -> str:
    """That ``language`` cannot be read aloud here, said in that language itself."""
    with using(language):
        return _("Reading aloud is not available in {language} on this kiosk.").format(
            language=native_name(language)
        )


class Reader(QObject):
    """Reads one screen at a time aloud; ``engine``: Qt's engine name (None: the system's)."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine_name = engine
        self.engine: Any = None
        """The QTextToSpeech, once it has started."""
        self.speaker: SpeakerButton | None = None
        """The button of the screen being read (None: nothing is being read)."""
        self.script: list[Passage] = []
        """What this reading says, line by line (empty when nothing is read)."""
        self.queue: list[Passage] = []
        self.locales: dict[str, QLocale] = {}
        self._told: set[str] = set()

    @property
    def reading(self) -> bool:
        return self.speaker is not None

    def toggle(self, speaker: SpeakerButton, root: QWidget) -> None:
        """A tap on ``speaker``: read ``root`` aloud, or stop when it is being read."""
        if self.speaker is speaker:
            self.stop()
            return
        self.stop()
        self.read(speaker, root)

    def read(self, speaker: SpeakerButton, root: QWidget) -> None:
        """Read every visible line of ``root``, each in its language's voice."""
        script = screen_script(root, current_language())
        engine = self._engine()
        if engine is None:
            speaker.show_message([_("Reading aloud is not available on this kiosk.")])
            return
        available = list(engine.availableLocales())
        voices = {p.language: voice_locale(p.language, available) for p in script}
        speaker.show_message(
            [no_voice_text(code) for code, locale in voices.items() if locale is None]
        )
        self.locales = {code: locale for code, locale in voices.items() if locale is not None}
        self.script = [p for p in script if p.language in self.locales]
        if not self.script:
            return
        self.queue = list(self.script)
        self.speaker = speaker
        speaker.set_reading(True)
        self._say_next()

    def stop(self) -> None:
        """Stop reading, and forget what was being read."""
        speaker, self.speaker = self.speaker, None
        self.queue = []
        self.script = []
        if self.engine is not None and self._busy():
            self.engine.stop()
        if speaker is not None and Shiboken.isValid(speaker):
            speaker.set_reading(False)

    # -- the engine ----------------------------------------------------------------------

    def _engine(self) -> Any:
        """Qt's speech engine, started at the first reading (None: none can start)."""
        if self.engine is not None:
            return self.engine
        try:
            QTextToSpeech = qt_text_to_speech()  # noqa: N806 - a class
        except ImportError as exc:
            self._tell(str(exc))
            return None
        if self.engine_name is None:
            engine = QTextToSpeech(self)
        else:
            engine = QTextToSpeech(self.engine_name, self)
        if not engine.engine() or not engine.availableLocales():
            self._tell(engine.errorString() or _("no speech engine was found"))
            engine.deleteLater()
            return None
        engine.setRate(RATE)
        engine.stateChanged.connect(self._state_changed)
        self.engine = engine
        return engine

    def _busy(self) -> bool:
        state = qt_text_to_speech().State
        return bool(self.engine.state() in (state.Speaking, state.Paused))

    def _say_next(self) -> None:
        if not self.queue:
            self.stop()
            return
        passage = self.queue.pop(0)
        locale = self.locales[passage.language]
        if self.engine.locale() != locale:
            self.engine.setLocale(locale)
            if self.speaker is None:  # the engine refused the locale, and said so
                return
        self.engine.say(passage.text)

    def _state_changed(self, state: object) -> None:
        if self.speaker is None:
            return
        states = qt_text_to_speech().State
        if state == states.Ready:
            self._say_next()
        elif state == states.Error:
            speaker = self.speaker
            self._tell(self.engine.errorString() or _("the speech engine stopped with an error"))
            self.stop()
            if Shiboken.isValid(speaker):
                speaker.show_message(
                    [_("Reading aloud stopped: the kiosk's voice is not working.")]
                )

    def _tell(self, reason: str) -> None:
        """Tell staff, once for each reason, why nothing can be read aloud."""
        if reason in self._told:
            return
        self._told.add(reason)
        sys.stderr.write(
            _("decision-aid kiosk: reading aloud is not available ({reason}).").format(
                reason=reason
            )
            + "\n"
        )
