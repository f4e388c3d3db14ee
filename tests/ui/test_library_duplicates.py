"""The library with copies of one pack id, and the pack store: which copy is used and why,
what is kept when a consultation starts, and which pack a recovered consultation gets."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from decision_aid.content.loader import load_pack
from decision_aid.content.store import PackStore
from decision_aid.session.state import Session
from decision_aid.session.store import default_store
from decision_aid.ui.library_window import LibraryWindow
from tests.conftest import MINIMAL


def copy_of(folder: Path, version: str, title: str = "Test pack") -> Path:
    target = folder / "minimal"
    shutil.copytree(MINIMAL, target)
    meta = target / "pack.yaml"
    text = meta.read_text().replace("version: 0.1.0", f"version: {version}", 1)
    meta.write_text(text.replace("title: Test pack", f"title: {title}", 1))
    return target


def open_window(qtbot: QtBot, roots: list[Path], pack_store: PackStore) -> LibraryWindow:
    window = LibraryWindow(
        roots, today=lambda: date(2026, 6, 1), store=default_store(), pack_store=pack_store
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    return window


def cell(window: LibraryWindow, row: int, column: int) -> str:
    return str(window.proxy.index(row, column).data())


def test_duplicates_are_shown_and_only_the_highest_version_opens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    user = copy_of(tmp_path / "user", "0.0.1", "AAA an older copy")
    shipped = copy_of(tmp_path / "shipped", "0.2.0")
    window = open_window(qtbot, [user.parent, shipped.parent], PackStore(tmp_path / "store"))
    assert window.proxy.rowCount() == 2
    assert (cell(window, 0, 1), cell(window, 1, 1)) == ("0.2.0", "0.0.1")
    assert cell(window, 0, 4).startswith("Used; 1 other copy is not used")
    assert cell(window, 1, 4).startswith("Duplicate, not used: version 0.2.0 is used")
    assert window.statusBar().currentMessage() == "2 packs · 0 invalid · 1 duplicate not used"
    window.table.selectRow(1)
    details = window.details.toPlainText()
    assert "This copy is not used" in details and str(shipped) in details
    assert "the highest version is used" in details
    window.open_selected()
    assert window.open_task is None and window.consultations == []
    assert "not used" in window.statusBar().currentMessage()
    window.table.selectRow(0)
    assert "version 0.0.1 in " + str(user) in window.details.toPlainText()
    used = window.entry_for("minimal")
    assert used is not None and used.path == shipped


def test_starting_a_consultation_keeps_its_pack_in_the_store(qtbot: QtBot, tmp_path: Path) -> None:
    store = PackStore(tmp_path / "store")
    window = open_window(qtbot, [MINIMAL], store)
    window.table.selectRow(0)
    window.open_selected()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    consultation = window.consultations[0]
    qtbot.addWidget(consultation)
    content_hash = consultation.session.record.pack.content_hash
    kept = store.get("minimal", content_hash)
    assert kept is not None and kept.content_hash == load_pack(MINIMAL).content_hash


def save_draft_of(folder: Path) -> str:
    """An unfinished consultation with the pack in ``folder``; returns its content hash."""
    loaded = load_pack(folder)
    session = Session(loaded.pack, content_hash=loaded.content_hash)
    session.set_questions(["Is it safe?"])
    drafts = default_store()
    drafts.save(session.record)
    drafts.release(session.record.id)  # as when that consultation's window closed
    return loaded.content_hash


def test_a_recovered_consultation_gets_the_version_it_was_shown(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = PackStore(tmp_path / "store")
    shown = save_draft_of(MINIMAL)
    store.keep(load_pack(MINIMAL))
    newer = copy_of(tmp_path / "library", "0.2.0")
    window = open_window(qtbot, [newer.parent], store)
    window.banner.recover_button.click()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    consultation = window.consultations[0]
    qtbot.addWidget(consultation)
    assert consultation.loaded.content_hash == shown
    assert consultation.loaded.meta.version == "0.1.0"
    assert "as the patient was shown it" in window.statusBar().currentMessage()


def test_a_recovered_consultation_whose_pack_is_gone_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    save_draft_of(MINIMAL)
    newer = copy_of(tmp_path / "library", "0.2.0")
    window = open_window(qtbot, [newer.parent], PackStore(tmp_path / "store"))
    window.banner.recover_button.click()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    consultation = window.consultations[0]
    qtbot.addWidget(consultation)
    assert consultation.loaded.meta.version == "0.2.0"
    message = window.statusBar().currentMessage()
    assert "version 0.1.0 that the patient was shown was not found" in message
