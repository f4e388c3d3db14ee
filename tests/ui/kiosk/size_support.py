"""Every control a patient can touch is at least 44×44 pixels and shows all its words."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget

from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.parts import BigButton
from decision_aid.ui.kiosk.window import StaffCorner

LEAST = 44


def controls(kiosk: Kiosk) -> list[QWidget]:
    return [
        w
        for w in kiosk.window.findChildren(QWidget)
        if isinstance(w, QAbstractButton | QLineEdit | StaffCorner) and w.isVisible()
    ]


def check_screen(kiosk: Kiosk) -> int:
    QApplication.processEvents()
    found = controls(kiosk)
    assert found
    for widget in found:
        name = widget.accessibleName()
        assert widget.width() >= LEAST and widget.height() >= LEAST, (name, widget.size())
        if isinstance(widget, BigButton):
            label = widget.label
            assert label.height() >= label.heightForWidth(label.width()), name
    return len(found)
