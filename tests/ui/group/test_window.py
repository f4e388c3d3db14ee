"""The facilitator's window: the join code, the projector view, hands, reveal and end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import segno
from pytestqt.qtbot import QtBot

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.group.server import Limits
from decision_aid.ui.group.qr import qr_pixmap
from decision_aid.ui.group.window import GroupWindow
from tests.conftest import SHIPPED
from tests.group.conftest import ballot_of, base, post_json, request


@pytest.fixture(scope="module")
def knee() -> LoadedPack:
    return load_pack(SHIPPED / "knee-osteoarthritis")


@pytest.fixture
def window(qtbot: QtBot, knee: LoadedPack) -> Iterator[GroupWindow]:
    shown = GroupWindow(knee, ["127.0.0.1"], threshold=3, limits=Limits(timeout=5))
    qtbot.addWidget(shown)
    shown.resize(1280, 760)
    shown.show()
    yield shown
    shown.end_session()


def _phone_answers(window: GroupWindow, rating: int, leaning: str, source: str) -> None:
    server = window.server
    assert server is not None
    page = request(server, "GET", base(server), source=source)[1]
    concern = window.counts.concern_ids[0]
    payload = {"ballot": ballot_of(page), "ratings": {concern: rating}, "leaning": leaning}
    assert post_json(server, "answers", payload, source) == 200


def test_qr_code_carries_the_session_address(window: GroupWindow) -> None:
    server = window.server
    assert server is not None
    assert window.url.text().replace("\u200b", "") == server.url
    assert window.url.accessibleName() == server.url
    assert window.counts.token in server.url
    expected = qr_pixmap(server.url, scale=6).toImage()
    shown = window.qr.pixmap().toImage()
    assert shown == expected
    other = qr_pixmap(server.url + "x", scale=6).toImage()
    assert shown != other
    assert segno.make(server.url, error="m").version >= 1


def test_grid_shows_every_option_and_question(window: GroupWindow, knee: LoadedPack) -> None:
    table = window.grid_table
    content = knee.content
    assert table.columnCount() == len(content.options)
    assert table.rowCount() == len(content.questions)
    assert table.horizontalHeaderItem(0).text() == content.options[0].name
    assert table.item(0, 0).text() == content.questions[0].answers[content.options[0].id].text


def test_spread_appears_only_at_the_threshold(qtbot: QtBot, window: GroupWindow) -> None:
    concern = window.counts.concern_ids[0]
    status, bars = window.spread_rows[concern]
    _phone_answers(window, 1, "unsure", "127.0.2.1")
    _phone_answers(window, 3, "unsure", "127.0.2.2")
    qtbot.waitUntil(lambda: "2 have answered" in status.text())
    assert bars.counts is None and not bars.isVisibleTo(window)
    _phone_answers(window, 3, "unsure", "127.0.2.3")
    qtbot.waitUntil(lambda: bars.counts == (0, 1, 0, 2, 0))
    assert "3 participants" in window.participants.text()


def test_leanings_hidden_until_revealed(qtbot: QtBot, window: GroupWindow) -> None:
    for number in range(3):
        _phone_answers(window, 2, "unsure", f"127.0.3.{number + 1}")
    qtbot.waitUntil(lambda: window.counts.participants == 3)
    window.refresh()
    assert window.leanings_text.text() == ""
    window.reveal.click()
    qtbot.waitUntil(lambda: "Not sure yet: 3" in window.leanings_text.text())
    window.reveal.click()
    qtbot.waitUntil(lambda: window.leanings_text.text() == "")


def test_questions_arrive_and_can_be_hidden(qtbot: QtBot, window: GroupWindow) -> None:
    server = window.server
    assert server is not None
    assert post_json(server, "question", {"text": "How long is recovery?"}) == 200
    assert post_json(server, "question", {"text": "My name is Jo Bloggs"}) == 200
    table = window.questions_table
    qtbot.waitUntil(lambda: table.rowCount() == 2)
    assert table.item(1, 0).text() == "My name is Jo Bloggs"
    table.cellWidget(1, 1).click()
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert table.item(0, 0).text() == "How long is recovery?"
    assert not window.hidden_count.isHidden()
    assert window.hidden_count.text() == "1 question hidden."


def test_show_of_hands_fills_the_spread(qtbot: QtBot, window: GroupWindow) -> None:
    hands = window.hands
    hands.room.setValue(4)
    hands.add_room.click()
    hands.step.setCurrentIndex(4)
    hands.concern_people.setValue(3)
    hands.add_concern.click()
    concern = str(hands.concern.currentData())
    qtbot.waitUntil(lambda: window.spread_rows[concern][1].counts == (0, 0, 0, 0, 3))
    assert "4 participants" in window.participants.text()


def test_ending_stops_the_server_and_keeps_the_counts(window: GroupWindow) -> None:
    server = window.server
    assert server is not None
    host, port = server.address
    _phone_answers(window, 2, "unsure", "127.0.4.1")
    window.end_button.click()
    assert window.server is None and window.counts.closed
    assert window.ended.isVisibleTo(window)
    assert not window.hands.isEnabled()
    assert window.counts.participants == 1
    import socket

    with pytest.raises(OSError):
        socket.create_connection((host, port), timeout=2).close()


def test_record_is_saved_and_a_bad_folder_is_reported(
    qtbot: QtBot, window: GroupWindow, tmp_path: Path
) -> None:
    from decision_aid.ui.group.record_action import save_record

    _phone_answers(window, 2, "unsure", "127.0.5.1")
    target = tmp_path / "group.pdf"
    task = save_record(window, target)
    qtbot.waitUntil(lambda: not task.running)
    assert target.read_bytes().startswith(b"%PDF-1.4")
    assert "was saved" in window.record_status.text()
    missing = tmp_path / "no-such-folder" / "group.pdf"
    task = save_record(window, missing)
    qtbot.waitUntil(lambda: not task.running)
    assert "could not be saved" in window.record_status.text()
    assert not missing.parent.exists()
