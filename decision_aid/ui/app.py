"""Start the Qt application."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from decision_aid.content.library import default_pack_dirs
from decision_aid.i18n import _


def _needs_offscreen() -> bool:
    """True when no display is available: Qt would abort the process."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from decision_aid.cli import write_crash_log
    from decision_aid.ui.plain_text import ask

    log = write_crash_log(exc)
    sys.stderr.write("".join(traceback.format_exception(kind, exc, tb)))
    if QApplication.instance() is not None:
        ask(
            None,
            QMessageBox.Icon.Critical,
            _("Unexpected problem"),
            _(
                "Something went wrong: {problem}\n\nYour work is kept. "
                "Details were written to {log}."
            ).format(problem=exc, log=log),
        )


def run(roots: list[Path] | None = None) -> int:
    """Open the library window and run until it closes."""
    if _needs_offscreen():
        sys.stderr.write(
            _(
                "No display found (DISPLAY is not set). Run decision-aid on a desktop, "
                "or set QT_QPA_PLATFORM=offscreen to run without one.\n"
            )
        )
        return 2
    from PySide6.QtWidgets import QApplication

    from decision_aid.ui.library_window import LibraryWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("decision-aid")
    app.setOrganizationName("decision-aid")
    app.setDesktopFileName("decision-aid")
    sys.excepthook = _excepthook
    from decision_aid.i18n import preferred_language
    from decision_aid.ui.language import apply_language

    apply_language(preferred_language())
    from decision_aid.session.store import default_store

    window = LibraryWindow(roots or default_pack_dirs(), store=default_store())
    window.show()
    return app.exec()
