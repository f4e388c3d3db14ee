"""In the desktop app, an audit log that cannot be written is said in a warning window,
once, from whichever thread the event came, and the work goes on."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from decision_aid import audit
from decision_aid.ui import audit_notice


def test_a_failure_from_a_worker_thread_is_shown_once(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    log = audit.default_log_path()
    log.mkdir(parents=True)  # a folder where the log should be: nothing can be appended
    notice = audit_notice.install(app)

    def work() -> None:
        audit.record("kiosk.idle_wipe")
        audit.record("record.verified", signed=False, ok=False)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(notice.shown) == 1)
    box = notice.shown[0]
    assert box.isVisible() and not box.isModal()
    assert box.icon() == QMessageBox.Icon.Warning
    assert str(log) in box.text() and "Your work is not affected." in box.text()
    box.close()
    qtbot.waitUntil(lambda: notice.shown == [])
