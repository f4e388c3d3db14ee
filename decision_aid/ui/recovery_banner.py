"""A banner in the library that offers to recover an unfinished consultation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from decision_aid.i18n import _, format_datetime, ngettext
from decision_aid.ui.plain_text import plain_label

if TYPE_CHECKING:
    from decision_aid.session.store import DraftInfo


class RecoveryBanner(QFrame):
    """Shows the newest unfinished consultation with Recover and Discard, or a problem."""

    recover = Signal(object)
    discard = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBanner")
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
        self.dismiss_button = QPushButton(_("Dismiss"))
        self.dismiss_button.setAccessibleName(_("Dismiss this message"))
        self.dismiss_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.recover_button)
        layout.addWidget(self.discard_button)
        layout.addWidget(self.dismiss_button)
        self.draft: DraftInfo | None = None
        self._confirming = False
        self.hide()

    def show_drafts(self, drafts: list[DraftInfo], titles: dict[str, str]) -> None:
        """Offer the newest good draft; report damaged ones once."""
        damaged = [d for d in drafts if d.damaged]
        good = [d for d in drafts if not d.damaged]
        self._confirming = False
        self.discard_button.setText(_("Discard…"))
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
            if damaged:
                text += " " + damaged[0].problem if damaged[0].problem else ""
            self._show(text, offer=True)
        elif damaged:
            self.draft = None
            self._show(damaged[0].problem or "", offer=False)
        else:
            self.draft = None
            self.hide()

    def show_problem(self, text: str) -> None:
        self.draft = None
        self._show(text, offer=False)

    def _show(self, text: str, *, offer: bool) -> None:
        self.message.setText(text)
        self.recover_button.setVisible(offer)
        self.discard_button.setVisible(offer)
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
