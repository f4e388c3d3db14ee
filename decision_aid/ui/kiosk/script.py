"""What a kiosk screen says when it is read aloud: the words it shows, in reading order.

The script is gathered from the widgets themselves, so it says what the screen shows and
nothing else: every visible label, the words on every button (the choices are part of
the screen: "Not at all" to "Extremely", Yes and No, Back and Next), what is typed in a
field or else its hint, and the sentence of every risk picture. It follows the order of
the screen's layouts, which is the reading order in either direction: the risk pictures
are read one option at a time (its name, its sentence, what changes), not line by line
across the columns.

Each passage is one line of the screen, in its language: the chosen language, or the
language a widget is marked with (:func:`speak_in`; the welcome says "Welcome" in every
language offered, each to be read in its own voice). The speaker button and its message
are marked :func:`silent`.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QScrollBar,
    QWidget,
)

SPOKEN_IN = "kioskSpokenIn"
"""Widget property: the language of the widget's words, when it is not the chosen one."""
SILENT = "kioskSilent"
"""Widget property: never read aloud (the speaker button, and what it says about itself)."""
_DIRECTION_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
"""Marks that keep text in its written order on screen; a voice has nothing to say for them."""


class Passage(NamedTuple):
    """One line of a screen, and the language to read it in."""

    text: str
    language: str


def speak_in(widget: QWidget, language: str) -> None:
    """Read ``widget``'s words (and those inside it) in ``language``."""
    widget.setProperty(SPOKEN_IN, language)


def silent(widget: QWidget) -> None:
    """Never read ``widget`` (or anything inside it) aloud."""
    widget.setProperty(SILENT, True)


def spoken(text: str) -> str:
    """``text`` as a voice gets it: no direction marks, single spaces."""
    return " ".join(text.translate(_DIRECTION_MARKS).split())


def screen_script(root: QWidget, language: str) -> list[Passage]:
    """Every visible line in ``root``, in reading order, each in its language."""
    found: list[Passage | _Picture] = []
    _read(root, root, language, found)
    passages = [p for p in found if isinstance(p, Passage)]
    heard = " ".join(p.text for p in passages)
    # A risk picture's sentence is normally the words printed beside it, read there; a
    # picture whose sentence is not on the screen says it itself, where it stands.
    return [
        Passage(p.text, p.language) if isinstance(p, _Picture) else p
        for p in found
        if isinstance(p, Passage) or p.text not in heard
    ]


class _Picture(NamedTuple):
    text: str
    language: str


def _read(widget: QWidget, root: QWidget, language: str, found: list[Passage | _Picture]) -> None:
    # The risk pictures (and the pack's models with them) load with the first journey,
    # not with the welcome every screen's speaker button is built on.
    from decision_aid.ui.widgets.icon_array import IconArray
    from decision_aid.ui.widgets.risk_bar import RiskBar

    if widget is not root and not widget.isVisibleTo(root):
        return
    if widget.property(SILENT):
        return
    language = str(widget.property(SPOKEN_IN) or language)
    if isinstance(widget, IconArray | RiskBar):
        description = spoken(widget.accessibleDescription())
        if description:
            found.append(_Picture(description, language))
        return
    words = _words(widget)
    if words is not None:
        for line in words.splitlines():
            text = spoken(line)
            if text:
                found.append(Passage(text, language))
        return
    for child in _children(widget):
        _read(child, root, language, found)


def _words(widget: QWidget) -> str | None:
    """What ``widget`` shows in words; None for a widget that holds others."""
    from decision_aid.ui.kiosk.parts import BigButton

    if isinstance(widget, BigButton):
        return widget.text_shown()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QLabel):
        return _label_words(widget)
    if isinstance(widget, QLineEdit):
        return widget.text() or widget.placeholderText()
    if isinstance(widget, QProgressBar | QScrollBar):
        return ""  # a progress bar's words stand beside it
    return None


def _label_words(label: QLabel) -> str:
    """A label's text; a picture alone says nothing (its words stand beside it).

    Where the label's accessible name is its text spaced out (the hand-over code, "K 7 M
    4 X P"), the name is read: letter by letter, as the code is to be read out."""
    if not label.pixmap().isNull():
        return ""
    text = label.text()
    name = label.accessibleName()
    if name != text and "".join(spoken(name).split()) == "".join(spoken(text).split()):
        return name
    return text


def _children(widget: QWidget) -> list[QWidget]:
    """``widget``'s own widgets in the order of its layouts, then any placed by hand.

    The order comes from ``indexOf`` (never from a layout's items, whose Python wrappers
    Qt may delete under us: see tests/ui/test_layout_items.py)."""
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        return [inner] if inner is not None else []
    children = [c for c in widget.children() if isinstance(c, QWidget) and not c.isWindow()]
    layout = widget.layout()
    if layout is None:
        return children
    places = {id(child): _place(layout, child) for child in children}
    laid = sorted((c for c in children if places[id(c)] is not None), key=lambda c: places[id(c)])
    return laid + [c for c in children if places[id(c)] is None]


def _place(layout: QLayout, widget: QWidget) -> tuple[int, ...] | None:
    """Where ``widget`` stands in ``layout``: its index, after the indices of the layouts
    it is nested in (None: not in this layout)."""
    index = layout.indexOf(widget)
    if index >= 0:
        return (index,)
    for inner in layout.children():
        if isinstance(inner, QLayout):
            place = _place(inner, widget)
            if place is not None:
                return (layout.indexOf(inner), *place)
    return None
