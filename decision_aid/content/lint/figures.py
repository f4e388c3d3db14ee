"""Denominators that suit the size of the risk (DESIGN.md: 'use 100, or 1000 for risks under 1 %').

A shared denominator and time frame across options are hard errors of the loader
(:func:`decision_aid.content.model.integrity_problems`); these are the author warnings.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Outcome
from decision_aid.i18n import _

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
    return out


def _figure_warnings(
    loaded: LoadedPack, loc: tuple[str | int, ...], outcome: Outcome
) -> list[Problem]:
    out: list[Problem] = []
    name = outcome.id if outcome.group is None else f"{outcome.id} ({outcome.group.id})"
    counts = {key: fig.count for key, fig in outcome.counted().items() if fig.count is not None}
    for key, figure in outcome.figures.items():
        if figure.no_data is not None:
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
    advice = denominator_advice(counts, outcome.denominator)
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
