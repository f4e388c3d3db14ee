"""How an option fits the patient's ratings, in words: the same words on the values step,
the summary step and the signed record.

They follow the Ottawa Personal Decision Guide: a concern is a *reason to choose* an option
or a *reason to avoid* it. No signed numbers and no scores.
"""

from __future__ import annotations

from collections.abc import Sequence

from decision_aid.i18n import N_, _, ngettext, translate
from decision_aid.session.scoring import DRIVERS, Driver

FITS_WELL_AT = 0.5
"""A fit of at least this reads 'Fits well'; at or below its negative, 'Does not fit'."""
EVEN = 0.005
"""Fits closer to 0 than this read 'Fits neither well nor badly'."""
REASONS_TO_CHOOSE = N_("Reasons to choose it")
REASONS_TO_AVOID = N_("Reasons to avoid it")


def fit_words(fit: float) -> str:
    """The fit in words: 'Fits well' ... 'Does not fit'."""
    if fit >= FITS_WELL_AT:
        return _("Fits well")
    if fit >= EVEN:
        return _("Fits partly")
    if fit > -EVEN:
        return _("Fits neither well nor badly")
    if fit > -FITS_WELL_AT:
        return _("Fits poorly")
    return _("Does not fit")


def concerns_text(drivers: Sequence[Driver], limit: int = DRIVERS) -> str:
    """'Concern A; Concern B', strongest first and at most ``limit`` of them ('…; and 2
    more'), or '—' when there is none."""
    if not drivers:
        return "—"
    text = "; ".join(d.concern for d in drivers[:limit])
    more = len(drivers) - limit
    if more > 0:
        text = ngettext("{concerns}; and {n} more", "{concerns}; and {n} more", more).format(
            concerns=text, n=more
        )
    return text


def reasons_lines(towards: Sequence[Driver], away: Sequence[Driver]) -> list[str]:
    """'Reasons to choose it: …' and 'Reasons to avoid it: …', each with a direction, so a
    concern that pulls away from an option never reads as if it pulled towards it."""
    lines = []
    for heading, drivers in ((REASONS_TO_CHOOSE, towards), (REASONS_TO_AVOID, away)):
        if drivers:
            text = _("{heading}: {reasons}.").format(
                heading=translate(heading), reasons=concerns_text(drivers)
            )
        else:
            text = _("{heading}: none.").format(heading=translate(heading))
        lines.append(text)
    return lines
