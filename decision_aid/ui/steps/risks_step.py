"""Risks step: each outcome's figures, the visible options side by side.

Benefits and harms get the same layout, size and heading style. Each option shows
the same kind of picture (icon array, bar, or words only, as the clinician picks per
outcome) with the sentence that says who, how many out of how many, and over what
time. An option the pack has no figure for shows the pack's reason instead.

An outcome's words and pictures are the pack's, shown in the patient's language: its
sentences are built from that language's catalog alone, and its pictures run in that
language's direction (Arabic fills from the right), whatever the screen language. Only
the clinician's controls ("Show as", "How we know") follow the screen.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import partial

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.icon_layout import CellState, cell_states
from decision_aid.content.model import Figure, Outcome
from decision_aid.content.risk_text import (
    certainty_text,
    figure_sentence,
    no_data_text,
    outcome_heading,
    reference_text,
    short_citation,
    short_count,
)
from decision_aid.i18n import N_, _, translate, using
from decision_aid.session.model import RiskView
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import direction
from decision_aid.ui.plain_text import plain_label, tooltip
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.widgets.icon_array import PERSON_DENOMINATORS, IconArray
from decision_aid.ui.widgets.risk_bar import RiskBar

VIEWS: dict[RiskView, str] = {
    "icons": N_("Icons"),
    "bar": N_("Bar"),
    "words": N_("Words"),
}
VIEW_NAMES: dict[RiskView, str] = {
    "icons": N_("Show as icon arrays"),
    "bar": N_("Show as bars"),
    "words": N_("Show in words only"),
}
GROUPS = (
    ("benefit", N_("Possible benefits")),
    ("harm", N_("Possible harms")),
)
PICTURE_STRETCH = 2
NO_DATA_STRETCH = 1
SWATCH = 18


def _scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    scaled = QFont(font)
    scaled.setPointSizeF(font.pointSizeF() * factor)
    scaled.setBold(bold)
    return scaled


def _label(text: str, *, font: QFont | None = None, name: str | None = None) -> QLabel:
    label = plain_label(text, wrap=True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setAccessibleName(name or text)
    if font is not None:
        label.setFont(font)
    return label


class RisksStep(StepPage):
    """The outcomes of the pack, as pictures side by side for the visible options."""

    step = "risks"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        heading = _label(self.title(), font=_scaled(self.font(), 1.5, bold=True))
        layout.addWidget(heading)
        outcomes = self.session.pack.content.outcomes
        intro = _(
            "Each picture shows the same group of people like you, once for each option. "
            "Compare the options side by side."
        )
        if not outcomes:
            intro = _("This pack has no figures to compare. The grid describes the options.")
        layout.addWidget(_label(intro))
        self.sections: dict[str, OutcomeSection] = {}
        for kind, group_title in GROUPS:
            group = [o for o in outcomes if o.kind == kind]
            if not group:
                continue
            layout.addWidget(
                _label(translate(group_title), font=_scaled(self.font(), 1.3, bold=True))
            )
            for outcome in group:
                section = OutcomeSection(outcome, self.session, patient=patient, parent=self)
                self.sections[outcome.id] = section
                layout.addWidget(section)
        layout.addStretch(1)
        self._rendered: dict[str, RiskView] = {}
        self.refresh()

    def refresh(self) -> None:
        visible = self.session.visible_options()
        for outcome_id, section in self.sections.items():
            view = self.session.risk_view(outcome_id)
            section.show_figures(visible, view)
            previous = self._rendered.get(outcome_id)
            self._rendered[outcome_id] = view
            if previous is not None and previous != view and self.isVisible():
                self._mark(outcome_id, view)

    def _mark(self, outcome_id: str, view: RiskView) -> None:
        """Record what was on screen; the clinician's page records it, not the mirror."""
        if not self.patient:
            self.session.mark_shown("risks", f"outcome:{outcome_id}", view)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if event.spontaneous():
            return
        for outcome_id in self.sections:
            self._mark(outcome_id, self.session.risk_view(outcome_id))


