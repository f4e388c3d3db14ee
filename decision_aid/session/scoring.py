"""Scores computed from a session: values fit, knowledge, SURE and CollaboRATE.

Values fit (how well each option matches what matters to the patient)
----------------------------------------------------------------------
For each concern c the patient gives an importance w_c from 0 to 4, and the pack
(or, for the patient's own concerns, the clinician and patient together) says how
option o fares on it, s_{c,o} from -2 to +2. The fit of option o is

    fit_o = sum_c(w_c * s_{c,o}) / (2 * sum_c(w_c))

which runs from -1 (every concern that matters is a strong reason to avoid the option)
to +1 (every one is a strong reason to choose it). With no importance given the fit is
undefined (None). The concerns that drive a fit are those with the largest |w_c * s_{c,o}|.

The fit is the difference of two pulls, each a share of the most it could be:
towards_o = sum of w_c * s_{c,o} over the reasons to choose o (s > 0), and away_o the
same over the reasons to avoid it (s < 0, counted positive), both divided by
2 * sum_c(w_c); fit_o = towards_o - away_o. The screens show both pulls, so a patient
sees which concerns pull towards an option and which pull away from it.

This is a way to show the patient how their own ratings line up with the options.
It is not a recommendation and it does not weigh the evidence.

SURE (Légaré F, Kearing S, Clay K, et al. Are you SURE? Assessing patient decisional
conflict with a 4-item screening test. Can Fam Physician 2010;56:e308-14): one point
per 'yes'; 4 means no decisional conflict, 3 or less flags decisional conflict.

CollaboRATE (Elwyn G, Barr PJ, Grande SW, et al. Developing CollaboRATE: a fast and
frugal patient-reported measure of shared decision making in clinical encounters.
Patient Educ Couns 2013;93:102-7; top-box scoring as in Barr PJ et al. J Med Internet
Res 2014;16:e2): three items 0-9; the top-box score is 1 when all three are 9.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_aid.content.model import PackContent
from decision_aid.session.model import SessionRecord, Sure

SURE_CONFLICT_AT_OR_BELOW = 3
"""A SURE score of 3 or less flags decisional conflict."""
DRIVERS = 3
"""How many concerns are named as driving a fit."""
LEANING_GAP = 0.25
"""A leaning is 'different' when the favoured option fits this much better."""
_TOLERANCE = 1e-9
"""Fits are ratios of whole numbers; compare them without float rounding deciding."""


@dataclass(frozen=True)
class Driver:
    """One concern's contribution to an option's fit."""

    concern_id: str
    concern: str
    importance: int
    score: int

    @property
    def weight(self) -> int:
        return self.importance * self.score


@dataclass(frozen=True)
class OptionFit:
    """How well one option fits the patient's ratings."""

    option_id: str
    fit: float | None
    """-1 to +1, or None when nothing has been rated as mattering."""
    drivers: tuple[Driver, ...]
    """The concerns that move this fit most, strongest first."""
    towards: tuple[Driver, ...] = ()
    """Every concern that is a reason to choose the option, strongest first."""
    away: tuple[Driver, ...] = ()
    """Every concern that is a reason to avoid the option, strongest first."""
    pull_towards: float | None = None
    """0 to 1: the reasons to choose it, as a share of the most they could weigh."""
    pull_away: float | None = None
    """0 to 1: the reasons to avoid it, as a share of the most they could weigh."""


def _concerns(
    content: PackContent, record: SessionRecord
) -> list[tuple[str, str, int, dict[str, int]]]:
    ratings = {r.concern_id: r.importance for r in record.ratings}
    rows = []
    for value in content.values:
        if value.id in ratings:
            fares = {key: fare.score for key, fare in value.fares.items()}
            rows.append((value.id, value.concern, ratings[value.id], fares))
    for own in record.own_concerns:
        rows.append((own.id, own.text, own.importance, dict(own.fares)))
    return rows


def option_fits(content: PackContent, record: SessionRecord) -> list[OptionFit]:
    """The fit of every option, in the pack's column order."""
    rows = _concerns(content, record)
    total = sum(importance for _, _, importance, _ in rows)
    fits = []
    for option in content.options:
        drivers = [
            Driver(cid, text, importance, fares.get(option.id, 0))
            for cid, text, importance, fares in rows
            if importance > 0 and fares.get(option.id, 0) != 0
        ]
        drivers.sort(key=lambda d: (-abs(d.weight), d.concern_id))
        if total == 0:
            fits.append(OptionFit(option.id, None, ()))
            continue
        towards = tuple(d for d in drivers if d.score > 0)
        away = tuple(d for d in drivers if d.score < 0)
        pull_towards = sum(d.weight for d in towards) / (2 * total)
        pull_away = -sum(d.weight for d in away) / (2 * total)
        raw = sum(importance * fares.get(option.id, 0) for _, _, importance, fares in rows)
        fits.append(
            OptionFit(
                option.id,
                raw / (2 * total),
                tuple(drivers[:DRIVERS]),
                towards,
                away,
                pull_towards,
                pull_away,
            )
        )
    return fits


def best_fitting(fits: list[OptionFit]) -> list[str]:
    """Ids of the option(s) with the highest fit; empty when no fit is defined."""
    defined = [f for f in fits if f.fit is not None]
    if not defined:
        return []
    top = max(f.fit for f in defined if f.fit is not None)
    return [f.option_id for f in defined if f.fit is not None and abs(f.fit - top) < _TOLERANCE]


def leaning_differs(fits: list[OptionFit], leaning: str | None) -> bool:
    """True when the patient leans to an option that their ratings clearly do not favour."""
    if leaning is None or not leaning.startswith("option:"):
        return False
    chosen = leaning.removeprefix("option:")
    by_id = {f.option_id: f.fit for f in fits}
    chosen_fit = by_id.get(chosen)
    defined = [v for v in by_id.values() if v is not None]
    if chosen_fit is None or not defined:
        return False
    # e.g. fits 0.35 and 0.1: the gap is exactly 0.25, but 0.35 - 0.1 is 0.2499... in floats.
    return max(defined) - chosen_fit >= LEANING_GAP - _TOLERANCE


@dataclass(frozen=True)
class KnowledgeScore:
    correct: int
    answered: int
    total: int


def knowledge_score(content: PackContent, record: SessionRecord) -> KnowledgeScore:
    """How many of the pack's knowledge questions were answered, and correctly."""
    answers = {a.question_id: a.choice_id for a in record.knowledge}
    correct = sum(1 for q in content.knowledge if answers.get(q.id) == q.answer)
    answered = sum(1 for q in content.knowledge if q.id in answers)
    return KnowledgeScore(correct, answered, len(content.knowledge))


@dataclass(frozen=True)
class SureScore:
    score: int | None
    """0-4, or None until all four items are answered."""
    conflict: bool | None
    """True when the score is 3 or less; None until answered."""


def sure_score(sure: Sure) -> SureScore:
    """Score the SURE test: one point per yes; 3 or less flags decisional conflict."""
    items = (sure.sure, sure.understand, sure.risk_benefit, sure.encouragement)
    if any(item is None for item in items):
        return SureScore(None, None)
    score = sum(1 for item in items if item)
    return SureScore(score, score <= SURE_CONFLICT_AT_OR_BELOW)


def collaborate_top_box(record: SessionRecord) -> int | None:
    """1 when all three CollaboRATE items are 9, 0 otherwise; None until all are answered."""
    c = record.collaborate
    items = (c.explained, c.listened, c.included)
    if any(item is None for item in items):
        return None
    return 1 if all(item == 9 for item in items) else 0
