"""The projector's "Local groups and services" page: the entries of the trusted
community directories for the pack's topics, in the facilitator's language, each with
a check box the facilitator ticks once it has been discussed (it then shows on every
phone, and the group's record lists it), what it is, when, where, how to join, how to
reach it and the languages it runs in. An entry last checked more than 12 months ago
carries a note for the facilitator, as the clinician's plan step does.

The page binds to :class:`~decision_aid.group.resources.GroupResources`: a tick marks
the entry, and :meth:`CommunityPanel.refresh` shows what is marked.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from decision_aid.directory.match import Offer
from decision_aid.group.resources import GroupResources, Key, key_of
from decision_aid.i18n import _, current_language, format_date, native_name
from decision_aid.ui.language import html_dir
from decision_aid.ui.plain_text import literal_ampersands
from decision_aid.ui.steps.community_part import offer_html
from decision_aid.ui.steps.plan_parts import italic, note_label, wrapped


class CommunityPanel(QScrollArea):
    """The entries offered to the group, to tick as they are discussed."""

    def __init__(self, resources: GroupResources, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.resources = resources
        self.boxes: dict[Key, QCheckBox] = {}
        self.stale_notes: list[QLabel] = []
        page = QWidget()
        layout = QVBoxLayout(page)
        if resources.offers:
            layout.addWidget(
                wrapped(
                    _(
                        "Tick each group or service once you have talked about it: it then "
                        "shows on everyone's phone, and the group's record lists it."
                    )
                )
            )
        else:
            layout.addWidget(
                italic(
                    wrapped(
                        _(
                            "No group or service in the community directories on this "
                            "computer matches this decision in {language}."
                        ).format(language=native_name(current_language()))
                    )
                )
            )
        for offer in resources.offers:
            self._add(layout, offer)
        if resources.refused:
            refused = wrapped(
                _("Not offered (for staff): {problems}").format(
                    problems="; ".join(resources.refused)
                )
            )
            layout.addWidget(italic(refused))
        layout.addStretch(1)
        self.setWidget(page)
        self.setWidgetResizable(True)
        self.refresh()

    def _add(self, layout: QVBoxLayout, offer: Offer) -> None:
        entry = offer.entry
        name = entry.name
        if offer.example_data:
            name = _("{name} (example data)").format(name=name)
        check = QCheckBox(literal_ampersands(name))
        check.setAccessibleName(name)
        font = check.font()
        font.setBold(True)
        check.setFont(font)
        key = key_of(offer)
        check.toggled.connect(lambda on, k=key: self.resources.mark(k, on))
        languages = ", ".join(native_name(code) for code in entry.languages)
        runs_in = html.escape(_("Runs in: {languages}").format(languages=languages))
        direction = html_dir(current_language())
        details = wrapped(
            f"<div dir='{direction}'>{offer_html(offer)}<br>{runs_in}</div>", rich=True
        )
        details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        details.setOpenExternalLinks(True)
        details.setAccessibleName(_("{name}: details").format(name=entry.name))
        indent = (0, 0, 24, 10) if self.isRightToLeft() else (24, 0, 0, 10)
        details.setContentsMargins(*indent)
        layout.addWidget(check)
        layout.addWidget(details)
        if offer.stale:
            note = note_label()
            note.setText(
                _(
                    "For you, the facilitator: last checked on {date}, more than 12 months "
                    "ago. Check that it still runs before you suggest it."
                ).format(date=format_date(entry.last_checked))
            )
            note.setContentsMargins(*indent)
            self.stale_notes.append(note)
            layout.addWidget(note)
        self.boxes[key] = check

    def refresh(self) -> None:
        """Tick what is marked as discussed."""
        for key, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(self.resources.is_discussed(key))
