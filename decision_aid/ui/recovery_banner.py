"""A banner in the library that offers to recover an unfinished consultation.

It offers the newest draft that can be recovered, with Recover and Discard, and says in
plain words what is the matter with the others: open in another window, waiting for a
missing draft key (with "Use a new key…" for a user who knows it is gone for good), kept
for a reason given, or set aside as damaged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from decision_aid.i18n import _, format_datetime, ngettext
from decision_aid.ui.plain_text import plain_label

if TYPE_CHECKING:
    from pathlib import Path

    from decision_aid.session.store import DraftInfo


class RecoveryBanner(QFrame):
    """Shows the newest unfinished consultation with Recover and Discard, or a problem."""

    recover = Signal(object)
    discard = Signal(object)
    new_key = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBanner")
        # As tall as its message needs; the library below takes the rest.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setStyleSheet(
            "#recoveryBanner { background: #fff4ce; border: 1px solid #c8a600;"
            " border-radius: 4px; }"
            "#recoveryBanner QLabel { color: #3b2f00; }"
        )
        self.message = plain_label(wrap=True)
        self.recover_button = QPushButton(_("&Recover"))
        self.recover_button.setAccessibleName(_("Recover the unfinished consultation"))
        self.recover_button.clicked.connect(self._recover)
        self.discard_button = QPushButton(_("Discard…"))
        self.discard_button.setAccessibleName(_("Discard the unfinished consultation"))
        self.discard_button.clicked.connect(self._discard)
        self.new_key_button = QPushButton(_("Use a new key…"))
        self.new_key_button.setAccessibleName(_("Use a new draft key"))
        self.new_key_button.setToolTip(
            _(
                "Save new consultations with a new draft key. The waiting ones are kept, "
                "and can be opened only if their key comes back."
            )
        )
        self.new_key_button.clicked.connect(self._new_key)
        self.dismiss_button = QPushButton(_("Dismiss"))
        self.dismiss_button.setAccessibleName(_("Dismiss this message"))
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.recover_button)
        layout.addWidget(self.discard_button)
        layout.addWidget(self.new_key_button)
        layout.addWidget(self.dismiss_button)
        self.draft: DraftInfo | None = None
        self._confirming = False
        self._confirming_key = False
        self.hide()

    def show_drafts(
        self, drafts: list[DraftInfo], titles: dict[str, str], key: Path | None = None
    ) -> None:
        """Offer the newest draft that can be recovered; say why the others cannot be.

        ``key``: where the draft key belongs, named when drafts wait for it.
        """
        good = [d for d in drafts if d.recoverable]
        waiting = [d for d in drafts if d.state == "key_missing"]
        notes = self._notes(drafts, titles, key, with_locked_title=not good)
        self._reset_confirmations()
        if good:
            self.draft = good[0]
            title = titles.get(good[0].pack_id or "", good[0].pack_id or "")
            when = format_datetime(good[0].updated.astimezone(), "short")
            text = _(
                "An unfinished consultation was found: {title}, last changed {when}. "
                "Recover it exactly as it was?"
            ).format(title=title, when=when)
            if len(good) > 1:
                text += " " + ngettext(
                    "({n} more is waiting.)", "({n} more are waiting.)", len(good) - 1
                ).format(n=len(good) - 1)
            self._show(" ".join([text, *notes]), offer=True, new_key=bool(waiting))
        elif notes:
            self.draft = None
            self._show(" ".join(notes), offer=False, new_key=bool(waiting))
        else:
            self.draft = None
            self.hide()

    @staticmethod
    def _notes(
        drafts: list[DraftInfo],
        titles: dict[str, str],
        key: Path | None,
        *,
        with_locked_title: bool,
    ) -> list[str]:
        """One sentence or two per kind of draft that cannot be recovered now."""
        notes: list[str] = []
        locked = [d for d in drafts if d.state == "locked"]
        if locked and with_locked_title and len(locked) == 1:
            title = titles.get(locked[0].pack_id or "", locked[0].pack_id or "")
            notes.append(
                _("The unfinished consultation {title} is open in another window.").format(
                    title=title
                )
                if title
                else _("An unfinished consultation is open in another window.")
            )
        elif locked:
            notes.append(
                ngettext(
                    "{n} unfinished consultation is open in another window.",
                    "{n} unfinished consultations are open in another window.",
                    len(locked),
                ).format(n=len(locked))
            )
        waiting = [d for d in drafts if d.state == "key_missing"]
        if waiting:
            notes.append(
                ngettext(
                    "{n} unfinished consultation waits for its draft key {key}, which is "
                    "missing. It is kept as it is, and offered again when the key is back.",
                    "{n} unfinished consultations wait for their draft key {key}, which is "
                    "missing. They are kept as they are, and offered again when the key is back.",
                    len(waiting),
                ).format(n=len(waiting), key=key or "draft.key")
            )
            notes.append(
                _(
                    "Until then new consultations are not saved as drafts. If the key is gone "
                    "for good, choose “Use a new key”."
                )
            )
        for state in ("kept", "damaged"):
            first = next((d for d in drafts if d.state == state and d.problem), None)
            if first is not None and first.problem:
                notes.append(first.problem)
        return notes

    def show_problem(self, text: str) -> None:
        self.draft = None
        self._reset_confirmations()
        self._show(text, offer=False)

    def _reset_confirmations(self) -> None:
        self._confirming = self._confirming_key = False
        self.discard_button.setText(_("Discard…"))
        self.new_key_button.setText(_("Use a new key…"))

    def _show(self, text: str, *, offer: bool, new_key: bool = False) -> None:
        self.message.setText(text)
        self.recover_button.setVisible(offer)
        self.discard_button.setVisible(offer)
        self.new_key_button.setVisible(new_key)
        self.dismiss_button.setVisible(not offer)
        self.show()

    def _recover(self) -> None:
        if self.draft is not None:
            self.recover.emit(self.draft)

    def _discard(self) -> None:
        if self.draft is None:
            return
        if not self._confirming:
            self._confirming = True
            self.discard_button.setText(_("Really discard? Click again"))
            return
        self._confirming = False
        self.discard.emit(self.draft)

    def _new_key(self) -> None:
        if not self._confirming_key:
            self._confirming_key = True
            self.new_key_button.setText(_("Really use a new key? Click again"))
            return
        self._confirming_key = False
        self.new_key.emit()
