"""Right to left on screen: each defect the review found in Arabic, one test each.

(A web address's trailing "/" is in tests/ui/test_isolates.py, with the phone numbers.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from decision_aid.session.model import Supporter
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import apply_language
from decision_aid.ui.pages import build_pages
from decision_aid.ui.steps.check_step import CheckStep
from decision_aid.ui.steps.plan_step import PlanStep
from tests.ui.bidi_support import reads_left_to_right, x_of
from tests.ui.test_isolates import arabic_session

ARABIC_INDIC = set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_language("en")


def test_the_follow_up_date_keeps_latin_digits_in_arabic(qtbot: QtBot) -> None:
    apply_language("ar")
    session = arabic_session("psa-screening")
    session.set_follow_up(date(2026, 12, 9))
    page = build_pages(SessionBinding(session))["plan"]
    qtbot.addWidget(page)
    assert isinstance(page, PlanStep)
    shown = page.follow_up.text()
    assert "2026" in shown and "9" in shown, shown
    assert not ARABIC_INDIC & set(shown), shown
    assert QLocale().zeroDigit() == "0"  # every other number Qt formats, too


def test_the_sure_score_reads_in_order_in_the_patients_view(qtbot: QtBot) -> None:
    session = arabic_session("psa-screening")
    for item in ("sure", "understand", "risk_benefit"):
        session.answer_sure(item, True)  # type: ignore[arg-type]
    session.answer_sure("encouragement", False)
    page = build_pages(SessionBinding(session), patient=True, language="ar")["check"]
    qtbot.addWidget(page)
    assert isinstance(page, CheckStep)
    text = page.sure_score.text()
    # Read from the right: the score's name, then 3, then 'of', then 4.
    assert x_of(text, "SURE") > x_of(text, "3") > x_of(text, "4"), text


def test_plan_lists_run_right_to_left_in_arabic(qtbot: QtBot) -> None:
    session = arabic_session("psa-screening")
    session.set_questions(["What happens if I change my mind later?"])  # typed in English
    session.set_supporters([Supporter(name="Sam", relationship="family", note="My daughter")])
    session.set_resources(["pcuk-nurses", "macmillan"])  # names that start with Latin letters
    session.set_next_steps("Talk it over at home.")
    page = build_pages(SessionBinding(session), patient=True, language="ar")["plan"]
    qtbot.addWidget(page)
    assert isinstance(page, PlanStep)
    for key in ("questions", "supporters", "resources", "next_steps"):
        document = QTextDocument()
        document.setHtml(page.patient_labels[key].text())
        block = document.begin()
        while block.isValid():
            if block.text().strip():
                assert block.textDirection() == Qt.LayoutDirection.RightToLeft, block.text()
            block = block.next()
    # Typed English keeps its full stop at its end inside the right-to-left line.
    steps = page.patient_labels["next_steps"].text()
    assert reads_left_to_right(steps, "home.", rich=True)
