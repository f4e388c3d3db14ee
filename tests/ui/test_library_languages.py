"""The library in the screen language: titles and details from each pack's translation,
languages by their own names, nothing clipped, and an Arabic library that opens ready."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.i18n import _, using
from decision_aid.i18n.bidi import strip_isolates
from decision_aid.ui.language import apply_language
from decision_aid.ui.library_window import LibraryWindow
from tests.conftest import SHIPPED

TODAY = date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    yield
    apply_language("en")


def open_library(qtbot: QtBot, language: str) -> LibraryWindow:
    apply_language(language)
    window = LibraryWindow([SHIPPED], today=lambda: TODAY)
    qtbot.addWidget(window)
    window.resize(1180, 820)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    return window


def translated_title(pack_id: str, language: str) -> str:
    return load_pack(SHIPPED / pack_id).translations[language].strings["title"]


@pytest.mark.parametrize("language", ["cy", "pl", "ar"])
def test_titles_and_details_are_in_the_screen_language(qtbot: QtBot, language: str) -> None:
    window = open_library(qtbot, language)
    titles = {str(window.proxy.index(row, 0).data()) for row in range(window.proxy.rowCount())}
    assert titles == {
        translated_title(p, language)
        for p in ("knee-osteoarthritis", "psa-screening", "statins-primary-prevention")
    }
    details = strip_isolates(window.details.toPlainText())
    entry = window.selected_entry()
    assert entry is not None and entry.meta is not None
    strings = load_pack(entry.path).translations[language].strings
    assert strings["decision"] in details
    with using(language):
        assert _("Example content, not clinically reviewed.") in details
    assert "Example content" not in details and "No external funding" not in details


def test_switching_the_screen_language_retitles_the_packs(qtbot: QtBot) -> None:
    window = open_library(qtbot, "en")
    assert str(window.proxy.index(0, 0).data()) == "Knee osteoarthritis: treatment options"
    apply_language("cy")
    qtbot.waitUntil(lambda: window.titles_task is not None and not window.titles_task.running)
    assert str(window.proxy.index(0, 0).data()) == translated_title("knee-osteoarthritis", "cy")
    # Either language finds a pack.
    window.search.setText("osteoarthritis")
    assert window.proxy.rowCount() == 1
    window.search.setText(translated_title("knee-osteoarthritis", "cy").split()[0])
    assert window.proxy.rowCount() >= 1


def test_languages_appear_by_their_own_names(qtbot: QtBot) -> None:
    window = open_library(qtbot, "cy")
    names = ["English", "Cymraeg", "Polski", "العربية"]
    column = strip_isolates(str(window.proxy.index(0, 2).data()))
    assert sorted(column.split(", ")) == sorted(names)
    assert all(name in strip_isolates(window.details.toPlainText()) for name in names)
    combo = window.patient_language
    assert sorted(combo.itemText(i) for i in range(combo.count())) == sorted(names)


@pytest.mark.parametrize("language", ["en", "cy", "pl", "ar"])
def test_no_language_name_is_clipped_in_the_patient_language_box(
    qtbot: QtBot, language: str
) -> None:
    """'Cymraeg' showed as 'Cymraeç': the box was narrower than the name."""
    window = open_library(qtbot, language)
    combo: QComboBox = window.patient_language
    qtbot.waitUntil(lambda: combo.width() >= combo.sizeHint().width())  # laid out again
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    room = field.width() - 2  # Qt draws the current text 1 px inside the field on each side
    metrics = combo.fontMetrics()
    for index in range(combo.count()):
        text = combo.itemText(index)
        assert metrics.horizontalAdvance(text) <= room, (text, room)


def test_the_arabic_library_opens_with_a_pack_selected(qtbot: QtBot) -> None:
    """In right to left, selecting the first row used to select nothing: an empty details
    pane and an empty patient's language box."""
    window = open_library(qtbot, "ar")
    assert window.isRightToLeft()
    entry = window.selected_entry()
    assert entry is not None
    assert window.table.selectionModel().isRowSelected(0)
    assert translated_title(entry.id, "ar") in window.details.toPlainText()
    assert window.patient_language.count() == 4
    assert window.patient_language.currentData() == "ar"
