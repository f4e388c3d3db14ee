"""The journey's "Local groups and services": the clinic's community directory entries for
this decision, in the patient's language, each one a large button to choose it.

Shown after "Who helps you decide?" only when the pack names community topics and some
trusted, recently checked entry matches them (see decision_aid.kiosk.community). Under each
button, in the kiosk's large plain type: what it is, when, where, what it costs, how to
join and a phone number or email address; nothing can be opened or followed. Each tap is
written to the session at once; choosing one signs nobody up and sends nothing to anyone:
the chosen entries go in the sealed hand-over for the clinician to talk through, and on the
printed slip for the patient to take home.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QFrame, QVBoxLayout

from decision_aid.directory.available import Available
from decision_aid.directory.match import Offer, same_language
from decision_aid.i18n import _, native_name
from decision_aid.kiosk.community import chosen, screen_contact
from decision_aid.session.state import Session
from decision_aid.ui.kiosk.parts import BigButton, Screen, words
from decision_aid.ui.kiosk.script import speak_in
from decision_aid.ui.plain_text import typed


def offer_name(offer: Offer) -> str:
    """The entry's name in its own direction, and that it is made up when it comes from
    example data."""
    name = typed(offer.entry.name)
    return _("{name} (example data)").format(name=name) if offer.example_data else name


def offer_lines(offer: Offer) -> list[str]:
    """What the entry is, when, where, what it costs, how to join and how to reach it (by
    phone or email), one line each, each value kept in its own direction."""
    entry = offer.entry
    lines = [typed(entry.what)]
    labelled = (
        (_("When: {value}"), entry.when),
        (_("Where: {value}"), entry.where),
        (_("Cost: {value}"), entry.cost),
        (_("How to join: {value}"), entry.how_to_join),
        (_("Contact: {value}"), screen_contact(entry)),
    )
    lines += [label.format(value=typed(value)) for label, value in labelled if value]
    return lines


class CommunityScreen(Screen):
    """The offered entries, each a large button that is on while it is chosen."""

    def __init__(self, session: Session, offers: list[Offer], available: Available) -> None:
        super().__init__(_("Local groups and services"))
        self.session = session
        self.available = available
        self.content.addWidget(
            words(
                _(
                    "These groups and services near you may help. Tap any you would like "
                    "to talk about with your clinician. Tapping one does not sign you up, "
                    "and nothing about you is sent to them."
                )
            )
        )
        self.toggles: list[tuple[Offer, BigButton]] = []
        for offer in offers:
            box = QFrame()
            box.setFrameShape(QFrame.Shape.StyledPanel)
            layout = QVBoxLayout(box)
            layout.setSpacing(8)
            button = BigButton(offer_name(offer), checkable=True, scale=1.1)
            button.toggled.connect(self._save)
            layout.addWidget(button)
            lines = [words(line) for line in offer_lines(offer)]
            if not same_language(offer.text_language, session.language):
                # Said in the patient's language; what the entry is, read in the voice of
                # the language it is written in (the labelled lines are the screen's own).
                language = native_name(offer.text_language)
                layout.addWidget(words(_("Details in {language}").format(language=typed(language))))
                speak_in(lines[0], offer.text_language)
            for line in lines:
                layout.addWidget(line)
            self.toggles.append((offer, button))
            self.content.addWidget(box)
        self.content.addStretch(1)

    def _save(self) -> None:
        marked = [(offer, button.isChecked()) for offer, button in self.toggles]
        self.session.set_community(chosen(marked, self.available))

    def shown(self) -> None:
        picked = {(c.directory, c.entry) for c in self.session.record.plan.community}
        for offer, button in self.toggles:
            with QSignalBlocker(button):
                button.setChecked((offer.directory_id, offer.entry.id) in picked)
            button.follow_look()
