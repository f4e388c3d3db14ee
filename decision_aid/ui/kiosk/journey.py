"""The journey's screens for one session, in order: one thing per screen."""

from __future__ import annotations

from decision_aid.session.state import Session
from decision_aid.ui.kiosk.answers import (
    LeaningScreen,
    OwnConcernScreen,
    PeopleScreen,
    QuestionsScreen,
    SureScreen,
    ValueScreen,
)
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.parts import Screen
from decision_aid.ui.kiosk.screens import GroupScreen, OptionsScreen, OutcomeScreen


def journey_screens(session: Session) -> list[Screen]:
    """Options; the group (when figures depend on one); each outcome; each concern and one
    of the patient's own; SURE; leaning; questions; who helps; the hand-over."""
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
        HandoverScreen(),
    ]
    return screens
