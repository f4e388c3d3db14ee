"""The plan: leaning, the patient's questions, who else is involved, support, next steps.

Every control writes through :class:`~decision_aid.session.state.Session`; ``refresh``
reads the record back. The next-steps text is committed after typing pauses
(:data:`NEXT_STEPS_PAUSE_MS`), on focus-out, or by :meth:`PlanStep.flush_next_steps`,
so one burst of typing is one undoable change. The patient's mirror shows the plan
as large, read-only text.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QHideEvent, QResizeEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import N_, _, current_language, format_date, or_list, translate
from decision_aid.session import scoring
from decision_aid.session.model import Supporter
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import html_dir, qt_locale
from decision_aid.ui.plain_text import (
    buddy_label,
    escaped,
    literal_ampersands,
    typed,
)
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.steps.community_part import CommunityBox, choice_html
from decision_aid.ui.steps.plan_parts import (
    RELATIONSHIPS,
    RemovableList,
    heading_label,
    note_label,
    resource_html,
    supporter_text,
    wrapped,
)
from decision_aid.ui.widgets.wrapped_check import WrappedCheck

NEXT_STEPS_PAUSE_MS = 1500
"""Typing pause after which the next-steps text is written to the record."""
NEXT_STEPS_MAX = 5000
SHORT_MAX = 500
TWO_COLUMNS_AT = 120
"""Page width, in average characters, from which the clinician's page uses two columns."""

LEANINGS = {"unsure": N_("Not sure yet"), "later": N_("I want to decide later")}


