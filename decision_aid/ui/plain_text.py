"""Text from packs, patients, sessions and certificates, shown exactly as written.

Qt reads much of what it shows as markup: a QLabel, a QMessageBox or a tooltip
renders text as HTML when it looks like HTML, and an ``<img src=...>`` in it makes Qt
open that file (``/dev/zero`` until memory runs out; on Windows a UNC path connects
to a remote share). Buttons, check boxes, group boxes and menu actions take an ``&``
as a keyboard shortcut, and a window title takes ``[*]`` as a placeholder.

So text from outside the program never reaches such a widget as it is. Every label
is built here: plain text, or rich text whose every outside part went through
:func:`escaped`. The other helpers turn outside text into what each widget shows as
written.

"As written" includes the order of what is written: in right-to-left text a phone
number's digit groups or a web address's trailing "/" would be reordered, so every
helper here wraps phone numbers, web and e-mail addresses in left-to-right isolates
(:func:`decision_aid.i18n.bidi.isolate_ltr_runs`). Text a person typed, whose
direction nobody knows, goes through :func:`typed`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from decision_aid.i18n.bidi import isolate_ltr_runs

FSI = "\u2068"
"""FIRST STRONG ISOLATE: a run laid out in the direction of its own first letter."""
PDI = "\u2069"


class PlainLabel(QLabel):
    """A label that shows its text as written: never as markup, and with phone numbers and
    addresses kept in their written order (also for text set after it was built)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(isolate_ltr_runs(text))


def plain_label(text: str = "", *, wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A label that shows ``text`` as written, never as markup."""
    label = PlainLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    return label


def typed(text: str) -> str:
    """Text a person typed (a question, a note), kept in its own direction wherever it is
    shown: English in an Arabic page keeps its full stop at its end, and the reverse."""
    if not text or text.startswith(FSI):
        return text
    return f"{FSI}{isolate_ltr_runs(text)}{PDI}"


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A plain label naming ``buddy``; an ``&`` in ``text`` marks its keyboard shortcut.

    Outside text in it goes through :func:`literal_ampersands`.
    """
    label = plain_label(text)
    label.setBuddy(buddy)
    return label


def rich_label(markup: str = "", *, wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A label for markup the program writes itself, outside text only through :func:`escaped`."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(wrap)
    label.setText(markup)
    return label


def escaped(text: str) -> str:
    """``text`` as HTML that shows it as written, line breaks included."""
    return html.escape(isolate_ltr_runs(text)).replace("\n", "<br>")


def literal_ampersands(text: str) -> str:
    """``text`` for a button, check box, group box, buddy label or action.

    These take ``&`` as a keyboard shortcut; doubled, it shows as written.
    """
    return isolate_ltr_runs(text).replace("&", "&&")


def window_title(text: str) -> str:
    """``text`` for a window title, where ``[*]`` would be a placeholder."""
    return text.replace("[*]", "[*][*]")


def tooltip(text: str) -> str:
    """``text`` for a tooltip (or a model's tooltip role): shown as written, wrapped.

    Qt renders a tooltip that looks like markup as rich text; this is rich text that
    says exactly ``text``.
    """
    if not text:
        return ""
    return GuiQt.convertFromPlainText(isolate_ltr_runs(text), GuiQt.WhiteSpaceMode.WhiteSpaceNormal)


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    *,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
) -> QMessageBox:
    """A message box that shows ``text`` as written (Qt's own would guess at markup)."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(window_title(title))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(isolate_ltr_runs(text))
    box.setStandardButtons(buttons)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    return box


def ask(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    *,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
) -> QMessageBox.StandardButton:
    """Show :func:`message_box` and wait; returns the button chosen."""
    box = message_box(parent, icon, title, text, buttons=buttons, default=default)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None:
        return QMessageBox.StandardButton.NoButton
    return box.standardButton(clicked)
