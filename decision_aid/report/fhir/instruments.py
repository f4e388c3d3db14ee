"""The words of the SURE test and CollaboRATE, as the screens ask them (the same message
ids, so the same translations; a test keeps them equal to the Check and Afterwards steps).
"""

from __future__ import annotations

from typing import Final

from decision_aid.i18n import N_
from decision_aid.session.model import SureItem

SURE_QUESTIONS: Final[tuple[tuple[SureItem, str], ...]] = (
    ("sure", N_("Do you feel SURE about the best choice for you?")),
    ("understand", N_("Do you know the benefits and risks of each option?")),
    ("risk_benefit", N_("Are you clear about which benefits and risks matter most to you?")),
    ("encouragement", N_("Do you have enough support and advice to make a choice?")),
)
"""The four SURE items in the published order (Légaré et al. 2010)."""

COLLABORATE_QUESTIONS: Final[tuple[tuple[str, str], ...]] = (
    ("explained", N_("How much effort was made to help you understand your health issues?")),
    (
        "listened",
        N_(
            "How much effort was made to listen to the things that matter most to you "
            "about your health issues?"
        ),
    ),
    (
        "included",
        N_(
            "How much effort was made to include what matters most to you in choosing what "
            "to do next?"
        ),
    ),
)
"""The three CollaboRATE items, by the session's field names (Elwyn et al. 2013), 0 to 9."""

LEANINGS: Final = {"unsure": N_("Not sure yet"), "later": N_("I want to decide later")}


def measure_code(prefix: str, item: str) -> str:
    """The project's measure code of an instrument item: 'sure-risk-benefit' ..."""
    return f"{prefix}-{item.replace('_', '-')}"
