"""Opening the workbench in a test, and reading what it shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from pytestqt.qtbot import QtBot

from decision_aid.ui.author.fields import FieldEditor
from decision_aid.ui.author.window import AuthorWindow

TODAY = date(2026, 6, 1)


def open_workbench(qtbot: QtBot, path: Path | None, *, lint: bool = True) -> AuthorWindow:
    """The workbench on ``path``, shown, its first check done (and its lint, when asked)."""
    window = AuthorWindow(path, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()  # shortcuts and focus need the active window
    qtbot.waitUntil(window.isActiveWindow)
    if lint and window.document is not None and window.loaded is not None:
        qtbot.waitUntil(
            lambda: window.lint_task is not None and not window.lint_task.running, timeout=60000
        )
    return window


def finish(window: AuthorWindow) -> None:
    """Let background work end, and close without being asked about changes."""
    window.undo_stack.setClean()
    QThreadPool.globalInstance().waitForDone()


def editor_at(window: AuthorWindow, where: tuple[str | int, ...]) -> FieldEditor:
    for bound in window.form.bound:
        if bound.where == where:
            return bound.editor
    raise AssertionError(f"no editor for {where}: {[b.where for b in window.form.bound]}")


def grid_texts(window: AuthorWindow) -> list[str]:
    """Every text the preview's grid shows."""
    page = window.preview.pages["grid"]
    model = page.grid.grid_model  # type: ignore[attr-defined]
    texts = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            value = model.data(model.index(row, column, QModelIndex()), Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                texts.append(value)
    return texts
