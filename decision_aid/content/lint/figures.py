"""Each outcome's figures, one by one (DESIGN.md, 'Honest risk communication').

A shared denominator and time frame across options are hard errors of the loader
(:func:`decision_aid.content.integrity.integrity_problems`); these are the author warnings:

* ``risk.denominator``: a denominator that does not suit the size of the risk ('use 100,
  or 1000 for risks under 1 %');
* ``risk.valence``: an outcome that does not say whether its event is good or bad;
* ``risk.no-data``: an option with no figure for lack of evidence (not one marked
  ``does_not_apply``, whose figure would be 0 by definition);
* ``risk.zero-count``: a count of 0 with neither a range nor a zero-event bound: either it
  is 0 by definition (give ``no_data`` and ``does_not_apply`` instead), or a study saw no
  events (say how many were studied and the most it could be, in ``zero_events``);
* ``risk.range-edge``: a best estimate at an end of its own range (low or high), other
  than a 0 at the foot of a range that starts at 0;
* ``risk.repeated-time-frame``: an outcome's event repeats its figures' time frame
  ('die within 30 days' over '30 days'), which the sentence already says.
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import is_english
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Figure, Outcome
from decision_aid.i18n import _

_TIME_FRAME = re.compile(r"^(?P<n>\d+) (?P<unit>day|week|month|year)s?$")
_NUMBER_WORDS = {
    1: "one|a|an",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "twelve",
}

SMALL_COUNT = 2
"""Out of 100, counts this small or smaller are better shown out of 1000."""
LARGE_COUNT = 100
"""Out of 1000, counts this large or larger are better shown out of 100."""


def denominator_advice(counts: dict[str, int], out_of: int) -> str | None:
    """Why a denominator does not suit these counts, or None when it does."""
    if not counts:
        return None
    listed = ", ".join(f"{key} {count}" for key, count in counts.items())
    if out_of == 100:
        zeros = [key for key, count in counts.items() if count == 0]
        if zeros:
            return _(
                "'{option}' has 0 out of 100, which can hide a risk under 1 %; if the "
                "risk is small but real, give every figure out of 1000"
            ).format(option=zeros[0])
        if all(count <= SMALL_COUNT for count in counts.values()):
            return _(
                "every count is {limit} or fewer out of 100 ({counts}); give the "
                "figures out of 1000 so the difference shows"
            ).format(limit=SMALL_COUNT, counts=listed)
    if out_of == 1000 and all(count >= LARGE_COUNT for count in counts.values()):
        return _(
            "every count is {limit} or more out of 1000 ({counts}); give the figures "
            "out of 100, which is easier to picture"
        ).format(limit=LARGE_COUNT, counts=listed)
    return None


def repeated_time_frame(event: str, over: str, *, english: bool = True) -> str | None:
    """The words of ``event`` that repeat the time frame ``over``, or None.

    In English, the number (in digits or words) with the time frame's unit: 'within 30
    days', 'a 30-day', 'in the first year'. In other languages, the number itself."""
    match = _TIME_FRAME.match(over.strip())
    if match is None:
        return None
    n = int(match["n"])
    if not english:
        found = re.search(rf"(?<![\d.,]){n}(?![\d.,]?\d)", event)
        return found.group(0) if found else None
    number = rf"(?:{n}|{_NUMBER_WORDS[n]})" if n in _NUMBER_WORDS else str(n)
    unit = match["unit"]
    found = re.search(rf"\b{number}[\s-]+{unit}s?\b", event, re.IGNORECASE)
    return found.group(0) if found else None


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """One warning per set of figures whose denominator does not suit its counts.

    An outcome with figures per baseline group is checked group by group; one without
    a valence (good or bad) gets a warning too.
    """
    out: list[Problem] = []
    content = loaded.content
    for index, pack_outcome in enumerate(content.outcomes):
        if pack_outcome.valence is None:
            out.append(
                loaded.problem(
                    "content",
                    ("outcomes", index),
                    _(
                        "outcome '{outcome}': say whether '{event}' is good or bad for the "
                        "person it happens to, with 'valence: good' or 'valence: bad', so "
                        "that screens and records can show it"
                    ).format(outcome=pack_outcome.id, event=pack_outcome.event),
                    severity="warning",
                    rule="risk.valence",
                )
            )
        for where, outcome in pack_outcome.strata(content.baseline):
            out += _figure_warnings(loaded, ("outcomes", index, *where), outcome)
        out += _repeated(loaded, index)
    return out


