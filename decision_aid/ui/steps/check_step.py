"""The 'Check' step: the pack's knowledge questions with feedback, and the SURE test.

SURE (Légaré et al. 2010) is four yes/no questions; one point per yes. A score of 3
or less flags decisional conflict, and the page then suggests what could help for
each 'no'. Scores come from :mod:`decision_aid.session.scoring`.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.model import KnowledgeQuestion
from decision_aid.i18n import N_, _, ngettext, translate
from decision_aid.session import scoring
from decision_aid.session.model import SureItem
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import html_dir
from decision_aid.ui.plain_text import escaped, literal_ampersands, plain_label, rich_label
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.type_scale import relative_font

HEADING_SCALE = 1.2
"""Section headings, relative to the page's text."""
SURE_ITEMS: tuple[tuple[SureItem, str], ...] = (
    ("sure", N_("Do you feel SURE about the best choice for you?")),
    ("understand", N_("Do you know the benefits and risks of each option?")),
    ("risk_benefit", N_("Are you clear about which benefits and risks matter most to you?")),
    ("encouragement", N_("Do you have enough support and advice to make a choice?")),
)
"""The four SURE items, in the published order."""
SUGGESTIONS: dict[SureItem, str] = {
    "sure": N_(
        "Take more time. It is fine to decide later: the plan can say when you will "
        "come back to it."
    ),
    "understand": N_(
        "Go back over the options and their benefits and risks together, in the "
        "'Options' and 'Risks and benefits' steps."
    ),
    "risk_benefit": N_(
        "Revisit 'What matters to you', to be clearer about which benefits and risks "
        "matter most to you."
    ),
    "encouragement": N_(
        "Think about involving family, a carer or a friend, look at the support "
        "resources in the plan, and take more time if you need it."
    ),
}
"""What could help, for each SURE item answered 'no'."""
SURE_SOURCE = (
    "Légaré F, Kearing S, Clay K, et al. Are you SURE? Assessing patient decisional "
    "conflict with a 4-item screening test. Can Fam Physician 2010;56:e308-14."
)