def _section(title: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    return box, layout


class PlanStep(StepPage):
    """Step 6: the plan the patient leaves with."""

    step = "plan"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        self.setAccessibleName(self.title())
        outer = QVBoxLayout(self)
        self.leaning_prompt = note_label()
        if patient:
            self._build_patient(outer)
        else:
            self._build_clinician(outer)
        self.refresh()

    # -- building --------------------------------------------------------------

    def _build_clinician(self, outer: QVBoxLayout) -> None:
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        left, right = QVBoxLayout(), QVBoxLayout()
        self.columns.addLayout(left, 1)
        self.columns.addLayout(right, 1)
        outer.addLayout(self.columns)
        # The patient's own plan on one side, the support around them on the other, so
        # that a pack's support and the local groups offered beside it keep the step
        # within a laptop's screen instead of making one long column.
        left.addWidget(self._build_leaning())
        left.addWidget(self._build_questions())
        left.addWidget(self._build_supporters())
        left.addWidget(self._build_next_steps())
        left.addWidget(self._build_follow_up())
        left.addStretch(1)
        right.addWidget(self._build_resources())
        self.community = CommunityBox(self.session)
        right.addWidget(self.community)
        right.addStretch(1)

    def _build_leaning(self) -> QGroupBox:
        box, layout = _section(_("What are you leaning towards?"))
        self.leaning_group = QButtonGroup(self)
        self.leaning_buttons: dict[str, QRadioButton] = {}
        choices = [(f"option:{o.id}", o.name) for o in self.session.pack.content.options]
        choices += [(key, translate(label)) for key, label in LEANINGS.items()]
        for key, text in choices:
            button = QRadioButton(literal_ampersands(text))
            button.setAccessibleName(text)
            self.leaning_group.addButton(button)
            self.leaning_buttons[key] = button
            layout.addWidget(button)
        self.leaning_group.buttonClicked.connect(self._leaning_clicked)
        layout.addWidget(self.leaning_prompt)
        return box

    def _build_questions(self) -> QGroupBox:
        box, layout = _section(_("Your questions"))
        layout.addWidget(wrapped(_("Questions to ask now or at the next appointment.")))
        self.prompt_choice: QComboBox | None = None
        prompts = [prompt.text for prompt in self.session.pack.content.prompts]
        if prompts:
            self.prompt_choice = QComboBox()
            self.prompt_choice.setAccessibleName(_("Questions patients often ask"))
            self.prompt_choice.setPlaceholderText(_("Add a question patients often ask"))
            for text in prompts:
                self.prompt_choice.addItem(literal_ampersands(text), text)
            self.prompt_choice.setCurrentIndex(-1)
            self.prompt_choice.activated.connect(self._prompt_chosen)
            layout.addWidget(self.prompt_choice)
        row = QHBoxLayout()
        self.question_edit = QLineEdit()
        self.question_edit.setMaxLength(SHORT_MAX)
        self.question_edit.setPlaceholderText(_("Type a question"))
        self.question_edit.setAccessibleName(_("New question"))
        self.question_edit.returnPressed.connect(self.add_question)
        self.question_add = QPushButton(_("Add question"))
        self.question_add.setAccessibleName(_("Add question"))
        self.question_add.clicked.connect(self.add_question)
        row.addWidget(self.question_edit, 1)
        row.addWidget(self.question_add)
        layout.addLayout(row)
        self.question_items = RemovableList(
            _("No questions yet."), _("Remove question"), self.question_add, self.remove_question
        )
        layout.addWidget(self.question_items)
        return box

    def _build_supporters(self) -> QGroupBox:
        box, layout = _section(_("Who else is involved"))
        layout.addWidget(wrapped(_("Family, carers or friends who will help with the decision.")))
        form = QFormLayout()
        self.supporter_name = QLineEdit()
        self.supporter_name.setMaxLength(SHORT_MAX)
        self.supporter_name.setAccessibleName(_("Name"))
        self.supporter_name.returnPressed.connect(self.add_supporter)
        self.supporter_relationship = QComboBox()
        self.supporter_relationship.setAccessibleName(_("Relationship"))
        for key, label in RELATIONSHIPS.items():
            self.supporter_relationship.addItem(translate(label), key)
        self.supporter_note = QLineEdit()
        self.supporter_note.setMaxLength(NEXT_STEPS_MAX)
        self.supporter_note.setPlaceholderText(_("Optional, e.g. will come to the next visit"))
        self.supporter_note.setAccessibleName(_("Note"))
        self.supporter_note.returnPressed.connect(self.add_supporter)
        for text, field in (
            (_("Name"), self.supporter_name),
            (_("Relationship"), self.supporter_relationship),
            (_("Note"), self.supporter_note),
        ):
            form.addRow(buddy_label(text, field), field)
        layout.addLayout(form)
        self.supporter_add = QPushButton(_("Add person"))
        self.supporter_add.setAccessibleName(_("Add person"))
        self.supporter_add.clicked.connect(self.add_supporter)
        layout.addWidget(self.supporter_add, 0, Qt.AlignmentFlag.AlignRight)
        self.supporter_items = RemovableList(
            _("Nobody added yet."), _("Remove person"), self.supporter_add, self.remove_supporter
        )
        layout.addWidget(self.supporter_items)
        return box

    def _build_resources(self) -> QGroupBox:
        box, layout = _section(_("Community and peer support"))
        self.resource_boxes: dict[str, QCheckBox] = {}
        support = self.session.pack.content.support
        if not support:
            layout.addWidget(wrapped(_("This pack lists no community or peer support.")))
        for resource in support:
            row = WrappedCheck(resource.name)  # a long name wraps instead of widening the page
            check = row.box
            check.toggled.connect(self._resources_toggled)
            with self.content_language():
                offer = resource_html(resource)
            details = wrapped(self._in_content_direction(offer), rich=True)
            details.setOpenExternalLinks(True)
            details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            details.setAccessibleName(_("{name}: contact").format(name=resource.name))
            indent = (0, 0, 24, 6) if self.isRightToLeft() else (24, 0, 0, 6)
            details.setContentsMargins(*indent)  # under the check box's text, either way
            self.resource_boxes[resource.id] = check
            layout.addWidget(row)
            layout.addWidget(details)
        return box

    def _build_next_steps(self) -> QGroupBox:
        box, layout = _section(_("Next steps"))
        self.next_steps = QPlainTextEdit()
        self.next_steps.setAccessibleName(_("Next steps"))
        self.next_steps.setPlaceholderText(_("What happens next, and who does it"))
        self.next_steps.setTabChangesFocus(True)
        self.next_steps.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.next_steps.textChanged.connect(self._next_steps_typed)
        self.next_steps.installEventFilter(self)
        self.next_steps_timer = QTimer(self)
        self.next_steps_timer.setSingleShot(True)
        self.next_steps_timer.setInterval(NEXT_STEPS_PAUSE_MS)
        self.next_steps_timer.timeout.connect(self.flush_next_steps)
        layout.addWidget(self.next_steps)
        return box

    def _build_follow_up(self) -> QGroupBox:
        box, layout = _section(_("Follow-up"))
        row = QHBoxLayout()
        self.follow_up = QDateEdit()
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setLocale(qt_locale(current_language()))  # Latin digits, as everywhere
        self.follow_up.setDisplayFormat("d MMMM yyyy")
        self.follow_up.setKeyboardTracking(False)
        self.follow_up.setAccessibleName(_("Follow-up date"))
        for inner in self.follow_up.findChildren(QLineEdit):
            inner.setAccessibleName(_("Follow-up date"))
        self.follow_up.setDate(QDate(self.session.clock().date()))
        self.follow_up.dateChanged.connect(self._follow_up_changed)
        self.no_follow_up = QCheckBox(_("No follow-up date"))
        self.no_follow_up.setAccessibleName(_("No follow-up date"))
        self.no_follow_up.toggled.connect(self._follow_up_changed)
        label = buddy_label(_("Follow-up date"), self.follow_up)
        row.addWidget(label)
        row.addWidget(self.follow_up)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.no_follow_up)
        return box

    def _build_patient(self, outer: QVBoxLayout) -> None:
        self.patient_labels: dict[str, QLabel] = {}
        outer.setSpacing(self.fontMetrics().lineSpacing() // 2)
        for key, title in (
            ("leaning", _("What you are leaning towards")),
            ("questions", _("Your questions")),
            ("supporters", _("Who else is involved")),
            ("resources", _("Support you chose")),
            ("community", _("Local groups and services you chose")),
            ("next_steps", _("Next steps")),
            ("follow_up", _("Follow-up")),
        ):
            outer.addWidget(heading_label(title))
            label = wrapped(rich=True)
            label.setOpenExternalLinks(True)
            label.setContentsMargins(0, 0, 0, self.fontMetrics().lineSpacing() // 2)
            self.patient_labels[key] = label
            outer.addWidget(label)
            if key == "leaning":
                outer.addWidget(self.leaning_prompt)
        outer.addStretch(1)

    # -- widget -> session -----------------------------------------------------

    def _leaning_clicked(self, button: QAbstractButton) -> None:
        for key, candidate in self.leaning_buttons.items():
            if candidate is button:
                self.session.set_leaning(key)

    def add_question(self) -> None:
        """Add the typed question to the record."""
        text = self.question_edit.text().strip()
        if not text:
            return
        from decision_aid.session.state import SessionError

        try:
            self.session.set_questions([*self.session.record.plan.questions, text])
        except SessionError as exc:  # the most questions a record keeps
            from decision_aid.ui.notice import notice

            notice(self.question_edit, str(exc))
            return
        self.question_edit.clear()

    def _prompt_chosen(self, index: int) -> None:
        """Add the pack's question prompt chosen in the list, once."""
        assert self.prompt_choice is not None
        text = self.prompt_choice.itemData(index)
        self.prompt_choice.setCurrentIndex(-1)
        questions = self.session.record.plan.questions
        if isinstance(text, str) and text not in questions:
            from decision_aid.session.state import SessionError

            try:
                self.session.set_questions([*questions, text])
            except SessionError as exc:  # the most questions a record keeps
                from decision_aid.ui.notice import notice

                notice(self.prompt_choice, str(exc))

    def remove_question(self, index: int) -> None:
        """Remove the question at ``index``."""
        questions = self.session.record.plan.questions
        self.session.set_questions([q for i, q in enumerate(questions) if i != index])

    def add_supporter(self) -> None:
        """Add the person described in the form to the record."""
        name = self.supporter_name.text().strip()
        if not name:
            self.supporter_name.setFocus()
            return
        supporter = Supporter(
            name=name,
            relationship=self.supporter_relationship.currentData(),
            note=self.supporter_note.text().strip(),
        )
        from decision_aid.session.state import SessionError

        try:
            self.session.set_supporters([*self.session.record.plan.supporters, supporter])
        except SessionError as exc:  # the most people a record keeps
            from decision_aid.ui.notice import notice

            notice(self.supporter_name, str(exc))
            return
        self.supporter_name.clear()
        self.supporter_note.clear()
        self.supporter_relationship.setCurrentIndex(0)

    def remove_supporter(self, index: int) -> None:
        """Remove the person at ``index``."""
        supporters = self.session.record.plan.supporters
        self.session.set_supporters([p for i, p in enumerate(supporters) if i != index])

    def _resources_toggled(self, _checked: bool) -> None:
        chosen = [key for key, box in self.resource_boxes.items() if box.isChecked()]
        self.session.set_resources(chosen)

    def _next_steps_typed(self) -> None:
        text = self.next_steps.toPlainText()
        if len(text) > NEXT_STEPS_MAX:
            with QSignalBlocker(self.next_steps):
                self.next_steps.setPlainText(text[:NEXT_STEPS_MAX])
                self.next_steps.moveCursor(self.next_steps.textCursor().MoveOperation.End)
        self.next_steps_timer.start()

    def commit(self) -> None:
        self.flush_next_steps()

    def flush_next_steps(self) -> None:
        """Write typed next steps to the record now (one undoable change)."""
        if self.patient:
            return
        self.next_steps_timer.stop()
        self.session.set_next_steps(self.next_steps.toPlainText()[:NEXT_STEPS_MAX])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            not self.patient
            and watched is self.next_steps
            and event.type() == QEvent.Type.FocusOut
            and self.next_steps_timer.isActive()
        ):
            self.flush_next_steps()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if not self.patient:
            wide = event.size().width() >= self.fontMetrics().averageCharWidth() * TWO_COLUMNS_AT
            direction = (
                QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            )
            if self.columns.direction() != direction:
                self.columns.setDirection(direction)
        super().resizeEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        if not self.patient and self.next_steps_timer.isActive():
            self.flush_next_steps()
        super().hideEvent(event)

    def _follow_up_changed(self) -> None:
        self.follow_up.setEnabled(not self.no_follow_up.isChecked())
        if self.no_follow_up.isChecked():
            self.session.set_follow_up(None)
        else:
            self.session.set_follow_up(self.follow_up.date().toPython())  # type: ignore[arg-type]

    # -- session -> widgets ----------------------------------------------------

    def _in_content_direction(self, markup: str) -> str:
        """``markup`` laid out in the direction of the patient's language."""
        return f"<div dir='{html_dir(self.session.language)}'>{markup}</div>"

    def _update_prompt(self) -> None:
        with self.content_language():
            self._say_prompt()

    def _say_prompt(self) -> None:
        content, record = self.session.pack.content, self.session.record
        fits = scoring.option_fits(content, record)
        if not scoring.leaning_differs(fits, record.plan.leaning):
            self.leaning_prompt.hide()
            return
        best = [content.option(key).name for key in scoring.best_fitting(fits)]
        leaning = record.plan.leaning or ""
        self.leaning_prompt.setText(
            _(
                "You are leaning towards {leaning}, but your ratings fit {best} better. "
                "This can be worth talking about."
            ).format(
                leaning=content.option(leaning.removeprefix("option:")).name,
                best=or_list(best),
            )
        )
        self.leaning_prompt.show()

    def refresh(self) -> None:
        self._update_prompt()
        if self.patient:
            self._refresh_patient()
        else:
            self._refresh_clinician()

    def _refresh_clinician(self) -> None:
        plan = self.session.record.plan
        self.leaning_group.setExclusive(False)
        for key, button in self.leaning_buttons.items():
            with QSignalBlocker(button):
                button.setChecked(key == plan.leaning)
        self.leaning_group.setExclusive(True)
        self.question_items.set_items(list(plan.questions))
        if self.prompt_choice is not None:  # a prompt already noted cannot be added again
            items = self.prompt_choice.model()
            assert isinstance(items, QStandardItemModel)
            for row in range(items.rowCount()):
                item = items.item(row)
                item.setEnabled(item.data(Qt.ItemDataRole.UserRole) not in plan.questions)
        self.supporter_items.set_items([supporter_text(s) for s in plan.supporters])
        self.community.refresh()
        for key, box in self.resource_boxes.items():
            with QSignalBlocker(box):
                box.setChecked(key in plan.resources)
        typing = self.next_steps_timer.isActive()
        if not typing and self.next_steps.toPlainText().strip() != plan.next_steps:
            with QSignalBlocker(self.next_steps):
                self.next_steps.setPlainText(plan.next_steps)
        with QSignalBlocker(self.no_follow_up), QSignalBlocker(self.follow_up):
            self.no_follow_up.setChecked(plan.follow_up is None)
            if plan.follow_up is not None:
                self.follow_up.setDate(QDate(plan.follow_up))
        self.follow_up.setEnabled(plan.follow_up is not None)

    def _refresh_patient(self) -> None:
        plan = self.session.record.plan
        resources = {r.id: r for r in self.session.pack.content.support}
        none = html.escape(_("None yet"))
        texts = {
            "leaning": escaped(leaning_text(self.session)),
            "questions": _bullets([escaped(typed(q)) for q in plan.questions]) or none,
            "supporters": _bullets([escaped(supporter_text(s)) for s in plan.supporters]) or none,
            "resources": _bullets(
                [
                    f"<b>{escaped(resources[key].name)}</b><br>{resource_html(resources[key])}"
                    for key in plan.resources
                    if key in resources
                ]
            )
            or none,
            "community": _bullets([choice_html(c) for c in plan.community]) or none,
            "next_steps": escaped(typed(plan.next_steps)) or none,
            "follow_up": html.escape(
                follow_up_text(plan.follow_up) if plan.follow_up else _("No follow-up date")
            ),
        }
        for key, text in texts.items():
            self.patient_labels[key].setText(self._in_content_direction(text))


def leaning_text(session: Session) -> str:
    """The leaning in words: an option's name, 'Not sure yet', 'I want to decide later'."""
    leaning = session.record.plan.leaning
    if leaning is None:
        return _("Not chosen yet")
    if leaning in LEANINGS:
        return translate(LEANINGS[leaning])
    return session.pack.content.option(leaning.removeprefix("option:")).name


def follow_up_text(when: date) -> str:
    """A follow-up date written out in full for the current language (British for English)."""
    return format_date(when, "full")


def _bullets(items: list[str]) -> str:
    if not items:
        return ""
    return "<ul style='margin:0'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
