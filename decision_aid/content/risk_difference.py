"""What changes between the options: the people whose outcome differs, in colour and words.

As Mayo's Statin Choice cards do, each option's picture is compared with the pack's
"no treatment" option: the people who have the event with one but not the other get
their own colour and a label ("4 people will not have a stroke because of “Take a
statin”. Without it, they would."). Whether they are better or worse off follows from
the event's valence: fewer people with a bad event, or more with a good one, is a gain.

No Qt here: the screen and the record use the same comparison and the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_aid.content.icon_layout import Change, zoom_blocks
from decision_aid.content.model import Option, Outcome, Valence
from decision_aid.i18n import _, ngettext


@dataclass(frozen=True)
class Difference:
    """The people whose outcome differs between an option and the comparison option."""

    option: str
    """The option whose picture shows them."""
    comparator: str
    """The option compared with (the pack's 'no treatment')."""
    count: int
    """How many people, out of the outcome's denominator."""
    more: bool
    """True when more people have the event with the option than with the comparator."""
    change: Change | None
    """Better off (gain) or worse off (loss); None when the event's valence is not known."""


def comparator(options: tuple[Option, ...], outcome: Outcome) -> str | None:
    """The option every picture is compared with: 'no treatment', when it has a count."""
    for option in options:
        if option.is_no_treatment:
            figure = outcome.figures.get(option.id)
            if figure is not None and figure.count is not None:
                return option.id
            return None
    return None


def change_of(valence: Valence | None, more: bool) -> Change | None:
    """A gain when fewer people have a bad event or more have a good one."""
    if valence is None:
        return None
    return "gain" if (valence == "good") == more else "loss"


def differences(options: tuple[Option, ...], outcome: Outcome) -> dict[str, Difference]:
    """The difference each option makes against the comparator, by option id.

    Options with no count, the comparator itself and options with the same count as
    the comparator are left out.
    """
    base_id = comparator(options, outcome)
    if base_id is None:
        return {}
    base = outcome.figures[base_id].count
    assert base is not None
    out: dict[str, Difference] = {}
    for option_id, figure in outcome.figures.items():
        if option_id == base_id or figure.count is None or figure.count == base:
            continue
        more = figure.count > base
        out[option_id] = Difference(
            option_id,
            base_id,
            abs(figure.count - base),
            more,
            change_of(outcome.event_valence, more),
        )
    return out


def compare_count(options: tuple[Option, ...], outcome: Outcome) -> int | None:
    """The comparator's count, which every other picture is drawn against."""
    base_id = comparator(options, outcome)
    return None if base_id is None else outcome.figures[base_id].count


def outcome_zoom(options: tuple[Option, ...], outcome: Outcome) -> int:
    """Blocks of 100 to magnify, the same for every picture of the outcome."""
    extent = 0
    for figure in outcome.figures.values():
        if figure.count is not None:
            extent = max(extent, figure.count, figure.range.high if figure.range else 0)
    return zoom_blocks(extent, outcome.denominator)


def difference_sentence(difference: Difference, option_name: str, event: str) -> str:
    """'4 people will not have a stroke because of “Take a statin”. Without it, they would.'"""
    if difference.more:
        text = ngettext(
            "{count} person will {event} because of “{option}”. Without it, they would not.",
            "{count} people will {event} because of “{option}”. Without it, they would not.",
            difference.count,
        )
    else:
        text = ngettext(
            "{count} person will not {event} because of “{option}”. Without it, they would.",
            "{count} people will not {event} because of “{option}”. Without it, they would.",
            difference.count,
        )
    return text.format(count=difference.count, event=event, option=option_name)


def difference_maybe_text(difference: Difference) -> str:
    """What a striped changed person means."""
    if difference.more:
        return _("because of this option in the best estimate; the range says maybe not")
    return _("spared in the best estimate; the range says maybe not")


def valence_text(valence: Valence | None) -> str:
    """The event's valence in a word a patient reads at a glance, or '' when not known."""
    if valence == "good":
        return _("A good outcome")
    if valence == "bad":
        return _("A bad outcome")
    return ""


def zoom_text(blocks: int, denominator: int) -> str:
    """The caption of the magnified part of an array of 1000."""
    shown = blocks * 100
    return _(
        "The first {shown} of the {denominator} people are also drawn bigger, so that "
        "you can count the coloured ones."
    ).format(shown=shown, denominator=denominator)


def mixed_denominators_text() -> str:
    """The warning shown in large type when a step mixes pictures of 100 and of 1000."""
    return _(
        "Careful: not every picture counts the same number of people. "
        "Some show 100 people and some show 1000."
    )
