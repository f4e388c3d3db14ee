"""The patient's view: the current step, large and plain, on a second screen when there is one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from decision_aid.i18n import _
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.pages import build_pages

PATIENT_FONT_SCALE = 1.4


class PatientWindow(QWidget):
    """Mirrors the consultation's current step; the clinician keeps the controls."""

    def __init__(self, binding: SessionBinding, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.binding = binding
        session = binding.session
        self.setWindowTitle(_("For you: {title}").format(title=session.pack.meta.title))
        self.setAccessibleName(_("Patient view"))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * PATIENT_FONT_SCALE * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.pages = build_pages(binding, patient=True)
        self.stack = QStackedWidget()
        for page in self.pages.values():
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        binding.changed.connect(self._follow)
        self._follow("step")
        self.resize(1000, 720)

    def _follow(self, topic: str) -> None:
        if topic not in ("step", "all"):
            return
        step = self.binding.session.record.step
        page = self.pages[step]
        self.stack.setCurrentIndex(list(self.pages).index(step))
        self.heading.setText(page.title())

    def current_page_title(self) -> str:
        return self.heading.text()

    def show_on_best_screen(self) -> None:
        """Full screen on a second display when one is attached; a normal window otherwise."""
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not primary]
        if others:
            self.setScreen(others[0])
            self.move(others[0].geometry().topLeft())
            self.showFullScreen()
        else:
            self.show()
