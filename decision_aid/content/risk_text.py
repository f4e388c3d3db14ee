"""The words of a risk figure, shared by the icon array, the bar and the words view.

No Qt here: these are plain functions over the pack's figures, so the picture's
text alternative and the words view cannot drift apart. Every sentence says who,
how many out of how many, and over what time (DESIGN.md, "Honest risk communication").
"""

from __future__ import annotations

import re

from decision_aid.content.model import Figure, Outcome
from decision_aid.i18n import N_, _, format_number, ngettext, translate

CERTAINTY_WORDS: dict[str, str] = {
    "high": N_("high"),
    "moderate": N_("moderate"),
    "low": N_("low"),
    "very low": N_("very low"),
}
"""GRADE certainty labels, translated at display time."""

_TIME_FRAME = re.compile(r"^(?P<n>\d+) (?P<unit>day|week|month|year)s?$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def time_frame_text(over: str) -> str:
    """A pack time frame such as '10 years' in the current language."""
    match = _TIME_FRAME.match(over.strip())
    if match is None:
        return over
    n = int(match["n"])
    unit = match["unit"]
    if unit == "day":
        text = ngettext("{n} day", "{n} days", n)
    elif unit == "week":
        text = ngettext("{n} week", "{n} weeks", n)
    elif unit == "month":
        text = ngettext("{n} month", "{n} months", n)
    else:
        text = ngettext("{n} year", "{n} years", n)
    return text.format(n=n)


def certainty_text(certainty: str) -> str:
    """'Certainty of the evidence: moderate'."""
    word = translate(CERTAINTY_WORDS[certainty]) if certainty in CERTAINTY_WORDS else certainty
    return _("Certainty of the evidence: {certainty}").format(certainty=word)


def range_text(low: int, high: int) -> str:
    """The uncertainty range in plain words."""
    return _("The evidence says it could be anywhere from {low} to {high}.").format(
        low=low, high=high
    )


def count_sentence(
    count: int,
    denominator: int,
    *,
    event: str | None = None,
    over: str | None = None,
    low: int | None = None,
    high: int | None = None,
) -> str:
    """Who, how many out of how many, over what time, and the range when there is one.

    With the event and time frame: 'Out of 100 people like you, over 10 years, 6 will
    have a stroke, and 94 will not.' Without them, a plainer sentence of the counts.
    """
    rest = denominator - count
    if event and over:
        text = ngettext(
            "Out of {denominator} people like you, over {time}, {count} will {event}, "
            "and {rest} will not.",
            "Out of {denominator} people like you, over {time}, {count} will {event}, "
            "and {rest} will not.",
            count,
        ).format(
            denominator=denominator,
            time=time_frame_text(over),
            count=count,
            event=event,
            rest=rest,
        )
    else:
        text = ngettext(
            "Out of {denominator} people, {count} is affected and {rest} are not.",
            "Out of {denominator} people, {count} are affected and {rest} are not.",
            count,
        ).format(denominator=denominator, count=count, rest=rest)
    if low is not None and high is not None and (low, high) != (count, count):
        text += " " + range_text(low, high)
    return text


BASIS_WORDS: dict[str, str] = {
    "measured": N_("This figure was counted in studies."),
    "estimated": N_("This figure was worked out from study results, not counted directly."),
    "assumed": N_("This figure is an assumption, not a measurement."),
}
"""How a figure was got, as the pack says, in words shown beside the figure."""


def basis_text(figure: Figure) -> str:
    """How the figure was got ('' when the pack does not say)."""
    return translate(BASIS_WORDS[figure.basis]) if figure.basis is not None else ""


def zero_events_text(figure: Figure) -> str:
    """The caveat of a 0 a study observed: how many were studied and the most it could be."""
    zero = figure.zero_events
    if zero is None or figure.out_of is None:
        return ""
    return ngettext(
        "None of the {studied} person studied had this, so it could still be up to {up_to} "
        "out of {denominator}.",
        "None of the {studied} people studied had this, so it could still be up to {up_to} "
        "out of {denominator}.",
        zero.studied,
    ).format(studied=format_number(zero.studied), up_to=zero.up_to, denominator=figure.out_of)


def figure_notes(figure: Figure) -> str:
    """What the pack says about a figure beside its count: a zero's bound and its basis."""
    return " ".join(part for part in (zero_events_text(figure), basis_text(figure)) if part)


def other_sources_text(outcome: Outcome) -> str:
    """Where sources disagree: the other sources' figures, in the pack's words ('' if none)."""
    disagreement = outcome.sources_disagree
    if disagreement is None or disagreement.other_figures is None:
        return ""
    return _("Other sources give other figures: {figures}").format(
        figures=disagreement.other_figures.rstrip(".") + "."
    )


def no_data_text(reason: str) -> str:
    """What stands in place of a picture when the pack has no figure for an option."""
    return _("No figure for this option. {reason}").format(reason=reason)


def figure_sentence(outcome: Outcome, figure: Figure) -> str:
    """The sentence for one option's figure, or why there is none."""
    if figure.count is None or figure.out_of is None:
        return no_data_text(figure.no_data or "")
    low = figure.range.low if figure.range else None
    high = figure.range.high if figure.range else None
    sentence = count_sentence(
        figure.count,
        figure.out_of,
        event=outcome.event,
        over=figure.over or outcome.time_frame,
        low=low,
        high=high,
    )
    notes = figure_notes(figure)
    return f"{sentence} {notes}" if notes else sentence


def short_count(count: int, denominator: int) -> str:
    """'6 out of 100', as a bar's label."""
    return _("{count} out of {denominator}").format(count=count, denominator=denominator)


def outcome_heading(outcome: Outcome) -> str:
    """The question an outcome answers: 'How many will have a stroke?'."""
    return _("How many will {event}?").format(event=outcome.event)


def reference_text(outcome: Outcome) -> str:
    """Who 'people like you' are, and the shared denominator and time frame."""
    text = _(
        "“People like you” means {reference_class}. "
        "Each figure is out of {denominator} people, over {time}."
    ).format(
        reference_class=outcome.reference_class.rstrip("."),
        denominator=outcome.denominator,
        time=time_frame_text(outcome.time_frame),
    )
    other = other_sources_text(outcome)
    return f"{text} {other}" if other else text


def short_citation(citation: str) -> str:
    """'Skou ST et al., 2015' from a full citation; the first words when no authors are listed."""
    authors, _sep, rest = citation.partition(". ")
    authors = authors.strip().rstrip(".")
    if "," in authors:
        first = authors.split(",", 1)[0].strip()
        authors = _("{first} et al.").format(first=first)
    elif len(authors) > 60:
        authors = authors[:57].rstrip() + "…"
    year = _YEAR.search(rest)
    if year:
        return _("{authors}, {year}").format(authors=authors, year=year[1])
    return authors
