"""The printed take-home sheet (Qt's print path) gives each chosen local group or service
with how to reach and join it, as the PDF does."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from decision_aid.i18n.bidi import strip_isolates
from tests.report.fhir.test_referral import WALKS
from tests.ui.dialogs.dialog_support import example_session
from tests.ui.dialogs.test_take_home_dialog import open_dialog


def test_the_printed_sheet_gives_how_to_reach_a_chosen_group(qtbot: QtBot, tmp_path: Path) -> None:
    _loaded, session = example_session()
    session.set_community([WALKS])
    dialog = open_dialog(qtbot, session, tmp_path)
    text = strip_isolates(dialog.document().toPlainText())
    assert "Local groups and services you chose" in text
    assert "Riverside Health Walks (example data): Riverside Voluntary Action (fictional)" in text
    for detail in (
        "Contact: 01632 960101 · https://walks.example.org",
        "How to join: Turn up on the day.",
        "When: Tuesdays and Fridays, 10am to 11am",
    ):
        assert f"\n{detail}" in text or f"\u2028{detail}" in text  # a line of its own
