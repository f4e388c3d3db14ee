"""Start the Qt application."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from decision_aid import APP_ID
from decision_aid.content.library import default_pack_dirs
from decision_aid.i18n import _
from decision_aid.ui import needs_offscreen

if TYPE_CHECKING:
    from decision_aid.session.store import DraftStore
    from decision_aid.ui.library_window import LibraryWindow


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from decision_aid.crash import write_crash_log
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


def sweep_at_start(store: DraftStore) -> list[Path]:
    """Remove the temporary files that interrupted writes (a crash, SIGKILL, a power cut)
    left where this app writes: drafts, the draft key and settings, the pack store and the
    records folder. Only stale files of this app's atomic writer are touched (see
    decision_aid.atomic); nothing another running copy is writing."""
    from PySide6.QtCore import QStandardPaths

    from decision_aid.atomic import sweep_folders
    from decision_aid.content.store import PackStore, default_store_dir
    from decision_aid.settings import SettingsError, load_settings, settings_path

    folders = [store.drafts_dir, store.key_path.parent, settings_path().parent]
    folders += PackStore(default_store_dir()).folders()
    try:
        records = load_settings().records_dir
    except SettingsError:
        records = None
    if records is None:
        found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        records = Path(found) if found else None
    if records is not None:
        folders.append(records)
    return sweep_folders(folders)


def run(roots: list[Path] | None = None) -> int:
    """Open the library window and run until it closes."""
    if needs_offscreen():
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
    app.setDesktopFileName(APP_ID)
    sys.excepthook = _excepthook
    from decision_aid.ui import theme

    theme.install(app)
    from decision_aid.i18n import preferred_language, use_formats
    from decision_aid.ui.language import apply_language
    from decision_aid.ui.locale_format import QtFormats

    use_formats(QtFormats())  # dates on screen from Qt's locale data: no Babel in the GUI

    apply_language(preferred_language())
    window = LibraryWindow(roots or default_pack_dirs())
    # The draft store (and pydantic with it) and the sweep wait for the first frame:
    # it needs neither. The window lists unfinished drafts once its packs are read.
    window.after_first_paint(lambda: _open_store(window))
    window.show()
    return app.exec()


def _open_store(window: LibraryWindow) -> None:
    from PySide6.QtWidgets import QApplication

    from decision_aid.session.store import default_store
    from decision_aid.ui import audit_notice

    # An audit log that cannot be written is said, not hidden (from the first frame on:
    # nothing is noted before it, the packs open after it).
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    audit_notice.install(app)

    store = default_store()
    sweep_at_start(store)
    window.store = store
