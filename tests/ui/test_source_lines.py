"""The source lines PySide6 makes Python keep are dropped after the phases that import
many modules, and never while a worker thread might be importing one."""

from __future__ import annotations

import linecache
import shutil
import threading
from pathlib import Path

from PySide6.QtCore import QRunnable, QThreadPool
from pytestqt.qtbot import QtBot

import decision_aid.content.model as a_module
from decision_aid.ui.library_window import LibraryWindow
from decision_aid.ui.source_lines import forget_source_lines
from tests.conftest import MINIMAL

SOURCE = str(Path(a_module.__file__ or "").resolve())


def remembered() -> bool:
    linecache.getlines(SOURCE)
    return SOURCE in linecache.cache


class Waiting(QRunnable):
    def __init__(self, release: threading.Event) -> None:
        super().__init__()
        self.release = release

    def run(self) -> None:
        self.release.wait(10)


def test_dropped_at_once_when_no_worker_runs(qtbot: QtBot) -> None:
    assert remembered()
    assert forget_source_lines() is True
    assert SOURCE not in linecache.cache


def test_kept_while_a_worker_runs_then_dropped(qtbot: QtBot) -> None:
    release = threading.Event()
    pool = QThreadPool.globalInstance()
    pool.start(Waiting(release))
    qtbot.waitUntil(lambda: pool.activeThreadCount() > 0)
    assert remembered()
    assert forget_source_lines() is False
    assert SOURCE in linecache.cache  # a worker may be importing: not now
    release.set()
    qtbot.waitUntil(lambda: SOURCE not in linecache.cache, timeout=5000)


def test_the_library_drops_them_once_listed_and_once_a_pack_opens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    assert remembered()
    window = LibraryWindow([tmp_path])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    qtbot.waitUntil(lambda: SOURCE not in linecache.cache)
    assert remembered()
    window.select_row(0)
    window.open_selected()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    qtbot.waitUntil(lambda: SOURCE not in linecache.cache)
    window.consultations[0].close()
