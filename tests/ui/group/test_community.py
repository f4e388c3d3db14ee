"""The facilitator marks the local groups and services discussed: the projector's page
offers the trusted directories' entries for the pack's topics, flags stale ones to the
facilitator, and a tick reaches the phones and the group's record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack
from decision_aid.directory.available import Available
from decision_aid.group.server import Limits
from decision_aid.ui.group.window import GroupWindow
from tests.directory.support import unsigned_directory
from tests.group.conftest import base, example_directories, knee_with_topics, request
from tests.group.test_resources import PEERS, TODAY, WALKS
from tests.report.common import pages_text


def open_window(qtbot: QtBot, loaded: LoadedPack, available: Available) -> GroupWindow:
    window = GroupWindow(
        loaded,
        ["127.0.0.1"],
        threshold=3,
        limits=Limits(timeout=5),
        available=available,
        today=TODAY,
    )
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[GroupWindow]:
    shown = open_window(qtbot, knee_with_topics(tmp_path), example_directories())
    yield shown
    shown.end_session()


def tab_titles(window: GroupWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_the_entries_for_the_packs_topics_are_offered(window: GroupWindow) -> None:
    panel = window.community
    assert panel is not None and tab_titles(window)[-1] == "Local groups and services"
    assert list(panel.boxes) == [WALKS, PEERS]
    walks = panel.boxes[WALKS]
    assert walks.text() == "Riverside Health Walks (example data)" and not walks.isChecked()
    window.tabs.setCurrentWidget(panel)
    [details] = [
        label.text()
        for label in panel.widget().findChildren(QLabel)
        if label.accessibleName() == "Riverside Health Walks: details"
    ]
    assert "Runs in: English, Polski" in details
    assert "How to join: " in details and "01632 960101" in details
    [note] = panel.stale_notes  # the peer group was last checked in 2024
    assert "more than 12 months ago" in note.text() and "2024" in note.text()
    assert note.text().startswith("For you, the facilitator")


def test_a_tick_marks_it_and_a_mark_ticks_it(qtbot: QtBot, window: GroupWindow) -> None:
    panel = window.community
    assert panel is not None
    qtbot.mouseClick(panel.boxes[WALKS], Qt.MouseButton.LeftButton)
    assert [d.choice.entry for d in window.resources.discussed()] == ["riverside-walks"]
    window.resources.mark(PEERS, True)
    qtbot.waitUntil(panel.boxes[PEERS].isChecked)
    window.resources.mark(WALKS, False)
    qtbot.waitUntil(lambda: not panel.boxes[WALKS].isChecked())


def test_phones_see_what_was_ticked(qtbot: QtBot, window: GroupWindow) -> None:
    server = window.server
    assert server is not None and window.community is not None
    qtbot.mouseClick(window.community.boxes[WALKS], Qt.MouseButton.LeftButton)
    _status, body, _headers = request(server, "GET", base(server) + "resources")
    [entry] = json.loads(body)["entries"]
    assert entry["name"] == "Riverside Health Walks" and entry["languages"] == [
        "English",
        "Polski",
    ]


def test_the_record_lists_what_was_ticked(
    qtbot: QtBot, window: GroupWindow, tmp_path: Path
) -> None:
    from decision_aid.ui.group.record_action import save_record

    assert window.community is not None
    qtbot.mouseClick(window.community.boxes[PEERS], Qt.MouseButton.LeftButton)
    window.end_session()  # marking is kept for the record after the session ends
    target = tmp_path / "group.pdf"
    task = save_record(window, target)
    qtbot.waitUntil(lambda: not task.running)
    text = " ".join(" ".join(pages_text(target)).split())
    assert "Local groups and services discussed" in text
    assert "Living Well with Joint Pain (example data)" in text
    assert "Contact: 01632 960202 · jointpain@example.org" in text
    assert "Riverside Health Walks" not in text


def test_a_pack_without_topics_has_no_such_page(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, knee_with_topics(tmp_path, "[]"), example_directories())
    try:
        assert window.community is None
        assert "Local groups and services" not in tab_titles(window)
        assert window.server is not None and window.server.resources is None
    finally:
        window.end_session()


def test_an_untrusted_directory_is_not_offered(qtbot: QtBot, tmp_path: Path) -> None:
    extra = tmp_path / "more"
    unsigned_directory(extra, ("id: example-community", "id: unsigned-one"), name="unsigned-one")
    window = open_window(qtbot, knee_with_topics(tmp_path), example_directories(extra))
    try:
        assert window.community is not None
        assert {key[0] for key in window.community.boxes} == {"example-community"}
        refused = [
            label.text()
            for label in window.community.widget().findChildren(QLabel)
            if label.text().startswith("Not offered (for staff)")
        ]
        assert refused and "not signed by a publisher" in refused[0]
    finally:
        window.end_session()


def test_nothing_matching_is_said(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, knee_with_topics(tmp_path), Available())
    try:
        assert window.community is not None and window.community.boxes == {}
        said = [label.text() for label in window.community.widget().findChildren(QLabel)]
        assert any(
            "No group or service in the community directories on this computer" in text
            for text in said
        )
    finally:
        window.end_session()
