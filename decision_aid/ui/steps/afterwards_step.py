"""Afterwards (optional): the three CollaboRATE items, 0 to 9, answered by the patient alone.

CollaboRATE: Elwyn G, Barr PJ, Grande SW, et al. Developing CollaboRATE: a fast and
frugal patient-reported measure of shared decision making in clinical encounters.
Patient Educ Couns 2013;93:102-7. Scored top-box (all three 9) by
:func:`decision_aid.session.scoring.collaborate_top_box`.

CollaboRATE asks the patient how well the clinician involved them, so the patient answers
where the clinician cannot watch: in the patient's view (on a second screen, or the
screen turned to them), or later at the clinic's kiosk with a code the clinician gives
(decision_aid.ui.steps.kiosk_collaborate). The clinician's page asks them to hand over
and says only how many questions have been answered (and whether at the kiosk), never
the answers or the score. Answers from the kiosk stay as the patient gave them.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import N_, _, ngettext, translate
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.plain_text import plain_label
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.steps.kiosk_collaborate import KioskCollaboratePanel
from decision_aid.ui.steps.plan_parts import heading_label, italic

ITEMS: dict[str, str] = {
    "explained": N_("How much effort was made to help you understand your health issues?"),
    "listened": N_(
        "How much effort was made to listen to the things that matter most to you "
        "about your health issues?"
    ),
    "included": N_(
        "How much effort was made to include what matters most to you in choosing what to do next?"
    ),
}
"""The CollaboRATE items, by the session's field names, in the instrument's order."""
LOWEST = N_("0 = No effort was made")
HIGHEST = N_("9 = Every effort was made")
SCALE = range(10)
WIDTH = 72
"""Preferred width of a scale, in average characters: wide targets, short eye travel."""
SOURCE = N_("CollaboRATE, Elwyn and colleagues, 2013.")


class ScaleButtons(QWidget):
    """Ten radio buttons, 0 to 9, for one CollaboRATE item, with the end labels below:
    '0 = ...' starting under 0 and '9 = ...' ending under 9 (mirrored right to left)."""

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for value in SCALE:
            button = QRadioButton(str(value))
            if value == SCALE[0]:
                name, align = translate(LOWEST), Qt.AlignmentFlag.AlignLeft
            elif value == SCALE[-1]:
                name, align = translate(HIGHEST), Qt.AlignmentFlag.AlignRight
            else:
                name, align = str(value), Qt.AlignmentFlag.AlignHCenter
            button.setAccessibleName(name)
            button.setAccessibleDescription(question)
            self.group.addButton(button, value)
            self.buttons.append(button)
            grid.addWidget(button, 0, value, align)
            grid.setColumnStretch(value, 1)
        half = len(SCALE) // 2
        self.low = plain_label(translate(LOWEST), wrap=True)
        self.high = plain_label(translate(HIGHEST), wrap=True)
        self.high.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.low, 1, 0, 1, half, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.high, 1, half, 1, len(SCALE) - half, Qt.AlignmentFlag.AlignTop)

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(
            max(hint.width(), self.fontMetrics().averageCharWidth() * WIDTH), hint.height()
        )

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def set_value(self, value: int | None) -> None:
        if value == self.value():
            return
        with QSignalBlocker(self.group):
            self.group.setExclusive(False)
            for index, button in enumerate(self.buttons):
                button.setChecked(index == value)
            self.group.setExclusive(True)


class AfterwardsStep(StepPage):
    """Step 7: how much effort was made to involve the patient (CollaboRATE).

    In the patient's view: the three questions. In the clinician's window: a request to
    hand the questions to the patient, and how many are answered.
    """

    step = "afterwards"
    patient_view_requested = Signal()
    """The clinician asks for the patient's view, where the patient answers."""
    kiosk_answers_read = Signal(object, object)
    """The patient's answers from the kiosk, decrypted (OpenedAnswers, Spool)."""

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        self.setAccessibleName(self.title())
        self.scales: dict[str, ScaleButtons] = {}
        self.hand_over: QPushButton | None = None
        self.kiosk: KioskCollaboratePanel | None = None
        self.kiosk_note: QLabel | None = None
        layout = QVBoxLayout(self)
        if patient:
            self._build_questions(layout)
        else:
            self._build_hand_over(layout)
        self.progress = plain_label(wrap=True)
        self.progress.setAccessibleName(_("Answered"))
        layout.addWidget(self.progress)
        layout.addWidget(italic(plain_label(translate(SOURCE), wrap=True)))
        layout.addStretch(1)
        self.refresh()

    def _build_hand_over(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            plain_label(
                _(
                    "Three optional questions for the patient about how much they were "
                    "involved (CollaboRATE). The patient answers them privately, in the "
                    "patient's view; their answers and score are not shown on this screen."
                ),
                wrap=True,
            )
        )
        self.hand_over = QPushButton(_("Show the questions to the patient"))
        self.hand_over.setAccessibleName(_("Show the questions to the patient"))
        self.hand_over.setToolTip(_("Opens the patient's view, where the patient answers"))
        self.hand_over.clicked.connect(self.patient_view_requested)
        row = QHBoxLayout()
        row.addWidget(self.hand_over)
        row.addStretch(1)
        layout.addLayout(row)
        self.kiosk = KioskCollaboratePanel(self.session)
        self.kiosk.answers_read.connect(self.kiosk_answers_read)
        layout.addWidget(self.kiosk)

    def _build_questions(self, layout: QVBoxLayout) -> None:
        layout.addWidget(
            plain_label(
                _(
                    "These three questions are optional. "
                    "Thinking about the appointment you have just had:"
                ),
                wrap=True,
            )
        )
        layout.addWidget(
            plain_label(_("Your answers are not shown on your clinician's screen."), wrap=True)
        )
        self.kiosk_note = plain_label(wrap=True)
        layout.addWidget(self.kiosk_note)
        for number, (item, question) in enumerate(ITEMS.items(), start=1):
            text = translate(question)
            box = QGroupBox()
            box.setAccessibleName(text)
            inner = QVBoxLayout(box)
            inner.addWidget(heading_label(f"{number}. {text}"))
            scale = ScaleButtons(text)
            scale.group.idClicked.connect(
                lambda value, item=item: self.session.set_collaborate(item, value)
            )
            # A stretch beside the scale, not an alignment: the layout then asks the scale's
            # wrapped end labels for their height at the width they really get.
            row = QHBoxLayout()
            row.addWidget(scale)
            row.addStretch(1)
            inner.addLayout(row)
            self.scales[item] = scale
            layout.addWidget(box)

    def _kiosk_note(self) -> None:
        """In the patient's view: that the answers came from the kiosk, or the code to use
        there."""
        from decision_aid.kiosk.codes import on_screen

        if self.kiosk_note is None:
            return
        kiosk = self.session.record.collaborate.kiosk
        text = ""
        if self.session.answered_at_kiosk:
            text = _("You answered these questions privately at the kiosk.")
        elif kiosk is not None and kiosk.answered is None and self.session.clock() < kiosk.expires:
            text = _(
                "You can answer them later instead, at the kiosk in the waiting room: tap "
                '"I have seen my clinician" and type the code {code}.'
            ).format(code=on_screen(kiosk.code))
        self.kiosk_note.setText(text)
        self.kiosk_note.setVisible(bool(text))

    def answered(self) -> int:
        """How many of the three questions the patient has answered."""
        answers = self.session.record.collaborate
        return sum(getattr(answers, item) is not None for item in ITEMS)

    def refresh(self) -> None:
        answers = self.session.record.collaborate
        at_kiosk = self.session.answered_at_kiosk
        for item, scale in self.scales.items():
            scale.set_value(getattr(answers, item))
            scale.setEnabled(not at_kiosk)
        if self.kiosk is not None:
            self.kiosk.refresh()
        self._kiosk_note()
        count = self.answered()
        if self.patient:
            text = _("Thank you for answering.") if count == len(ITEMS) else ""
        elif at_kiosk:
            text = ngettext(
                "The patient answered {n} of the three questions privately at the kiosk.",
                "The patient answered {n} of the three questions privately at the kiosk.",
                count,
            ).format(n=count)
        elif count == len(ITEMS):
            text = _("The patient has answered all three questions.")
        elif count == 0:
            text = _("The patient has not answered yet.")
        else:
            text = ngettext(
                "The patient has answered {n} of the three questions.",
                "The patient has answered {n} of the three questions.",
                count,
            ).format(n=count)
        self.progress.setText(text)
        self.progress.setVisible(bool(text))
