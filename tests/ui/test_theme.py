"""The app's own look: its shipped fonts, touch-sized controls, text that keeps its
hierarchy at every size."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.ui import theme
from decision_aid.ui.type_scale import relative_font
from tests.conftest import ROOT


def test_the_screens_use_the_shipped_noto_sans(qapp: QApplication) -> None:
    shipped = [QFontDatabase.applicationFontFamilies(i) for i in theme._FONT_IDS]
    assert shipped == [["Noto Sans"], ["Noto Sans"]]
    font = QApplication.font()
    assert font.families()[:2] == ["Noto Sans", "Noto Naskh Arabic"]
    assert QFontInfo(font).family() == "Noto Sans"
    assert font.pointSizeF() >= theme.MIN_POINT_SIZE
    assert (
        (ROOT / "decision_aid" / "report" / "fonts" / "LICENSE-Noto.txt")
        .read_text()
        .count("NotoSans-Regular.ttf")
    )


def test_the_arabic_font_waits_for_a_right_to_left_language() -> None:
    """Start-up registers Noto Sans only; Noto Naskh Arabic comes with the first Arabic."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from decision_aid.ui import language, theme\n"
        "theme.install(app)\n"
        "assert len(theme._FONT_IDS) == 2 and language._fonts_loaded == []\n"
        "language.apply_language('cy')\n"
        "assert language._fonts_loaded == []\n"
        "language.apply_language('ar')\n"
        "from PySide6.QtGui import QFontDatabase\n"
        "families = [QFontDatabase.applicationFontFamilies(i) for i in language._fonts_loaded]\n"
        "assert families == [['Noto Naskh Arabic'], ['Noto Naskh Arabic']], families\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize(("patient", "least"), [(False, 32), (True, 44)])
def test_controls_are_large_enough_to_hit(qtbot: QtBot, patient: bool, least: int) -> None:
    host = QWidget()
    host.setProperty(theme.PATIENT_VIEW, patient)
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    button, search = QPushButton("Open"), QLineEdit()
    search.setClearButtonEnabled(True)
    search.setText("knee")
    layout.addWidget(button)
    layout.addWidget(search)
    host.show()
    assert theme.target_height(button) == least
    assert button.sizeHint().height() >= least
    assert button.height() >= least
    clear = [b for b in search.findChildren(QWidget) if b.isVisible() and b is not search]
    assert all(b.height() < least for b in clear)  # Qt's own small buttons keep their size


def test_a_relative_font_keeps_its_ratio_even_with_a_style_sheet(qtbot: QtBot) -> None:
    """Qt sends no ApplicationFontChange to a widget with a style sheet (the grid's badge)."""
    host = QWidget()
    qtbot.addWidget(host)
    badge = relative_font(QLabel("Example"), 1.5, bold=True)
    badge.setStyleSheet("QLabel { padding: 4px; background: #fff4ce; }")
    QVBoxLayout(host).addWidget(badge)
    host.show()
    body = QApplication.font().pointSizeF()
    assert badge.font().pointSizeF() == pytest.approx(body * 1.5)
    assert badge.font().bold()
    font = QApplication.font()
    font.setPointSizeF(body * 2)
    QApplication.setFont(font)
    assert badge.font().pointSizeF() == pytest.approx(body * 3)
    assert badge.font().bold()
