"""One kiosk run: the journey, its idle time and wipe, the hand-over and its slip,
CollaboRATE after the appointment, and the staff exit.

**Wipe** (idle with no answer, "Start again" confirmed, or "Finish" after the hand-over
or the CollaboRATE answers): the session (or the answers) is dropped with its undo
history, the window and every widget in it are closed and deleted, and a new window is
built from scratch; the clipboard is emptied. Nothing was written anywhere but the sealed
hand-over or answers: the kiosk keeps no draft, no recent file, and no log line with
anything the patient chose or typed. Its audit trail (:mod:`decision_aid.audit`, kiosk
events only) notes that a hand-over was written (its sealed file's hash) and that the
idle time ran out, never what the patient chose.

**Start**: the welcome is painted first, and the rest of the kiosk's set-up (checking the
settings, reading and checking every pack, the clinic's key) follows at once, before the
first touch is handled: given a *loader* rather than a ready :class:`KioskConfig`, the
window opens on the language screen in the languages the settings name (or every
language the screens have; see decision_aid.ui.kiosk.early),
and :meth:`Kiosk.ready` loads the rest on the next turn of the event loop. Should the
packs offer other languages, the language screen is built again; should the set-up fail,
staff read why on the standard error and the kiosk stops with status 2.

**Read aloud**: one :class:`~decision_aid.ui.kiosk.speech.Reader` for the kiosk's whole
run reads the screen, or the panel over it, whose speaker was tapped. It stops when the
screen changes, when a panel comes or goes, when the answers are sealed and at the wipe.
While it reads, the patient is there: the idle time does not run out under it.

Time comes from injected clocks: ``clock`` (monotonic seconds) for the idle time and the
long press, ``wall`` (Unix seconds) for the staff PIN's lockout, ``now`` for the time
a hand-over was prepared or the answers were given. ``tick`` is called four times a
second by a timer that :meth:`Kiosk.start` starts; tests call it themselves.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication
from shiboken6 import Shiboken

from decision_aid.i18n import _, ngettext
from decision_aid.ui.kiosk.idle import IdleWatch
from decision_aid.ui.kiosk.lockdown import LockDown, clear_clipboard
from decision_aid.ui.kiosk.parts import Screen, grab_touch
from decision_aid.ui.kiosk.speech import Reader
from decision_aid.ui.kiosk.welcome import LanguageScreen, TopicScreen
from decision_aid.ui.kiosk.window import KioskWindow
from decision_aid.ui.language import apply_language, direction

if TYPE_CHECKING:
    # The journey (the session's models, the consultation's widgets) loads with the
    # first topic chosen, not before the welcome is painted.
    from decision_aid.session.state import Session
    from decision_aid.ui.kiosk.after_visit import Answers
    from decision_aid.ui.kiosk.config import KioskConfig

SETUP_FAILED = 2
"""The kiosk's exit status when its set-up, finished after the welcome showed, failed."""
TICK_MS = 250
LONG_PRESS = 3.0
"""Seconds the staff corner is held before the PIN keypad opens."""


