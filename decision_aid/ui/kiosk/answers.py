"""The journey's answering screens: what matters, SURE, leaning, questions, who helps.

Each tap is written to the session at once (nothing is kept only in a widget but typing,
which is written when the patient leaves the screen or taps "Add"). Every answer is
optional: Next always moves on.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from decision_aid.content.model import Value
from decision_aid.i18n import _, translate
from decision_aid.session.model import MAX_QUESTIONS, SHORT_TEXT, Supporter
from decision_aid.session.state import Session
from decision_aid.ui.kiosk.parts import (
    BigButton,
    Choices,
    Screen,
    typing_field,
    words,
)
from decision_aid.ui.steps.base import STEP_TITLES
from decision_aid.ui.steps.check_step import SURE_ITEMS
from decision_aid.ui.steps.plan_parts import RELATIONSHIPS
from decision_aid.ui.steps.plan_step import LEANINGS
from decision_aid.ui.widgets.scale_buttons import IMPORTANCE


def importance_choices() -> Choices:
    return Choices([(n, translate(text)) for n, text in enumerate(IMPORTANCE)], across=True)


def yes_no() -> Choices:
    return Choices([(True, _("Yes")), (False, _("No"))], across=True)


def clean(text: str) -> str:
    """Typed text as kept: single spaces, at most a short text's length."""
    return " ".join(text.split())[:SHORT_TEXT]


class ValueScreen(Screen):
    """One of the pack's concerns, and how much it matters, on a five-step scale."""

    def __init__(self, session: Session, value: Value) -> None:
        super().__init__(translate(STEP_TITLES["values"]))
        self.session = session
        self.value = value
        self.content.addWidget(words(value.concern, scale=1.2, bold=True))
        self.content.addWidget(words(_("How much does this matter to you?")))
        self.scale = importance_choices()
        self.scale.chosen.connect(lambda key: session.rate(value.id, int(str(key))))
        self.content.addWidget(self.scale)
        self.content.addStretch(1)

    def shown(self) -> None:
        self.scale.set_value(self.session.importance(self.value.id))


class OwnConcernScreen(Screen):
    """Something else that matters, in the patient's own words (optional typing)."""

    def __init__(self, session: Session) -> None:
        super().__init__(translate(STEP_TITLES["values"]))
        self.session = session
        self.own_id: str | None = None
        self.importance = 2
        self.content.addWidget(
            words(_("Is something else important to you? You can type it here, or leave it empty."))
        )
        self.field = typing_field(_("Something else that matters to me"))
        self.content.addWidget(self.field)
        self.content.addWidget(words(_("How much does this matter to you?")))
        self.scale = importance_choices()
        self.scale.chosen.connect(self._rated)
        self.content.addWidget(self.scale)
        self.content.addStretch(1)

    def _rated(self, key: object) -> None:
        self.importance = int(str(key))
        self.leaving()

    def leaving(self) -> None:
        if self.own_id is not None:
            self.session.remove_own_concern(self.own_id)
            self.own_id = None
        text = clean(self.field.text())
        if text:
            self.own_id = self.session.add_own_concern(text, self.importance)


class SureScreen(Screen):
    """The four SURE questions, each with large Yes and No buttons."""

    def __init__(self, session: Session) -> None:
        super().__init__(_("How sure do you feel?"))
        self.session = session
        self.content.addWidget(words(_("Four short questions. Tap Yes or No.")))
        self.answers: dict[str, Choices] = {}
        for item, text in SURE_ITEMS:
            self.content.addWidget(words(translate(text), bold=True))
            choice = yes_no()
            choice.chosen.connect(lambda key, i=item: session.answer_sure(i, bool(key)))
            self.answers[item] = choice
            self.content.addWidget(choice)
        self.content.addStretch(1)

    def shown(self) -> None:
        for item, choice in self.answers.items():
            choice.set_value(getattr(self.session.record.sure, item))


class LeaningScreen(Screen):
    """Which way the patient leans now: an option, "Not sure yet", or "decide later"."""

    def __init__(self, session: Session) -> None:
        super().__init__(_("What are you leaning towards?"))
        self.session = session
        items: list[tuple[object, str]] = [
            (f"option:{option.id}", option.name) for option in session.pack.content.options
        ]
        items += [(key, translate(text)) for key, text in LEANINGS.items()]
        self.choices = Choices(items)
        self.choices.chosen.connect(lambda key: session.set_leaning(str(key)))
        self.content.addWidget(self.choices)
        self.content.addStretch(1)

    def shown(self) -> None:
        self.choices.set_value(self.session.record.plan.leaning)


