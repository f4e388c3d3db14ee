"""No radio button or check box is ever clipped: on every step, in the clinician's window
and the patient's view, at the normal and at double text size, in English and in the
pseudo-language 40 % longer, under the app's own font and under DejaVu Sans.

A fresh Debian machine has only DejaVu fonts; before the app shipped its own, the
pseudo-language check found every pack's Afterwards step clipping its radio buttons there
(``QRadioButton('0') (32, 17) < (32, 19)``). The ``ui_font`` fixture runs each check
under both fonts, and this test first proves the font under test is the one the buttons
really use, so a missing font cannot pass for a fitting one.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.session.model import STEPS
from decision_aid.ui.consultation_window import ConsultationWindow
from tests.ui.dialogs.dialog_support import example_session
from tests.ui.layout_support import settle
from tests.ui.test_pseudo_locale import pseudo_language  # noqa: F401 - a fixture

PACKS = ("knee-osteoarthritis", "psa-screening", "statins-primary-prevention")


def clipped(root: QWidget, family: str) -> list[str]:
    """Every visible radio button and check box under ``root`` smaller than it needs, or
    not shown in ``family``."""
    found = []
    for button in root.findChildren(QRadioButton) + root.findChildren(QCheckBox):
        if not button.isVisibleTo(root):
            continue
        name = f"{type(button).__name__}({button.text()[:30]!r})"
        shown = QFontInfo(button.font()).family()
        if shown != family:
            found.append(f"{name} is shown in {shown}, not {family}")
        need = button.minimumSizeHint()
        if button.width() < need.width() or button.height() < need.height():
            found.append(f"{name} {button.size().toTuple()} < {need.toTuple()}")
    return found


def walk(qtbot: QtBot, pack_id: str, family: str, scale: float) -> list[str]:
    loaded, session = example_session(pack_id)
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.resize(1180, 800)
    window.show()
    window.set_patient_view(True)
    patient = window.patient_window
    assert patient is not None
    qtbot.addWidget(patient)
    window.scale_text(scale)
    found = []
    seen = 0
    try:
        for step in STEPS:
            window.go_to(step)
            settle(window, patient)
            for view, root in (("clinician", window), ("patient", patient)):
                seen += len(root.findChildren(QRadioButton))
                found += [f"{view}, {step}: {problem}" for problem in clipped(root, family)]
    finally:
        window.reset_text()
    assert seen > 0, "no radio button was shown"
    return found


@pytest.mark.parametrize("pack_id", PACKS)
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_no_radio_button_is_clipped(
    qtbot: QtBot, qapp: QApplication, ui_font: str, pack_id: str, scale: float
) -> None:
    assert QFontInfo(qapp.font()).family() == ui_font
    assert walk(qtbot, pack_id, ui_font, scale) == []


@pytest.mark.usefixtures("pseudo_language")
@pytest.mark.parametrize("pack_id", PACKS)
def test_no_radio_button_is_clipped_in_the_longer_language(
    qtbot: QtBot, ui_font: str, pack_id: str
) -> None:
    assert walk(qtbot, pack_id, ui_font, 1.0) == []


def test_the_check_finds_a_clipped_button_and_a_missing_font(qtbot: QtBot, ui_font: str) -> None:
    """The check is not empty: a radio button squeezed as on the Debian machine, and one
    in a font other than the one under test, are both reported."""
    root = QWidget()
    qtbot.addWidget(root)
    radio = QRadioButton("0", root)
    radio.adjustSize()
    root.show()
    assert clipped(root, ui_font) == []
    radio.setFixedHeight(radio.minimumSizeHint().height() - 2)
    assert [p for p in clipped(root, ui_font) if "QRadioButton('0')" in p and " < " in p]
    other = "DejaVu Sans" if ui_font == "Noto Sans" else "Noto Sans"
    assert any(f"not {other}" in p for p in clipped(root, other))
