"""A large library: one-line rows, widths that hold while searching, details kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QHeaderView
from pytestqt.qtbot import QtBot

from decision_aid.content import source
from decision_aid.ui import library_window
from decision_aid.ui.library_window import LibraryWindow
from tests.ui.test_library_window import open_window


@pytest.fixture
def packs(make_pack) -> Path:
    for name in ("alpha", "beta", "gamma", "delta"):
        pack = make_pack(name)
        meta = pack / "pack.yaml"
        meta.write_text(meta.read_text().replace("title: Test pack", f"title: Pack {name}"))
    return pack.parent


def rows_mode(window: LibraryWindow) -> QHeaderView.ResizeMode:
    return window.table.verticalHeader().sectionResizeMode(0)


def test_small_library_rows_fit_their_text(qtbot: QtBot, packs: Path) -> None:
    window = open_window(qtbot, [packs])
    assert rows_mode(window) == QHeaderView.ResizeMode.ResizeToContents
    assert window.table.wordWrap()


def test_large_library_rows_are_one_line(
    qtbot: QtBot, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fitting every row's height to its text took seconds for 10 000 packs."""
    monkeypatch.setattr(library_window, "LARGE_LIBRARY", 3)
    window = open_window(qtbot, [packs])
    assert window.model.rowCount() == 4
    assert rows_mode(window) == QHeaderView.ResizeMode.Fixed
    assert not window.table.wordWrap()


def test_search_keeps_widths_and_selected_details(qtbot: QtBot, packs: Path) -> None:
    window = open_window(qtbot, [packs])
    widths = [window.table.columnWidth(c) for c in range(1, 5)]
    window.select_row(1)
    shown = window.details.toHtml()
    chosen = window.selected_entry()
    assert chosen is not None and chosen.meta is not None
    window.search.setText(chosen.meta.title)
    assert window.proxy.rowCount() == 1
    assert window.selected_entry() is chosen
    assert window.details.toHtml() == shown
    assert [window.table.columnWidth(c) for c in range(1, 5)] == widths
    window.search.setText("")
    assert window.proxy.rowCount() == 4
    assert window.selected_entry() is chosen


def test_search_matches_every_word(qtbot: QtBot, packs: Path) -> None:
    window = open_window(qtbot, [packs])
    window.search.setText("PACK gam")
    assert window.proxy.rowCount() == 1
    window.search.setText("pack nothing-like-this")
    assert window.proxy.rowCount() == 0
    window.search.setText("beta")
    assert window.proxy.rowCount() == 1


def test_search_follows_the_rows_when_the_library_changes(qtbot: QtBot, packs: Path) -> None:
    """The filter matches every row once per query and list of rows: a new list (a pack
    added or removed while a word is typed) must be matched anew, not read from the old."""
    window = open_window(qtbot, [packs])
    window.search.setText("gamma")
    assert [str(window.proxy.index(r, 0).data()) for r in range(window.proxy.rowCount())] == [
        "Pack gamma"
    ]
    entries = window.model.entries()
    window.model.set_entries([e for e in entries if "gamma" not in e.path.name][:1])
    assert window.proxy.rowCount() == 0
    window.model.set_entries(list(reversed(entries)))
    assert [str(window.proxy.index(r, 0).data()) for r in range(window.proxy.rowCount())] == [
        "Pack gamma"
    ]


def test_a_listing_measures_the_columns_once(qtbot: QtBot, packs: Path) -> None:
    """The packs and their metadata in the screen language arrive in one reset: measuring
    the columns goes over every pack, and a second signal made it do so twice."""
    window = open_window(qtbot, [packs])
    resets: list[int] = []
    changes: list[int] = []
    window.model.modelReset.connect(lambda: resets.append(1))
    window.model.dataChanged.connect(lambda *_: changes.append(1))
    window.reload()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    qtbot.waitUntil(lambda: len(resets) == 1)
    assert changes == []
    assert window.model.rowCount() == 4


def test_quick_listing_is_checked_and_listed_anew(
    qtbot: QtBot, packs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm start lists the packs on the cache's quick check, then checks every pack's
    full key off the GUI thread: a pack that no longer passes (here: beyond a lowered
    limit on its number of files, which the quick check does not count) is listed anew,
    and the pack selected stays selected."""
    first = open_window(qtbot, [packs])
    assert all(entry.checked for entry in first.model.entries())  # read: nothing cached
    assert first.check_task is None
    first.close()
    monkeypatch.setattr(source, "MAX_ENTRIES", 2)
    window = open_window(qtbot, [packs])
    shown = window.model.entries()
    assert shown and all(entry.valid and not entry.checked for entry in shown)
    window.select_row(2)
    chosen = window.selected_entry()
    assert chosen is not None
    qtbot.waitUntil(lambda: window.check_task is not None and not window.check_task.running)
    listed = window.model.entries()
    assert listed is not shown and all(not entry.valid and entry.checked for entry in listed)
    selected = window.selected_entry()
    assert selected is not None and selected.path == chosen.path


def test_quick_listing_that_holds_is_kept(qtbot: QtBot, packs: Path) -> None:
    first = open_window(qtbot, [packs])
    first.close()
    window = open_window(qtbot, [packs])
    shown = window.model.entries()
    assert not any(entry.checked for entry in shown)
    resets: list[int] = []
    window.model.modelReset.connect(lambda: resets.append(1))
    qtbot.waitUntil(lambda: window.check_task is not None and not window.check_task.running)
    assert resets == []
    assert all(a is b for a, b in zip(window.model.entries(), shown, strict=True))
