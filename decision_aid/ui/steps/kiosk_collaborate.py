"""Afterwards, on the clinician's page: the patient may answer CollaboRATE at the kiosk.

"Answer on the kiosk" gives a code (decision_aid.kiosk.collaborate), kept in the
consultation, shown here large with until when it works, and printed on the take-home
sheet. The patient answers at the kiosk in the waiting room ("I have seen my
clinician"). While the code waits, this panel looks in the hand-over folder every few
seconds (whether the answers' file is there; nothing is read) and says when they have
come; "Read the answers from the kiosk" asks for the passphrase of the clinic's key and
hands them to the consultation window, which fills the consultation and then shreds
them from the folder. As everywhere on the clinician's screen, the answers themselves
and the score are never shown: only that they came.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _
from decision_aid.session.model import awaiting_kiosk
from decision_aid.session.state import Session, SessionError
from decision_aid.ui.plain_text import plain_label
from decision_aid.ui.type_scale import relative_font

if TYPE_CHECKING:
    from datetime import tzinfo

    from decision_aid.kiosk.spool import Spool
    from decision_aid.settings import Settings

CHECK_MS = 10_000
"""How often the folder is looked at while the code waits for answers."""
CODE_SCALE = 2.0


class KioskCollaboratePanel(QWidget):
    """Gives the code, says whether the answers came, and reads them in on request.

    ``answers_read(opened, spool)``: the answers, decrypted; the window fills them in."""

    answers_read = Signal(object, object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.intro = plain_label(
            _(
                "Or the patient answers later, alone, at the kiosk in the waiting room: give "
                'them a code to type there after tapping "I have seen my clinician".'
            ),
            wrap=True,
        )
        layout.addWidget(self.intro)
        self.give_button = QPushButton(_("Answer on the kiosk"))
        self.give_button.setAccessibleName(_("Give a code to answer on the kiosk"))
        self.give_button.clicked.connect(self.give)
        self.code = relative_font(plain_label(), CODE_SCALE, bold=True)
        self.code.setAccessibleName(_("Kiosk code"))
        self.until = plain_label(wrap=True)
        self.status = plain_label(wrap=True)
        self.status.setAccessibleName(_("Answers from the kiosk"))
        self.read_button = QPushButton(_("Read the answers from the kiosk"))
        self.read_button.setAccessibleName(_("Read the answers from the kiosk"))
        self.read_button.clicked.connect(self.read)
        self.problem = plain_label(wrap=True)
        self.problem.setAccessibleName(_("Why the kiosk could not be used"))
        row = QHBoxLayout()
        row.addWidget(self.give_button)
        row.addWidget(self.read_button)
        row.addStretch(1)
        # The code reads left to right, but sits where the page's lines start.
        layout.addWidget(self.code, 0, Qt.AlignmentFlag.AlignLeading)
        for widget in (self.until, self.status):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self._zone: tzinfo | None = None
        self.arrived = False
        self.refresh()

    # -- settings --------------------------------------------------------------------------

    def _settings(self) -> Settings:
        from decision_aid.settings import load_settings

        return load_settings()

    def _spool(self, settings: Settings) -> Spool:
        from datetime import timedelta

        from decision_aid.kiosk.spool import Spool
        from decision_aid.settings import SettingsError, file_for

        if settings.kiosk_spool is None:
            raise SettingsError(
                _(
                    "This computer is not set up for the kiosk: set 'kiosk_spool' (and, to "
                    "read the answers, 'kiosk_private_key') in {path}; see 'Kiosk hand-over' "
                    "in the README."
                ).format(path=file_for("kiosk_spool"))
            )
        return Spool(
            settings.kiosk_spool,
            keep=timedelta(hours=settings.kiosk_handover_hours),
            clock=self.session.clock,
        )

    def zone(self) -> tzinfo:
        """The clinic's time zone (the computer's when the settings cannot be read)."""
        if self._zone is None:
            from decision_aid.report.when import clinic_zone, local_zone
            from decision_aid.settings import SettingsError

            try:
                self._zone = clinic_zone(self._settings().time_zone)
            except (OSError, ValueError, SettingsError):
                self._zone = local_zone()
        return self._zone

    # -- giving the code -------------------------------------------------------------------

    def give(self) -> None:
        """A new code, written into the hand-over folder and kept in the consultation."""
        from decision_aid.kiosk.collaborate import give_code
        from decision_aid.kiosk.handover import HandoverError
        from decision_aid.settings import SettingsError

        try:
            spool = self._spool(self._settings())
            code = give_code(spool)
            issued = spool.clock()
            self.session.give_kiosk_code(code, issued, issued + spool.keep)
        except (SettingsError, HandoverError, SessionError) as exc:
            self.show_problem(str(exc))
            return
        self.arrived = False
        self.show_problem("")

    # -- the answers -----------------------------------------------------------------------

    def check(self) -> None:
        """Whether the answers are in the folder (nothing is read; no key is needed)."""
        from decision_aid.kiosk.collaborate import answers_waiting
        from decision_aid.settings import SettingsError

        kiosk = self.session.record.collaborate.kiosk
        if kiosk is None or kiosk.answered is not None:
            return
        try:
            arrived = answers_waiting(self._spool(self._settings()), kiosk.code)
        except (SettingsError, OSError):
            arrived = False
        if arrived != self.arrived:
            self.arrived = arrived
            self.refresh()

    def ask_passphrase(self) -> str | None:
        """The passphrase of the clinic's private key, or None. Tests replace this."""
        text, accepted = QInputDialog.getText(
            self,
            _("Read the answers from the kiosk"),
            _("Passphrase of the clinic's hand-over key:"),
            QLineEdit.EchoMode.Password,
        )
        return text if accepted else None

    def read(self) -> None:
        """Open the answers with the clinic's key and hand them to the window."""
        from decision_aid.kiosk.collaborate import open_answers
        from decision_aid.kiosk.handover import HandoverError
        from decision_aid.kiosk.keys import load_private_key
        from decision_aid.settings import SettingsError, file_for

        kiosk = self.session.record.collaborate.kiosk
        if kiosk is None:
            return
        try:
            settings = self._settings()
            spool = self._spool(settings)
            key_path = settings.kiosk_private_key
            if key_path is None:
                raise SettingsError(
                    _(
                        "This computer cannot read answers from the kiosk: set "
                        "'kiosk_private_key' in {path}."
                    ).format(path=file_for("kiosk_private_key"))
                )
            passphrase = self.ask_passphrase()
            if passphrase is None:
                return
            key = load_private_key(key_path, passphrase.encode("utf-8"))
            opened = open_answers(spool, kiosk.code, key, key_path)
        except (SettingsError, HandoverError) as exc:
            self.show_problem(str(exc))
            return
        self.show_problem("")
        self.answers_read.emit(opened, spool)

    # -- session -> widgets ----------------------------------------------------------------

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def refresh(self) -> None:
        kiosk = self.session.record.collaborate.kiosk
        # The clock is read only when a code was given (a test's clock may tick per read).
        now = self.session.clock() if kiosk is not None and kiosk.answered is None else None
        waiting = now is not None and awaiting_kiosk(self.session.record, now)
        usable = kiosk is not None and now is not None and now < kiosk.expires
        self.intro.setVisible(kiosk is None or kiosk.answered is None)
        self.give_button.setVisible(kiosk is None or (kiosk.answered is None and not usable))
        self.give_button.setText(
            _("Answer on the kiosk") if kiosk is None else _("Give a new code")
        )
        self.code.setVisible(usable)
        self.until.setVisible(usable)
        self.read_button.setVisible(waiting)
        if kiosk is not None and now is not None and usable:
            # Only with a code to show: the record's date formats (Babel, some megabytes
            # of locale data) are not needed by a consultation without one.
            from decision_aid.kiosk.codes import on_screen
            from decision_aid.report.when import until_text

            self.code.setText(on_screen(kiosk.code))
            self.code.setAccessibleName(_("Kiosk code: {code}").format(code=" ".join(kiosk.code)))
            self.until.setText(
                until_text(kiosk.expires, now, self.zone())
                + " "
                + _("A take-home sheet made now shows it too.")
            )
        if waiting:
            self.status.setText(
                _("The patient has answered at the kiosk: read their answers in.")
                if self.arrived
                else _("Waiting for the patient's answers from the kiosk.")
            )
        self.status.setVisible(waiting)
        if waiting and not self.timer.isActive():
            self.timer.start()
            self.check()
        elif not waiting:
            self.timer.stop()
