"""One local group or service on the clinician's plan step, compact: a check box with its
name, one line saying when and where, and the rest behind a Details button.

The entry's text is in the patient's language where its directory translates it; when it
is not (the directory has no translation), a note says which language the details are
in, in the patient's language. Each widget showing the entry's text carries that text's
language (Qt reports a widget's locale to screen readers), so a screen reader reads
Welsh as Welsh and English as English.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap, QPolygonF
from PySide6.QtWidgets import QGridLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from decision_aid.directory.available import contact_line
from decision_aid.directory.match import Offer, same_language
from decision_aid.i18n import _, format_date, native_name, using
from decision_aid.ui.language import html_dir, qt_locale
from decision_aid.ui.plain_text import typed
from decision_aid.ui.steps.plan_parts import italic, linked, note_label, wrapped
from decision_aid.ui.widgets.wrapped_check import check_and_label


def own(text: str) -> str:
    """A directory's text as escaped HTML, in its own direction (a first-strong isolate),
    so that its full stop stays at its end inside a line of the other direction."""
    return linked(f"\u2068{text}\u2069")


def offer_html(offer: Offer, *, when_and_where: bool = True) -> str:
    """What an entry is, for whom, when, where (unless ``when_and_where`` is False, for a
    page that shows them already), at what cost, how accessible, how to join and how to
    reach it, as rich text in the current language around the entry's own words."""
    entry = offer.entry
    labelled = [(_("For: {value}"), entry.who_for)]
    if when_and_where:
        labelled += [(_("When: {value}"), entry.when), (_("Where: {value}"), entry.where)]
    labelled += [
        (_("Cost: {value}"), entry.cost),
        (_("Access: {value}"), entry.accessibility),
        (_("How to join: {value}"), entry.how_to_join),
        (_("Contact: {value}"), contact_line(entry)),
    ]
    lines = [f"<i>{own(entry.organisation)}</i> · {own(entry.what)}"]
    lines += [html.escape(label).format(value=own(value)) for label, value in labelled]
    return "<br>".join(lines)


def when_and_where_html(offer: Offer) -> str:
    """When and where the entry runs, on one line (it wraps when it must)."""
    return f"{own(offer.entry.when)} · {own(offer.entry.where)}"


def shown_name(offer: Offer) -> str:
    """The entry's name, marked when it comes from example data (current language)."""
    if offer.example_data:
        return _("{name} (example data)").format(name=offer.entry.name)
    return offer.entry.name


def disclosure_icon(size: int, shown: bool, right_to_left: bool, palette: QPalette) -> QIcon:
    """A solid triangle: pointing down when the details are shown, else along the reading
    direction (right, or left in a right-to-left language). Qt's own arrows on a tool
    button stay on its left in right-to-left layouts; an icon moves to its start."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.ButtonText))
    low, high, mid = size * 0.2, size * 0.8, size * 0.5
    if shown:
        points = [(low, size * 0.3), (high, size * 0.3), (mid, size * 0.75)]
    elif right_to_left:
        points = [(size * 0.7, low), (size * 0.7, high), (size * 0.25, mid)]
    else:
        points = [(size * 0.3, low), (size * 0.3, high), (size * 0.75, mid)]
    painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    painter.end()
    return QIcon(pixmap)


class OfferRow(QWidget):
    """One offered entry: check box, name, when and where, notes, and Details."""

    def __init__(self, offer: Offer, patient_language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.offer = offer
        entry = offer.entry
        text_locale = qt_locale(offer.text_language)
        with using(patient_language):
            name = shown_name(offer)
            summary_html = when_and_where_html(offer)
            details_html = offer_html(offer, when_and_where=False)
            note_text = _("Details in {language}").format(
                language=typed(native_name(offer.text_language))
            )
        direction = html_dir(patient_language)
        self.box, self.name = check_and_label(name, self)
        self.summary = wrapped(f"<div dir='{direction}'>{summary_html}</div>", rich=True)
        self.summary.setAccessibleName(_("{name}: when and where").format(name=entry.name))
        self.language_note: QLabel | None = None
        if not same_language(offer.text_language, patient_language):
            self.language_note = italic(wrapped(note_text))
            self.language_note.setLocale(qt_locale(patient_language))
        self.details_button = QToolButton(self)
        self.details_button.setText(_("Details"))
        self.details_button.setAccessibleName(_("Details of {name}").format(name=entry.name))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.toggled.connect(self._show_details)
        self.details = wrapped(f"<div dir='{direction}'>{details_html}</div>", rich=True)
        self.details.setOpenExternalLinks(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.setAccessibleName(_("{name}: details").format(name=entry.name))
        self.details.hide()
        for widget in (self.box, self.name, self.summary, self.details):
            widget.setLocale(text_locale)
        self.stale_note: QLabel | None = None
        if offer.stale:
            self.stale_note = note_label()
            self.stale_note.setText(
                _(
                    "For staff: last checked on {date}, more than 12 months ago. Check that "
                    "it still runs before suggesting it."
                ).format(date=format_date(entry.last_checked))
            )
        self._lay_out()
        self._show_details(False)

    def _lay_out(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 6)  # a little room before the next entry
        grid.setVerticalSpacing(0)
        grid.addWidget(self.box, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.name, 0, 1)
        grid.addWidget(self.details_button, 0, 2, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(4)
        shown = (self.summary, self.language_note, self.stale_note, self.details)
        for widget in shown:
            if widget is not None:
                texts.addWidget(widget)
        grid.addLayout(texts, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        QWidget.setTabOrder(self.box, self.details_button)
        QWidget.setTabOrder(self.details_button, self.details)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.LayoutDirectionChange, QEvent.Type.FontChange):
            self._show_details(self.details_button.isChecked())
        super().changeEvent(event)

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        button = self.details_button
        size = round(button.fontMetrics().height() * 0.7)
        button.setIconSize(QSize(size, size))
        button.setIcon(disclosure_icon(size, shown, button.isRightToLeft(), button.palette()))
