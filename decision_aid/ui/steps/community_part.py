"""The plan step's local groups and services, from the clinic's community directories.

The clinician's page offers the entries that share a community topic with the pack and
run in the patient's language, in the patient's language where the directory translates
them. Each is compact (see :mod:`~decision_aid.ui.steps.community_offer`): a check box with
its name, when and where, and the rest behind a Details button, so that the step still
fits a laptop's screen. An entry last checked more than 12 months ago carries a note for
staff. A second check box records whether the patient agrees that the chosen entries are
sent on with the record as a referral. The patient's mirror shows only what was chosen
(see ``plan_step``).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from decision_aid.directory.available import Available, choice, find_directories
from decision_aid.directory.match import Offer
from decision_aid.i18n import _, native_name
from decision_aid.session.model import CommunityChoice
from decision_aid.session.state import Session
from decision_aid.ui.steps.community_offer import OfferRow, offer_html, own
from decision_aid.ui.steps.plan_parts import italic, wrapped
from decision_aid.ui.widgets.wrapped_check import WrappedCheck

__all__ = ["CommunityBox", "choice_html", "offer_html"]


def choice_html(chosen: CommunityChoice) -> str:
    """A chosen entry and how to reach it, as rich text (the mirror and the summary)."""
    parts = [f"<b>{own(chosen.name)}</b> · {own(chosen.organisation)}"]
    if chosen.how_to_join:
        parts.append(html.escape(_("How to join: {value}")).format(value=own(chosen.how_to_join)))
    if chosen.contact:
        parts.append(html.escape(_("Contact: {value}")).format(value=own(chosen.contact)))
    return "<br>".join(parts)


class CommunityBox(QGroupBox):
    """Local groups and services to choose from, and the patient's agreement to refer."""

    def __init__(
        self, session: Session, available: Available | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Local groups and services"), parent)
        self.session = session
        if available is None:
            from decision_aid.content.trust.policy import default_policy

            available = find_directories(default_policy())
        self.available = available
        today: date = session.clock().date()
        topics = session.pack.meta.community_topics
        self.offers = available.offers(topics, session.language, today)
        self.rows: list[OfferRow] = []
        self.boxes: list[tuple[Offer, QCheckBox]] = []
        self.stale_notes: list[QLabel] = []
        layout = QVBoxLayout(self)
        if not topics:  # nothing to offer: the box is not shown
            self.setVisible(False)
        elif not self.offers:
            layout.addWidget(
                italic(
                    wrapped(
                        _(
                            "No group or service in the clinic's community directories "
                            "matches this decision in {language}."
                        ).format(language=native_name(session.language))
                    )
                )
            )
        for offer in self.offers:
            row = OfferRow(offer, session.language, self)
            row.box.toggled.connect(self._toggled)
            layout.addWidget(row)
            self.rows.append(row)
            self.boxes.append((offer, row.box))
            if row.stale_note is not None:
                self.stale_notes.append(row.stale_note)
        self.consent_row = WrappedCheck(
            _("The patient agrees that the chosen groups and services are sent with the record"),
            self,
        )
        self.consent = self.consent_row.box
        self.consent.toggled.connect(session.set_community_referral)
        self.consent_row.setVisible(bool(self.offers))
        layout.addWidget(self.consent_row)
        if available.refused:
            refused = wrapped(
                _("Not offered (for staff): {problems}").format(
                    problems="; ".join(p.message for p in available.refused)
                )
            )
            italic(refused)
            layout.addWidget(refused)
        self.refresh()

    def _toggled(self, _checked: bool) -> None:
        kept = {(c.directory, c.entry): c for c in self.session.record.plan.community}
        chosen: list[CommunityChoice] = []
        for offer, box in self.boxes:
            if not box.isChecked():
                continue
            key = (offer.directory_id, offer.entry.id)
            chosen.append(kept.get(key) or choice(offer, self.available.version(key[0])))
        offered = {(o.directory_id, o.entry.id) for o, _box in self.boxes}
        chosen += [c for key, c in kept.items() if key not in offered]  # from another day
        self.session.set_community(chosen)

    def refresh(self) -> None:
        plan = self.session.record.plan
        chosen = {(c.directory, c.entry) for c in plan.community}
        for offer, box in self.boxes:
            with QSignalBlocker(box):
                box.setChecked((offer.directory_id, offer.entry.id) in chosen)
        with QSignalBlocker(self.consent):
            self.consent.setChecked(plan.community_referral)
        self.consent_row.setEnabled(bool(plan.community))
