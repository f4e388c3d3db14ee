"""CollaboRATE answers from the kiosk, into the consultation that gave their code.

They arrive two ways: from the consultation's own afterwards page ("Read the answers
from the kiosk"), or through File › Open from kiosk… with the code. Either way they go
only into the consultation whose record holds that code: one open in a window, or else
its draft on this computer, which is then opened. They fill its CollaboRATE items,
marked as answered privately at the kiosk, and the spool entry is shredded once the
consultation is saved with them. If anything stops that, the entry stays in the spool
(until it expires) and the message says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from decision_aid.i18n import _
from decision_aid.kiosk.codes import on_screen
from decision_aid.ui.plain_text import ask

if TYPE_CHECKING:
    from decision_aid.kiosk.collaborate import OpenedAnswers
    from decision_aid.kiosk.spool import Spool
    from decision_aid.session.model import SessionRecord
    from decision_aid.ui.consultation_window import ConsultationWindow
    from decision_aid.ui.library_window import LibraryWindow


def gave(record: SessionRecord, code: str) -> bool:
    """True when ``record``'s consultation gave the kiosk code ``code``."""
    kiosk = record.collaborate.kiosk
    return kiosk is not None and kiosk.code == code


def read_into(consultation: ConsultationWindow, opened: OpenedAnswers, spool: Spool) -> str:
    """Fill the consultation with the answers, save it, then shred the spool entry; returns
    what happened, for the status bar."""
    from decision_aid.kiosk.collaborate import remove_answers
    from decision_aid.kiosk.handover import HandoverError
    from decision_aid.session.state import SessionError

    code = on_screen(opened.code)
    answers = opened.answers
    try:
        consultation.session.fill_from_kiosk(opened.code, answers.items(), answers.answered)
    except SessionError as exc:
        return _("{problem} The answers {code} stay in the spool until they expire.").format(
            problem=exc, code=code
        )
    if consultation.autosaver is not None and not consultation.autosaver.flush():
        return _(
            "The patient's answers from the kiosk are in the consultation, but it could not "
            "be saved yet, so the answers {code} stay in the spool until they expire."
        ).format(code=code)
    try:
        remove_answers(spool, opened)
    except HandoverError as exc:
        return str(exc)
    return _(
        "The patient's CollaboRATE answers from the kiosk ({code}) were read into this "
        "consultation and removed from the spool."
    ).format(code=code)


def deliver(window: LibraryWindow, opened: OpenedAnswers, spool: Spool) -> bool:
    """Open from kiosk with a CollaboRATE code: the answers go into the consultation that
    gave it (open, or recovered from its draft). False, with the reason shown and the
    answers kept, when no consultation here gave it."""
    for consultation in window.consultations:
        if gave(consultation.session.record, opened.code):
            message = read_into(consultation, opened, spool)
            consultation.statusBar().showMessage(message)
            window.statusBar().showMessage(message)
            consultation.activateWindow()
            return True
    record = _draft_for(window, opened.code)
    if record is None:
        _tell(
            window,
            _(
                "No consultation on this computer gave the kiosk code {code}, so the "
                "patient's answers stay in the spool. Open them on the computer where that "
                "consultation was held (its afterwards step reads them in)."
            ).format(code=on_screen(opened.code)),
        )
        return False
    entry = window.entry_for(record.pack.id)
    if entry is None:
        _release(window, record)
        _tell(
            window,
            _(
                "The consultation that gave the kiosk code {code} used the pack '{pack}', "
                "which is not in the library; the answers stay in the spool."
            ).format(code=on_screen(opened.code), pack=record.pack.id),
        )
        return False

    def started(consultation: ConsultationWindow) -> None:
        if consultation.session.record.id != record.id:
            return
        window.consultation_started.disconnect(started)
        message = read_into(consultation, opened, spool)
        consultation.statusBar().showMessage(message)
        window.statusBar().showMessage(message)

    window.consultation_started.connect(started)
    if not window.open_entry(entry, record, language=record.pack.language):
        window.consultation_started.disconnect(started)
        _release(window, record)
        _tell(window, _("The consultation could not be opened; the answers stay in the spool."))
        return False
    return True


def _draft_for(window: LibraryWindow, code: str) -> SessionRecord | None:
    """The draft on this computer of the consultation that gave ``code``, locked for
    opening; None when there is none."""
    from decision_aid.session.store import DraftError

    store = window.store
    if store is None:
        return None
    open_ids = {w.session.record.id for w in window.consultations}
    try:
        drafts = store.unfinished()
    except DraftError:
        return None
    for info in drafts:
        if not info.recoverable or info.id in open_ids:
            continue
        try:
            record = store.load(info.path)
        except DraftError:
            continue
        if gave(record, code):
            return record
        store.release(record.id)
    return None


def _release(window: LibraryWindow, record: SessionRecord) -> None:
    """Give up the lock taken on the draft to look into it."""
    if window.store is not None:
        window.store.release(record.id)


def _tell(window: QWidget, text: str) -> None:
    """Say why the answers were not read in. Tests replace this."""
    ask(window, QMessageBox.Icon.Warning, _("Open from kiosk"), text)
