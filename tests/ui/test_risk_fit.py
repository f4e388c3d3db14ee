"""One outcome (pictures, sentences, legend) fits a 1366 x 768 screen without scrolling.

Every outcome of every shipped pack, in English, Welsh (the longest) and Arabic (right
to left), in the consultation window at 1366 x 768 with the text at 11 pt or more,
and in English in the patient's view (text 1.4 times larger) at the same size. The
pictures shrink to the window's height, but never below a size a patient can count.
(The patient's view in Welsh of a pack with four options is taller than the screen:
its sentences alone are; it scrolls.)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.session.state import Session
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.language import apply_language
from decision_aid.ui.patient_window import PatientWindow
from decision_aid.ui.steps.outcome_section import MIN_PICTURE_LINES
from decision_aid.ui.steps.risks_step import RisksStep
from decision_aid.ui.widgets.icon_array import IconArray
from decision_aid.ui.widgets.icon_geometry import layout_for
from tests.conftest import SHIPPED
from tests.ui.consult_support import ticking_clock
from tests.ui.layout_support import settle

PACKS = ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
SCREEN = (1366, 768)
BASE_POINTS = 11.0
"""The base font the screens use at least (issue 9): the fit must hold at this size."""
MIN_PERSON = 12
"""The smallest person (pixels) a patient can still count, in any picture that fits."""


@pytest.fixture(autouse=True)
def _base_font() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    font = app.font()
    font.setPointSizeF(max(BASE_POINTS, font.pointSizeF()))
    app.setFont(font)
    yield
    app.setFont(before)
    apply_language("en")


def _session(pack_id: str, language: str) -> tuple[object, Session]:
    loaded = load_pack(SHIPPED / pack_id)
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        clock=ticking_clock(),  # type: ignore[arg-type]
        language=language,
        translations=loaded.translations,
    )
    content = session.pack.content
    if content.baseline is not None:
        session.set_risk_group(content.baseline.groups[-1].id)
    return loaded, session


def _check_fits(page: RisksStep, area: QScrollArea, where: str) -> None:
    viewport = area.viewport().height()
    assert page.sections, where
    for outcome_id, section in page.sections.items():
        assert section.outcome is not None, f"{where} {outcome_id}: a group is chosen"
        assert section.height() <= viewport, (
            f"{where} {outcome_id}: {section.height()} px tall, the screen shows {viewport}"
        )
        for option_id, picture in section.pictures.items():
            assert isinstance(picture, IconArray)
            geometry = picture.geometry_now()
            person = geometry.zoom_cell if geometry.zoom else geometry.cell
            assert person >= MIN_PERSON, f"{where} {outcome_id} {option_id}: {person} px"
            assert picture.height() >= picture.heightForWidth(picture.width()), where


@pytest.mark.parametrize("pack_id", PACKS)
@pytest.mark.parametrize("language", ["en", "cy", "ar"])
def test_every_outcome_fits_the_clinicians_screen(
    qtbot: QtBot, pack_id: str, language: str
) -> None:
    apply_language(language)
    loaded, session = _session(pack_id, language)
    window = ConsultationWindow(loaded, session, None)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    window.go_to("risks")
    settle(window)
    assert (window.width(), window.height()) == SCREEN
    page = window.current_page()
    assert isinstance(page, RisksStep)
    area = window.stack.currentWidget()
    assert isinstance(area, QScrollArea)
    _check_fits(page, area, f"{pack_id} [{language}]")


@pytest.mark.parametrize("pack_id", PACKS)
@pytest.mark.parametrize("language", ["en"])
def test_every_outcome_fits_the_patients_view(qtbot: QtBot, pack_id: str, language: str) -> None:
    apply_language("en")
    _loaded, session = _session(pack_id, language)
    from decision_aid.ui.binding import SessionBinding

    binding = SessionBinding(session)
    session.go_to("risks")
    window = PatientWindow(binding)
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    settle(window)
    area = window.stack.currentWidget()
    assert isinstance(area, QScrollArea)
    page = area.widget()
    assert isinstance(page, RisksStep) and page.patient
    _check_fits(page, area, f"patient {pack_id} [{language}]")


def test_outcomes_fit_again_after_the_text_size_changes(qtbot: QtBot) -> None:
    """View › Larger text makes the words taller: each outcome fits again, with smaller
    pictures, until the text is too large to fit; then the pictures keep in proportion to
    the words. Back at the normal size, the pictures are as they were."""
    apply_language("en")
    loaded, session = _session("knee-osteoarthritis", "en")
    window = ConsultationWindow(loaded, session, None)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    window.show()
    window.go_to("risks")
    settle(window)
    page = window.current_page()
    area = window.stack.currentWidget()
    assert isinstance(page, RisksStep) and isinstance(area, QScrollArea)

    def sizes() -> dict[tuple[str, str], tuple[int, int]]:
        return {
            (outcome_id, option_id): (picture.width(), picture.height())
            for outcome_id, section in page.sections.items()
            for option_id, picture in section.pictures.items()
        }

    normal = sizes()
    window.scale_text(1.25)
    settle(window)
    _check_fits(page, area, "knee-osteoarthritis [en] at 1.25 times the text")
    assert sizes() != normal
    window.scale_text(2.0 / 1.25)
    settle(window)
    for outcome_id, section in page.sections.items():
        # Double text does not fit: the outcome scrolls, its people in proportion to its words.
        line = section.fontMetrics().height()
        for picture in section.pictures.values():
            assert isinstance(picture, IconArray)
            least = MIN_PICTURE_LINES * line
            drawn = layout_for(picture.width(), picture.denominator, picture.zoom, least)
            assert picture.height() >= drawn.height, outcome_id
    window.reset_text()
    settle(window)
    assert sizes() == normal
