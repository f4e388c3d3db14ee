"""The record dialog's "Send to EHR…": the real record, sent to a FHIR server the test
starts; the result in words; a failure keeps the record queued and offers to try again."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.report.fhir.config import parse_fhir_settings
from decision_aid.report.fhir.outbox import default_queue_dir
from decision_aid.settings import Settings
from decision_aid.ui.dialogs.record_dialog import RecordDialog
from decision_aid.ui.dialogs.record_send import SendPanel
from tests.report.fhir.server import FhirTestServer, outcome
from tests.ui.dialogs.dialog_support import example_session, unnamed_focusable

TOKEN = "dialog-test-token"


@pytest.fixture
def server() -> Iterator[FhirTestServer]:
    with FhirTestServer(TOKEN) as running:
        yield running


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    found: list[float] = []
    monkeypatch.setattr("decision_aid.report.fhir.client.time.sleep", found.append)
    return found


@pytest.fixture
def dialog(
    qtbot: QtBot, tmp_path: Path, server: FhirTestServer, waits: list[float]
) -> Callable[..., RecordDialog]:
    def make(url: str | None = None) -> RecordDialog:
        fhir = parse_fhir_settings({"server": url or server.url, "token": TOKEN})
        settings = Settings(organisation="Riverside", records_dir=tmp_path, fhir=fhir)
        loaded, session = example_session("knee-osteoarthritis")
        made = RecordDialog(loaded, session, settings=settings, clock=lambda: datetime.now(UTC))
        qtbot.addWidget(made)
        made.show()
        qtbot.waitExposed(made)
        made.create_record()
        qtbot.waitUntil(lambda: made.task is not None and not made.task.running, timeout=30000)
        assert made.result_ is not None, made.message.accessibleDescription()
        return made

    return make


def send(qtbot: QtBot, panel: SendPanel) -> str:
    panel.button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=30000)
    return panel.result.accessibleDescription()


def test_the_button_appears_once_the_record_is_made_and_sends_it(
    qtbot: QtBot, dialog: Callable[..., RecordDialog], server: FhirTestServer
) -> None:
    made = dialog()
    panel = made.send_panel
    assert panel.isVisible() and panel.button.text() == "Send to EHR…"
    assert unnamed_focusable(panel) == []
    text = send(qtbot, panel)
    assert text.startswith(f"Sent to {server.url}.")
    assert "Accepted: 7 resources, 7 new, 0 already there." in text
    assert server.store.counts()["Patient"] == 1
    assert not panel.button.isEnabled() and panel.button.text() == "Sent"
    assert list(default_queue_dir().glob("*.json")) == []
    assert server.store.headers[0]["Authorization"] == f"Bearer {TOKEN}"


def test_a_failure_is_shown_kept_and_tried_again(
    qtbot: QtBot, dialog: Callable[..., RecordDialog], server: FhirTestServer
) -> None:
    made = dialog()
    for _try in range(3):
        server.store.fail_next(500, outcome("the database is down"))
    text = send(qtbot, made.send_panel)
    assert "Not sent: the server had a problem (HTTP 500)." in text
    assert "Error: the database is down" in text
    assert "kept in the queue until the record system accepts it" in text
    assert made.send_panel.button.isEnabled() and made.send_panel.button.text() == "Try again"
    assert len(list(default_queue_dir().glob("*.json"))) == 1
    text = send(qtbot, made.send_panel)
    assert "Accepted" in text
    assert list(default_queue_dir().glob("*.json")) == []


def test_no_server_set_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    panel = SendPanel(parse_fhir_settings({}))
    qtbot.addWidget(panel)
    record = tmp_path / "record.fhir.json"
    record.write_text(json.dumps({}))
    panel.offer(record)
    text = send(qtbot, panel)
    assert text.startswith("No record system is set")
    assert str(record) in text


def test_an_unfinished_consultation_is_not_sent(
    qtbot: QtBot, tmp_path: Path, server: FhirTestServer
) -> None:
    loaded, session = example_session("knee-osteoarthritis")
    session.record.finished = None
    fhir = parse_fhir_settings({"server": server.url, "token": TOKEN})
    made = RecordDialog(
        loaded,
        session,
        settings=Settings(records_dir=tmp_path, fhir=fhir),
        clock=lambda: datetime.now(UTC),
    )
    qtbot.addWidget(made)
    made.create_record()
    qtbot.waitUntil(lambda: made.task is not None and not made.task.running, timeout=30000)
    text = send(qtbot, made.send_panel)
    assert "not finished" in text
    assert server.store.headers == []
