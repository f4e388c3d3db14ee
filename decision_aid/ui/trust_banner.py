"""The banner a consultation shows on every step when its pack's content is unverified:
not signed, or signed by nobody the clinic trusts (see decision_aid.content.trust)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from decision_aid.i18n import _
from decision_aid.ui.plain_text import plain_label
from decision_aid.ui.type_scale import relative_font

if TYPE_CHECKING:
    from decision_aid.content.trust.status import PackTrust


class UnverifiedBanner(QFrame):
    """'Unverified content', and why, above the steps."""

    def __init__(self, trust: PackTrust, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unverifiedBanner")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setStyleSheet(
            "#unverifiedBanner { background: #fde8e8; border: 1px solid #b00020;"
            " border-radius: 4px; }"
            "#unverifiedBanner QLabel { color: #5c0010; }"
        )
        heading = _("Unverified content")
        if trust.status == "untrusted":
            text = _(
                "This pack is signed by a key this clinic does not trust, so nobody can tell "
                "whether its figures are the ones its authors wrote. Check where it came "
                "from before using it with a patient."
            )
        else:
            text = _(
                "This pack is not signed, so nobody can tell whether its figures are the "
                "ones its authors wrote. Check where it came from before using it with a "
                "patient."
            )
        self.heading = relative_font(plain_label(heading), bold=True)
        self.message = plain_label(text, wrap=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.message, 1)
        self.setAccessibleName(heading)
        self.setAccessibleDescription(text)


def unverified_banner(trust: PackTrust | None) -> UnverifiedBanner | None:
    """The banner for a pack whose content is unverified; None for a verified pack, or one
    loaded without a signature check (trust None)."""
    if trust is None or trust.verified:
        return None
    return UnverifiedBanner(trust)