class OutcomeSection(QFrame):
    """One outcome: its question, who it is about, the pictures, certainty and sources."""

    def __init__(
        self, outcome: Outcome, session: Session, *, patient: bool, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.outcome = outcome
        # The session, not the page: a section keeps no reference cycle with its page.
        self.session = session
        self.patient = patient
        self.setFrameShape(QFrame.Shape.StyledPanel)
        with self.speaking():
            heading = outcome_heading(outcome)
            reference = reference_text(outcome)
            certainty = certainty_text(outcome.certainty)
        self.setAccessibleName(heading)
        base = parent.font()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = _label(heading, font=_scaled(base, 1.15, bold=True))
        top.addWidget(self.heading, 1)
        self.view_buttons: dict[RiskView, QPushButton] = {}
        self.view_group = QButtonGroup(self)
        if not patient:
            top.addWidget(_label(_("Show as:")), 0, Qt.AlignmentFlag.AlignTop)
            for view, text in VIEWS.items():
                button = QPushButton(translate(text))
                button.setCheckable(True)
                button.setAccessibleName(translate(VIEW_NAMES[view]))
                button.setAccessibleDescription(heading)
                button.setToolTip(translate(VIEW_NAMES[view]))
                self.view_group.addButton(button)
                self.view_buttons[view] = button
                button.toggled.connect(partial(self._chosen, view))
                top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(_label(reference))
        self.body = QWidget()
        self.legend = QWidget()
        self.body_layout = layout
        layout.addWidget(self.body)
        small = _scaled(base, 0.9)
        self.certainty = _label(certainty, font=small)
        layout.addWidget(self.certainty)
        references = {r.id: r for r in session.pack.content.references}
        cited = [references[c] for c in outcome.citations if c in references]
        with self.speaking():
            sources = "; ".join(short_citation(r.citation) for r in cited)
            sources = _("Sources: {sources}").format(sources=sources)
        self.sources = _label(sources, font=small)
        self.sources.setToolTip(tooltip("\n".join(r.citation for r in cited)))
        layout.addWidget(self.sources)
        self.how_button: QToolButton | None = None
        self.how_text: QLabel | None = None
        if not patient:
            details = [outcome.note] if outcome.note else []
            details += [r.citation for r in cited]
            self.how_button = QToolButton()
            self.how_button.setText(_("How we know"))
            self.how_button.setAccessibleName(_("How we know"))
            self.how_button.setAccessibleDescription(heading)
            self.how_button.setCheckable(True)
            self.how_button.setArrowType(Qt.ArrowType.RightArrow)
            self.how_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.how_text = _label("\n\n".join(details), font=small)
            self.how_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.how_text.hide()
            self.how_button.toggled.connect(self._toggle_how)
            layout.addWidget(self.how_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(self.how_text)
        self._shown: tuple[tuple[str, ...], RiskView] | None = None
        self.pictures: dict[str, IconArray | RiskBar] = {}
        self.sentences: dict[str, QLabel] = {}

    def speaking(self) -> AbstractContextManager[str]:
        """A context in which ``_`` speaks the patient's language (the pack's text is in it)."""
        return using(self.session.language)

    def _toggle_how(self, on: bool) -> None:
        assert self.how_button is not None and self.how_text is not None
        self.how_text.setVisible(on)
        self.how_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _chosen(self, view: RiskView, checked: bool) -> None:
        if checked:
            self.session.set_risk_view(self.outcome.id, view)

    @property
    def view(self) -> RiskView:
        return self._shown[1] if self._shown else "icons"

    def show_figures(self, visible: list[str], view: RiskView) -> None:
        """Show the figures of these options in this view (rebuilt only when either changes)."""
        button = self.view_buttons.get(view)
        if button is not None and not button.isChecked():
            with QSignalBlocker(button):
                button.setChecked(True)
        key = (tuple(visible), view)
        if key == self._shown:
            return
        self._shown = key
        with self.speaking():
            body = self._build_body(visible, view)
        body.setLayoutDirection(direction(self.session.language))
        old = self.body
        item = self.body_layout.replaceWidget(old, body)
        del item
        old.hide()
        old.deleteLater()
        self.body = body
        body.show()

    def _build_body(self, visible: list[str], view: RiskView) -> QWidget:
        """The options side by side, then the legend, as one new widget."""
        body = QWidget(self)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 4, 0, 4)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        outer.addLayout(grid)
        self.pictures = {}
        self.sentences = {}
        content = self.session.pack.content
        name_font = _scaled(self.font(), 1.0, bold=True)
        states: set[CellState] = set()
        for column, option_id in enumerate(visible):
            figure = self.outcome.figures[option_id]
            name = content.option(option_id).name
            grid.addWidget(_label(name, font=name_font), 0, column)
            # Pictures get more room than the reasons standing in for missing figures;
            # every picture of the outcome still gets the same width.
            narrow = figure.count is None and view != "words"
            grid.setColumnStretch(column, NO_DATA_STRETCH if narrow else PICTURE_STRETCH)
            sentence = _label(figure_sentence(self.outcome, figure))
            if figure.count is None or figure.out_of is None:
                reason = _label(no_data_text(figure.no_data or ""))
                reason.setFrameShape(QFrame.Shape.StyledPanel)
                reason.setMargin(8)
                # Across the picture, count and sentence rows, so it sets no row's height.
                grid.addWidget(reason, 1, column, 3, 1, Qt.AlignmentFlag.AlignTop)
                self.sentences[option_id] = reason
                continue
            if view == "words":
                sentence.setFont(_scaled(self.font(), 1.15))
                grid.addWidget(sentence, 1, column)
            else:
                picture = self._picture(figure, view)
                self.pictures[option_id] = picture
                grid.addWidget(picture, 1, column, Qt.AlignmentFlag.AlignTop)
                states.update(cell_states(figure.count, figure.out_of, picture.low, picture.high))
                if isinstance(picture, RiskBar):
                    count = _label(short_count(picture.count, picture.denominator))
                    grid.addWidget(count, 2, column)
                grid.addWidget(sentence, 3, column)
            self.sentences[option_id] = sentence
        self.legend = QWidget()
        if view != "words" and states:
            self._fill_legend(states, person=view == "icons")
            outer.addWidget(self.legend)
        return body

    def _picture(self, figure: Figure, view: RiskView) -> IconArray | RiskBar:
        assert figure.count is not None and figure.out_of is not None
        low = figure.range.low if figure.range else None
        high = figure.range.high if figure.range else None
        kind = self.outcome.kind
        event, over = self.outcome.event, figure.over
        if view == "bar":
            return RiskBar(
                figure.count, figure.out_of, low=low, high=high, kind=kind, event=event, over=over
            )
        return IconArray(
            figure.count, figure.out_of, low=low, high=high, kind=kind, event=event, over=over
        )

    def _fill_legend(self, states: set[CellState], *, person: bool) -> None:
        """What each kind of icon (or bar segment) means, for the kinds on screen."""
        person = person and self.outcome.denominator in PERSON_DENOMINATORS
        entries = (
            (CellState.AFFECTED, _("will {event}").format(event=self.outcome.event)),
            (CellState.UNAFFECTED, _("will not")),
            (CellState.MAYBE_NOT, _("in the best estimate, but the range says maybe not")),
            (CellState.MAYBE, _("not in the best estimate, but the range says maybe")),
        )
        legend = QGridLayout(self.legend)
        legend.setContentsMargins(0, 8, 0, 0)
        row = 0
        for state, text in entries:
            if state not in states and state not in (CellState.AFFECTED, CellState.UNAFFECTED):
                continue
            size = max(SWATCH, self.fontMetrics().height() * 4 // 3)
            icon = QLabel()
            icon.setPixmap(IconArray.swatch(state, self.outcome.kind, size, person=person))
            icon.setAccessibleName(text)
            legend.addWidget(icon, row, 0, Qt.AlignmentFlag.AlignTop)
            legend.addWidget(_label(text), row, 1)
            row += 1
        legend.setColumnStretch(1, 1)
