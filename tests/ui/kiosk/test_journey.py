"""A patient's whole journey at the kiosk, in each language, ends in a hand-over that the
clinic (and only the clinic) opens with its key."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.kiosk.codes import on_screen
from decision_aid.kiosk.keys import load_private_key
from decision_aid.ui.kiosk.config import load_config
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.handover_screen import HandoverScreen
from decision_aid.ui.kiosk.screens import OptionsScreen
from decision_aid.ui.kiosk.welcome import LanguageScreen
from decision_aid.ui.language import apply_language
from tests.conftest import SHIPPED
from tests.ui.kiosk.conftest import LANGUAGES, PASSPHRASE, T0, Clinic, FakeClock
from tests.ui.kiosk.journey_support import CANARY, start, tap, walk


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_journey_ends_in_a_hand_over_the_clinic_opens(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, language: str
) -> None:
    code = walk(qtbot, kiosk, language, "knee-osteoarthritis")
    screen = kiosk.screen
    assert isinstance(screen, HandoverScreen)
    assert screen.code.text() == on_screen(code) and screen.code.isVisible()
    assert screen.code.accessibleName() == " ".join(code)
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
    prompts = [prompt.text for prompt in kiosk.session.pack.content.prompts]
    assert prompts and content.questions[: len(prompts)] == prompts  # in the patient's language
    assert len(content.questions) == len(prompts) + 2
    assert {s.relationship for s in content.supporters} == {"family", "carer", "friend", "other"}
    assert f"{CANARY} name" in [s.name for s in content.supporters]
    assert all(s.note for s in content.supporters)
    assert content.sure.sure and content.sure.understand and content.sure.encouragement
    assert content.leaning is not None and content.leaning.startswith("option:")


def test_a_single_topic_is_chosen_for_the_patient(
    qtbot: QtBot, clinic: Clinic, clock: FakeClock
) -> None:
    clinic.settings.kiosk_packs = ["psa-screening"]
    kiosk = Kiosk(load_config(clinic.settings, [SHIPPED]), clock=clock)
    try:
        kiosk.window.showFullScreen()
        tap(qtbot, kiosk.screen.buttons["cy"])
        assert isinstance(kiosk.screen, OptionsScreen)
        assert kiosk.session is not None and kiosk.session.language == "cy"
        assert kiosk.screen.progress_text.text().startswith("Cam 1 o ")
        tap(qtbot, kiosk.screen.back_button)
        assert isinstance(kiosk.screen, LanguageScreen)
    finally:
        kiosk.exit()
        apply_language("en")


def test_a_hand_over_that_cannot_be_written_keeps_the_answers(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, capsys: pytest.CaptureFixture[str]
) -> None:
    clinic.spool.rmdir()
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    kiosk.session.set_questions([CANARY])
    while not isinstance(kiosk.screen, HandoverScreen):
        tap(qtbot, kiosk.screen.next_button)
    tap(qtbot, kiosk.screen.seal_button)
    screen = kiosk.screen
    assert screen.sealed_code is None and screen.problem.isVisible()
    assert "reception desk" in screen.problem.text()
    assert screen.seal_button.isVisible() and kiosk.session.record.plan.questions == [CANARY]
    err = capsys.readouterr().err
    assert str(clinic.spool) in err and CANARY not in err
    clinic.spool.mkdir()
    tap(qtbot, screen.seal_button)
    assert screen.sealed_code is not None


def test_a_code_that_looks_like_a_number_is_shown_as_it_is(qtbot: QtBot) -> None:
    screen = HandoverScreen()
    qtbot.addWidget(screen)
    screen.show_code("92692K", 24)
    assert screen.code.text() == "\u2066926\u00a092K\u2069"
