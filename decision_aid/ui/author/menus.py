"""The workbench's menus (File, Edit, View, Pack) and their keys, as the README lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.ui.author.window import AuthorWindow


def _action(
    window: AuthorWindow, menu_text: str, keys: list[str], slot: Callable[[], object]
) -> QAction:
    action = QAction(menu_text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def build_menus(window: AuthorWindow) -> None:
    """Fill the window's menu bar; the actions tests and the window use are kept on it
    (``save_action``, ``undo_action``, ``pack_menu_actions`` ...)."""
    files = window.menuBar().addMenu(_("&File"))
    window.new_action = _action(window, _("&New pack…"), ["Ctrl+N"], window.pack_actions.new_pack)
    window.import_action = _action(
        window, _("&Import from spreadsheet…"), [], window.pack_actions.import_sheet
    )
    window.open_action = _action(window, _("&Open pack folder…"), ["Ctrl+O"], window.choose_pack)
    window.save_action = _action(window, _("&Save"), ["Ctrl+S"], window.save)
    window.reload_action = _action(window, _("&Reload from disk"), ["F5"], window.reload)
    window.close_action = _action(window, _("&Close"), ["Ctrl+W"], window.close)
    for action in (window.new_action, window.import_action, window.open_action):
        files.addAction(action)
    files.addSeparator()
    for action in (window.save_action, window.reload_action):
        files.addAction(action)
    files.addSeparator()
    files.addAction(window.close_action)

    edit = window.menuBar().addMenu(_("&Edit"))
    window.undo_action = _action(window, _("&Undo"), ["Ctrl+Z"], window.undo)
    window.redo_action = _action(window, _("&Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"], window.redo)
    window.undo_stack.canUndoChanged.connect(window.undo_action.setEnabled)
    window.undo_stack.canRedoChanged.connect(window.redo_action.setEnabled)
    window.undo_stack.undoTextChanged.connect(
        lambda text: window.undo_action.setText(
            _("&Undo {what}").format(what=text) if text else _("&Undo")
        )
    )
    window.undo_stack.redoTextChanged.connect(
        lambda text: window.redo_action.setText(
            _("&Redo {what}").format(what=text) if text else _("&Redo")
        )
    )
    window.undo_action.setEnabled(False)
    window.redo_action.setEnabled(False)
    edit.addAction(window.undo_action)
    edit.addAction(window.redo_action)

    view = window.menuBar().addMenu(_("&View"))
    for text, key, widget in (
        (_("Go to the &structure"), "Ctrl+1", window.tree),
        (_("Go to the &form"), "Ctrl+2", window.form),
        (_("Go to the &preview"), "Ctrl+3", window.preview.tabs),
        (_("Go to the pro&blems"), "Ctrl+4", window.lint.list),
    ):
        view.addAction(_action(window, text, [key], lambda w=widget: w.setFocus()))
    view.addSeparator()
    view.addAction(_action(window, _("&Next problem"), ["F8"], window.next_problem))

    pack = window.menuBar().addMenu(_("&Pack"))
    window.pack_menu_actions = [
        _action(window, _("&Translations side by side…"), ["Ctrl+T"], window.show_translations),
        _action(window, _("&Add a translation…"), [], window.pack_actions.ask_translation),
        _action(window, _("&Bump version…"), [], window.pack_actions.ask_bump),
        _action(window, _("&Compare with…"), [], window.pack_actions.compare_with),
        _action(window, _("&Review sign-off…"), [], window.pack_actions.ask_sign_off),
    ]
    for action in window.pack_menu_actions:
        pack.addAction(action)
