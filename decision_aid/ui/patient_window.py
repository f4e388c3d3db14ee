"""The patient's view: the current step, large and plain, on a second screen when there is one.

It speaks the patient's language (the session's content language), whatever the
clinician's screen language is, so a bilingual consultation shows each person
their own language.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from decision_aid.i18n import _, using
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.language import direction, load_fonts
from decision_aid.ui.pages import build_pages
from decision_aid.ui.plain_text import plain_label, window_title
from decision_aid.ui.steps.base import PATIENT_SCALE
from decision_aid.ui.theme import PATIENT_VIEW, ensure_installed
from decision_aid.ui.type_scale import relative_font
from decision_aid.ui.window_size import open_size

HEADING_SCALE = 1.3
"""The step's name above the page, relative to the patient's text."""


class PatientWindow(QWidget):
    """Mirrors the consultation's current step; the clinician keeps the controls."""

    def __init__(self, binding: SessionBinding, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        ensure_installed()
        self.binding = binding
        self.setProperty(PATIENT_VIEW, True)
        self.setAccessibleName(_("Patient view"))
        self.heading = relative_font(
            plain_label(wrap=True), PATIENT_SCALE * HEADING_SCALE, bold=True
        )
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, 1)
        self.pages: dict[str, object] = {}
        self.rebuild()
        binding.changed.connect(self._changed)
        self.resize(open_size(self, 1000, 720))

    @property
    def language(self) -> str:
        return self.binding.session.language

    def rebuild(self) -> None:
        """Build the pages again in the patient's language."""
        while self.stack.count():
            old = self.stack.widget(0)
            self.stack.removeWidget(old)
            old.deleteLater()
        load_fonts(self.language)
        self.setLayoutDirection(direction(self.language))
        with using(self.language):
            title = self.binding.session.pack.meta.title
            self.setWindowTitle(window_title(_("For you: {title}").format(title=title)))
        self.pages = build_pages(self.binding, patient=True, language=self.language)
        for page in self.pages.values():
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(page)
            self.stack.addWidget(scroll)
        self._follow()

    def _changed(self, topic: str) -> None:
        if topic == "language":
            self.rebuild()
        elif topic in ("step", "all"):
            self._follow()

    def _follow(self) -> None:
        step = self.binding.session.record.step
        page = self.pages[step]
        self.stack.setCurrentIndex(list(self.pages).index(step))
        self.heading.setText(page.title())  # type: ignore[attr-defined]

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