def suggested_questions(session: Session) -> list[str]:
    """The questions a patient may tap, in the session's language: the pack's prompts, or
    the grid's questions when the pack has no prompts."""
    content = session.pack.content
    if content.prompts:
        return [prompt.text for prompt in content.prompts]
    return [question.text for question in content.questions]


class QuestionsScreen(Screen):
    """Questions to ask at the appointment: the pack's question prompts to tap (the grid's
    questions for a pack without any), and the patient's own (typing optional)."""

    def __init__(self, session: Session) -> None:
        super().__init__(_("Questions you want to ask"))
        self.session = session
        self.content.addWidget(
            words(
                _(
                    "Tap the questions you want to ask at your appointment. You can also "
                    "type your own."
                )
            )
        )
        self.suggested: dict[str, BigButton] = {}
        for text in suggested_questions(session):
            button = BigButton(text, checkable=True)
            button.toggled.connect(self._save)
            self.suggested[text] = button
            self.content.addWidget(button)
        self.own_box = QWidget()
        self.own_layout = QVBoxLayout(self.own_box)
        self.own_layout.setContentsMargins(0, 0, 0, 0)
        self.own: list[BigButton] = []
        self.content.addWidget(self.own_box)
        row = QHBoxLayout()
        self.field = typing_field(_("My own question"))
        self.add_button = BigButton(_("Add my question"))
        self.add_button.clicked.connect(self.add_typed)
        self.field.returnPressed.connect(self.add_typed)
        row.addWidget(self.field, 1)
        row.addWidget(self.add_button)
        self.content.addLayout(row)
        self.content.addStretch(1)

    def add_typed(self) -> None:
        text = clean(self.field.text())
        self.field.clear()
        if not text or len(self.own) >= MAX_QUESTIONS:
            return
        button = BigButton(text, checkable=True)
        button.setChecked(True)
        button.toggled.connect(self._save)
        self.own.append(button)
        self.own_layout.addWidget(button)
        # Shown now, not when Qt gets round to it: the scroll area sized the screen while
        # the new button still counted as hidden, and squeezed every two-line question.
        button.show()
        self._save()

    def chosen(self) -> list[str]:
        buttons = [*self.suggested.values(), *self.own]
        return [b.accessibleName() for b in buttons if b.isChecked()]

    def _save(self) -> None:
        self.session.set_questions(self.chosen()[:MAX_QUESTIONS])

    def leaving(self) -> None:
        self.add_typed()


class PeopleScreen(Screen):
    """Who helps the patient decide, whether one of them is here today, and anyone else by
    name (typing optional)."""

    def __init__(self, session: Session) -> None:
        super().__init__(_("Who helps you decide?"))
        self.session = session
        self.content.addWidget(words(_("Tap everyone who helps you with this decision.")))
        self.people: dict[str, BigButton] = {}
        for key, text in RELATIONSHIPS.items():
            button = BigButton(translate(text), checkable=True)
            button.toggled.connect(self._save)
            self.people[key] = button
            self.content.addWidget(button)
        self.content.addWidget(words(_("Is someone who helps you here with you today?"), bold=True))
        self.here = yes_no()
        self.here.chosen.connect(lambda _key: self._save())
        self.content.addWidget(self.here)
        self.field = typing_field(_("Someone else, by name (you can leave this empty)"))
        self.field.editingFinished.connect(self._save)
        self.content.addWidget(self.field)
        self.content.addStretch(1)

    def supporters(self) -> list[Supporter]:
        here = self.here.buttons[True].isChecked()
        note = _("Here with me today") if here else ""
        found = [
            Supporter(name=translate(RELATIONSHIPS[key]), relationship=key, note=note)
            for key, button in self.people.items()
            if button.isChecked()
        ]
        name = clean(self.field.text())
        if name:
            found.append(Supporter(name=name, relationship="other", note=note))
        return found

    def _save(self) -> None:
        self.session.set_supporters(self.supporters())

    def leaving(self) -> None:
        self._save()
