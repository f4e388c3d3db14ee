"""Afterwards (optional, patient-facing): the three CollaboRATE items, 0 to 9.

CollaboRATE: Elwyn G, Barr PJ, Grande SW, et al. Developing CollaboRATE: a fast and
frugal patient-reported measure of shared decision making in clinical encounters.
Patient Educ Couns 2013;93:102-7. Scored top-box (all three 9) by
:func:`decision_aid.session.scoring.collaborate_top_box`.

The patient answers here, so the page is interactive in the patient's mirror too,
only larger.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QSize, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import N_, _, translate
from decision_aid.session import scoring
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.plain_text import plain_label
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.steps.plan_step import heading_label, italic

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


class ScaleButtons(QWidget):
    """Ten radio buttons, 0 to 9, for one CollaboRATE item, with the end labels below."""

    def __init__(self, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        for value in SCALE:
            button = QRadioButton(str(value))
            if value == SCALE[0]:
                name = translate(LOWEST)
            elif value == SCALE[-1]:
                name = translate(HIGHEST)
            else:
                name = str(value)
            button.setAccessibleName(name)
            button.setAccessibleDescription(question)
            self.group.addButton(button, value)
            self.buttons.append(button)
            if value != SCALE[0]:
                row.addStretch(1)
            row.addWidget(button)
        column.addLayout(row)
        low, high = (
            plain_label(translate(LOWEST), wrap=True),
            plain_label(translate(HIGHEST), wrap=True),
        )
        high.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        ends = QHBoxLayout()
        ends.addWidget(low, 1, Qt.AlignmentFlag.AlignTop)
        ends.addWidget(high, 1, Qt.AlignmentFlag.AlignTop)
        column.addLayout(ends)

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
    """Step 8: how much effort was made to involve the patient (CollaboRATE)."""

    step = "afterwards"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        self.setAccessibleName(self.title())
        layout = QVBoxLayout(self)
        intro = plain_label(
            _(
                "These three questions are optional. "
                "Thinking about the appointment you have just had:"
            ),
            wrap=True,
        )
        layout.addWidget(intro)
        self.scales: dict[str, ScaleButtons] = {}
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
        self.score = plain_label(wrap=True)
        self.score.setAccessibleName(_("CollaboRATE score"))
        layout.addWidget(self.score)
        source = plain_label(_("CollaboRATE, Elwyn and colleagues, 2013."), wrap=True)
        italic(source)
        layout.addWidget(source)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        answers = self.session.record.collaborate
        for item, scale in self.scales.items():
            scale.set_value(getattr(answers, item))
        top = scoring.collaborate_top_box(self.session.record)
        if top is None:
            self.score.setText(_("Answer all three to see the score."))
        else:
            self.score.setText(
                _("Top score on all three: {answer}").format(answer=_("yes") if top else _("no"))
            )
