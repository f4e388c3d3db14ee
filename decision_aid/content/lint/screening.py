"""IPDAS screening criteria, for packs whose ``meta.kind`` is 'screening'.

Source: Joseph-Williams N, Newcombe R, Politi M, et al. Toward minimum standards for
certifying patient decision aids: a modified Delphi consensus process. Med Decis Making
2014;34(6):699-710. doi:10.1177/0272989X13501721.

* S1 (2.4.1) describes what the test is designed to measure: ``screening.measures``;
* S2 (2.4.2) describes the next steps typically taken if the test detects a condition or
  problem: ``screening.if_positive``;
* S3 (2.4.3) describes the next steps if the condition or problem is not detected:
  ``screening.if_negative``;
* S4 (2.4.4) has information about the consequences of detecting a condition that would
  never have caused problems had screening not been done: ``screening.overdiagnosis``,
  and (as a warning) an outcome that puts a number on it.

The loader already refuses a screening pack without a ``screening`` block.
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import too_thin
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import N_, _, translate

MIN_WORDS = 3

CRITERIA = (
    ("S1", "measures", N_("what the test is designed to measure")),
    ("S2", "if_positive", N_("the next steps when the test finds something")),
    ("S3", "if_negative", N_("the next steps when the test finds nothing")),
    (
        "S4",
        "overdiagnosis",
        N_("the chance of finding a condition that would never have caused harm"),
    ),
)

_OVERDIAGNOSIS = re.compile(
    r"over-?diagnos|over-?treat|never (?:have )?caused?|would not have caused|never (?:have )?harm",
    re.IGNORECASE,
)


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """S1-S4 for screening packs; nothing for other kinds."""
    if loaded.meta.kind != "screening":
        return []
    block = loaded.content.screening
    out: list[Problem] = []
    for code, field, what in CRITERIA:
        text: str | None = getattr(block, field) if block is not None else None
        if too_thin(text, MIN_WORDS):
            out.append(
                loaded.problem(
                    "content",
                    ("screening", field) if block is not None else ("screening",),
                    _(
                        "'screening.{field}' is missing or too short; describe {what} "
                        "(IPDAS {code})"
                    ).format(field=field, what=translate(what), code=code),
                    rule=f"ipdas.{code}",
                )
            )
    outcomes = [s for o in loaded.content.outcomes for _loc, s in o.strata(loaded.content.baseline)]
    mentions = any(
        _OVERDIAGNOSIS.search(f"{o.event} {o.note or ''} {o.reference_class}") for o in outcomes
    )
    if not mentions:
        out.append(
            loaded.problem(
                "content",
                ("outcomes",),
                _(
                    "no outcome gives the figures for overdiagnosis; add one such as 'are "
                    "diagnosed with a cancer that would never have caused harm' (IPDAS S4)"
                ),
                severity="warning",
                rule="ipdas.S4",
            )
        )
    return out
