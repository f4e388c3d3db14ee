"""Start the author's workbench: ``decision-aid author [PACK]``."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from decision_aid.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def run(path: Path | None) -> int:
    """Open the workbench (on ``path`` when given) and run until it closes."""
    from decision_aid.ui import needs_offscreen
    from decision_aid.ui.app import _excepthook

    if needs_offscreen():
        sys.stderr.write(
            _(
                "No display found (DISPLAY is not set). Run decision-aid on a desktop, "
                "or set QT_QPA_PLATFORM=offscreen to run without one.\n"
            )
        )
        return 2
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("decision-aid")
    app.setOrganizationName("decision-aid")
    app.setDesktopFileName("decision-aid")
    sys.excepthook = _excepthook
    from decision_aid.i18n import preferred_language, use_formats
    from decision_aid.ui import theme
    from decision_aid.ui.author.window import AuthorWindow
    from decision_aid.ui.language import apply_language
    from decision_aid.ui.locale_format import QtFormats

    theme.install(app)
    use_formats(QtFormats())
    apply_language(preferred_language())
    window = AuthorWindow(path)
    _stop_on_signals(window)
    window.show()
    if os.environ.get("DECISION_AID_KIOSK_REPORT"):  # kiosk_report.VARIABLE, for IT checks
        from decision_aid.ui.kiosk_report import watch

        watch(lambda: window, window)
    return app.exec()


def _stop_on_signals(window: QWidget) -> None:
    """SIGTERM or SIGINT (Ctrl+C in the terminal) closes the workbench as File › Close
    does: unsaved changes are asked about first. A timer lets Python see the signal while
    Qt waits for events."""
    from PySide6.QtCore import QTimer

    def stop(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    wake = QTimer(window)
    wake.setInterval(200)
    wake.timeout.connect(lambda: None)
    wake.start()
