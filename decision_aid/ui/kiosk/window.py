"""The kiosk's one window: frameless, full screen, refusing to close or shrink.

It holds the patient's display bar (text size, high contrast) above the screens (one at
a time), the staff corner, and the overlays. Only the
controller's staff exit (after the PIN) lets it close; Alt+F4, the window manager's
close and minimising do nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QMouseEvent, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from decision_aid.i18n import _
from decision_aid.ui.kiosk.display import DisplayBar
from decision_aid.ui.kiosk.overlays import IdleWarning, RestartConfirm, StaffPin
from decision_aid.ui.kiosk.parts import TARGET, TEXT_SCALE
from decision_aid.ui.theme import PATIENT_VIEW, ensure_installed
from decision_aid.ui.type_scale import relative_font

CORNER = 96
"""The staff corner's side, in pixels (top left, or top right in right-to-left)."""


class StaffCorner(QWidget):
    """An unmarked square in a top corner; a long press on it asks for the staff PIN."""

    pressed = Signal()
    released = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFixedSize(max(CORNER, TARGET), max(CORNER, TARGET))
        self.setAccessibleName(_("Staff only: press and hold"))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.pressed.emit()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.released.emit()
        event.accept()


class KioskWindow(QWidget):
    """The frameless full-screen window; a new one for every journey."""

    painted = Signal()
    """Once, after the window's first frame was painted."""

    def __init__(self, *, overlays: bool = True) -> None:
        """``overlays=False`` leaves the overlays to :meth:`make_overlays` (after the first
        frame: nothing can call for them before the kiosk's set-up is ready)."""
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        ensure_installed()
        self.may_close = False
        self._painted = False
        self.setProperty(PATIENT_VIEW, True)
        relative_font(self, TEXT_SCALE)
        self.setWindowTitle("decision-aid")
        self.setAccessibleName(_("Decision aid"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.display = DisplayBar(self)
        layout.addWidget(self.display)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.corner = StaffCorner(self)
        self._overlays_made = False
        if overlays:
            self.make_overlays()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # The children paint in this same frame; the signal comes after all of it.
            QTimer.singleShot(0, self, self.painted.emit)  # not once the window is gone

    def make_overlays(self) -> None:
        """The overlays again, in the language now chosen (the old ones are deleted)."""
        for old in self.overlays():
            old.hide()
            old.deleteLater()
        self.warning = IdleWarning(self)
        self.confirm = RestartConfirm(self)
        self.pin = StaffPin(self)
        self._overlays_made = True

    def overlays(self) -> list[QWidget]:
        return [self.warning, self.confirm, self.pin] if self._overlays_made else []

    def place_corner(self) -> None:
        x = self.width() - self.corner.width() if self.isRightToLeft() else 0
        self.corner.move(x, 0)
        self.corner.raise_()
        for overlay in self.overlays():
            if overlay.isVisible():
                overlay.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.place_corner()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self.place_corner()
        elif (
            event.type() == QEvent.Type.WindowStateChange
            and self.isMinimized()
            and not self.may_close
        ):
            self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.may_close:
            event.accept()
        else:
            event.ignore()
