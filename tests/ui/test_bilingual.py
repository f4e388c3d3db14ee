"""A bilingual consultation: the screen in English, the patient in Arabic.

Every sentence that holds the pack's text is built from the patient's language alone
(no English template around an Arabic outcome), the grid runs right to left for an
Arabic patient, and the patient's view says everything in Arabic, also after the
consultation changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from decision_aid.content.risk_text import figure_sentence, outcome_heading, reference_text
from decision_aid.i18n import _, format_date, using
from decision_aid.i18n.bidi import strip_isolates
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.language import apply_language
from decision_aid.ui.steps.check_step import CheckStep, verdict_text
from decision_aid.ui.steps.grid_step import GridStep
from decision_aid.ui.steps.risks_step import RisksStep
from tests.ui.test_languages import open_consultation

ENGLISH_TEMPLATE = re.compile(r"\b(Out of|people like you|will|How many|means|Sources|Your)\b")
"""Words of the English templates that must not surround the pack's Arabic text."""


@pytest.fixture(autouse=True)
def _english_screen() -> Iterator[None]:
    apply_language("en")
    yield
    apply_language("en")


@pytest.fixture
def window(qtbot: QtBot) -> ConsultationWindow:
    return open_consultation(qtbot, "psa-screening", "ar")


def in_arabic(message: str) -> str:
    with using("ar"):
        return _(message)


def test_risk_sentences_are_arabic_from_end_to_end(window: ConsultationWindow) -> None:
    window.go_to("risks")
    page = window.pages["risks"]
    assert isinstance(page, RisksStep) and page.sections
    for section in page.sections.values():
        outcome = section.outcome
        with using("ar"):
            assert section.heading.text() == outcome_heading(outcome)
            expected = {k: figure_sentence(outcome, f) for k, f in outcome.figures.items()}
        for option_id, label in section.sentences.items():
            shown = strip_isolates(label.text())
            assert shown == strip_isolates(expected[option_id])
            if outcome.figures[option_id].count is not None:
                assert shown.startswith("من بين"), shown  # the Arabic template, in its order
            assert not ENGLISH_TEMPLATE.search(shown), shown
        texts = [label.text() for label in section.findChildren(type(section.heading))]
        assert not [t for t in texts if ENGLISH_TEMPLATE.search(strip_isolates(t))], texts
        with using("ar"):
            assert any(reference_text(outcome) == strip_isolates(t) for t in texts)
    # The clinician's own controls stay in the screen language.
    assert page.title() == "Risks and benefits"


def test_the_pictures_fill_from_the_right_for_an_arabic_patient(
    window: ConsultationWindow,
) -> None:
    window.go_to("risks")
    page = window.pages["risks"]
    assert isinstance(page, RisksStep)
    section = next(iter(page.sections.values()))
    assert section.body.layoutDirection() == Qt.LayoutDirection.RightToLeft
    first, second = (section.pictures[key] for key in list(section.pictures)[:2])
    assert first.isRightToLeft()
    assert (
        first.mapTo(section, first.rect().topLeft()).x()
        > second.mapTo(section, second.rect().topLeft()).x()
    )


def test_the_grid_is_mirrored_for_an_arabic_patient_on_an_english_screen(
    window: ConsultationWindow,
) -> None:
    page = window.pages["grid"]
    assert isinstance(page, GridStep)
    grid = page.grid
    assert not window.isRightToLeft()
    assert grid.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # The questions on the right, the first option next to them, the last on the left.
    assert grid.columnViewportPosition(0) > grid.columnViewportPosition(1)
    assert grid.columnViewportPosition(1) > grid.columnViewportPosition(2)
    header = grid.grid_model.headerData(0, Qt.Orientation.Horizontal)
    assert header == in_arabic("Questions people ask")


def test_knowledge_feedback_is_arabic_around_the_arabic_answer(
    window: ConsultationWindow,
) -> None:
    window.go_to("check")
    page = window.pages["check"]
    assert isinstance(page, CheckStep)
    question = window.session.pack.content.knowledge[0]
    wrong = next(c for c in question.choices if c.id != question.answer)
    window.session.answer_knowledge(question.id, wrong.id)
    with using("ar"):
        verdict = verdict_text(question, wrong.id)
    assert verdict in strip_isolates(page.feedback[question.id].text())
    assert "Not quite" not in page.feedback[question.id].text()


def test_the_patients_view_speaks_arabic_also_after_a_change(
    window: ConsultationWindow,
) -> None:
    window.set_patient_view(True)
    patient = window.patient_window
    assert patient is not None
    page = patient.pages["grid"]
    assert isinstance(page, GridStep)
    meta = window.session.pack.meta

    def arabic_everywhere() -> None:
        with using("ar"):
            published = _("Published {date}").format(date=format_date(meta.published))
        assert page.dates.text().startswith(published)
        assert page.status.text() == in_arabic("Example — not clinically reviewed")
        header = page.grid.grid_model.headerData(0, Qt.Orientation.Horizontal)
        assert header == in_arabic("Questions people ask")
        assert page.grid.isRightToLeft()

    arabic_everywhere()
    # A change the clinician makes refreshes the patient's view: still all Arabic.
    first = window.session.pack.content.options[0].id
    window.session.set_option_hidden(first, True)
    QApplication.processEvents()
    arabic_everywhere()
    window.session.set_option_hidden(first, False)
    window.set_patient_view(False)
