"""One outcome on the risks step: its question, the pictures side by side, what changes.

Each visible option gets one column: its name, its picture (icon array, bar, or words
only, as the clinician picks), the sentence that says who, how many out of how many
and over what time, and, where the option changes the outcome against the pack's "no
treatment", a label in the changed people's colour ("4 people will not have a stroke
because of “Take a statin”. Without it, they would."). A striped icon is explained
under the picture that has it. One legend under the columns names the event's
colour; the heading says in a word whether the event is good or bad.

An outcome whose figures depend on the patient's baseline group shows that group's
figures only, and says plainly that it waits for a group until one is chosen.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import partial

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QResizeEvent
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

from decision_aid.content.icon_layout import (
    CellState,
    Palette,
    cell_states,
    draws_range,
    palette,
)
from decision_aid.content.model import Figure, Outcome, PackOutcome
from decision_aid.content.risk_difference import (
    Difference,
    compare_count,
    difference_maybe_text,
    difference_sentence,
    differences,
    outcome_zoom,
    valence_text,
    zoom_text,
)
from decision_aid.content.risk_text import (
    certainty_text,
    figure_notes,
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
from decision_aid.ui.language import direction
from decision_aid.ui.plain_text import plain_label, tooltip
from decision_aid.ui.type_scale import SCALE, relative_font, rescale
from decision_aid.ui.widgets.figure_column import FigureColumn
from decision_aid.ui.widgets.icon_array import PERSON_DENOMINATORS, IconArray
from decision_aid.ui.widgets.legend_parts import LegendIcon, LegendText
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
PICTURE_STRETCH = 2
NO_DATA_STRETCH = 1
MIN_PICTURE = 150
"""The pictures never shrink below this height to fit the screen (larger text scrolls)."""
MIN_PICTURE_LINES = 5
"""Nor below this many lines of the text beside them: with larger text, the people in the
pictures stay in proportion to the words (and the outcome scrolls)."""
FIT_SLACK = 6
"""Pixels kept free below an outcome that fits the screen."""
PATIENT_WORDS_FLOOR = 0.85
"""In the patient's view, when the pictures are at their smallest and an outcome is still
taller than the screen (long languages, four options), its words shrink in steps of
``WORDS_STEP`` down to this share of the patient's size: still 1.2 times the clinician's."""
WORDS_STEP = 0.05


def text_label(
    text: str,
    *,
    scale: float | None = None,
    bold: bool | None = None,
    name: str | None = None,
    parent: QWidget | None = None,
) -> QLabel:
    """A wrapped plain label, its accessible name the text itself unless given.

    ``scale`` and ``bold``: its text ``scale`` times the size of the text around it (and
    bold), following View › Larger text (:func:`~decision_aid.ui.type_scale.relative_font`).
    """
    label = plain_label(text, wrap=True, parent=parent)
    label.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
    label.setAccessibleName(name or text)
    if scale is not None or bold is not None:
        relative_font(label, 1.0 if scale is None else scale, bold=bold)
    return label


def any_stratum(pack_outcome: PackOutcome, session: Session) -> Outcome:
    """A set of the outcome's figures, for what every group shares (its question)."""
    return pack_outcome.strata(session.pack.content.baseline)[0][1]


