"""``decision-aid kiosk``: start the Qt application and run the kiosk until staff leave it.

An unexpected error never shows a traceback on the patient's screen, and nothing of the
patient's is written about it: staff see its kind on the standard error (the system
journal under a service), and the journey is wiped and starts again.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from decision_aid import APP_ID
from decision_aid.i18n import _

if TYPE_CHECKING:
    from decision_aid.ui.kiosk.config import KioskConfig


def run_kiosk(
    config: KioskConfig | Callable[[], KioskConfig], languages: list[str] | None = None
) -> int:
    """Run the kiosk full screen; 0 when staff left it or the system stopped it, 2 when
    its set-up failed.

    Given a loader, the welcome (in ``languages``) is painted before the set-up finishes
    (see decision_aid.ui.kiosk.controller)."""
    from decision_aid.ui import needs_offscreen

    if needs_offscreen():
        sys.stderr.write(
            _(
                "No display found (DISPLAY is not set). Run the kiosk under a compositor "
                "such as cage, or on a desktop.\n"
            )
        )
        return 2
    from PySide6.QtWidgets import QApplication
    from shiboken6 import Shiboken

    from decision_aid.ui import theme
    from decision_aid.ui.kiosk.controller import Kiosk

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("decision-aid-kiosk")
    app.setDesktopFileName(APP_ID)
    app.setQuitOnLastWindowClosed(False)
    theme.install(app)
    kiosk = Kiosk(config, languages=languages)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        # The message of an error could hold what the patient typed: only its kind is told.
        sys.stderr.write(
            _(
                "decision-aid kiosk: an unexpected error ({kind}); the journey was cleared "
                "and started again."
            ).format(kind=kind.__name__)
            + "\n"
        )
        kiosk.wipe()

    before = sys.excepthook, {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    sys.excepthook = hook
    signal.signal(signal.SIGTERM, lambda _signum, _frame: kiosk.exit())
    signal.signal(signal.SIGINT, lambda _signum, _frame: kiosk.exit())
    kiosk.exited.connect(lambda: app.exit(kiosk.exit_code))
    kiosk.start()
    if os.environ.get("DECISION_AID_KIOSK_REPORT"):  # kiosk_report.VARIABLE
        from decision_aid.ui.kiosk_report import watch

        watch(lambda: kiosk.window, kiosk)
    try:
        return app.exec()
    finally:
        # As it was before (a caller in the same process, such as a test, goes on), and
        # the last window gone now: nothing of a journey outlives the kiosk.
        sys.excepthook = before[0]
        for number, handler in before[1].items():
            if handler is not None:  # None: not set from Python, nothing to put back
                signal.signal(number, handler)
        Shiboken.delete(kiosk.window)