class Kiosk(QObject):
    """The kiosk: builds the window, runs the journey, wipes it, and lets staff out."""

    exited = Signal()
    wiped = Signal()

    def __init__(
        self,
        config: KioskConfig | Callable[[], KioskConfig],
        *,
        languages: list[str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),  # the session's clock
        speech: str | None = None,
    ) -> None:
        """``speech``: the name of Qt's speech engine to read aloud with ("mock" in
        tests); None for the system's own."""
        super().__init__()
        # The set-up's module (and the settings with it) loads after the first frame.
        self._load = config if callable(config) else None
        self._config = None if callable(config) else config
        if self._config is not None:
            _audit_kiosk_only()
        self.exit_code = 0
        self.clock = clock
        self.wall = wall
        self.now = now
        self.idle = IdleWatch(0, 0, clock)
        if self._config is not None:
            self.idle = IdleWatch(self._config.idle_seconds, self._config.warning_seconds, clock)
        self.lockdown = LockDown(self)
        self.lockdown.activity.connect(self._touched)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.session: Session | None = None
        self.expires: datetime | None = None
        """When the code just handed over stops working (for its slip)."""
        self.answers: Answers | None = None
        """CollaboRATE answers after the appointment, until sealed or wiped."""
        self.answers_code: str | None = None
        self.screens: list[Screen] = []
        self.index = 0
        self.journey_start = 0
        self.press_started: float | None = None
        self.languages = self._config.languages if self._config else list(languages or ["en"])
        """The languages the language screen offers."""
        self.reader = Reader(speech, self)
        self.window = self._build()
        # Locked from here on; the events of building the first window do not need it.
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.installEventFilter(self.lockdown)

    def _touched(self) -> None:
        self.idle.touched()  # the watch is replaced when the set-up finishes

    # -- the set-up ------------------------------------------------------------------------

    @property
    def config(self) -> KioskConfig:
        """The kiosk's set-up, loaded now if the event loop has not yet done it."""
        if self._config is None:
            self.ready()
        assert self._config is not None
        return self._config

    def ready(self) -> bool:
        """Finish the set-up (see the module's notes); False when it failed and the kiosk
        is stopping."""
        if self._config is not None:
            return True
        if self._load is None:  # failed before: the kiosk is stopping
            return False
        from decision_aid.ui.kiosk.config import KioskSetupError

        _audit_kiosk_only()  # before the packs are read: their loading is not noted either
        load, self._load = self._load, None
        try:
            config = load()
        except KioskSetupError as exc:
            sys.stderr.write(f"{exc}\n")
            self.exit_code = SETUP_FAILED
            self.exit()
            return False
        self._config = config
        self.idle = IdleWatch(config.idle_seconds, config.warning_seconds, self.clock)
        if config.languages != self.languages:
            self.languages = config.languages
            self.wipe()
        else:
            self.window.make_overlays()
            self._wire_overlays(self.window)
            grab_touch(self.screens[0].area)
        from decision_aid.ui.source_lines import forget_source_lines

        forget_source_lines()  # those of the set-up's modules (settings, packs, keys)
        return True

    # -- building ------------------------------------------------------------------------

    def _build(self) -> KioskWindow:
        """A new window on the language screen, in the first language offered."""
        language = apply_language(self.languages[0])
        ready = self._config is not None
        window = KioskWindow(overlays=ready)
        window.setLayoutDirection(direction(language))
        if ready:
            self._wire_overlays(window)
        window.corner.pressed.connect(self._corner_pressed)
        window.corner.released.connect(self._corner_released)
        first = LanguageScreen(self.languages, touch=ready)
        first.chosen.connect(self.choose_language)
        first.seen.connect(self.after_visit)
        self.screens = []
        self.index = 0
        self.window = window
        self._add([first])
        self._go(0)
        return window

    def _wire_overlays(self, window: KioskWindow) -> None:
        window.warning.still_here.connect(self.still_here)
        window.confirm.confirmed.connect(self.wipe)
        window.confirm.cancelled.connect(window.confirm.hide)
        window.pin.entered.connect(self.staff_pin)
        window.warning.read_aloud.connect(self.read_warning)
        window.confirm.read_aloud.connect(self.read_confirm)
        for overlay in (window.warning, window.confirm, window.pin):
            overlay.shown_or_hidden.connect(self.reader.stop)

    def _add(self, screens: list[Screen]) -> None:
        """Put ``screens`` after the current one, dropping any that were there."""
        for old in self.screens[self.index + 1 :]:
            # Gone now, not at the event loop's leisure: a dropped journey's screens hold
            # the patient's session and words (the patient went back and chose again).
            # (a screen's own connections, such as a lambda on a child's signal, are
            # cycles through Qt that Python's collector cannot see: the C++ side must go).
            self.window.stack.removeWidget(old)
            Shiboken.delete(old)
        del self.screens[self.index + 1 :]
        for screen in screens:
            screen.back.connect(self.back)
            screen.next.connect(self.forward)
            screen.restart.connect(self.ask_restart)
            screen.read_aloud.connect(self.read_screen)
            self.screens.append(screen)
            self.window.stack.addWidget(screen)
        self.window.display.follow()
        journey = len(self.screens) - self.journey_start
        if screens and self.session is not None:
            for number, screen in enumerate(self.screens[self.journey_start :], start=1):
                screen.set_progress(number, journey)

    def ask_restart(self) -> None:
        """ "Start again": one confirmation first."""
        self.window.confirm.open()

    def start(self) -> None:
        """Show the window full screen, finish the set-up, and start the clock."""
        if self._config is None:
            self.window.painted.connect(self._start_ready)
        else:
            self.timer.start()
        self.window.showFullScreen()

    def _start_ready(self) -> None:
        if self.ready():
            self.timer.start()

    @property
    def screen(self) -> Screen:
        return self.screens[self.index]

    def _go(self, index: int) -> None:
        self.reader.stop()
        if index != self.index:
            self.screen.leaving()
        self.index = index
        self.window.stack.setCurrentWidget(self.screen)
        self.screen.shown()

    # -- reading aloud ---------------------------------------------------------------------

    def read_screen(self) -> None:
        """The screen's speaker was tapped: read the screen, or stop."""
        self.reader.toggle(self.screen.speaker, self.screen)

    def read_warning(self) -> None:
        warning = self.window.warning
        assert warning.speaker is not None
        self.reader.toggle(warning.speaker, warning.panel)

    def read_confirm(self) -> None:
        confirm = self.window.confirm
        assert confirm.speaker is not None
        self.reader.toggle(confirm.speaker, confirm.panel)

    # -- the welcome ---------------------------------------------------------------------

    def _use_language(self, code: str) -> str:
        """Everything on the screen from now on in ``code`` (and its direction)."""
        self.reader.stop()
        language = apply_language(code)
        self.window.setLayoutDirection(direction(language))
        self.window.make_overlays()
        self._wire_overlays(self.window)
        self.window.display.retranslate()
        self.window.display.follow()
        return language

    def choose_language(self, code: str) -> None:
        if not self.ready() or code not in self.languages:
            return
        language = self._use_language(code)
        self.session = None
        self._forget_answers()  # back from "I have seen my clinician": nothing of it is kept
        packs = self.config.packs_in(language)
        if len(packs) == 1:
            self.choose_topic(packs[0].meta.id)
            return
        topic = TopicScreen(packs, language)
        topic.chosen.connect(self.choose_topic)
        self._add([topic])
        self._go(self.index + 1)

    def choose_topic(self, pack_id: str) -> None:
        from decision_aid.i18n import current_language
        from decision_aid.session.state import Session
        from decision_aid.ui.kiosk.handover_screen import HandoverScreen
        from decision_aid.ui.kiosk.journey import journey_screens

        loaded = next(p for p in self.config.packs if p.meta.id == pack_id)
        self.session = Session(
            loaded.pack,
            content_hash=loaded.content_hash,
            translations=loaded.translations,
            language=current_language(),
            clock=self.now,
        )
        self.journey_start = self.index + 1
        screens = journey_screens(self.session, self.config.directories)
        handover = screens[-1]
        assert isinstance(handover, HandoverScreen)
        handover.seal.connect(self.seal)
        handover.print_again.connect(self.print_slip)
        handover.finished.connect(self.wipe)
        self._add(screens)
        self._go(self.journey_start)

    # -- moving ----------------------------------------------------------------------------

    def back(self) -> None:
        if self.index > 0:
            self._go(self.index - 1)

    def forward(self) -> None:
        if self.index + 1 < len(self.screens):
            self._go(self.index + 1)

    # -- the hand-over ---------------------------------------------------------------------

    def seal(self) -> None:
        from decision_aid.kiosk.handover import HandoverError, handover_from_record
        from decision_aid.ui.kiosk.handover_screen import HandoverScreen

        screen = self.screen
        assert isinstance(screen, HandoverScreen) and self.session is not None
        self.reader.stop()
        for earlier in self.screens:
            earlier.leaving()
        try:
            prepared = self.now()
            content = handover_from_record(self.session.record, prepared)
            code = self.config.spool.put(content, self.config.public_key)
        except (HandoverError, OSError) as exc:
            # For staff: the folder and the reason, never the patient's answers.
            sys.stderr.write(_("decision-aid kiosk: {problem}").format(problem=exc) + "\n")
            screen.show_problem()
            return
        hours = max(1, round(self.config.spool.keep.total_seconds() / 3600))
        screen.show_code(code, hours)
        self.expires = prepared + self.config.spool.keep
        if self.config.printer:
            self.print_slip()

    def print_slip(self) -> None:
        """Print the code's slip, with no dialog; if it fails the patient is told to write
        the code down or show the screen, and "Print again" tries again."""
        from decision_aid.report.when import clinic_zone
        from decision_aid.ui.kiosk.handover_screen import HandoverScreen
        from decision_aid.ui.kiosk.slip import SlipError, make_slip, print_slip

        screen = self.screen
        assert isinstance(screen, HandoverScreen) and self.session is not None
        if screen.sealed_code is None or self.expires is None or not self.config.printer:
            return
        slip = make_slip(
            screen.sealed_code,
            self.session.pack.meta.title,
            self.expires,
            self.now(),
            clinic_zone(self.config.time_zone),
            community=self.session.record.plan.community,
        )
        try:
            print_slip(slip, self.config.printer)
        except SlipError as exc:
            # For staff: the printer and the reason, never the code or an answer.
            sys.stderr.write(
                _("decision-aid kiosk: the code slip was not printed: {problem}.").format(
                    problem=exc
                )
                + "\n"
            )
            screen.show_print_problem()
            return
        screen.show_printed()

    # -- after the appointment: CollaboRATE --------------------------------------------------

    def after_visit(self, code: str) -> None:
        """ "I have seen my clinician": the code, then the three questions, in ``code``."""
        from decision_aid.ui.kiosk.after_visit import Answers, question_screens
        from decision_aid.ui.kiosk.code_pad import CodeScreen

        if not self.ready() or code not in self.languages:
            return
        self._use_language(code)
        self.session = None
        self._forget_answers()
        self.answers = Answers()
        self.answers_code = None
        entry = CodeScreen()
        entry.submitted.connect(self.check_code)
        questions = question_screens(self.answers)
        questions[-1].next.connect(self.send_answers)
        self.journey_start = self.index + 1
        self._add([entry, *questions])
        for number, screen in enumerate(self.screens[self.journey_start :], start=1):
            screen.set_progress(number, 1 + len(questions))
        self._go(self.journey_start)

    def check_code(self, code: str) -> None:
        from decision_aid.ui.kiosk.code_pad import CodeScreen

        """The code typed: on to the questions while it waits for answers; else say why."""
        from decision_aid.kiosk.collaborate import code_state
        from decision_aid.kiosk.handover import HandoverError

        screen = self.screen
        assert isinstance(screen, CodeScreen)
        try:
            state = code_state(self.config.spool, code)
        except (HandoverError, OSError) as exc:
            sys.stderr.write(_("decision-aid kiosk: {problem}").format(problem=exc) + "\n")
            screen.show_message(
                _("The questions cannot be answered just now. Please ask at the reception desk.")
            )
            return
        if state == "waiting":
            self.answers_code = code
            self.forward()
            return
        screen.show_message(
            {
                "answered": _("The questions for this code have been answered already. Thank you."),
                "expired": _(
                    "This code is too old to use now. Please ask at the reception desk if "
                    "you would still like to answer."
                ),
            }.get(
                state,
                _(
                    "This code was not found. Please check it and type it again, or ask at "
                    "the reception desk."
                ),
            )
        )

    def send_answers(self) -> None:
        """Seal the answers to the clinic's key under the code, then say thank you."""
        from decision_aid.kiosk.collaborate import AnsweredError, KioskAnswers, put_answers
        from decision_aid.kiosk.handover import ExpiredError, HandoverError, UnknownCodeError
        from decision_aid.ui.kiosk.after_visit import QuestionScreen

        screen = self.screen
        assert isinstance(screen, QuestionScreen) and self.answers is not None
        code = self.answers_code
        if not self.answers.any_answered() or code is None:
            self._thank(sent=False)
            return
        answers = KioskAnswers(answered=self.now(), **self.answers.values)
        try:
            put_answers(self.config.spool, code, answers, self.config.public_key)
        except AnsweredError:
            screen.show_problem(
                _("The questions for this code have been answered already. Thank you.")
            )
        except (ExpiredError, UnknownCodeError):
            screen.show_problem(
                _(
                    "This code cannot be used any more. Please ask at the reception desk if "
                    "you would still like to answer."
                )
            )
        except (HandoverError, OSError) as exc:
            # For staff: the folder and the reason, never the answers.
            sys.stderr.write(_("decision-aid kiosk: {problem}").format(problem=exc) + "\n")
            screen.show_problem(
                _(
                    "Your answers could not be sent just now. Please ask at the reception "
                    "desk. Your answers are still here."
                )
            )
        else:
            self._thank(sent=True)

    def _forget_answers(self) -> None:
        """Drop the CollaboRATE answers and their code. The values are cleared first: the
        dropped screens' Python wrappers may hold the object a while after their widgets
        are deleted."""
        if self.answers is not None:
            self.answers.clear()
        self.answers = None
        self.answers_code = None

    def _thank(self, *, sent: bool) -> None:
        from decision_aid.ui.kiosk.after_visit import ThanksScreen

        for earlier in self.screens:
            earlier.leaving()
        thanks = ThanksScreen(sent)
        thanks.finished.connect(self.wipe)
        self._add([thanks])
        self._go(self.index + 1)

    # -- idle and wipe ---------------------------------------------------------------------

    @property
    def pristine(self) -> bool:
        """Nothing chosen yet: the language screen alone (no screen after it kept from a
        journey the patient went back from), with nothing over it."""
        return len(self.screens) == 1 and not self.window.confirm.isVisible()

    def tick(self) -> None:
        """What the clocks say now: the idle warning, its countdown, the wipe, the corner."""
        if self.press_started is not None and self.clock() - self.press_started >= LONG_PRESS:
            self.press_started = None
            self.window.pin.open()
        if self.pristine and not self.window.pin.isVisible():
            self.idle.restart()
            return
        if self.reader.reading:
            self.idle.touched()  # listening is using the kiosk
        state = self.idle.poll()
        if state == "expired":
            from decision_aid import audit

            audit.record("kiosk.idle_wipe")
            self.wipe()
        elif state == "warning":
            self.window.warning.set_seconds(self.idle.seconds_left())
            if not self.window.warning.isVisible():
                self.window.warning.open()

    def still_here(self) -> None:
        self.idle.extend()
        self.window.warning.hide()

    def wipe(self) -> None:
        """Drop the journey and build everything again from scratch."""
        old = self.window
        full, shown = old.isFullScreen(), old.isVisible()
        self.reader.stop()
        self.session = None
        self.expires = None
        self._forget_answers()
        self.screens = []
        self.press_started = None
        clear_clipboard()
        self._build()
        old.may_close = True
        old.close()
        old.deleteLater()
        if full:
            self.window.showFullScreen()
        elif shown:
            self.window.show()
        self.idle.restart()
        self.wiped.emit()

    # -- the staff exit --------------------------------------------------------------------

    def _corner_pressed(self) -> None:
        if self.ready():
            self.press_started = self.clock()

    def _corner_released(self) -> None:
        self.press_started = None

    def staff_pin(self, pin: str) -> None:
        from decision_aid.kiosk.pin import PinGuard

        attempt = PinGuard(self.config.pin, self.config.pin_state, self.wall).attempt(pin)
        if attempt.accepted:
            self.exit()
            return
        if attempt.wait > 0:
            seconds = int(attempt.wait + 0.999)
            text = ngettext(
                "Wrong PIN. Wait {seconds} second before the next try.",
                "Wrong PIN. Wait {seconds} seconds before the next try.",
                seconds,
            ).format(seconds=seconds)
        else:
            text = _("Wrong PIN. Try again.")
        self.window.pin.show_message(text)

    def exit(self) -> None:
        """Leave the kiosk (the staff PIN was right, or the system asked it to stop)."""
        self.timer.stop()
        self.reader.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.lockdown)
        self.session = None
        self._forget_answers()
        clear_clipboard()
        self.window.may_close = True
        self.window.close()
        self.exited.emit()


def _audit_kiosk_only() -> None:
    """Nothing about a patient's journey goes into the audit trail (the audit module loads
    after the welcome's first frame, with the rest of the set-up)."""
    from decision_aid import audit

    audit.kiosk_only()