class OutcomeSection(QFrame):
    """One outcome: its question, who it is about, the pictures, certainty and sources."""

    def __init__(
        self, pack_outcome: PackOutcome, session: Session, *, patient: bool, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.pack_outcome = pack_outcome
        # The session, not the page: a section keeps no reference cycle with its page.
        self.session = session
        self.patient = patient
        self.outcome: Outcome | None = None
        self.viewport_height: int | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        general = any_stratum(pack_outcome, session)
        with self.speaking():
            question = outcome_heading(general)
        self.setAccessibleName(question)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.heading = text_label(question, scale=1.15, bold=True, parent=self)
        titles.addWidget(self.heading)
        tags = QHBoxLayout()
        tags.setSpacing(24)
        self.valence = self._valence_tag(general)
        if self.valence is not None:
            tags.addWidget(self.valence)
        self.scale = text_label("", scale=1.25, bold=True, parent=self)
        self.scale.setWordWrap(False)
        self.scale.hide()
        tags.addWidget(self.scale)
        tags.addStretch(1)
        titles.addLayout(tags)
        top.addLayout(titles, 1)
        self.view_buttons: dict[RiskView, QPushButton] = {}
        self.view_group = QButtonGroup(self)
        if not patient:
            top.addWidget(text_label(_("Show as:")), 0, Qt.AlignmentFlag.AlignTop)
            for view, text in VIEWS.items():
                button = QPushButton(translate(text))
                button.setCheckable(True)
                button.setAccessibleName(translate(VIEW_NAMES[view]))
                button.setAccessibleDescription(question)
                button.setToolTip(translate(VIEW_NAMES[view]))
                self.view_group.addButton(button)
                self.view_buttons[view] = button
                button.toggled.connect(partial(self._chosen, view))
                top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.reference = text_label("")
        layout.addWidget(self.reference)
        self.body = QWidget()
        self.legend = QWidget()
        self.body_layout = layout
        layout.addWidget(self.body)
        references = {r.id: r for r in session.pack.content.references}
        cited = [references[c] for c in pack_outcome.citations if c in references]
        self.cited = cited
        with self.speaking():  # the pack's words, so the patient's language
            sources = "; ".join(short_citation(r.citation) for r in cited)
            sources = _("Sources: {sources}").format(sources=sources)
            certainty = certainty_text(pack_outcome.certainty)
        self.certainty = text_label(certainty)
        self.certainty.setWordWrap(False)  # one short line; the sources wrap beside it
        self.sources = text_label(sources)
        self.sources.setToolTip(tooltip("\n".join(r.citation for r in cited)))
        notes = QHBoxLayout()
        notes.setSpacing(16)
        notes.addWidget(self.certainty, 0, Qt.AlignmentFlag.AlignTop)
        notes.addWidget(self.sources, 1, Qt.AlignmentFlag.AlignTop)
        self.how_button: QToolButton | None = None
        self.how_text: QLabel | None = None
        if not patient:
            self.how_button = QToolButton()
            self.how_button.setText(_("How we know"))
            self.how_button.setAccessibleName(_("How we know"))
            self.how_button.setAccessibleDescription(question)
            self.how_button.setCheckable(True)
            self.how_button.setArrowType(Qt.ArrowType.RightArrow)
            self.how_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.how_text = text_label("")
            self.how_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.how_text.hide()
            self.how_button.toggled.connect(self._toggle_how)
            notes.addWidget(self.how_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(notes)
        if self.how_text is not None:
            layout.addWidget(self.how_text)
        self._shown: tuple[tuple[str, ...], RiskView, str | None, bool] | None = None
        self.pictures: dict[str, IconArray | RiskBar] = {}
        self.sentences: dict[str, QLabel] = {}
        self.changes: dict[str, QLabel] = {}
        self.range_notes: dict[str, list[QLabel]] = {}
        self.waiting: QLabel | None = None

    # -- the parts ------------------------------------------------------------------------

    def _valence_tag(self, outcome: Outcome) -> QWidget | None:
        """The event's valence in colour and word, beside the question."""
        word = valence_text(outcome.event_valence)
        if not word:
            return None
        tag = QWidget(self)
        row = QHBoxLayout(tag)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        colours = self._colours(outcome, None)
        row.addWidget(LegendIcon(CellState.AFFECTED, colours, person=True, parent=tag))
        label = text_label(word, bold=True, parent=tag)
        label.setWordWrap(False)
        row.addWidget(label)
        tag.setAccessibleName(word)
        return tag

    @staticmethod
    def _colours(outcome: Outcome, difference: Difference | None) -> Palette:
        return palette(outcome.event_valence, difference.change if difference else None)

    def _toggle_how(self, on: bool) -> None:
        assert self.how_button is not None and self.how_text is not None
        self.how_text.setVisible(on)
        self.how_button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

    def _chosen(self, view: RiskView, checked: bool) -> None:
        if checked:
            self.session.set_risk_view(self.pack_outcome.id, view)

    @property
    def view(self) -> RiskView:
        return self._shown[1] if self._shown else "icons"

    def set_scale_note(self, text: str) -> None:
        """A note in large type on how many people this outcome's pictures count ('' none)."""
        self.scale.setText(text)
        self.scale.setAccessibleName(text)
        self.scale.setVisible(bool(text))

    def speaking(self) -> AbstractContextManager[str]:
        """A context in which ``_`` speaks the patient's language (the pack's text is in it):
        an outcome's sentences are built from that language's catalog alone."""
        return using(self.session.language)

    # -- showing figures ------------------------------------------------------------------

    def show_figures(self, visible: list[str], view: RiskView, group: str | None) -> None:
        """Show these options' figures in this view for this group (rebuilt on a change)."""
        button = self.view_buttons.get(view)
        if button is not None and not button.isChecked():
            with QSignalBlocker(button):
                button.setChecked(True)
        baseline = self.session.pack.content.baseline_group(group)
        key = (tuple(visible), view, group, self.isRightToLeft())
        if key == self._shown:
            return
        self._shown = key
        self.outcome = self.pack_outcome.stratum(baseline)
        if self.outcome is not None:
            with self.speaking():
                self.reference.setText(reference_text(self.outcome))
            self.reference.setVisible(True)
            details = [self.outcome.note] if self.outcome.note else []
        else:
            self.reference.setVisible(False)
            details = [self.pack_outcome.note] if self.pack_outcome.note else []
        if self.how_text is not None:
            self.how_text.setText("\n\n".join([*details, *(r.citation for r in self.cited)]))
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
        self.fit()

    def _waiting_body(self) -> QWidget:
        if self.patient:
            text = _(
                "These figures depend on which group you are in. They will show here once "
                "your doctor or nurse has chosen the group closest to you."
            )
        else:
            text = _(
                "These figures depend on the patient's group. Choose the group at the top "
                "of this step to show them."
            )
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.waiting = text_label(text, scale=1.1, parent=body)
        self.waiting.setFrameShape(QFrame.Shape.StyledPanel)
        self.waiting.setMargin(8)
        layout.addWidget(self.waiting)
        return body

    def _build_body(self, visible: list[str], view: RiskView) -> QWidget:
        """The options side by side, then the legend, as one new widget."""
        self.pictures = {}
        self.sentences = {}
        self.changes = {}
        self.range_notes = {}
        self.waiting = None
        outcome = self.outcome
        self.legend = QWidget()
        if outcome is None:
            return self._waiting_body()
        body = QWidget(self)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 4, 0, 4)
        outer.setSpacing(4)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        outer.addLayout(grid)
        content = self.session.pack.content
        diffs = differences(content.options, outcome)
        compare = compare_count(content.options, outcome)
        zoom = outcome_zoom(content.options, outcome) if view == "icons" else 0
        states: set[CellState] = set()
        for column, option_id in enumerate(visible):
            figure = outcome.figures[option_id]
            name = content.option(option_id).name
            grid.addWidget(text_label(name, bold=True, parent=body), 0, column)
            # Pictures get more room than the reasons standing in for missing figures;
            # every picture of the outcome still gets the same width.
            narrow = figure.count is None and view != "words"
            grid.setColumnStretch(column, NO_DATA_STRETCH if narrow else PICTURE_STRETCH)
            if figure.count is None or figure.out_of is None:
                reason = text_label(no_data_text(figure.no_data or ""))
                reason.setFrameShape(QFrame.Shape.StyledPanel)
                reason.setMargin(8)
                # Across the picture and text rows, so it sets no row's height.
                grid.addWidget(reason, 1, column, 4, 1, Qt.AlignmentFlag.AlignTop)
                self.sentences[option_id] = reason
                continue
            difference = diffs.get(option_id)
            change = ""
            if difference is not None:
                change = difference_sentence(difference, name, outcome.event)
            sentence = text_label(figure_sentence(outcome, figure))
            self.sentences[option_id] = sentence
            if view == "words":
                relative_font(sentence, 1.15)
                grid.addWidget(sentence, 1, column)
                if change:
                    grid.addWidget(self._change_label(outcome, difference, change), 2, column)
                continue
            picture = self._picture(
                outcome,
                figure,
                view,
                compare=compare,
                difference=difference,
                zoom=zoom,
                extra=change,
            )
            self.pictures[option_id] = picture
            shown = cell_states(
                figure.count, figure.out_of, picture.low, picture.high, compare=compare
            )
            states.update(shown)
            words: list[QWidget] = []
            if isinstance(picture, RiskBar):
                words.append(text_label(short_count(picture.count, picture.denominator)))
            words.append(sentence)
            if change:
                words.append(self._change_label(outcome, difference, change))
            note = self._range_note(
                option_id, outcome, difference, set(shown), person=view == "icons"
            )
            if note is not None:
                words.append(note)
            grid.addWidget(FigureColumn(picture, words), 1, column)
        if zoom and self.pictures:
            outer.addWidget(text_label(zoom_text(zoom, outcome.denominator)))
        if view != "words" and states:
            self._fill_legend(outcome, states, person=view == "icons")
            outer.addWidget(self.legend)
        return body

    def _picture(
        self,
        outcome: Outcome,
        figure: Figure,
        view: RiskView,
        *,
        compare: int | None,
        difference: Difference | None,
        zoom: int,
        extra: str,
    ) -> IconArray | RiskBar:
        assert figure.count is not None and figure.out_of is not None
        low = figure.range.low if figure.range else None
        high = figure.range.high if figure.range else None
        colours = self._colours(outcome, difference)
        event, over = outcome.event, figure.over
        # what the sentence beside the picture adds (a zero's bound, how the figure was
        # got) is heard with the picture too, before what changes
        extra = " ".join(part for part in (figure_notes(figure), extra) if part)
        if view == "bar":
            return RiskBar(
                figure.count,
                figure.out_of,
                low=low,
                high=high,
                compare=compare,
                colours=colours,
                event=event,
                over=over,
                extra=extra,
            )
        return IconArray(
            figure.count,
            figure.out_of,
            low=low,
            high=high,
            compare=compare,
            colours=colours,
            zoom=zoom,
            event=event,
            over=over,
            extra=extra,
        )

    def _swatch_row(
        self,
        state: CellState,
        colours: Palette,
        text: str,
        *,
        person: bool,
        one_line: bool = False,
    ) -> tuple[QWidget, QLabel]:
        """A legend entry: one icon and what it means (the row, and its text).

        ``one_line``: the words ask for the room to stand on one line (the shared legend,
        whose entries sit side by side), else they wrap to the width they are given.
        """
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        icon = LegendIcon(state, colours, person=person, lines=4 / 3, parent=row)
        icon.setAccessibleName(text)
        layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        label = LegendText(text, row) if one_line else text_label(text, parent=row)
        layout.addWidget(label, 1)
        return row, label

    def _change_label(self, outcome: Outcome, difference: Difference | None, text: str) -> QWidget:
        """The changed people in their colour, and in words with their number."""
        assert difference is not None
        person = self.view == "icons"
        colours = self._colours(outcome, difference)
        row, label = self._swatch_row(CellState.CHANGED, colours, text, person=person)
        self.changes[difference.option] = label
        return row

    def _range_note(
        self,
        option_id: str,
        outcome: Outcome,
        difference: Difference | None,
        shown: set[CellState],
        *,
        person: bool,
    ) -> QWidget | None:
        """What a striped icon means, under the picture that has it."""
        if not draws_range(outcome.denominator):
            return None
        person = person and outcome.denominator in PERSON_DENOMINATORS
        colours = self._colours(outcome, difference)
        entries = []
        if CellState.MAYBE_NOT in shown:
            entries.append(
                (CellState.MAYBE_NOT, _("in the best estimate, but the range says maybe not"))
            )
        if CellState.MAYBE in shown:
            entries.append(
                (CellState.MAYBE, _("not in the best estimate, but the range says maybe"))
            )
        if CellState.CHANGED_MAYBE in shown and difference is not None:
            entries.append((CellState.CHANGED_MAYBE, difference_maybe_text(difference)))
        if not entries:
            return None
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for state, text in entries:
            row, label = self._swatch_row(state, colours, text, person=person)
            layout.addWidget(row)
            self.range_notes.setdefault(option_id, []).append(label)
        return box

    def _fill_legend(self, outcome: Outcome, states: set[CellState], *, person: bool) -> None:
        """The event's colour and the hollow 'will not', once for every picture.

        Person icons whenever the pictures show people (arrays of 1000 in their
        magnified blocks), squares for bars.
        """
        colours = self._colours(outcome, None)
        legend = QHBoxLayout(self.legend)
        legend.setContentsMargins(0, 4, 0, 0)
        legend.setSpacing(24)
        # Packed together at the start, so that no entry sits under one option's picture.
        for state, text in (
            (CellState.AFFECTED, _("will {event}").format(event=outcome.event)),
            (CellState.UNAFFECTED, _("will not")),
        ):
            if state is CellState.AFFECTED and not states & {state, CellState.MAYBE_NOT}:
                continue  # every coloured person is a changed one (none without the option)
            entry, _label = self._swatch_row(state, colours, text, person=person, one_line=True)
            legend.addWidget(entry)
        legend.addStretch(1)

    # -- fitting the screen ---------------------------------------------------------------

    def set_viewport_height(self, height: int | None) -> None:
        """Fit the outcome into this height by shrinking its pictures (None: no limit)."""
        self.viewport_height = height
        self.fit()

    def fit(self) -> None:
        """Make pictures small enough that the whole outcome fits the viewport's height.

        The largest picture height that fits is found by halving: the words below a
        picture do not shrink with it, the words beside it get the width a smaller
        picture leaves them. Never below ``MIN_PICTURE`` nor ``MIN_PICTURE_LINES`` lines
        of text.
        """
        pictures = [p for p in self.pictures.values() if isinstance(p, IconArray)]
        if not pictures or self.viewport_height is None or self.width() <= 0:
            return
        limit = self.viewport_height - FIT_SLACK
        if self.patient and self.property(SCALE) not in (None, 1.0):
            rescale(self, 1.0)
        if self._height_with(pictures, None) <= limit:
            return
        height = self._fit_pictures(pictures, limit)
        words = 1.0
        while self.patient and height > limit and words - WORDS_STEP >= PATIENT_WORDS_FLOOR:
            words = round(words - WORDS_STEP, 2)
            rescale(self, words)
            height = self._fit_pictures(pictures, limit)

    def _fit_pictures(self, pictures: list[IconArray], limit: int) -> int:
        """Give the pictures the largest height at which the outcome fits ``limit`` (the
        smallest allowed when none does); returns the outcome's height then."""
        # No picture taller than the screen can fit it (its width now may be one that an
        # earlier, lower limit gave it).
        floor = max(MIN_PICTURE, MIN_PICTURE_LINES * self.fontMetrics().height())
        low, high = floor, limit
        best = floor
        while low <= high:
            middle = (low + high) // 2
            if self._height_with(pictures, middle) <= limit:
                best, low = middle, middle + 1
            else:
                high = middle - 1
        return self._height_with(pictures, best)

    def _height_with(self, pictures: list[IconArray], height: int | None) -> int:
        """The outcome's height at its width with every picture at most ``height`` tall."""
        for picture in pictures:
            picture.set_max_height(height)
            widget: QWidget | None = picture
            while widget is not None and widget is not self:
                widget.updateGeometry()
                layout = widget.layout()
                if layout is not None:
                    layout.invalidate()
                widget = widget.parentWidget()
        own = self.layout()
        assert own is not None
        own.invalidate()
        return own.totalHeightForWidth(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()
