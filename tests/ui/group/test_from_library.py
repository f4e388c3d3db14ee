"""A group session opened from the library's File menu, and the addresses offered."""

from __future__ import annotations

import ipaddress
import shutil
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.ui.group import run
from decision_aid.ui.group.window import GroupWindow
from tests.conftest import MINIMAL
from tests.ui.test_library_window import open_window


def test_library_opens_the_selected_pack_in_group_mode(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    monkeypatch.setattr(run, "network_addresses", lambda: ["127.0.0.1"])
    window = open_window(qtbot, [tmp_path])
    window.table.selectRow(0)
    window.open_group_session()
    qtbot.waitUntil(lambda: len(window.group_windows) == 1)
    group = window.group_windows[0]
    assert isinstance(group, GroupWindow)
    qtbot.addWidget(group)
    try:
        assert group.server is not None and group.server.address[0] == "127.0.0.1"
        assert group.counts.threshold == 5  # the setting's default
        assert group.pack.meta.title == "Test pack"
    finally:
        group.end_session()


def test_addresses_are_ipv4_with_loopback_last() -> None:
    addresses = run.network_addresses()
    assert addresses[-1] == "127.0.0.1"
    for address in addresses:
        ipaddress.IPv4Address(address)
    assert "127.0.0.1" not in addresses[:-1]
