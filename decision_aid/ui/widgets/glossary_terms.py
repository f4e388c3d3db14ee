"""Tap-for-meaning: a pack's glossary terms marked in the grid's text, and their meaning shown.

The first use of each glossary term in a cell is drawn as a link (``term:<id>``). A tap
or click on it, or F1 (or the cell's context menu) on the current cell, opens a small
:class:`MeaningPopup` with the term and its plain meaning, in the pack's language. The
meanings are also the cell's accessible description, so a screen reader says them.

Everything from the pack goes through :func:`decision_aid.ui.plain_text.escaped` or
into plain labels: a term or a meaning is shown exactly as written, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from decision_aid.content.glossary import first_uses
from decision_aid.content.model_parts import GlossaryEntry
from decision_aid.i18n import _
from decision_aid.ui.plain_text import escaped, plain_label

SCHEME = "term:"
"""How a marked term's link starts; the entry's id follows."""
WIDTH_EM = 26
"""The popup's width, in lines of text (about 50 characters)."""


def marked_html(text: str, entries: Sequence[GlossaryEntry]) -> str:
    """``text`` as HTML that shows it as written, its first use of each term a link."""
    out: list[str] = []
    at = 0
    for match in first_uses(text, entries):
        out.append(escaped(text[at : match.start]))
        out.append(
            f"<a href='{SCHEME}{match.entry.id}'>{escaped(text[match.start : match.end])}</a>"
        )
        at = match.end
    out.append(escaped(text[at:]))
    return "".join(out)


def entry_for(href: str, entries: Sequence[GlossaryEntry]) -> GlossaryEntry | None:
    """The entry a marked term's link names; None for any other link."""
    if not href.startswith(SCHEME):
        return None
    wanted = href.removeprefix(SCHEME)
    return next((entry for entry in entries if entry.id == wanted), None)


def used_entries(texts: Sequence[str], entries: Sequence[GlossaryEntry]) -> list[GlossaryEntry]:
    """The entries whose terms occur in any of ``texts``, each once, in order of first use."""
    seen: dict[str, GlossaryEntry] = {}
    for text in texts:
        for match in first_uses(text, entries):
            seen.setdefault(match.entry.id, match.entry)
    return list(seen.values())


def meanings_text(entries: Sequence[GlossaryEntry]) -> str:
    """The meanings as plain text, one term a line: for assistive technology."""
    return "\n".join(
        _("{term}: {meaning}").format(term=entry.term, meaning=entry.meaning) for entry in entries
    )


class MeaningPopup(QFrame):
    """A small window with the meaning of one or more terms; Escape or a tap outside closes it.

    It takes the keyboard focus when shown, so a screen reader reads it, and gives it back
    to the widget that opened it when it closes.
    """

    def __init__(
        self,
        entries: Sequence[GlossaryEntry],
        parent: QWidget,
        direction: Qt.LayoutDirection = Qt.LayoutDirection.LeftToRight,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.entries = list(entries)
        self.setFrameShape(QFrame.Shape.Box)
        self.setLayoutDirection(direction)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        line = self.fontMetrics().height()
        layout.setContentsMargins(line // 2 + 2, line // 2, line // 2 + 2, line // 2)
        layout.setSpacing(2)
        self.terms: list[QWidget] = []
        self.meanings: list[QWidget] = []
        bold = QFont(self.font())
        bold.setBold(True)
        # A term in Latin letters ('NICE', 'MRI') in an Arabic popup starts where the
        # Arabic does, on the right, rather than where its own letters would put it.
        side = (
            Qt.AlignmentFlag.AlignRight
            if direction == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft
        )
        align = side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop
        for index, entry in enumerate(self.entries):
            if index:
                layout.addSpacing(line // 2)
            term = plain_label(entry.term, wrap=True)
            term.setFont(bold)
            meaning = plain_label(entry.meaning, wrap=True)
            meaning.setAccessibleName(meaning_name(entry))
            term.setAlignment(align)
            meaning.setAlignment(align)
            layout.addWidget(term)
            layout.addWidget(meaning)
            self.terms.append(term)
            self.meanings.append(meaning)
        names = [entry.term for entry in self.entries]
        self.setAccessibleName(_("What the words mean: {terms}").format(terms=", ".join(names)))
        self.setAccessibleDescription(meanings_text(self.entries))
        self.setFixedWidth(WIDTH_EM * line)

    def show_at(self, point: QPoint) -> None:
        """Show the popup with its top corner at ``point`` (global), kept on the screen."""
        self.adjustSize()
        screen = QGuiApplication.screenAt(point) or QGuiApplication.primaryScreen()
        x, y = point.x(), point.y()
        if screen is not None:
            area = screen.availableGeometry()
            x = max(area.left(), min(x, area.right() - self.width()))
            y = max(area.top(), min(y, area.bottom() - self.height()))
        self.move(x, y)
        self.show()
        self.setFocus(Qt.FocusReason.PopupFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F1):
            self.close()
            event.accept()
            return
        super().keyPressEvent(event)


def meaning_name(entry: GlossaryEntry) -> str:
    """A meaning's accessible name: 'Meaning of NICE'."""
    return _("Meaning of {term}").format(term=entry.term)
