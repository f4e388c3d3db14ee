"""The consultation in Welsh, Polish and Arabic; switching language; a bilingual consultation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from decision_aid import i18n
from decision_aid.content.loader import load_pack
from decision_aid.session.model import STEPS
from decision_aid.session.state import Session
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.language import apply_language
from decision_aid.ui.steps.base import STEP_TITLES
from tests.conftest import SHIPPED
from tests.ui.consult_support import ticking_clock

PACKS = ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_language("en")


def translated(code: str, message: str) -> str:
    with i18n.using(code):
        return i18n._(message)


def open_consultation(qtbot: QtBot, pack_id: str, patient_language: str) -> ConsultationWindow:
    loaded = load_pack(SHIPPED / pack_id)
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        clock=ticking_clock(),  # type: ignore[arg-type]
        language=patient_language,
        translations=loaded.translations,
    )
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.resize(1180, 800)
    window.show()
    return window


@pytest.mark.parametrize("pack_id", PACKS)
@pytest.mark.parametrize("code", ["cy", "pl", "ar"])
def test_journey_in_the_patients_language(qtbot: QtBot, code: str, pack_id: str) -> None:
    assert apply_language(code) == code
    window = open_consultation(qtbot, pack_id, code)
    translation = window.session.translations[code]
    option = window.session.source_pack.content.options[0]
    local_name = translation.strings[f"options.{option.id}.name"]
    differ = 0
    for number, step in enumerate(STEPS, start=1):
        window.go_to(step)
        QApplication.processEvents()
        title = translated(code, STEP_TITLES[step])
        differ += title != STEP_TITLES[step]  # 'Plan' is 'Plan' in Polish
        assert window.nav_buttons[step].text() == f"{number}. {title}"
    assert differ >= len(STEPS) - 1
    assert window.pages["grid"].grid.column_names()[0] == local_name  # type: ignore[attr-defined]
    assert window.heading.text() == translation.strings["title"]
    rtl = code == "ar"
    assert (QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft) is rtl
    assert window.isRightToLeft() is rtl


def test_switching_the_screen_language_keeps_the_session(qtbot: QtBot) -> None:
    window = open_consultation(qtbot, "statins-primary-prevention", "en")
    concern = window.session.pack.content.values[0].id
    window.session.rate(concern, 3)
    window.go_to("values")
    apply_language("cy")
    assert window.nav_buttons["values"].text().endswith(translated("cy", "What matters to you"))
    assert window.session.record.step == "values"
    assert window.session.importance(concern) == 3
    assert window.stack.currentIndex() == STEPS.index("values")
    apply_language("en")
    assert window.nav_buttons["values"].text() == "3. What matters to you"


def test_bilingual_consultation(qtbot: QtBot) -> None:
    """The patient sees Polish; the clinician's controls stay in English."""
    window = open_consultation(qtbot, "knee-osteoarthritis", "pl")
    window.set_patient_view(True)
    patient = window.patient_window
    assert patient is not None
    assert window.nav_buttons["grid"].text() == "1. Options"
    assert patient.current_page_title() == translated("pl", "Options")
    window.go_to("values")
    assert patient.current_page_title() == translated("pl", "What matters to you")
    assert window.current_page().title() == "What matters to you"
    # The patient's language can change mid-consultation; the controls stay put.
    window.session.set_language("ar")
    assert window.patient_window is not None
    assert window.patient_window.current_page_title() == translated("ar", "What matters to you")
    assert window.patient_window.isRightToLeft()
    assert not window.isRightToLeft()
    assert window.session.record.pack.language == "ar"
    window.set_patient_view(False)
