"""After the appointment: the three CollaboRATE questions, privately, tied by a code.

From the welcome ("I have seen my clinician", in the patient's language): the code the
clinician gave (decision_aid.ui.kiosk.code_pad), then one question per screen with ten
large buttons from 0 ("No effort was made") to 9 ("Every effort was made"), mirrored
right to left, and Back; every question may be left out. The last screen's "Send my
answers" asks the controller to seal them (decision_aid.kiosk.collaborate); then a
thank-you and Finish, which wipes the kiosk. The answers are kept only in
:class:`Answers` until then.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout

from decision_aid.i18n import _, translate
from decision_aid.kiosk.collaborate import ITEMS
from decision_aid.ui.kiosk.parts import Choices, Screen, set_words, words
from decision_aid.ui.steps.afterwards_step import HIGHEST, LOWEST, SCALE
from decision_aid.ui.steps.afterwards_step import ITEMS as QUESTIONS


class Answers:
    """The patient's CollaboRATE answers at the kiosk, until they are sealed or wiped."""

    def __init__(self) -> None:
        self.values: dict[str, int | None] = dict.fromkeys(ITEMS)

    def set(self, item: str, value: int) -> None:
        self.values[item] = value

    def any_answered(self) -> bool:
        return any(value is not None for value in self.values.values())

    def clear(self) -> None:
        """Forget every answer (the screens that showed them may outlive the journey)."""
        self.values = dict.fromkeys(ITEMS)


class QuestionScreen(Screen):
    """One CollaboRATE question: ten buttons, 0 to 9, with what the ends mean."""

    def __init__(self, answers: Answers, item: str, *, last: bool) -> None:
        super().__init__(_("About your appointment"))
        self.answers = answers
        self.item = item
        self.content.addWidget(
            words(
                _(
                    "These three questions are optional. Thinking about the appointment you "
                    "have just had:"
                )
            )
        )
        self.question = words(translate(QUESTIONS[item]), scale=1.2, bold=True)
        self.content.addWidget(self.question)
        self.scale = Choices([(value, str(value)) for value in SCALE], across=True)
        self.scale.chosen.connect(lambda value: answers.set(item, int(str(value))))
        self.content.addWidget(self.scale)
        ends = QHBoxLayout()
        self.lowest = words(translate(LOWEST))
        self.highest = words(translate(HIGHEST))
        self.highest.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignTop)
        ends.addWidget(self.lowest, 1)
        ends.addWidget(self.highest, 1)
        self.content.addLayout(ends)
        self.content.addWidget(words(_("Your answers are not shown on your clinician's screen.")))
        self.problem = words(bold=True)
        self.problem.hide()
        self.content.addWidget(self.problem)
        self.content.addStretch(1)
        if last:
            self.next_button.set_text(_("Send my answers"))

    def shown(self) -> None:
        self.scale.set_value(self.answers.values[self.item])

    def show_problem(self, text: str) -> None:
        set_words(self.problem, text)
        self.problem.show()


class ThanksScreen(Screen):
    """The answers went to the clinic (or nothing was answered); Finish wipes the kiosk."""

    finished = Signal()

    def __init__(self, sent: bool) -> None:
        super().__init__(_("Thank you"), has_back=False)
        self.restart_button.hide()
        if sent:
            text = _(
                "Your answers were sent to your clinic, locked so that only the clinic can "
                "read them. Your clinician's screen does not show them."
            )
        else:
            text = _("You did not answer any of the questions, so nothing was sent.")
        self.message = words(text, scale=1.2)
        self.content.addWidget(self.message)
        self.content.addWidget(words(_("Tap Finish: this screen is then cleared.")))
        self.content.addStretch(1)
        self.next_button.set_text(_("Finish"))
        self.next_button.clicked.disconnect(self.next)
        self.next_button.clicked.connect(self.finished)


def question_screens(answers: Answers) -> list[QuestionScreen]:
    """The three questions, in the instrument's order; the last one sends."""
    return [
        QuestionScreen(answers, item, last=number == len(ITEMS))
        for number, item in enumerate(ITEMS, start=1)
    ]
