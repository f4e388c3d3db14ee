"""The patient's display choices on the kiosk: a high-contrast look and a text size.

A bar at the top of the kiosk's window, above every screen, holds "A−" and "A+" (the text
from 100 % to 200 % of the kiosk's own size, in steps of 25 %) and "High contrast" (white
on black, a white border round every button and field, yellow behind what is chosen, a thick
cyan outline round the control in focus). Both belong to the window: the wipe builds a new
window, so the next patient starts with the normal look and size. The risk pictures keep
their own white tiles in either look.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QWidget

from decision_aid.i18n import _
from decision_aid.ui.kiosk.parts import (
    BLACK,
    HIGH_CONTRAST,
    MUTED,
    TEXT_SCALE,
    WHITE,
    YELLOW,
    BigButton,
    set_words,
    words,
)
from decision_aid.ui.type_scale import rescale

SIZES = (100, 125, 150, 175, 200)
"""The text sizes offered, in per cent of the kiosk's normal text."""


def high_contrast_palette() -> QPalette:
    """White on black; yellow behind what is chosen, with black words on it."""
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        _fill(palette, group, WHITE)
    _fill(palette, QPalette.ColorGroup.Disabled, MUTED)
    return palette


def _fill(palette: QPalette, group: QPalette.ColorGroup, text: QColor) -> None:
    role = QPalette.ColorRole
    for background in (role.Window, role.Base, role.AlternateBase, role.Button, role.Shadow):
        palette.setColor(group, background, BLACK)
    for foreground in (role.WindowText, role.Text, role.ButtonText, role.BrightText):
        palette.setColor(group, foreground, text)
    for edge in (role.Light, role.Midlight, role.Mid, role.Dark):
        palette.setColor(group, edge, WHITE)
    palette.setColor(group, role.PlaceholderText, MUTED)
    palette.setColor(group, role.Highlight, YELLOW)
    palette.setColor(group, role.HighlightedText, BLACK)
    palette.setColor(group, role.ToolTipBase, BLACK)
    palette.setColor(group, role.ToolTipText, WHITE)
    palette.setColor(group, role.Link, YELLOW)
    palette.setColor(group, role.LinkVisited, YELLOW)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of ``colour``."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class DisplayBar(QWidget):
    """ "A−", the text size, "A+" and "High contrast", for the window it is put in.

    It keeps no reference of its own to the window and connects no lambda that holds
    one: a cycle through Qt's connections would keep the last patient's window alive."""

    changed = Signal()

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.size_index = 0
        self.high_contrast = False
        self.normal_palette = QPalette(target.palette())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(12)
        layout.addStretch(1)
        self.smaller = BigButton()
        self.larger = BigButton()
        self.size_text = words()
        self.contrast_button = BigButton(checkable=True)
        self.smaller.clicked.connect(self.smaller_text)
        self.larger.clicked.connect(self.larger_text)
        self.contrast_button.toggled.connect(self.set_high_contrast)
        for part in (self.smaller, self.size_text, self.larger, self.contrast_button):
            layout.addWidget(part)
        self.retranslate()

    @property
    def target(self) -> QWidget:
        return self.window()

    @property
    def percent(self) -> int:
        return SIZES[self.size_index]

    def retranslate(self) -> None:
        """The bar's words in the language now chosen."""
        # TRANSLATORS: a button that makes the text smaller ("A" for letters).
        self.smaller.set_text(_("A−"))
        self.smaller.setAccessibleName(_("Smaller text"))
        # TRANSLATORS: a button that makes the text larger ("A" for letters).
        self.larger.set_text(_("A+"))
        self.larger.setAccessibleName(_("Larger text"))
        self.contrast_button.set_text(_("High contrast"))
        self._show_size()

    def _show_size(self) -> None:
        set_words(self.size_text, _("Text {percent}%").format(percent=self.percent))
        self.smaller.setEnabled(self.size_index > 0)
        self.larger.setEnabled(self.size_index < len(SIZES) - 1)

    def smaller_text(self) -> None:
        self.set_size(self.size_index - 1)

    def larger_text(self) -> None:
        self.set_size(self.size_index + 1)

    def set_size(self, index: int) -> None:
        """Text at ``SIZES[index]`` per cent (kept within the sizes offered)."""
        self.size_index = max(0, min(len(SIZES) - 1, index))
        self.follow()
        self._show_size()
        self.changed.emit()

    def follow(self) -> None:
        """The text size again, for the window and everything built in it since."""
        rescale(self.target, TEXT_SCALE * self.percent / 100)

    def set_high_contrast(self, on: bool) -> None:
        """The high-contrast look on or off, for the whole window."""
        self.high_contrast = on
        if self.contrast_button.isChecked() != on:
            self.contrast_button.setChecked(on)
        self.target.setProperty(HIGH_CONTRAST, on)
        self.target.setPalette(high_contrast_palette() if on else self.normal_palette)
        for button in self.target.findChildren(BigButton):
            button.follow_look()
        self.target.update()
        self.changed.emit()
