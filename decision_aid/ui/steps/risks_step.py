"""Risks step: each outcome's figures, the visible options side by side.

Benefits and harms get the same layout, size and heading style. Each outcome is one
:class:`~decision_aid.ui.steps.outcome_section.OutcomeSection`, sized so that it fits
the screen without scrolling (its pictures shrink to the window's height, down to a
readable size).

When the pack gives figures per baseline group (for example a 10-year risk of 10 or
of 20 out of 100), the clinician picks the patient's group once, at the top; the
patient's view shows the group chosen. This chooses among the figures the pack
publishes and says so: nothing here works out a personal risk. When the step mixes
pictures of 100 and of 1000 people, it says so in large type.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, QSignalBlocker
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QButtonGroup,
    QFrame,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.model import Baseline, PackOutcome
from decision_aid.content.risk_difference import mixed_denominators_text
from decision_aid.i18n import N_, _, translate
from decision_aid.session.model import RiskView
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.plain_text import literal_ampersands
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.steps.outcome_section import (
    VIEW_NAMES,
    VIEWS,
    OutcomeSection,
    text_label,
)

__all__ = ["VIEWS", "VIEW_NAMES", "GroupChooser", "OutcomeSection", "RisksStep"]

GROUPS = (
    ("benefit", N_("Possible benefits")),
    ("harm", N_("Possible harms")),
)


class GroupChooser(QFrame):
    """The patient's baseline group: radio buttons for the clinician, words for the patient."""

    def __init__(
        self, baseline: Baseline, binding: SessionBinding, *, patient: bool, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.binding = binding
        self.baseline = baseline
        self.patient = patient
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        title = (
            _("Which group are you in?")
            if patient
            else _("Which group is closest to this patient?")
        )
        self.title = text_label(title, scale=1.15, bold=True, parent=self)
        layout.addWidget(self.title)
        layout.addWidget(text_label(baseline.measure))
        self.buttons: dict[str, QRadioButton] = {}
        self.group = QButtonGroup(self)
        self.choice = text_label("", scale=1.1, bold=True, parent=self)
        self.choice.setVisible(patient)  # the clinician sees the choice in the buttons
        if patient:
            layout.addWidget(self.choice)
        else:
            for group in baseline.groups:
                button = QRadioButton(literal_ampersands(group.label))
                button.setAccessibleName(group.label)
                button.setAccessibleDescription(title)
                self.group.addButton(button)
                self.buttons[group.id] = button
                button.toggled.connect(partial(self._chosen, group.id))
                layout.addWidget(button)
        if patient:
            scope = _(
                "Your doctor or nurse chooses the group closest to you. The figures are "
                "the ones the studies give for that group. This aid does not work out "
                "your own personal risk."
            )
        else:
            scope = _(
                "These are the groups the pack's studies give figures for. Choose the one "
                "closest to the patient's own risk, for example from the risk score in "
                "their notes. This aid does not work out a personal risk."
            )
        self.scope = text_label(scope)
        layout.addWidget(self.scope)
        self.refresh()

    def _chosen(self, group_id: str, checked: bool) -> None:
        if checked:
            self.binding.session.set_risk_group(group_id)

    def refresh(self) -> None:
        chosen = self.binding.session.risk_group
        group = self.binding.session.pack.content.baseline_group(chosen)
        if group is None:
            self.choice.setText(_("Not chosen yet: the figures that depend on it are not shown."))
        else:
            self.choice.setText(_("These figures are for: {group}").format(group=group.label))
        self.choice.setAccessibleName(self.choice.text())
        if self.patient:
            return
        self.group.setExclusive(False)
        for group_id, button in self.buttons.items():
            with QSignalBlocker(button):
                button.setChecked(group_id == chosen)
        self.group.setExclusive(True)


class RisksStep(StepPage):
    """The outcomes of the pack, as pictures side by side for the visible options."""

    step = "risks"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        if not patient:  # the patient's view names the step above every page
            layout.addWidget(text_label(self.title(), scale=1.5, bold=True, parent=self))
        content = self.session.pack.content
        outcomes = content.outcomes
        intro = _(
            "Each picture shows the same group of people like you, once for each option. "
            "Compare the options side by side."
        )
        if not outcomes:
            intro = _("This pack has no figures to compare. The grid describes the options.")
        layout.addWidget(text_label(intro))
        self.chooser: GroupChooser | None = None
        if content.baseline is not None and content.grouped:
            self.chooser = GroupChooser(content.baseline, binding, patient=patient, parent=self)
            layout.addWidget(self.chooser)
        self.mixed = text_label(mixed_denominators_text(), scale=1.3, bold=True, parent=self)
        self.mixed.setFrameShape(QFrame.Shape.StyledPanel)
        self.mixed.setMargin(8)
        self.mixed.hide()
        layout.addWidget(self.mixed)
        self.sections: dict[str, OutcomeSection] = {}
        for kind, group_title in GROUPS:
            group = [o for o in outcomes if o.kind == kind]
            if not group:
                continue
            layout.addWidget(text_label(translate(group_title), scale=1.3, bold=True, parent=self))
            for outcome in group:
                section = OutcomeSection(outcome, self.session, patient=patient, parent=self)
                self.sections[outcome.id] = section
                layout.addWidget(section)
        layout.addStretch(1)
        self._rendered: dict[str, tuple[RiskView, str | None]] = {}
        self._viewport: QWidget | None = None
        self.refresh()

    def refresh(self) -> None:
        visible = self.session.visible_options()
        group = self.session.risk_group
        if self.chooser is not None:
            self.chooser.refresh()
        for outcome_id, section in self.sections.items():
            view = self.session.risk_view(outcome_id)
            section.show_figures(visible, view, group)
            previous = self._rendered.get(outcome_id)
            self._rendered[outcome_id] = (view, group)
            if previous is not None and previous != (view, group) and self.isVisible():
                self._mark(outcome_id, view)
        self._scale_notes()

    def replace_outcome(self, pack_outcome: PackOutcome) -> None:
        """Show a new version of one outcome (same id) without building the others again.

        For the author's live preview, where an edit changes one outcome at a time.
        """
        old = self.sections[pack_outcome.id]
        section = OutcomeSection(pack_outcome, self.session, patient=self.patient, parent=self)
        layout = self.layout()
        assert layout is not None
        layout.replaceWidget(old, section)
        old.hide()
        old.deleteLater()
        self.sections[pack_outcome.id] = section
        self._rendered.pop(pack_outcome.id, None)
        self.refresh()
        self._fit_sections()

    def _scale_notes(self) -> None:
        """Say in large type when the pictures on this step count different numbers of people."""
        shown = {
            outcome_id: s.outcome.denominator
            for outcome_id, s in self.sections.items()
            if s.outcome is not None
        }
        mixed = len(set(shown.values())) > 1
        self.mixed.setVisible(mixed)
        for outcome_id, section in self.sections.items():
            denominator = shown.get(outcome_id)
            note = ""
            if mixed and denominator is not None:
                note = _("Pictures of {denominator} people").format(denominator=denominator)
            section.set_scale_note(note)

    def _mark(self, outcome_id: str, view: RiskView) -> None:
        """Record what was on screen; the clinician's page records it, not the mirror."""
        if self.patient or self.sections[outcome_id].outcome is None:
            return  # a grouped outcome shows no figures until a group is chosen
        self.session.mark_shown("risks", f"outcome:{outcome_id}", view)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._watch_viewport()
        if event.spontaneous():
            return
        for outcome_id in self.sections:
            self._mark(outcome_id, self.session.risk_view(outcome_id))

    # -- fitting each outcome to the screen ---------------------------------------------

    def _watch_viewport(self) -> None:
        """Follow the height of the scroll area this page is shown in."""
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        if (
            viewport is None
            or not isinstance(area, QAbstractScrollArea)
            or viewport is self._viewport
        ):
            self._fit_sections()
            return
        if self._viewport is not None:
            self._viewport.removeEventFilter(self)
        self._viewport = viewport
        viewport.installEventFilter(self)
        self._fit_sections()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self._fit_sections()
        return super().eventFilter(watched, event)

    def _fit_sections(self) -> None:
        if self._viewport is None:
            return
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        spare = margins.top() + margins.bottom() if margins is not None else 0
        height = self._viewport.height() - spare
        for section in self.sections.values():
            section.set_viewport_height(height)
