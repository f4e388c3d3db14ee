"""Open from kiosk: the code from the patient's slip starts their consultation (or, for a
code given for CollaboRATE at the kiosk, reads the patient's answers into the
consultation that gave it: decision_aid.ui.dialogs.kiosk_answers).

The dialog asks for the code (large, forgiving: case, spaces and look-alike characters
do not matter, see :mod:`decision_aid.kiosk.codes`) and the passphrase of the clinic's
private key, then opens the hand-over from the spool in the settings. Any failure (no
such code, expired, wrong key or passphrase, a changed file) is said in the dialog, in
plain words that name the file and the fix, and the hand-over stays in the spool.

:func:`open_from_kiosk` then starts a consultation on the hand-over's pack with the
patient's answers filled in and marked as theirs. The spool entry is shredded only once
that consultation's window is open and its first save has succeeded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _
from decision_aid.ui.plain_text import ask, buddy_label, plain_label
from decision_aid.ui.type_scale import relative_font

if TYPE_CHECKING:
    from decision_aid.kiosk.collaborate import OpenedAnswers
    from decision_aid.kiosk.spool import Opened, Spool
    from decision_aid.ui.consultation_window import ConsultationWindow
    from decision_aid.ui.library_window import LibraryWindow

CODE_SCALE = 2.2
"""The code field's text, relative to the dialog's."""
CODE_PADDING = 8
"""Pixels above and below the code field's text."""


class KioskOpenDialog(QDialog):
    """Asks for a hand-over code and the key's passphrase; opens the hand-over."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open from kiosk"))
        self.opened: Opened | None = None
        self.answers: OpenedAnswers | None = None
        """CollaboRATE answers from the kiosk, when the code was given for them."""
        self.spool: Spool | None = None
        intro = plain_label(
            _(
                "Type the code from the patient's slip. Capital or small letters, spaces "
                "and dashes do not matter."
            ),
            wrap=True,
        )
        self.code = relative_font(QLineEdit(), CODE_SCALE, bold=True)
        self.code.setMinimumHeight(self.code.fontMetrics().height() + 2 * CODE_PADDING)
        self.code.setPlaceholderText("K7M 4XP")
        self.code.setMaxLength(24)
        self.code.setAccessibleName(_("Hand-over code"))
        self.code.textChanged.connect(self._code_changed)
        self.reading = plain_label()
        self.reading.setAccessibleName(_("The code as read"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase of the clinic's hand-over key"))
        self.problem = plain_label(wrap=True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.setAccessibleName(_("Why the hand-over was not opened"))
        self.problem.hide()
        form = QFormLayout()
        form.addRow(buddy_label(_("&Code:"), self.code), self.code)
        form.addRow("", self.reading)
        form.addRow(buddy_label(_("&Passphrase:"), self.passphrase), self.passphrase)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setText(_("Open"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_open)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _code_changed(self, text: str) -> None:
        from decision_aid.kiosk.codes import LENGTH, CodeError, on_screen, read_code

        try:
            self.reading.setText(_("Read as: {code}").format(code=on_screen(read_code(text))))
        except CodeError as exc:
            typed = sum(1 for c in text if c.isalnum())
            self.reading.setText(str(exc) if typed >= LENGTH else "")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def try_open(self) -> None:
        """Open the hand-over; on success accept, else say why (nothing is removed)."""
        from datetime import timedelta

        from decision_aid.kiosk.codes import CodeError, read_code
        from decision_aid.kiosk.collaborate import is_answers_code, open_answers
        from decision_aid.kiosk.handover import HandoverError
        from decision_aid.kiosk.keys import load_private_key
        from decision_aid.kiosk.spool import Spool
        from decision_aid.settings import SettingsError, file_for, load_settings

        try:
            code = read_code(self.code.text())
            settings = load_settings()
            if settings.kiosk_spool is None or settings.kiosk_private_key is None:
                raise SettingsError(
                    _(
                        "This computer is not set up to open hand-overs: set 'kiosk_spool' and "
                        "'kiosk_private_key' in {path} (see 'Kiosk hand-over' in the README)."
                    ).format(
                        path=file_for(
                            "kiosk_private_key" if settings.kiosk_spool else "kiosk_spool"
                        )
                    )
                )
            key_path = settings.kiosk_private_key
            key = load_private_key(key_path, self.passphrase.text().encode("utf-8"))
            spool = Spool(settings.kiosk_spool, keep=timedelta(hours=settings.kiosk_handover_hours))
            if is_answers_code(spool, code):
                self.answers = open_answers(spool, code, key, key_path)
            else:
                self.opened = spool.open(code, key, key_path)
        except (CodeError, SettingsError, HandoverError) as exc:
            self.show_problem(str(exc))
            return
        self.spool = spool
        self.accept()


def open_from_kiosk(window: LibraryWindow) -> None:
    """Ask for a code, and start the consultation it hands over (File › Open from kiosk)."""
    dialog = KioskOpenDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.spool is None:
        return
    if dialog.answers is not None:
        from decision_aid.ui.dialogs.kiosk_answers import deliver

        deliver(window, dialog.answers, dialog.spool)
    elif dialog.opened is not None:
        start_consultation(window, dialog.opened, dialog.spool)


def start_consultation(window: LibraryWindow, opened: Opened, spool: Spool) -> bool:
    """Start the consultation with the hand-over's answers; the entry is removed once it
    has started and been saved. False (the entry kept, the reason shown) when it cannot."""
    from decision_aid.kiosk.handover import record_from_handover
    from decision_aid.session.model import now_utc

    record = record_from_handover(opened.content, (window.clock or now_utc)())
    entry = window.entry_for(record.pack.id)
    if entry is None:
        _tell(
            window,
            _(
                "The hand-over is for the pack '{pack}', which is not in the library. Add its "
                "folder (File › Add pack folder), then open the code again; the hand-over is "
                "kept until then."
            ).format(pack=record.pack.id),
        )
        return False

    def started(consultation: ConsultationWindow) -> None:
        if consultation.session.record.id != record.id:
            return
        window.consultation_started.disconnect(started)
        _started(window, consultation, opened, spool)

    window.consultation_started.connect(started)
    if not window.open_entry(entry, record, language=record.pack.language):
        window.consultation_started.disconnect(started)
        _tell(window, _("The consultation could not be started; the hand-over is kept."))
        return False
    return True


def _started(
    window: LibraryWindow,
    consultation: ConsultationWindow,
    opened: Opened,
    spool: Spool,
) -> None:
    from decision_aid.kiosk.codes import on_screen
    from decision_aid.kiosk.handover import HandoverError

    if consultation.autosaver is not None and not consultation.autosaver.flush():
        window.statusBar().showMessage(
            _(
                "Started the consultation from the kiosk, but it could not be saved yet, so "
                "the hand-over {code} is kept in the spool until it expires."
            ).format(code=on_screen(opened.code))
        )
        return
    try:
        spool.remove(opened)
    except HandoverError as exc:
        window.statusBar().showMessage(str(exc))
        return
    window.statusBar().showMessage(
        _(
            "Started the consultation from the kiosk hand-over {code}, with the answers the "
            "patient prepared; the hand-over was removed from the spool."
        ).format(code=on_screen(opened.code))
    )


def _tell(window: QWidget, text: str) -> None:
    """Say why nothing was started. Tests replace this."""
    ask(window, QMessageBox.Icon.Warning, _("Open from kiosk"), text)