def _repeated(loaded: LoadedPack, index: int) -> list[Problem]:
    """The outcome's event, and its translations, against its time frame."""
    pack_outcome = loaded.content.outcomes[index]
    frames = {s.time_frame for _loc, s in pack_outcome.strata(loaded.content.baseline)}
    english = is_english(loaded.meta.source_language)
    texts: list[tuple[str, tuple[str | int, ...], str, bool]] = [
        ("content", ("outcomes", index, "event"), pack_outcome.event, english)
    ]
    key = f"outcomes.{pack_outcome.id}.event"
    for locale, translation in loaded.translations.items():
        if key in translation.strings:
            texts.append((locale, ("strings", key), translation.strings[key], False))
    out: list[Problem] = []
    for part, loc, text, in_english in texts:
        for over in sorted(frames):
            words = repeated_time_frame(text, over, english=in_english)
            if words is None:
                continue
            out.append(
                loaded.problem(
                    part,
                    loc,
                    _(
                        "outcome '{outcome}': the event '{event}' repeats the time frame "
                        "('{words}'); every sentence already says 'over {over}', so take it "
                        "out of the event"
                    ).format(outcome=pack_outcome.id, event=text, words=words, over=over),
                    severity="warning",
                    rule="risk.repeated-time-frame",
                )
            )
            break
    return out


def zero_problem(figure: Figure) -> bool:
    """A count of 0 that says neither that it is 0 by definition nor how sure the 0 is."""
    return figure.count == 0 and figure.range is None and figure.zero_events is None


def at_range_edge(figure: Figure) -> bool:
    """A best estimate at the low or high end of its own range (a 0 at the foot of a range
    starting at 0, and a full count at the top, excepted)."""
    if figure.range is None or figure.count is None:
        return False
    low, high, count = figure.range.low, figure.range.high, figure.count
    if low >= high:
        return False
    if count == low == 0 or count == high == figure.out_of:
        return False
    return count in (low, high)


def _figure_warnings(
    loaded: LoadedPack, loc: tuple[str | int, ...], outcome: Outcome
) -> list[Problem]:
    out: list[Problem] = []
    name = outcome.id if outcome.group is None else f"{outcome.id} ({outcome.group.id})"
    counts = {key: fig.count for key, fig in outcome.counted().items() if fig.count is not None}
    for key, figure in outcome.figures.items():
        at = (*loc, "figures", key)
        if zero_problem(figure):
            out.append(
                loaded.problem(
                    "content",
                    (*at, "count"),
                    _(
                        "outcome '{outcome}': '{option}' has a count of 0. If it is 0 by "
                        "definition (the event cannot happen with this option), give "
                        "'no_data' with the reason and 'does_not_apply: true' instead; if a "
                        "study saw no events, say how many it studied and the most it could "
                        "be in 'zero_events'"
                    ).format(outcome=name, option=key),
                    severity="warning",
                    rule="risk.zero-count",
                )
            )
        if at_range_edge(figure):
            assert figure.range is not None
            out.append(
                loaded.problem(
                    "content",
                    (*at, "range"),
                    _(
                        "outcome '{outcome}': the best estimate for '{option}', {count}, is "
                        "at an end of its own range {low} to {high}; a best estimate sits "
                        "inside its range. Check the range against the sources, or say which "
                        "source each end comes from"
                    ).format(
                        outcome=name,
                        option=key,
                        count=figure.count,
                        low=figure.range.low,
                        high=figure.range.high,
                    ),
                    severity="warning",
                    rule="risk.range-edge",
                )
            )
        if figure.no_data is not None and not figure.does_not_apply:
            out.append(
                loaded.problem(
                    "content",
                    (*loc, "figures", key, "no_data"),
                    _(
                        "outcome '{outcome}': '{option}' has no figure; patients see the "
                        "reason instead of icons. Add a count when evidence appears"
                    ).format(outcome=name, option=key),
                    severity="warning",
                    rule="risk.no-data",
                )
            )
    if not counts:
        return out
    # A 0 with its zero-event bound already says how small the risk could be.
    bounded = {k for k, f in outcome.figures.items() if f.zero_events is not None}
    advice = denominator_advice(
        {k: c for k, c in counts.items() if k not in bounded}, outcome.denominator
    )
    if advice is not None:
        out.append(
            loaded.problem(
                "content",
                (*loc, "figures"),
                _("outcome '{outcome}': {advice}").format(outcome=name, advice=advice),
                severity="warning",
                rule="risk.denominator",
            )
        )
    return out
