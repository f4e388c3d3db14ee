"""Show-of-hands entry, for a group without phones: the facilitator counts raised hands
and adds them to the same counts as the phones' answers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.model import Pack
from decision_aid.group.counts import MAX_HANDS, SCALE, UNSURE, GroupCounts, GroupError
from decision_aid.i18n import _, translate


def _people() -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, MAX_HANDS)
    return box


class HandsPanel(QGroupBox):
    """Three entries: people in the room, a concern's step, a leaning."""

    def __init__(self, counts: GroupCounts, pack: Pack, parent: QWidget | None = None) -> None:
        super().__init__(_("Show of hands"), parent)
        self.counts = counts
        layout = QVBoxLayout(self)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)

        self.room = _people()
        self.add_room = QPushButton(_("Add people"))
        room_form = QFormLayout()
        room_form.addRow(_("People answering by hand"), self.room)
        layout.addLayout(room_form)
        layout.addWidget(self.add_room)

        self.concern = QComboBox()
        for value in pack.content.values:
            self.concern.addItem(value.concern, value.id)
        self.step = QComboBox()
        for index, words in enumerate(SCALE):
            self.step.addItem(translate(words), index)
        self.concern_people = _people()
        self.add_concern = QPushButton(_("Add hands for this answer"))
        concern_form = QFormLayout()
        concern_form.addRow(_("Concern"), self.concern)
        concern_form.addRow(_("Answer"), self.step)
        concern_form.addRow(_("Hands raised"), self.concern_people)
        layout.addLayout(concern_form)
        layout.addWidget(self.add_concern)

        self.leaning = QComboBox()
        for option in pack.content.options:
            self.leaning.addItem(option.name, f"option:{option.id}")
        self.leaning.addItem(_("Not sure yet"), UNSURE)
        self.leaning_people = _people()
        self.add_leaning = QPushButton(_("Add hands for this leaning"))
        leaning_form = QFormLayout()
        leaning_form.addRow(_("Leaning"), self.leaning)
        leaning_form.addRow(_("Hands raised"), self.leaning_people)
        layout.addLayout(leaning_form)
        row = QHBoxLayout()
        row.addWidget(self.add_leaning)
        layout.addLayout(row)
        layout.addWidget(self.problem)

        self.add_room.clicked.connect(
            lambda: self._try(lambda: counts.add_hands_people(self.room.value()))
        )
        self.add_concern.clicked.connect(
            lambda: self._try(
                lambda: counts.add_hands(
                    str(self.concern.currentData()),
                    int(self.step.currentData()),
                    self.concern_people.value(),
                )
            )
        )
        self.add_leaning.clicked.connect(
            lambda: self._try(
                lambda: counts.add_hands_leaning(
                    str(self.leaning.currentData()), self.leaning_people.value()
                )
            )
        )
        if not pack.content.values:
            for widget in (self.concern, self.step, self.concern_people, self.add_concern):
                widget.setEnabled(False)

    def _try(self, action: Callable[[], None]) -> None:
        try:
            action()
        except GroupError as error:
            self.problem.setText(str(error))
            self.problem.setVisible(True)
            return
        self.problem.setVisible(False)
