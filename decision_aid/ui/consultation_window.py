"""The clinician's window for one consultation: the steps, navigation, undo and autosave."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _, format_time, on_language_changed
from decision_aid.session.model import STEPS, Step
from decision_aid.session.state import Session
from decision_aid.session.store import DraftStore
from decision_aid.session.summary_text import kiosk_text
from decision_aid.ui.autosave import AUTOSAVE_DELAY_MS, Autosaver
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.clinic_time import clinic_moment
from decision_aid.ui.language import (
    apply_language,
    language_menu,
    load_fonts,
    ui_language,
    ui_languages,
)
from decision_aid.ui.pages import build_pages
from decision_aid.ui.patient_window import PatientWindow
from decision_aid.ui.plain_text import ask, plain_label, window_title
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.theme import base_point_size, ensure_installed
from decision_aid.ui.trust_banner import unverified_banner
from decision_aid.ui.type_scale import relative_font
from decision_aid.ui.widgets.flow_layout import FlowLayout
from decision_aid.ui.window_size import open_size

if TYPE_CHECKING:
    from decision_aid.kiosk.collaborate import OpenedAnswers
    from decision_aid.kiosk.spool import Spool

MAX_POINT_SIZE = 48.0
HEADING_SCALE = 1.15
"""The pack's title above the step tabs, relative to the text."""


