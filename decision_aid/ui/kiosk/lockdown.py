"""The app's part of locking the kiosk down, and noticing that someone is using it.

One event filter on the whole application, so it also covers every widget built later:

- context menus, tooltips and "What's this?" never open (a tooltip could show one
  patient's words to the next, a context menu offers copy and paste);
- the keys that close, quit or leave a window (Escape, Alt+F4, Ctrl+Q, Ctrl+W, F1) do
  nothing; the window refuses to close too (decision_aid.ui.kiosk.window);
- every touch, click, key or wheel turn counts as activity for the idle time.

The operating system's part (a kiosk user, a compositor that runs only this app) is
documented in the README.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QClipboard, QKeyEvent
from PySide6.QtWidgets import QApplication

EATEN = frozenset(
    {
        QEvent.Type.ContextMenu,
        QEvent.Type.ToolTip,
        QEvent.Type.WhatsThis,
        QEvent.Type.QueryWhatsThis,
        QEvent.Type.WhatsThisClicked,
        QEvent.Type.StatusTip,
    }
)
"""Events the kiosk never lets through."""
ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TabletPress,
    }
)
"""Events that mean someone is there."""
_KEY_EVENTS = frozenset({QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride})
_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


def blocked_key(event: QKeyEvent) -> bool:
    """Keys that would close or leave the kiosk, or open a menu or help."""
    key = event.key()
    mods = event.modifiers()
    if key in (Qt.Key.Key_Escape, Qt.Key.Key_F1, Qt.Key.Key_Menu, Qt.Key.Key_Close):
        return True
    if key == Qt.Key.Key_F4 and mods & (_ALT | _CTRL):
        return True
    if key == Qt.Key.Key_F10 and mods & _SHIFT:
        return True
    return key in (Qt.Key.Key_Q, Qt.Key.Key_W) and bool(mods & _CTRL)


class LockDown(QObject):
    """Installed on the application while the kiosk runs; ``activity`` on every touch."""

    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in EATEN:
            return True
        if kind in _KEY_EVENTS and isinstance(event, QKeyEvent) and blocked_key(event):
            return True
        if kind in ACTIVITY:
            self.activity.emit()
        return False


def clear_clipboard() -> None:
    """Empty the clipboard (and the X11 selection where there is one)."""
    clipboard = QApplication.clipboard()
    clipboard.clear(QClipboard.Mode.Clipboard)
    if clipboard.supportsSelection():
        clipboard.clear(QClipboard.Mode.Selection)
    if clipboard.supportsFindBuffer():
        clipboard.clear(QClipboard.Mode.FindBuffer)
