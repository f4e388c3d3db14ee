"""The journey's reading screens: the options in brief, the patient's group, one outcome each.

The risk pictures are the consultation's own (decision_aid.ui.steps.outcome_section, as
in the patient's view): the same icon arrays, sentences and legends, one outcome per
screen, always as icon arrays.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from decision_aid.content.model import PackOutcome
from decision_aid.i18n import _, translate
from decision_aid.session.state import Session
from decision_aid.ui.kiosk.parts import Choices, Screen, words
from decision_aid.ui.steps.base import STEP_TITLES
from decision_aid.ui.steps.outcome_section import OutcomeSection

UNKNOWN = ("unknown",)
"""The key of "I don't know" on the group screen (never equal to a group's id)."""


class OptionsScreen(Screen):
    """Every option of the pack: its name and, in a sentence or two, what it is."""

    def __init__(self, session: Session) -> None:
        super().__init__(_("Your options"))
        self.content.addWidget(words(_("There is more than one choice. Here they are in brief.")))
        for option in session.pack.content.options:
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            layout = QVBoxLayout(box)
            layout.addWidget(words(option.name, bold=True, scale=1.1))
            layout.addWidget(words(option.description))
            self.content.addWidget(box)
        self.content.addStretch(1)


class GroupScreen(Screen):
    """For a pack whose figures depend on a group: which group, or "I don't know"."""

    def __init__(self, session: Session) -> None:
        super().__init__(_("Your group"))
        self.session = session
        baseline = session.pack.content.baseline
        assert baseline is not None
        self.content.addWidget(words(baseline.measure))
        self.content.addWidget(
            words(_("Do you know which group you are in? If not, that is fine."), bold=True)
        )
        items: list[tuple[object, str]] = [(g.id, g.label) for g in baseline.groups]
        self.choices = Choices([*items, (UNKNOWN, _("I don't know"))])
        self.choices.chosen.connect(self._chosen)
        self.content.addWidget(self.choices)
        self.content.addStretch(1)

    def _chosen(self, key: object) -> None:
        self.session.set_risk_group(None if key == UNKNOWN else str(key))


class OutcomeScreen(Screen):
    """One outcome, as icon arrays side by side, one per option."""

    def __init__(self, session: Session, outcome: PackOutcome) -> None:
        super().__init__(translate(STEP_TITLES["risks"]))
        self.session = session
        # The section fits its pictures to the width it gets: a scroll bar that came and
        # went with its height would change that width, and so the height, for ever.
        self.area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.section = OutcomeSection(outcome, session, patient=True, parent=holder)
        layout.addWidget(self.section)
        self.content.addWidget(holder)
        self.content.addStretch(1)

    def shown(self) -> None:
        self.section.set_viewport_height(self.area.viewport().height())
        self.section.show_figures(self.session.visible_options(), "icons", self.session.risk_group)
