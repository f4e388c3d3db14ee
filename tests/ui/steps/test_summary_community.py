"""The summary step's review lists the local groups and services the patient chose, with
how to reach and join them, on the clinician's page and the patient's mirror."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.report.fhir.test_referral import WALKS
from tests.ui.steps.test_summary_step import make_page, make_session, shown


def test_the_chosen_groups_are_in_the_review(qtbot: QtBot) -> None:
    session = make_session()
    assert "Local groups and services" not in shown(make_page(qtbot, session))
    session.set_community([WALKS])
    for patient in (False, True):
        text = shown(make_page(qtbot, session, patient=patient))
        assert "Local groups and services" in text
        assert "Riverside Health Walks · Riverside Voluntary Action (fictional)" in text
        assert "How to join: Turn up on the day." in text
        assert "Contact: 01632 960101 · https://walks.example.org" in text
