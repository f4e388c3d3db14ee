"""The plan step with the example directory's local groups offered still fits the app's
usual windows, in English, Welsh, Polish and Arabic, under both fonts.

When the shipped packs first named community topics, each offered entry showed all its
details under its check box: the step grew past twice the screen's height, pushed the
next steps and the follow-up far down, and, in Welsh, a long support name widened the page
beyond the window. Now each entry is a check box, its name and when and where, with the
rest behind Details; the local groups sit beside the patient's own plan; and every check
box's words wrap.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.model import SessionRecord
from decision_aid.session.state import Session
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.language import apply_language
from decision_aid.ui.screenshots import SIZE
from decision_aid.ui.steps.plan_step import PlanStep
from tests.conftest import ROOT, SHIPPED
from tests.ui.dialogs.dialog_support import NOW
from tests.ui.layout_support import settle
from tests.ui.test_pseudo_locale import problems
from tests.ui.test_radio_fit import clipped

WINDOWS = (SIZE, (1180, 800))
"""The screenshots' window (a 1366×768 laptop's) and the one the layout tests use."""
OFFERED = {"en": 3, "cy": 1, "pl": 1, "ar": 1}
"""How many of the example directory's entries the knee pack is offered in each language."""


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_language("en")


def open_plan(qtbot: QtBot, pack_id: str, language: str) -> ConsultationWindow:
    apply_language(language)
    loaded = load_pack(SHIPPED / pack_id)
    text = (ROOT / "examples" / f"{pack_id}.session.json").read_text(encoding="utf-8")
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        record=SessionRecord.model_validate_json(text),
        clock=lambda: NOW,
        translations=loaded.translations,
    )
    session.set_language(language)
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.show()
    window.go_to("plan")
    return window


def check_fits(window: ConsultationWindow, where: str) -> None:
    page = window.pages["plan"]
    assert isinstance(page, PlanStep)
    scroll = window.stack.currentWidget()
    assert isinstance(scroll, QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible(), where
    assert problems(window) == [], where
    assert clipped(window, window.font().family()) == [], where
    # The local groups make the step hardly longer than it is without them (two lines'
    # slack: the Welsh support texts beside them run long).
    with_groups = page.height()
    page.community.hide()
    settle(window)
    without = page.height()
    page.community.show()
    settle(window)
    slack = 2 * page.fontMetrics().lineSpacing()
    assert with_groups <= without + slack, f"{where}: {with_groups} > {without} + {slack}"


@pytest.mark.parametrize("language", ["en", "cy", "pl", "ar"])
def test_the_knee_plan_fits_with_its_local_groups(
    qtbot: QtBot, ui_font: str, language: str
) -> None:
    window = open_plan(qtbot, "knee-osteoarthritis", language)
    page = window.pages["plan"]
    assert isinstance(page, PlanStep)
    assert len(page.community.rows) == OFFERED[language]
    assert {row.offer.text_language for row in page.community.rows} == {language}
    for size in WINDOWS:
        window.resize(*size)
        settle(window)
        check_fits(window, f"{language}, {ui_font}, {size}")
        for row in page.community.rows:  # every entry's details open, and still fit
            row.details_button.setChecked(True)
        settle(window)
        assert not window.stack.currentWidget().horizontalScrollBar().isVisible()  # type: ignore[attr-defined]
        assert problems(window) == []
        for row in page.community.rows:
            row.details_button.setChecked(False)


@pytest.mark.parametrize("pack_id", ["psa-screening", "statins-primary-prevention"])
def test_the_other_packs_plans_fit_with_their_local_groups(
    qtbot: QtBot, ui_font: str, pack_id: str
) -> None:
    window = open_plan(qtbot, pack_id, "en")
    page = window.pages["plan"]
    assert isinstance(page, PlanStep) and page.community.rows
    for size in WINDOWS:
        window.resize(*size)
        settle(window)
        check_fits(window, f"{pack_id}, {ui_font}, {size}")
