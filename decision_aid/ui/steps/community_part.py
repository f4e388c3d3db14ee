"""The plan step's local groups and services, from the clinic's community directories.

The clinician's page offers the entries that share a community topic with the pack and
run in the patient's language, each with a check box; an entry last checked more than
12 months ago carries a note for staff. A second check box records whether the patient
agrees that the chosen entries are sent on with the record as a referral. The patient's
mirror shows only what was chosen (see ``plan_step``).
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from decision_aid.directory.available import Available, choice, contact_line, find_directories
from decision_aid.directory.match import Offer
from decision_aid.i18n import _, current_language, format_date, native_name
from decision_aid.session.model import CommunityChoice
from decision_aid.session.state import Session
from decision_aid.ui.language import html_dir
from decision_aid.ui.plain_text import literal_ampersands
from decision_aid.ui.steps.plan_parts import italic, linked, note_label, wrapped


def _own(text: str) -> str:
    """A directory's text as escaped HTML, in its own direction (a first-strong isolate),
    so that its full stop stays at its end inside a line of the other direction."""
    return linked(f"\u2068{text}\u2069")


def offer_html(offer: Offer) -> str:
    """What an entry is, for whom, when, where, at what cost, how accessible, how to join
    and how to reach it, as rich text."""
    entry = offer.entry
    labelled = (
        (_("For: {value}"), entry.who_for),
        (_("When: {value}"), entry.when),
        (_("Where: {value}"), entry.where),
        (_("Cost: {value}"), entry.cost),
        (_("Access: {value}"), entry.accessibility),
        (_("How to join: {value}"), entry.how_to_join),
        (_("Contact: {value}"), contact_line(entry)),
    )
    lines = [f"<i>{_own(entry.organisation)}</i> · {_own(entry.what)}"]
    lines += [html.escape(label).format(value=_own(value)) for label, value in labelled]
    return "<br>".join(lines)


def choice_html(chosen: CommunityChoice) -> str:
    """A chosen entry and how to reach it, as rich text (the mirror and the summary)."""
    parts = [f"<b>{_own(chosen.name)}</b> · {_own(chosen.organisation)}"]
    if chosen.how_to_join:
        parts.append(html.escape(_("How to join: {value}")).format(value=_own(chosen.how_to_join)))
    if chosen.contact:
        parts.append(html.escape(_("Contact: {value}")).format(value=_own(chosen.contact)))
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
            self._add_offer(layout, offer)
        self.consent = QCheckBox(
            _("The patient agrees that the chosen groups and services are sent with the record")
        )
        self.consent.setAccessibleName(self.consent.text())
        self.consent.toggled.connect(session.set_community_referral)
        self.consent.setVisible(bool(self.offers))
        layout.addWidget(self.consent)
        if available.refused:
            refused = wrapped(
                _("Not offered (for staff): {problems}").format(
                    problems="; ".join(p.message for p in available.refused)
                )
            )
            italic(refused)
            layout.addWidget(refused)
        self.refresh()

    def _add_offer(self, layout: QVBoxLayout, offer: Offer) -> None:
        entry = offer.entry
        name = entry.name
        if offer.example_data:
            name = _("{name} (example data)").format(name=name)
        check = QCheckBox(literal_ampersands(name))
        check.setAccessibleName(name)
        check.toggled.connect(self._toggled)
        direction = html_dir(current_language())
        details = wrapped(f"<div dir='{direction}'>{offer_html(offer)}</div>", rich=True)
        details.setOpenExternalLinks(True)
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        details.setAccessibleName(_("{name}: details").format(name=entry.name))
        indent = (0, 0, 24, 6) if self.isRightToLeft() else (24, 0, 0, 6)
        details.setContentsMargins(*indent)
        layout.addWidget(check)
        layout.addWidget(details)
        if offer.stale:
            note = note_label()
            note.setText(
                _(
                    "For staff: last checked on {date}, more than 12 months ago. Check that "
                    "it still runs before suggesting it."
                ).format(date=format_date(entry.last_checked))
            )
            note.setContentsMargins(*indent)
            self.stale_notes.append(note)
            layout.addWidget(note)
        self.boxes.append((offer, check))

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
        self.consent.setEnabled(bool(plan.community))
