"""The journey's screens for one session, in order: one thing per screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from decision_aid.kiosk.community import kiosk_offers
from decision_aid.session.state import Session
from decision_aid.ui.kiosk.answers import (
    LeaningScreen,
    OwnConcernScreen,
    PeopleScreen,
    QuestionsScreen,
    SureScreen,
    ValueScreen,
)
from decision_aid.ui.kiosk.community import CommunityScreen
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.parts import Screen
from decision_aid.ui.kiosk.screens import GroupScreen, OptionsScreen, OutcomeScreen

if TYPE_CHECKING:
    from decision_aid.directory.available import Available


def journey_screens(session: Session, directories: Available | None = None) -> list[Screen]:
    """Options; the group (when figures depend on one); each outcome; each concern and one
    of the patient's own; SURE; leaning; questions; who helps; the local groups and
    services of ``directories`` (when some match the pack's topics and the patient's
    language); the hand-over."""
    content = session.pack.content
    screens: list[Screen] = [OptionsScreen(session)]
    if content.baseline is not None and content.outcomes:
        screens.append(GroupScreen(session))
    screens += [OutcomeScreen(session, outcome) for outcome in content.outcomes]
    screens += [ValueScreen(session, value) for value in content.values]
    screens += [
        OwnConcernScreen(session),
        SureScreen(session),
        LeaningScreen(session),
        QuestionsScreen(session),
        PeopleScreen(session),
    ]
    today = session.clock().date()
    topics = session.pack.meta.community_topics
    offers = kiosk_offers(directories, topics, session.language, today)
    if offers and directories is not None:
        screens.append(CommunityScreen(session, offers, directories))
    screens.append(HandoverScreen())
    return screens
