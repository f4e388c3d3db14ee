"""The risk figures that were shown, drawn as the same grouped icon arrays as on screen.

For each outcome shown: its question, kind, certainty and who "people like you" are;
then one icon array per visible option, side by side with identical layouts, each with
its sentence (the same words as the screen's text alternative); an option with no
figure shows the pack's reason in its place. A legend names each kind of icon drawn.
In a right-to-left record the options run from right to left and the icons fill from
the top-right corner, as on a right-to-left screen.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Spacer,
    Table,
)

from decision_aid.content.icon_layout import CellState, cell_states
from decision_aid.content.model import Outcome
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
from decision_aid.report.flowables import PERSON_DENOMINATORS, IconArrayFlowable, IconSwatch


def _legend(outcome: Outcome, states: set[CellState]) -> Table:
    person = outcome.denominator in PERSON_DENOMINATORS
    entries = (
        (CellState.AFFECTED, _("will {event}").format(event=outcome.event)),
        (CellState.UNAFFECTED, _("will not")),
        (CellState.MAYBE_NOT, _("in the best estimate, but the range says maybe not")),
        (CellState.MAYBE, _("not in the best estimate, but the range says maybe")),
    )
    cells: list[Any] = []
    for state, text in entries:
        if state in states or state in (CellState.AFFECTED, CellState.UNAFFECTED):
            cells += [IconSwatch(state, outcome.kind, 9, person=person), para(text, st.SMALL)]
    pairs = len(cells) // 2
    widths = []
    for _i in range(pairs):
        widths += [13, (st.FRAME_WIDTH - 13 * pairs) / pairs]
    return table([cells], widths, ("TOPPADDING", (0, 0), (-1, -1), 0))


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


def _side_by_side(b: Build, outcome: Outcome, options: list[str]) -> tuple[Table, set[CellState]]:
    """One column per option: its name, its picture (or why there is none), its sentence."""
    content = b.content
    counted = [o for o in options if outcome.figures[o].count is not None]
    wide = 3 if outcome.denominator > 100 else 2
    weights = [wide if o in counted else 1 for o in options]
    unit = st.FRAME_WIDTH / max(1, sum(weights))
    widths = [w * unit for w in weights]
    gap = 12.0
    picture_width = min(widths[options.index(o)] for o in counted) - gap if counted else 0
    names: list[Flowable] = []
    pictures: list[Flowable] = []
    sentences: list[Flowable | str] = []
    states: set[CellState] = set()
    for column, option_id in enumerate(options):
        figure = outcome.figures[option_id]
        names.append(para(content.option(option_id).name, st.CELL_BOLD))
        if figure.count is None or figure.out_of is None:
            pictures.append(no_data_box(figure_sentence(outcome, figure), widths[column] - gap))
            sentences.append("")
            continue
        low = figure.range.low if figure.range else None
        high = figure.range.high if figure.range else None
        pictures.append(
            IconArrayFlowable(
                figure.count,
                figure.out_of,
                width=picture_width,
                low=low,
                high=high,
                kind=outcome.kind,
                mirrored=rtl.is_rtl(),
            )
        )
        states.update(cell_states(figure.count, figure.out_of, low, high))
        sentences.append(para(figure_sentence(outcome, figure), st.CELL))
    grid = table(
        [names, pictures, sentences],
        widths,
        ("RIGHTPADDING", (0, 0), (-1, -1), gap),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("TOPPADDING", (0, 2), (-1, 2), 4),
    )
    return grid, states


def outcome_block(b: Build, outcome: Outcome) -> list[Flowable]:
    """An outcome's heading, notes, pictures side by side and legend."""
    kind = _("Possible benefit") if outcome.kind == "benefit" else _("Possible harm")
    heading = esc(outcome_heading(outcome)) + esc(b.cite(outcome.citations))
    notes = " · ".join((kind, certainty_text(outcome.certainty)))
    parts: list[Flowable] = [
        rich(heading, st.SUBHEADING),
        para(notes + " · " + reference_text(outcome), st.SMALL),
        Spacer(1, 3),
    ]
    options = [o for o in b.visible if o in outcome.figures]
    if not options:
        parts.append(para(_("None of the options discussed has a figure here."), st.SMALL))
        return parts
    grid, states = _side_by_side(b, outcome, options)
    parts.append(grid)
    if states:
        parts += [Spacer(1, 4), _legend(outcome, states)]
    parts.append(Spacer(1, 6))
    return parts


def risks_section(b: Build) -> list[Flowable]:
    shown = b.shown_outcomes()
    if not shown:
        return section(_("Risk figures shown"), para(_("No risk figures were shown."), st.SMALL))
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
    intro = para(words, st.SMALL)
    first, *rest = (outcome_block(b, o) for o in shown)
    return section(_("Risk figures shown"), [intro, *first], *(KeepTogether(r) for r in rest))