class ConsultationWindow(QMainWindow):
    """Steps through the journey; every page is bound to one session."""

    closed = Signal()

    def __init__(
        self,
        loaded: LoadedPack,
        session: Session,
        store: DraftStore | None = None,
        *,
        autosave_ms: int = AUTOSAVE_DELAY_MS,
        roots: list[Path] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        ensure_installed()
        self.loaded = loaded
        self.roots = roots
        """The library's pack folders (None: the default ones), searched by the record dialog."""
        self.binding = SessionBinding(session, self)
        self.patient_window: PatientWindow | None = None
        self.autosaver = Autosaver(self.binding, store, autosave_ms, self) if store else None
        self.resize(open_size(self, 1280, 800))
        self._build_ui()
        self._unsubscribe_language = on_language_changed(self._ui_language_changed)

        self.binding.changed.connect(self._on_changed)
        self.binding.changed.connect(self._content_language_changed)
        if self.autosaver is not None:
            self.autosaver.saved.connect(self._saved)
            self.autosaver.failed.connect(self._save_failed)
        self._on_changed("step")

    # -- building (again after a language change) -------------------------------------

    def _build_ui(self) -> None:
        """The heading, step buttons, pages and menus, in the current languages."""
        meta = self.session.pack.meta
        load_fonts(self.session.language)
        self.setWindowTitle(window_title(_("{title} — decision-aid").format(title=meta.title)))
        # The pack's title only: the decision itself is the first step's heading.
        self.heading = relative_font(plain_label(meta.title, wrap=True), HEADING_SCALE, bold=True)
        self.heading.setAccessibleName(meta.title)

        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        nav = FlowLayout(spacing=4)
        self.pages = build_pages(self.binding)
        self.pages["summary"].record_requested.connect(self.create_record)  # type: ignore[attr-defined]
        self.pages["afterwards"].patient_view_requested.connect(self.show_patient_view)  # type: ignore[attr-defined]
        self.pages["afterwards"].kiosk_answers_read.connect(self.read_kiosk_answers)  # type: ignore[attr-defined]
        self.stack = QStackedWidget()
        self.nav_buttons: dict[Step, QPushButton] = {}
        for number, (step, page) in enumerate(self.pages.items(), start=1):
            button = QPushButton(f"{number}. {page.title()}")
            button.setCheckable(True)
            button.setAccessibleName(
                _("Go to step {n}: {title}").format(n=number, title=page.title())
            )
            button.clicked.connect(lambda _checked=False, s=step: self.go_to(s))
            self.nav_group.addButton(button)
            self.nav_buttons[step] = button
            nav.addWidget(button)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            scroll.setAccessibleName(page.title())
            self.stack.addWidget(scroll)

        # The arrows are Qt's own icons, so they point the right way in right-to-left layouts.
        style = self.style()
        self.back_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), _("Back")
        )
        self.back_button.setAccessibleName(_("Previous step"))
        self.back_button.setToolTip(_("Previous step (Alt+Left)"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward), _("Next")
        )
        self.next_button.setLayoutDirection(
            Qt.LayoutDirection.LeftToRight
            if self.layoutDirection() == Qt.LayoutDirection.RightToLeft
            else Qt.LayoutDirection.RightToLeft
        )  # icon after the word
        self.next_button.setAccessibleName(_("Next step"))
        self.next_button.setToolTip(_("Next step (Alt+Right)"))
        self.next_button.clicked.connect(self.next)
        self.patient_button = QPushButton(_("Show to patient"))
        self.patient_button.setAccessibleName(_("Show to patient"))
        self.patient_button.setToolTip(_("Open the patient's view (Ctrl+Shift+P)"))
        self.patient_button.setCheckable(True)
        self.patient_button.setChecked(self.patient_window is not None)
        self.patient_button.toggled.connect(self.set_patient_view)
        footer = QHBoxLayout()
        footer.addWidget(self.back_button)
        footer.addStretch(1)
        footer.addWidget(self.patient_button)
        footer.addStretch(1)
        footer.addWidget(self.next_button)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.heading)
        self.trust_banner = unverified_banner(self.loaded.trust)
        if self.trust_banner is not None:  # above the steps: on every one of them
            layout.addWidget(self.trust_banner)
        if (handover := self.session.record.kiosk) is not None:
            note = kiosk_text(handover, clinic_moment(handover.prepared))
            layout.addWidget(plain_label(note, wrap=True))
        layout.addLayout(nav)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)
        old = self.takeCentralWidget()
        self.setCentralWidget(central)
        if old is not None:
            old.deleteLater()
        for action in self.actions():
            self.removeAction(action)
        self.menuBar().clear()
        self._build_actions()

    def rebuild(self) -> None:
        """Build the window again in the current languages; nothing of the session is lost."""
        self.commit_pages()
        self._build_ui()
        self._on_changed("step")
        if self.patient_window is not None:
            self.patient_window.rebuild()

    def _ui_language_changed(self, _code: str) -> None:
        self.rebuild()

    # -- actions ---------------------------------------------------------------------

    def _action(self, text: str, keys: list[QKeySequence], slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar().addMenu(_("&Consultation"))
        seq = QKeySequence
        self.next_action = self._action(
            _("&Next step"), [seq("Alt+Right"), seq("Ctrl+PgDown")], self.next
        )
        self.back_action = self._action(
            _("&Previous step"), [seq("Alt+Left"), seq("Ctrl+PgUp")], self.back
        )
        patient = self._action(
            _("Show to &patient"), [seq("Ctrl+Shift+P")], self.patient_button.toggle
        )
        close = self._action(_("&Close consultation"), [seq(seq.StandardKey.Close)], self.close)
        self.record_action = self._action(
            _("Create signed &record…"), [seq("Ctrl+E")], self.create_record
        )
        for action in (self.next_action, self.back_action, patient, self.record_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(close)

        edit = self.menuBar().addMenu(_("&Edit"))
        self.undo_action = self._action(_("&Undo"), [seq(seq.StandardKey.Undo)], self.undo)
        self.redo_action = self._action(
            _("&Redo"), [seq(seq.StandardKey.Redo), seq("Ctrl+Y")], self.redo
        )
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)

        view = self.menuBar().addMenu(_("&View"))
        for text, keys, factor in (
            (_("&Larger text"), [seq(seq.StandardKey.ZoomIn), seq("Ctrl+=")], 1.25),
            (_("&Smaller text"), [seq(seq.StandardKey.ZoomOut)], 0.8),
        ):
            view.addAction(self._action(text, keys, lambda _c=False, f=factor: self.scale_text(f)))
        view.addAction(self._action(_("&Normal text size"), [seq("Ctrl+0")], self.reset_text))
        languages = self.menuBar().addMenu(_("&Language"))
        languages.addMenu(
            language_menu(
                self, _("&Screen language"), ui_languages(), ui_language(), apply_language
            )
        )
        languages.addMenu(
            language_menu(
                self,
                _("&Patient's language"),
                self.session.languages(),
                self.session.language,
                self.session.set_language,
            )
        )

    # -- navigation ------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self.binding.session

    def current_page(self) -> StepPage:
        return self.pages[self.session.record.step]

    def commit_pages(self) -> None:
        """Let every page write edits it still holds."""
        for page in self.pages.values():
            page.commit()

    def go_to(self, step: Step) -> None:
        self.commit_pages()
        self.session.go_to(step)
        if self.autosaver is not None:
            self.autosaver.flush()

    def next(self) -> None:
        step = self.session.next_step()
        if step is not None:
            self.go_to(step)

    def back(self) -> None:
        step = self.session.previous_step()
        if step is not None:
            self.go_to(step)

    def undo(self) -> None:
        self.session.undo()

    def redo(self) -> None:
        self.session.redo()

    def _content_language_changed(self, topic: str) -> None:
        if topic == "language":
            self.rebuild()

    def _on_changed(self, topic: str) -> None:
        if topic in ("step", "all"):
            step = self.session.record.step
            self.stack.setCurrentIndex(STEPS.index(step))
            self.nav_buttons[step].setChecked(True)
            self.back_button.setEnabled(self.session.previous_step() is not None)
            self.next_button.setEnabled(self.session.next_step() is not None)
            self.session.mark_shown(step)
        self.undo_action.setEnabled(self.session.can_undo)
        self.redo_action.setEnabled(self.session.can_redo)

    def create_record(self) -> None:
        """Open the dialog that makes the signed PDF record and its FHIR copy."""
        from decision_aid.ui.dialogs.record_dialog import RecordDialog

        self.commit_pages()
        if self.autosaver is not None:
            self.autosaver.flush()
        RecordDialog(self.loaded, self.session, roots=self.roots, parent=self).exec()

    def read_kiosk_answers(self, opened: OpenedAnswers, spool: Spool) -> None:
        """The patient's CollaboRATE answers from the kiosk, read with the clinic's key."""
        from decision_aid.ui.dialogs.kiosk_answers import read_into

        self.statusBar().showMessage(read_into(self, opened, spool))

    # -- patient view and text size --------------------------------------------------

    def set_patient_view(self, on: bool) -> None:
        if on and self.patient_window is None:
            self.patient_window = PatientWindow(self.binding)
            self.patient_window.show_on_best_screen()
        elif not on and self.patient_window is not None:
            self.patient_window.close()
            self.patient_window.deleteLater()
            self.patient_window = None
        if self.patient_button.isChecked() != on:
            self.patient_button.setChecked(on)

    def show_patient_view(self) -> None:
        """Open the patient's view, or bring it to the front when it is open already."""
        if self.patient_window is None:
            self.set_patient_view(True)
        else:
            self.patient_window.raise_()
            self.patient_window.activateWindow()

    def scale_text(self, factor: float) -> None:
        """Larger or smaller text everywhere; never below the normal size (at least 11 pt)."""
        font = QApplication.font()
        size = min(MAX_POINT_SIZE, max(base_point_size(), font.pointSizeF() * factor))
        font.setPointSizeF(size)
        QApplication.setFont(font)

    def reset_text(self) -> None:
        font = QApplication.font()
        font.setPointSizeF(base_point_size())
        QApplication.setFont(font)

    # -- saving ----------------------------------------------------------------------

    def _saved(self) -> None:
        when = format_time(self.session.record.updated.astimezone())
        self.statusBar().showMessage(_("Saved at {time}").format(time=when))

    def _save_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def confirm_close_unsaved(self, problem: str) -> bool:
        """Ask before closing a consultation that could not be saved. Tests replace this."""
        answer = ask(
            self,
            QMessageBox.Icon.Warning,
            _("The consultation is not saved"),
            _(
                "The latest changes could not be saved: {problem}\n\n"
                "Keep the window open and try again (for example after freeing disk space)?"
            ).format(problem=problem),
            buttons=QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Discard,
            default=QMessageBox.StandardButton.Retry,
        )
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.commit_pages()
        problem = None
        if self.autosaver is not None and not self.autosaver.flush():
            problem = self.autosaver.last_error or ""
        if problem is not None and not self.confirm_close_unsaved(problem):
            event.ignore()
            return
        self.set_patient_view(False)
        self.binding.detach()
        self._unsubscribe_language()
        self.closed.emit()
        super().closeEvent(event)