def _wrapped(text: str = "") -> QLabel:
    label = plain_label(text, wrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _bold(label: QLabel) -> QLabel:
    """Bold, with the size still following the page's font."""
    font = QFont()
    font.setBold(True)
    label.setFont(font)
    return label


def verdict_text(question: KnowledgeQuestion, choice_id: str) -> str:
    """Right or not, in words with a mark: '✓ Correct.' or '✗ Not quite. The answer is: ...'."""
    if choice_id == question.answer:
        return _("✓ Correct.")
    answer = next(c.text for c in question.choices if c.id == question.answer)
    return _("✗ Not quite. The answer is: {answer}").format(answer=answer)


def feedback_html(question: KnowledgeQuestion, choice_id: str | None) -> str:
    """What the patient sees after answering: the verdict in bold, then the pack's why."""
    if choice_id is None:
        return ""
    return f"<b>{escaped(verdict_text(question, choice_id))}</b><br>{escaped(question.explanation)}"


class YesNo:
    """A Yes/No radio pair for one SURE item."""

    def __init__(self, question: str, parent: QWidget) -> None:
        self.group = QButtonGroup(parent)
        self.yes = QRadioButton(_("Yes"), parent)
        self.no = QRadioButton(_("No"), parent)
        self.yes.setAccessibleName(_("Yes: {question}").format(question=question))
        self.no.setAccessibleName(_("No: {question}").format(question=question))
        self.group.addButton(self.yes, 1)
        self.group.addButton(self.no, 0)

    def set_value(self, value: bool | None) -> None:
        with QSignalBlocker(self.group):
            if value is None:
                self.group.setExclusive(False)
                self.yes.setChecked(False)
                self.no.setChecked(False)
                self.group.setExclusive(True)
            else:
                (self.yes if value else self.no).setChecked(True)


class CheckStep(StepPage):
    """Knowledge questions with feedback and a running score; the SURE test, scored."""

    step = "check"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        self.choices: dict[str, QButtonGroup] = {}
        self.answers: dict[str, QLabel] = {}
        self.feedback: dict[str, QLabel] = {}
        self.sure_pairs: dict[str, YesNo] = {}
        self.sure_answers: dict[str, QLabel] = {}

        layout = QVBoxLayout(self)
        knowledge = self.session.pack.content.knowledge
        self.knowledge_score = _bold(plain_label())
        self.knowledge_score.setAccessibleName(_("Knowledge score"))
        if knowledge:
            layout.addWidget(self._heading(_("Check what you know")))
            layout.addWidget(self.knowledge_score)
            for number, question in enumerate(knowledge, start=1):
                layout.addWidget(self._question(number, question))
            layout.addSpacing(self.fontMetrics().height())
        else:
            self.knowledge_score.setParent(self)
            self.knowledge_score.hide()
        layout.addWidget(self._heading(_("How sure do you feel?")))
        layout.addWidget(self._sure_box())
        layout.addSpacing(self.fontMetrics().height() // 2)
        self.sure_score = _bold(_wrapped())
        self.sure_score.setAccessibleName(_("SURE score"))
        layout.addWidget(self.sure_score)
        self.conflict = self._highlighted(_wrapped())
        self.conflict.setAccessibleName(_("Decisional conflict"))
        layout.addWidget(self.conflict)
        note = relative_font(
            _wrapped(_("The SURE test: {source}").format(source=SURE_SOURCE)), italic=True
        )
        layout.addWidget(note)
        layout.addStretch(1)
        self.refresh()

    # -- building --------------------------------------------------------------------

    def _heading(self, text: str) -> QLabel:
        return relative_font(_wrapped(text), HEADING_SCALE, bold=True)

    @staticmethod
    def _highlighted(label: QLabel) -> QLabel:
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setMargin(label.fontMetrics().height() // 2)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.ToolTipText)
        )
        label.setPalette(palette)
        label.setAutoFillBackground(True)
        return label

    def _question(self, number: int, question: KnowledgeQuestion) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, self.fontMetrics().height() // 2, 0, 0)
        text = _("{number}. {question}").format(number=number, question=question.question)
        column.addWidget(_bold(_wrapped(text)))
        indent = self.fontMetrics().horizontalAdvance("0") * 3
        if self.patient:
            answer = _wrapped()
            answer.setContentsMargins(indent, 0, 0, 0)
            column.addWidget(answer)
            self.answers[question.id] = answer
        else:
            group = QButtonGroup(box)
            for index, choice in enumerate(question.choices):
                button = QRadioButton(literal_ampersands(choice.text), box)
                button.setAccessibleName(
                    _("{choice}: {question}").format(choice=choice.text, question=question.question)
                )
                group.addButton(button, index)
                row = QHBoxLayout()
                row.setContentsMargins(indent, 0, 0, 0)
                row.addWidget(button)
                row.addStretch(1)
                column.addLayout(row)
            group.idClicked.connect(partial(self._answered, question))
            self.choices[question.id] = group
        feedback = rich_label(wrap=True)
        feedback.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        feedback.setContentsMargins(indent, 0, 0, 0)
        feedback.setAccessibleName(_("Feedback on question {number}").format(number=number))
        column.addWidget(feedback)
        self.feedback[question.id] = feedback
        return box

    def _sure_box(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(3, 1)
        grid.setHorizontalSpacing(self.fontMetrics().horizontalAdvance("0") * 2)
        for row, (item, text) in enumerate(SURE_ITEMS):
            question = translate(text)
            grid.addWidget(_wrapped(question), row, 0)
            if self.patient:
                answer = _bold(plain_label())
                grid.addWidget(answer, row, 1)
                self.sure_answers[item] = answer
                continue
            pair = YesNo(question, box)
            grid.addWidget(pair.yes, row, 1)
            grid.addWidget(pair.no, row, 2)
            pair.group.idClicked.connect(partial(self._sure_answered, item))
            self.sure_pairs[item] = pair
        return box

    # -- reacting to the user ----------------------------------------------------------

    def _answered(self, question: KnowledgeQuestion, index: int) -> None:
        self.session.answer_knowledge(question.id, question.choices[index].id)

    def _sure_answered(self, item: SureItem, value: int) -> None:
        self.session.answer_sure(item, bool(value))

    # -- showing the session -------------------------------------------------------------

    def refresh(self) -> None:
        content = self.session.pack.content
        for question in content.knowledge:
            choice_id = self.session.answer(question.id)
            ids = [c.id for c in question.choices]
            if question.id in self.choices:
                group = self.choices[question.id]
                with QSignalBlocker(group):
                    if choice_id is None:
                        group.setExclusive(False)
                        for button in group.buttons():
                            button.setChecked(False)
                        group.setExclusive(True)
                    else:
                        group.button(ids.index(choice_id)).setChecked(True)
            with self.content_language():  # sentences around the pack's text speak its language
                if question.id in self.answers:
                    chosen = next((c.text for c in question.choices if c.id == choice_id), None)
                    self.answers[question.id].setText(
                        _("Your answer: {answer}").format(answer=chosen)
                        if chosen is not None
                        else _("Not answered yet")
                    )
                feedback = feedback_html(question, choice_id)
            direction = html_dir(self.session.language)
            self.feedback[question.id].setText(f"<div dir='{direction}'>{feedback}</div>")
            self.feedback[question.id].setVisible(choice_id is not None)
        score = scoring.knowledge_score(content, self.session.record)
        self.knowledge_score.setText(
            ngettext(
                "{correct} of {total} correct", "{correct} of {total} correct", score.total
            ).format(correct=score.correct, total=score.total)
        )
        self._refresh_sure()

    def _refresh_sure(self) -> None:
        sure = self.session.record.sure
        for item, _text in SURE_ITEMS:
            value: bool | None = getattr(sure, item)
            if item in self.sure_pairs:
                self.sure_pairs[item].set_value(value)
            if item in self.sure_answers:
                words = _("Not answered yet") if value is None else _("Yes") if value else _("No")
                self.sure_answers[item].setText(words)
        result = scoring.sure_score(sure)
        if result.score is None:
            answered = sum(1 for item, _text in SURE_ITEMS if getattr(sure, item) is not None)
            self.sure_score.setText(
                _(
                    "Answer all four questions to see the SURE score ({answered} of 4 answered)."
                ).format(answered=answered)
            )
            self.conflict.setVisible(False)
            return
        self.sure_score.setText(_("SURE score: {score} of 4").format(score=result.score))
        self.conflict.setVisible(True)
        if not result.conflict:
            self.conflict.setText(_("All four answers are yes: no sign of decisional conflict."))
            self.conflict.setAutoFillBackground(False)
            return
        self.conflict.setAutoFillBackground(True)
        lines = [
            _(
                "A score of 3 or less is a sign of decisional conflict: not yet feeling "
                "ready to decide. What could help:"
            )
        ]
        lines += [
            _("• {suggestion}").format(suggestion=translate(SUGGESTIONS[item]))
            for item, _text in SURE_ITEMS
            if getattr(sure, item) is False
        ]
        self.conflict.setText("\n".join(lines))
