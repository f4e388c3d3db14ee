"""Render every step of the journey for one pack to PNG files, offscreen.

``decision-aid screenshots --pack ID --out DIR [--lang L]`` uses the pack's example
session from ``examples/`` when there is one, so the pictures show a filled-in
consultation, and a fresh session otherwise.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from decision_aid.i18n import _
from decision_aid.resources import examples_dir

SIZE = (1280, 720)
"""The size of a window on a 1366×768 laptop, still common in clinics."""


class ScreenshotError(Exception):
    """The screenshots cannot be made; the message says why."""


def render(
    pack_id: str, out: Path, language: str = "en", roots: list[Path] | None = None
) -> list[Path]:
    """Write library.png, one PNG per step and patient.png into ``out``; return their paths."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from decision_aid.content.library import build_index, default_pack_dirs, used_entry
    from decision_aid.session.model import STEPS, SessionRecord
    from decision_aid.session.state import Session
    from decision_aid.ui import theme
    from decision_aid.ui.consultation_window import ConsultationWindow
    from decision_aid.ui.language import apply_language
    from decision_aid.ui.library_window import LibraryWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.install()
    language = apply_language(language)
    roots = roots or default_pack_dirs()
    entry = used_entry(build_index(roots), pack_id)  # the highest version, as the library
    if entry is None:
        raise ScreenshotError(_("No pack with the id '{id}' was found.").format(id=pack_id))
    loaded = entry.open()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(widget: object, name: str) -> None:
        app.processEvents()
        path = out / f"{name}.png"
        if not widget.grab().save(str(path)):  # type: ignore[attr-defined]
            raise ScreenshotError(_("Could not write {path}.").format(path=path))
        written.append(path)

    library = LibraryWindow(roots, today=date.today)
    library.resize(*SIZE)
    library.show()
    while library.task is None or library.task.running:
        app.processEvents()
        QThreadPool.globalInstance().waitForDone(50)
    for row in range(library.proxy.rowCount()):
        if library.proxy.index(row, 0).data() == loaded.meta.title:
            library.table.selectRow(row)
    save(library, "00-library")
    library.close()

    example = examples_dir() / f"{pack_id}.session.json"
    record = SessionRecord.model_validate_json(example.read_text()) if example.exists() else None
    session = Session(
        loaded.pack,
        content_hash=loaded.content_hash,
        record=record,
        translations=loaded.translations,
    )
    if language in session.languages():
        session.set_language(language)
    window = ConsultationWindow(loaded, session, None)
    window.resize(*SIZE)
    window.show()
    for number, step in enumerate(STEPS, start=1):
        window.go_to(step)
        save(window, f"{number:02d}-{step}")
    window.go_to("grid")
    window.set_patient_view(True)
    assert window.patient_window is not None
    window.patient_window.resize(*SIZE)
    save(window.patient_window, "99-patient-view")
    window.set_patient_view(False)
    window.close()
    apply_language("en")
    return written
