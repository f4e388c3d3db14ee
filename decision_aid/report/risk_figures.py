"""The risk figures that were shown, drawn as the same grouped icon arrays as on screen.

For each outcome shown: its question, kind, certainty, whether its event is good or bad
(in a word, and in the colour of its people), and who "people like you" are; then one
icon array per visible option, side by side with identical layouts. Under each picture
goes what belongs to it alone: its sentence, the people whose outcome differs from the
pack's "no treatment" (in their own colour, with their number, in words), and what a
striped icon means where that picture has one. One legend under the pictures names the
event's colour. An option with no figure shows the pack's reason in its place. Arrays
of 1000 carry their first blocks of 100 magnified, as on screen.

Figures that depend on the patient's baseline group are those of the group chosen in
the consultation, which the section names; with none chosen, it says those figures
were not shown. In a right-to-left record the options run from right to left and the
icons fill from the top-right corner, as on a right-to-left screen.
"""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from decision_aid.content.icon_layout import CellState, Palette, cell_states, draws_range, palette
from decision_aid.content.model import Outcome
from decision_aid.content.risk_difference import (
    Difference,
    compare_count,
    difference_maybe_text,
    difference_sentence,
    differences,
    mixed_denominators_text,
    outcome_zoom,
    valence_text,
    zoom_text,
)
from decision_aid.content.risk_text import (
    certainty_text,
    figure_sentence,
    outcome_heading,
    reference_text,
)
from decision_aid.i18n import _
from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.blocks import Build, esc, para, rich, section, table
from decision_aid.report.icon_flowables import IconArrayFlowable, IconSwatch

SWATCH = 9.0
SWATCH_COLUMN = 13.0
GAP = 12.0
NO_PADDING = (
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
)


def colours_for(outcome: Outcome, difference: Difference | None) -> Palette:
    """The event's colour by its valence; the changed people's by gain or loss."""
    return palette(outcome.event_valence, difference.change if difference else None)


def swatch_entry(state: CellState, colours: Palette, text: str, width: float) -> Table:
    """One icon and what it means, as a small table ``width`` wide."""
    return table(
        [[IconSwatch(state, colours, SWATCH, person=True), para(text, st.SMALL)]],
        [SWATCH_COLUMN, max(10.0, width - SWATCH_COLUMN)],
        *NO_PADDING,
    )


def _legend(outcome: Outcome, states: set[CellState]) -> list[Flowable]:
    """The event's colour and the hollow 'will not', one under the other at the start.

    It names what every picture shares, so no entry stands under one option's picture.
    """
    colours = colours_for(outcome, None)
    entries = (
        (CellState.AFFECTED, _("will {event}").format(event=outcome.event)),
        (CellState.UNAFFECTED, _("will not")),
    )
    width = st.FRAME_WIDTH * 0.6
    coloured = bool(states & {CellState.AFFECTED, CellState.MAYBE_NOT})
    return [
        swatch_entry(state, colours, text, width)
        for state, text in entries
        if coloured or state is not CellState.AFFECTED
    ]


def no_data_box(text: str, width: float) -> Table:
    """The pack's reason for a missing figure, boxed, in place of a picture."""
    return table(
        [[para(text, st.SMALL)]],
        [width],
        ("BOX", (0, 0), (-1, -1), 0.5, st.CARD_BORDER),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    )


def _range_notes(
    outcome: Outcome, difference: Difference | None, states: set[CellState], width: float
) -> list[Flowable]:
    """What a striped icon means, for the striped icons of one picture."""
    if not draws_range(outcome.denominator):
        return []
    entries = []
    if CellState.MAYBE_NOT in states:
        entries.append(
            (CellState.MAYBE_NOT, _("in the best estimate, but the range says maybe not"))
        )
    if CellState.MAYBE in states:
        entries.append((CellState.MAYBE, _("not in the best estimate, but the range says maybe")))
    if CellState.CHANGED_MAYBE in states and difference is not None:
        entries.append((CellState.CHANGED_MAYBE, difference_maybe_text(difference)))
    colours = colours_for(outcome, difference)
    return [swatch_entry(state, colours, text, width) for state, text in entries]


