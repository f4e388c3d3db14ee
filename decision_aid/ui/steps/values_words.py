"""The words of the 'What matters to you' step, shared by its screen and the summary.

They follow the Ottawa Personal Decision Guide: a concern is a *reason to choose* an
option or a *reason to avoid* it, and says how much it matters in the very words of the
rating scale ('Not at all' ... 'Extremely'). No signed numbers and no scores: a verdict in
words and, on screen, a balance of the two kinds of reasons.
"""

from __future__ import annotations

from decision_aid.i18n import N_, _, translate
from decision_aid.session.fit_words import REASONS_TO_AVOID, REASONS_TO_CHOOSE, fit_words
from decision_aid.session.scoring import Driver
from decision_aid.ui.widgets.scale_buttons import IMPORTANCE

__all__ = ["REASONS_TO_AVOID", "REASONS_TO_CHOOSE", "fit_words"]

FIT_CHOICES = {
    2: N_("A strong reason to choose it"),
    1: N_("A small reason to choose it"),
    0: N_("Makes no difference"),
    -1: N_("A small reason to avoid it"),
    -2: N_("A strong reason to avoid it"),
}
"""For a patient's own concern: what it is for an option, from +2 to -2 in the pack's terms."""
NO_REASONS = N_("None among what you rated.")
HOW_IT_WORKS = N_(
    "Each concern you rate counts as much as it matters to you: ‘Not at all’ counts 0, "
    "‘A little’ 1, ‘Somewhat’ 2, ‘A lot’ 3 and ‘Extremely’ 4. For each option, the option "
    "grid says whether a concern is a reason to choose the option or a reason to avoid it, "
    "and whether a strong reason or a small one (for your own concerns, you and your "
    "clinician decide). A strong reason counts twice as much as a small one. The blue bar "
    "adds up the reasons to choose the option and the striped bar the reasons to avoid it, "
    "each as a share of the most it could be. The more the reasons to choose an option "
    "outweigh the reasons to avoid it, the better it fits. Concerns rated ‘Not at all’ do "
    "not count. This does not weigh the evidence, and it is not a recommendation."
)


def fit_verdict(fit: float) -> str:
    """How an option fits, in words only (the summary shows the same words)."""
    return fit_words(fit)


def reason(driver: Driver, why: str | None) -> tuple[str, str]:
    """One reason to choose or avoid an option: the concern, and below it how much it
    matters (in the scale's words), how strong a reason it is and, from the pack, why."""
    importance = translate(IMPORTANCE[driver.importance])
    strong = abs(driver.score) >= 2
    if why and strong:
        text = _("Matters to you: {importance}. A strong reason: {why}")
    elif why:
        text = _("Matters to you: {importance}. A small reason: {why}")
    elif strong:
        text = _("Matters to you: {importance}. A strong reason.")
    else:
        text = _("Matters to you: {importance}. A small reason.")
    return driver.concern, text.format(importance=importance, why=why)


def reasons_sentence(heading: str, reasons: list[tuple[str, str]]) -> str:
    """A side's reasons as one plain sentence, for assistive technology."""
    if not reasons:
        return _("{heading}: none.").format(heading=heading)
    items = "; ".join(f"{concern} ({why})" for concern, why in reasons)
    return _("{heading}: {reasons}.").format(heading=heading, reasons=items)
