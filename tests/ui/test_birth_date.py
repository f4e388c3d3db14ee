"""A date of birth entered on the summary step reaches the record (its patient banner),
typed as the screen's language writes dates; anything else is refused in plain words."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.i18n import using
from decision_aid.session.model import Person
from decision_aid.session.state import Session
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.birth_date import birth_date_text, parse_birth_date
from decision_aid.ui.steps.summary_step import SummaryStep
from tests.conftest import MINIMAL
from tests.ui.dialogs.dialog_support import NOW

TODAY = date(2026, 12, 4)


def test_dates_as_each_language_writes_them() -> None:
    born = date(1956, 5, 4)
    for language, text in (("en", "04/05/1956"), ("pl", "4.05.1956"), ("cy", "4/5/1956")):
        with using(language):
            assert birth_date_text(born) == text
            assert parse_birth_date(text, TODAY) == born
            assert parse_birth_date("1956-05-04", TODAY) == born
    for wrong in ("4/5/56", "31/02/1956", "soon", "04/05/2056", "04/05/1856"):
        with pytest.raises(ValueError):
            parse_birth_date(wrong, TODAY)


def test_the_summary_step_writes_it_to_the_record(qtbot: QtBot) -> None:
    loaded = load_pack(MINIMAL)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=lambda: NOW)
    page = SummaryStep(SessionBinding(session))
    qtbot.addWidget(page)
    page.show()
    field = page.fields["patient.birth_date"]
    assert field.placeholderText() == "e.g. 04/05/1956"
    field.setText("31/02/1956")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert session.record.patient is None  # nothing written
    assert page.birth_problem.isVisible()
    assert "Not a date of birth: write it like 04/05/1956." in page.birth_problem.text()
    field.setText("04/05/1956")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert session.record.patient == Person(birth_date=date(1956, 5, 4))
    assert not page.birth_problem.isVisible()
    session.set_patient(Person(name="Jane Doe", birth_date=date(1960, 1, 2)))
    assert field.text() == "02/01/1960"


@pytest.mark.parametrize("language", ["en", "cy", "pl", "ar"])
def test_dates_in_figures_read_as_babel_writes_them(language: str) -> None:
    """The shipped languages' figures are made without Babel, exactly as Babel makes them."""
    from babel.dates import format_skeleton

    from decision_aid.i18n import using
    from decision_aid.report.when import conventions

    with using(language):
        for day in (date(1956, 5, 4), date(2001, 12, 31), date(1930, 1, 10)):
            expected = format_skeleton("yMMdd", day, locale=conventions(language))
            assert birth_date_text(day) == expected