def _side_by_side(b: Build, outcome: Outcome, options: list[str]) -> tuple[Table, set[CellState]]:
    """One column per option: its name, its picture (or why there is none), what it shows."""
    content = b.content
    counted = [o for o in options if outcome.figures[o].count is not None]
    wide = 3 if outcome.denominator > 100 else 2
    weights = [wide if o in counted else 1 for o in options]
    unit = st.FRAME_WIDTH / max(1, sum(weights))
    widths = [w * unit for w in weights]
    picture_width = min(widths[options.index(o)] for o in counted) - GAP if counted else 0
    diffs = differences(content.options, outcome)
    compare = compare_count(content.options, outcome)
    zoom = outcome_zoom(content.options, outcome)
    names: list[Flowable] = []
    pictures: list[Flowable] = []
    below: list[list[Flowable] | str] = []
    drawn: set[CellState] = set()
    for column, option_id in enumerate(options):
        figure = outcome.figures[option_id]
        name = content.option(option_id).name
        names.append(para(name, st.CELL_BOLD))
        if figure.count is None or figure.out_of is None:
            pictures.append(no_data_box(figure_sentence(outcome, figure), widths[column] - GAP))
            below.append("")
            continue
        low = figure.range.low if figure.range else None
        high = figure.range.high if figure.range else None
        difference = diffs.get(option_id)
        pictures.append(
            IconArrayFlowable(
                figure.count,
                figure.out_of,
                width=picture_width,
                low=low,
                high=high,
                compare=compare,
                colours=colours_for(outcome, difference),
                zoom=zoom,
                mirrored=rtl.is_rtl(),
            )
        )
        states = set(cell_states(figure.count, figure.out_of, low, high, compare=compare))
        drawn |= states
        text_width = widths[column] - GAP
        parts: list[Flowable] = [para(figure_sentence(outcome, figure), st.CELL)]
        if difference is not None:
            sentence = difference_sentence(difference, name, outcome.event)
            colours = colours_for(outcome, difference)
            parts += [Spacer(1, 2), swatch_entry(CellState.CHANGED, colours, sentence, text_width)]
        parts += _range_notes(outcome, difference, states, text_width)
        below.append(parts)
    grid = table(
        [names, pictures, below],
        widths,
        ("RIGHTPADDING", (0, 0), (-1, -1), GAP),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("TOPPADDING", (0, 2), (-1, 2), 4),
    )
    return grid, drawn


def _valence(outcome: Outcome) -> list[Flowable]:
    """Whether the event is good or bad, in a word beside a person in its colour."""
    word = valence_text(outcome.event_valence)
    if not word:
        return []
    width = stringWidth(st.printable(word), st.BOLD, st.CELL_BOLD.fontSize) + 16 + SWATCH_COLUMN
    swatch = IconSwatch(CellState.AFFECTED, colours_for(outcome, None), SWATCH, person=True)
    entry = table(
        [[swatch, para(word, st.CELL_BOLD)]],
        [SWATCH_COLUMN, min(st.FRAME_WIDTH, width) - SWATCH_COLUMN],
        *NO_PADDING,
    )
    return [entry]


def outcome_block(b: Build, outcome: Outcome, *, scale_note: str = "") -> list[Flowable]:
    """An outcome's heading, notes, pictures side by side and legend."""
    kind = _("Possible benefit") if outcome.kind == "benefit" else _("Possible harm")
    heading = esc(outcome_heading(outcome)) + esc(b.cite(outcome.citations))
    notes = " · ".join((kind, certainty_text(outcome.certainty)))
    parts: list[Flowable] = [rich(heading, st.SUBHEADING), *_valence(outcome)]
    if scale_note:
        parts.append(para(scale_note, st.CELL_BOLD))
    parts += [para(notes + " · " + reference_text(outcome), st.SMALL), Spacer(1, 3)]
    options = [o for o in b.visible if o in outcome.figures]
    if not options:
        parts.append(para(_("None of the options discussed has a figure here."), st.SMALL))
        return parts
    grid, drawn = _side_by_side(b, outcome, options)
    parts.append(grid)
    if drawn:
        zoom = outcome_zoom(b.content.options, outcome)
        if zoom:
            parts += [Spacer(1, 2), para(zoom_text(zoom, outcome.denominator), st.SMALL)]
        parts += [Spacer(1, 4), *_legend(outcome, drawn)]
    parts.append(Spacer(1, 6))
    return parts


def group_note(b: Build) -> list[Flowable]:
    """Which baseline group the figures are for, or that none was chosen."""
    content = b.content
    if content.baseline is None or not content.grouped:
        return []
    group = content.baseline_group(b.record.risk_group)
    if group is None:
        waiting = [o for o in content.outcomes if o.grouped]
        names = "; ".join(outcome_heading(o.strata(content.baseline)[0][1]) for o in waiting)
        text = _(
            "No group was chosen for the figures that depend on the patient's baseline "
            "risk, so they were not shown: {outcomes}"
        ).format(outcomes=names)
        return [para(text, st.CELL_BOLD)]
    return [
        para(_("These figures are for: {group}").format(group=group.label), st.CELL_BOLD),
        para(
            content.baseline.measure
            + " "
            + _(
                "The group closest to the patient was chosen in the consultation from the "
                "groups the studies report. No personal risk was worked out."
            ),
            st.SMALL,
        ),
    ]


def risks_section(b: Build) -> list[Flowable]:
    shown = b.shown_outcomes()
    grouped = group_note(b)
    if not shown:
        nothing = para(_("No risk figures were shown."), st.SMALL)
        return section(_("Risk figures shown"), [nothing, *grouped])
    if rtl.is_rtl():
        words = _(
            "Each picture shows the same group of people like you, once for each option, "
            "as on screen. Affected people are grouped from the top right."
        )
    else:
        words = _(
            "Each picture shows the same group of people like you, once for each option, "
            "as on screen. Affected people are grouped from the top left."
        )
    intro: list[Flowable] = [para(words, st.SMALL), *grouped]
    mixed = len({o.denominator for o in shown}) > 1
    if mixed:
        intro.append(para(mixed_denominators_text(), st.SUBHEADING))

    def note(outcome: Outcome) -> str:
        if not mixed:
            return ""
        return _("Pictures of {denominator} people").format(denominator=outcome.denominator)

    first, *rest = (outcome_block(b, o, scale_note=note(o)) for o in shown)
    return section(_("Risk figures shown"), [*intro, *first], *(KeepTogether(r) for r in rest))
