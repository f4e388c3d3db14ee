"""'Print the group's record…': the record built off the GUI thread, then written
atomically (QSaveFile) where the facilitator chose."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSaveFile
from PySide6.QtWidgets import QFileDialog

from decision_aid.group.record import build_group_record, group_record
from decision_aid.i18n import _, current_language
from decision_aid.ui.tasks import Task, run_task

if TYPE_CHECKING:
    from decision_aid.ui.group.window import GroupWindow


def _organisation() -> str:
    from decision_aid.settings import SettingsError, load_settings

    try:
        return load_settings().organisation
    except SettingsError:
        return ""


def save_record(window: GroupWindow, target: Path, now: datetime | None = None) -> Task:
    """Build the record from the counts as they are now and write it to ``target``."""
    record = group_record(
        window.counts,
        window.pack,
        now or datetime.now(UTC),
        current_language(),
        organisation=_organisation(),
        resources=window.resources,
    )

    def written(data: bytes) -> None:
        out = QSaveFile(str(target))
        if out.open(QSaveFile.OpenModeFlag.WriteOnly):
            if out.write(data) == len(data) and out.commit():
                window.record_status.setText(
                    _("The group's record was saved to {path}.").format(path=target)
                )
                window.record_status.setVisible(True)
                return
            out.cancelWriting()
        failed(OSError(out.errorString()))

    def failed(error: Exception) -> None:
        window.record_status.setText(
            _("The group's record could not be saved to {path}: {problem}").format(
                path=target, problem=error
            )
        )
        window.record_status.setVisible(True)

    return run_task(window, lambda: build_group_record(record), written, failed)


def print_record(window: GroupWindow) -> None:
    """Ask where to save the record, then save it."""
    from decision_aid.settings import SettingsError, load_settings

    try:
        folder = load_settings().records_dir or Path.home()
    except SettingsError:
        folder = Path.home()
    name = f"group-{window.pack.meta.id}-{datetime.now(UTC).date().isoformat()}.pdf"
    chosen, _filter = QFileDialog.getSaveFileName(
        window, _("Save the group's record"), str(folder / name), _("PDF files (*.pdf)")
    )
    if chosen:
        save_record(window, Path(chosen))
