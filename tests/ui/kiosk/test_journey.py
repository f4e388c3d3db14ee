"""A patient's whole journey at the kiosk, in each language, ends in a hand-over that the
clinic (and only the clinic) opens with its key."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.kiosk.keys import load_private_key
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from tests.ui.kiosk.conftest import LANGUAGES, PASSPHRASE, T0, Clinic
from tests.ui.kiosk.journey_support import CANARY, walk


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_journey_ends_in_a_hand_over_the_clinic_opens(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, language: str
) -> None:
    code = walk(qtbot, kiosk, language, "knee-osteoarthritis")
    screen = kiosk.screen
    assert isinstance(screen, HandoverScreen)
    assert screen.code.text() == f"{code[:3]} {code[3:]}" and screen.code.isVisible()
    opened = kiosk.config.spool.open(
        code, load_private_key(clinic.private_key, PASSPHRASE), clinic.private_key
    )
    content = opened.content
    assert content.pack.id == "knee-osteoarthritis" and content.pack.language == language
    assert content.prepared == T0
    assert {r.importance for r in content.ratings} == {4}
    assert len(content.ratings) == len(kiosk.session.pack.content.values)
    assert [c.text for c in content.own_concerns] == [f"{CANARY} concern"]
    assert content.own_concerns[0].importance == 3
    assert f"{CANARY} question" in content.questions
    assert f"{CANARY} typed, not added" in content.questions
    assert len(content.questions) == len(kiosk.session.pack.content.questions) + 2
    assert {s.relationship for s in content.supporters} == {"family", "carer", "friend", "other"}
    assert f"{CANARY} name" in [s.name for s in content.supporters]
    assert all(s.note for s in content.supporters)
    assert content.sure.sure and content.sure.understand and content.sure.encouragement
    assert content.leaning is not None and content.leaning.startswith("option:")
