"""The look of every window, the same on every machine.

- **Fonts.** The screens use the app's own Noto Sans (regular and bold, shipped in
  ``decision_aid/report/fonts`` under the SIL Open Font License), with Noto Naskh Arabic
  after it for Arabic script, so a clinic sees what the tests and the README show, whatever
  fonts the machine has. Noto Sans is registered once, before the first window; the Arabic
  font only when a right-to-left language is first shown (:func:`language.load_fonts`).
- **Sizes.** The base text is at least 11 pt. Buttons, step tabs, radio buttons, check
  boxes and drop-down lists are at least 32 px tall in the clinician's windows and 44 px in
  the patient's view (a touch target, as on a kiosk), and the round and square marks of
  radio buttons and check boxes grow with the text (View › Larger text).

The sizes come from one style (Fusion, the same on every desktop, with a thin layer on top)
rather than from each widget, so controls built later follow them too.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QWidget,
)

from decision_aid.ui.language import FONTS_DIR

UI_FAMILY = "Noto Sans"
"""The screens' font, shipped with the app."""
ARABIC_FAMILY = "Noto Naskh Arabic"
"""Next in line for Arabic script, registered when a right-to-left language is shown."""
UI_FONT_FILES = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
MIN_POINT_SIZE = 11.0
"""The base text is never smaller than this."""
CLINICIAN_TARGET = 32
"""Least height, in pixels, of a control in the clinician's windows."""
PATIENT_TARGET = 44
"""Least height, in pixels, of a control in the patient's view (a finger's width)."""
PATIENT_VIEW = "patientView"
"""Widget property: True on the patient's view (its window and its pages)."""
INDICATOR_SCALE = 0.7
"""A radio button's circle (a check box's square) is this much of the text's line height."""

_BASE_SIZE = "decisionAidBasePointSize"
_FONT_IDS: list[int] = []
_INDICATORS = (
    QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
    QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    QStyle.PixelMetric.PM_IndicatorWidth,
    QStyle.PixelMetric.PM_IndicatorHeight,
)
_TARGETED = (
    QStyle.ContentsType.CT_PushButton,
    QStyle.ContentsType.CT_ToolButton,
    QStyle.ContentsType.CT_RadioButton,
    QStyle.ContentsType.CT_CheckBox,
    QStyle.ContentsType.CT_ComboBox,
)


def in_patient_view(widget: QWidget | None) -> bool:
    """True when ``widget`` is part of the patient's view."""
    while widget is not None:
        if widget.property(PATIENT_VIEW):
            return True
        widget = widget.parentWidget()
    return False


def target_height(widget: QWidget | None) -> int:
    """The least height of a control: 44 px in the patient's view, 32 px elsewhere."""
    return PATIENT_TARGET if in_patient_view(widget) else CLINICIAN_TARGET


def _is_control(widget: QWidget | None) -> bool:
    """Controls a person clicks, not the small buttons Qt builds into other widgets
    (a search box's clear button, a calendar's arrows)."""
    if widget is None or widget.objectName().startswith("qt_"):
        return False
    return not isinstance(widget.parentWidget(), QLineEdit)


class TargetStyle(QProxyStyle):
    """Fusion, with controls of a least height and indicators that grow with the text."""

    def pixelMetric(  # noqa: N802 - Qt override
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        base = super().pixelMetric(metric, option, widget)
        if metric not in _INDICATORS:
            return base
        if option is not None:
            line = option.fontMetrics.height()
        elif widget is not None:
            line = widget.fontMetrics().height()
        else:
            return base
        return max(base, round(line * INDICATOR_SCALE))

    def sizeFromContents(  # noqa: N802 - Qt override
        self,
        kind: QStyle.ContentsType,
        option: QStyleOption,
        size: QSize,
        widget: QWidget | None = None,
    ) -> QSize:
        wanted = super().sizeFromContents(kind, option, size, widget)
        if kind in _TARGETED and _is_control(widget):
            wanted.setHeight(max(wanted.height(), target_height(widget)))
        return wanted


def load_ui_fonts() -> None:
    """Register the shipped Noto Sans with Qt, once."""
    if _FONT_IDS:
        return
    for name in UI_FONT_FILES:
        _FONT_IDS.append(QFontDatabase.addApplicationFont(str(FONTS_DIR / name)))


def base_point_size(app: QApplication | None = None) -> float:
    """The normal text size (View › Normal text size), at least 11 pt."""
    app = app or _app()
    value = app.property(_BASE_SIZE)
    if value is None:
        return max(MIN_POINT_SIZE, app.font().pointSizeF())
    return float(value)


def install(app: QApplication | None = None, family: str = UI_FAMILY) -> None:
    """Give ``app`` the app's style and font (``family`` first), at the normal text size.

    The normal size is the desktop's text size when that is 11 pt or more, else 11 pt.
    """
    app = app or _app()
    load_ui_fonts()
    if not isinstance(app.style(), TargetStyle):
        style = TargetStyle(QStyleFactory.create("Fusion"))
        app.setStyle(style)
    size = base_point_size(app)
    app.setProperty(_BASE_SIZE, size)
    font = QFont(app.font())
    font.setFamily(family)
    font.setFamilies([family, ARABIC_FAMILY])
    font.setPointSizeF(size)
    if font != app.font() or font.families() != app.font().families():
        app.setFont(font)


def ensure_installed() -> None:
    """:func:`install`, unless it already was (windows call this as they open)."""
    app = _app()
    if app.property(_BASE_SIZE) is None or not isinstance(app.style(), TargetStyle):
        install(app)


def _app() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the look needs a QApplication")
    return app
