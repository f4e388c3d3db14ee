"""The plan step's parts: supporters and support resources in words, web addresses as
links, headings and notes that keep the page's font size, and a list whose items each
have a Remove button."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from decision_aid.content.model import SupportResource
from decision_aid.content.support_text import support_details
from decision_aid.i18n import N_, _, translate
from decision_aid.i18n.bidi import isolate_ltr_runs
from decision_aid.session.model import Supporter
from decision_aid.ui.plain_text import escaped, plain_label, rich_label, typed

RELATIONSHIPS: dict[str, str] = {
    "family": N_("Family"),
    "carer": N_("Carer"),
    "friend": N_("Friend"),
    "other": N_("Other"),
}
KINDS: dict[str, str] = {
    "group": N_("Group"),
    "helpline": N_("Helpline"),
    "website": N_("Website"),
    "social prescribing": N_("Social prescribing"),
    "charity": N_("Charity"),
    "service": N_("Service"),
}
_URL = re.compile(r"https?://[^\s()<>\u2066-\u2069]+[^\s()<>.,;:!?\u2066-\u2069]")


def linked(text: str) -> str:
    """``text`` as escaped HTML with its web addresses as links, each address and phone
    number kept in its written order in right-to-left text."""
    text = isolate_ltr_runs(text)
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        parts.append(html.escape(text[last : match.start()]))
        parts.append(f"<a href='{html.escape(url, quote=True)}'>{html.escape(url)}</a>")
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def supporter_text(supporter: Supporter) -> str:
    """One line for a supporter: name, relationship and note."""
    relationship = translate(RELATIONSHIPS[supporter.relationship])
    name = typed(supporter.name)
    if supporter.note:
        return _("{name} ({relationship}): {note}").format(
            name=name, relationship=relationship, note=typed(supporter.note)
        )
    return _("{name} ({relationship})").format(name=name, relationship=relationship)


def resource_html(resource: SupportResource) -> str:
    """What a support resource offers and how to reach it, as rich text."""
    kind = html.escape(translate(KINDS[resource.kind]))
    contact = html.escape(_("Contact: {contact}")).format(contact=linked(resource.contact))
    details = support_details(resource)
    more = f"<br>{escaped(details)}" if details else ""
    return f"<i>{kind}</i> · {escaped(resource.offers)}<br>{contact}{more}"


def wrapped(text: str = "", rich: bool = False) -> QLabel:
    """A wrapped label: plain text, or markup whose outside text went through ``escaped``."""
    return rich_label(text, wrap=True) if rich else plain_label(text, wrap=True)


def note_label() -> QLabel:
    """A gentle, highlighted note (dark text on a light blue ground)."""
    label = wrapped()
    label.setAutoFillBackground(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#e8f1fb"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#0b2a4a"))
    label.setPalette(palette)
    label.setMargin(6)
    return label


def italic(label: QLabel) -> QLabel:
    """Make ``label`` italic while its size still follows the page's font."""
    font = QFont()
    font.setItalic(True)
    label.setFont(font)
    return label


def heading_label(text: str) -> QLabel:
    """A bold section heading that keeps the page's font size."""
    label = wrapped(text)
    font = QFont()
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


class RemovableList(QWidget):
    """Items as wrapped lines, each with its own Remove button (keyboard reachable)."""

    def __init__(
        self, empty: str, remove: str, after: QWidget, on_remove: Callable[[int], None]
    ) -> None:
        super().__init__()
        self._remove, self._after, self._on_remove = remove, after, on_remove
        self._texts: list[str] | None = None
        self.rows: list[QWidget] = []
        self.labels: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty = wrapped(empty)
        italic(self.empty)
        self._layout.addWidget(self.empty)

    def set_items(self, texts: list[str]) -> None:
        """Show ``texts``; keeps keyboard focus on a Remove button after a removal."""
        if texts == self._texts:
            return
        focused = next((i for i, b in enumerate(self.buttons) if b.hasFocus()), None)
        self._texts = list(texts)
        for row in self.rows:
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows, self.labels, self.buttons = [], [], []
        previous = self._after
        for index, text in enumerate(texts):
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = wrapped(text)
            button = QPushButton(_("Remove"))
            button.setAccessibleName(_("{action}: {item}").format(action=self._remove, item=text))
            button.clicked.connect(lambda _checked=False, i=index: self._on_remove(i))
            line.addWidget(label, 1)
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self._layout.addWidget(row)
            QWidget.setTabOrder(previous, button)
            previous = button
            self.rows.append(row)
            self.labels.append(label)
            self.buttons.append(button)
        self.empty.setVisible(not texts)
        if focused is not None:
            if self.buttons:
                self.buttons[min(focused, len(self.buttons) - 1)].setFocus()
            else:
                self._after.setFocus()
