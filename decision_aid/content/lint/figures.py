"""Denominators that suit the size of the risk (DESIGN.md: 'use 100, or 1000 for risks under 1 %').

A shared denominator and time frame across options are hard errors of the loader
(:func:`decision_aid.content.model.integrity_problems`); these are the author warnings.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
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
    """One warning per outcome whose denominator does not suit its counts."""
    out: list[Problem] = []
    for index, outcome in enumerate(loaded.content.outcomes):
        if not outcome.figures:
            continue
        counts = {key: fig.count for key, fig in outcome.counted().items() if fig.count is not None}
        for key, figure in outcome.figures.items():
            if figure.no_data is not None:
                out.append(
                    loaded.problem(
                        "content",
                        ("outcomes", index, "figures", key, "no_data"),
                        _(
                            "outcome '{outcome}': '{option}' has no figure; patients see the "
                            "reason instead of icons. Add a count when evidence appears"
                        ).format(outcome=outcome.id, option=key),
                        severity="warning",
                        rule="risk.no-data",
                    )
                )
        advice = denominator_advice(counts, outcome.denominator)
        if advice is not None:
            out.append(
                loaded.problem(
                    "content",
                    ("outcomes", index, "figures"),
                    _("outcome '{outcome}': {advice}").format(outcome=outcome.id, advice=advice),
                    severity="warning",
                    rule="risk.denominator",
                )
            )
    return out
