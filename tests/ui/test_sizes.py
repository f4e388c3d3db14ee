"""Sizes a GP can use in ten minutes and a patient can read.

A walk over every control of every step, in the clinician's window and in the patient's
view, at the normal text size and at double size, under the shipped font and under DejaVu
Sans: the base text is at least 11 pt; buttons, step tabs, radio buttons, check boxes and
drop-down lists are at least 32 px tall for the clinician and 44 px for the patient;
radio buttons and check boxes grow with the text; headings, option names and the
"example" badge keep their size relative to the text.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from decision_aid.session.model import STEPS
from decision_aid.ui import theme
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.steps.base import PATIENT_SCALE
from tests.ui.dialogs.dialog_support import example_session
from tests.ui.layout_support import settle

PACKS = ("knee-osteoarthritis", "psa-screening", "statins-primary-prevention")


def open_window(qtbot: QtBot, pack_id: str) -> ConsultationWindow:
    loaded, session = example_session(pack_id)
    window = ConsultationWindow(loaded, session, None)
    qtbot.addWidget(window)
    window.show()
    window.set_patient_view(True)
    assert window.patient_window is not None
    qtbot.addWidget(window.patient_window)
    return window


def controls(root: QWidget) -> list[QWidget]:
    """The visible buttons, tabs, radio buttons, check boxes and lists a person uses."""
    return [
        w
        for w in root.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QComboBox)
        and w.isVisibleTo(root)
        and not w.objectName().startswith("qt_")
        and not isinstance(w.parentWidget(), QLineEdit)
    ]


def name(widget: QWidget) -> str:
    text = getattr(widget, "text", getattr(widget, "currentText", lambda: ""))()
    return f"{type(widget).__name__}({str(text)[:30]!r})"


def indicator(radio: QAbstractButton) -> int:
    option = QStyleOptionButton()
    option.initFrom(radio)
    return radio.style().pixelMetric(QStyle.PixelMetric.PM_ExclusiveIndicatorWidth, option, radio)


def too_small(root: QWidget, target: int, text_size: float) -> list[str]:
    """Every control under ``root`` lower than ``target`` px or with text below
    ``text_size`` pt, every radio button whose circle did not grow with its text, and
    every label with text below ``text_size`` pt."""
    found = []
    for widget in controls(root):
        if widget.height() < target:
            found.append(f"{name(widget)} is {widget.height()} px tall, less than {target}")
        if widget.font().pointSizeF() < text_size - 0.01:
            found.append(f"{name(widget)} has {widget.font().pointSizeF():.1f} pt text")
        if isinstance(widget, QRadioButton):
            wanted = round(widget.fontMetrics().height() * theme.INDICATOR_SCALE)
            if indicator(widget) < wanted:
                found.append(f"{name(widget)} has a {indicator(widget)} px circle")
    for label in root.findChildren(QLabel):
        if (
            label.isVisibleTo(root)
            and label.text()
            and label.font().pointSizeF() < text_size - 0.01
        ):
            found.append(f"{name(label)} has {label.font().pointSizeF():.1f} pt text")
    return found


def test_the_base_text_is_at_least_11_pt(qapp: QApplication) -> None:
    assert theme.base_point_size() >= theme.MIN_POINT_SIZE == 11
    assert QApplication.font().pointSizeF() >= 11


@pytest.mark.parametrize("pack_id", PACKS)
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_every_control_on_every_step_is_large_enough(
    qtbot: QtBot, ui_font: str, pack_id: str, scale: float
) -> None:
    window = open_window(qtbot, pack_id)
    patient = window.patient_window
    assert patient is not None
    window.scale_text(scale)
    text = theme.base_point_size() * scale
    assert QApplication.font().pointSizeF() == pytest.approx(text)
    for step in STEPS:
        window.go_to(step)
        settle(window, patient)
        clinician = too_small(window, theme.CLINICIAN_TARGET, text)
        assert clinician == [], f"clinician, {step}, {ui_font}, {scale}: {clinician}"
        mirror = too_small(patient, theme.PATIENT_TARGET, text * PATIENT_SCALE)
        assert mirror == [], f"patient, {step}, {ui_font}, {scale}: {mirror}"
        if step == "grid":
            tabs = list(window.nav_buttons.values())
            assert tabs and all(t.height() >= theme.CLINICIAN_TARGET for t in tabs)
    window.reset_text()


def test_radio_buttons_grow_with_larger_text(qtbot: QtBot) -> None:
    window = open_window(qtbot, "knee-osteoarthritis")
    window.go_to("plan")
    settle(window)
    radio = next(w for w in controls(window) if isinstance(w, QRadioButton))
    normal_circle, normal_height = indicator(radio), radio.height()
    window.scale_text(2.0)
    settle(window)
    assert indicator(radio) >= 1.8 * normal_circle
    assert radio.height() > normal_height
    window.reset_text()
    settle(window)
    assert indicator(radio) == normal_circle


def ratios(window: ConsultationWindow) -> dict[str, float]:
    """Headings, names and badges, each as a multiple of the text around it."""
    grid = window.pages["grid"]
    patient = window.patient_window
    assert patient is not None
    body = QApplication.font().pointSizeF()
    values = window.pages["values"]
    option_name = next(iter(values.fit_rows.values())).name  # type: ignore[attr-defined]
    return {
        "option name": option_name.font().pointSizeF() / body,
        "window heading": window.heading.font().pointSizeF() / body,
        "decision": grid.decision.font().pointSizeF() / body,  # type: ignore[attr-defined]
        "example badge": grid.status.font().pointSizeF() / body,  # type: ignore[attr-defined]
        "patient heading": patient.heading.font().pointSizeF() / body,
        "patient page": patient.pages["grid"].font().pointSizeF() / body,  # type: ignore[attr-defined]
    }


def test_headings_names_and_badges_scale_with_the_text(qtbot: QtBot) -> None:
    window = open_window(qtbot, "knee-osteoarthritis")
    window.go_to("values")
    settle(window)
    normal = ratios(window)
    assert normal["option name"] == pytest.approx(1)
    assert normal["decision"] > normal["window heading"] > 1
    assert normal["example badge"] >= 1
    assert normal["patient heading"] > normal["patient page"] == pytest.approx(PATIENT_SCALE)
    window.scale_text(2.0)
    settle(window)
    assert ratios(window) == pytest.approx(normal)
    window.scale_text(0.8)
    settle(window)
    assert ratios(window) == pytest.approx(normal)
