"""The HTTP client and the queue, against the test server: retries, redirects, answers."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from decision_aid.report.fhir.client import operation_outcome_lines, post_transaction
from decision_aid.report.fhir.outbox import (
    QueueError,
    deliver,
    enqueue,
    read_queue,
    read_token,
)
from tests.conftest import ROOT
from tests.report.fhir.server import FhirTestServer

BUNDLE = (ROOT / "examples" / "knee-osteoarthritis.fhir.json").read_bytes()
TOKEN = "token-abc"
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[FhirTestServer]:
    with FhirTestServer(TOKEN) as running:
        yield running


def test_accepted_and_counted(server: FhirTestServer) -> None:
    first = post_transaction(server.url, BUNDLE, token=TOKEN)
    assert first.accepted and first.status == 200
    assert (first.created, first.existing) == (6, 0)
    again = post_transaction(server.url, BUNDLE, token=TOKEN)
    assert (again.created, again.existing) == (0, 6)


def test_busy_server_is_tried_again_after_its_retry_after_capped(server: FhirTestServer) -> None:
    waits: list[float] = []
    server.store.fail_next(429)
    server.store.fail_next(500)
    result = post_transaction(server.url, BUNDLE, token=TOKEN, wait=waits.append)
    assert result.accepted and result.attempts == 3
    assert waits == [2.0, 8.0]


def test_a_redirect_is_not_followed(server: FhirTestServer) -> None:
    """The token must not travel to another address: a redirect is a problem to fix."""
    server.store.fail_next(307)
    result = post_transaction(server.url, BUNDLE, token=TOKEN, wait=lambda _s: None)
    assert not result.accepted and not result.retry
    assert "redirect to https://elsewhere.invalid/fhir" in result.reason
    assert len(server.store.headers) == 1


def test_an_answer_that_is_not_a_transaction_response(server: FhirTestServer) -> None:
    server.store.fail_next(200, {"resourceType": "Patient"})
    result = post_transaction(server.url, BUNDLE, token=TOKEN)
    assert not result.accepted
    assert "not a transaction-response" in result.reason


def test_nobody_listening() -> None:
    with FhirTestServer() as stopped:
        url = stopped.url
    waits: list[float] = []
    result = post_transaction(url, BUNDLE, wait=waits.append)
    assert not result.accepted and result.retry and result.status is None
    assert result.reason.startswith("the server did not answer")
    assert len(waits) == 2


def test_operation_outcome_in_words() -> None:
    body = {
        "resourceType": "OperationOutcome",
        "issue": [
            {"severity": "error", "code": "invalid", "details": {"text": "Bad date"},
             "expression": ["Patient.birthDate"]},
            {"severity": "warning", "code": "processing", "diagnostics": "Slow"},
            "junk",
        ],
    }  # fmt: skip
    assert operation_outcome_lines(body) == [
        "Error: Bad date (at Patient.birthDate)",
        "Warning: Slow",
    ]
    assert operation_outcome_lines({"resourceType": "Bundle"}) == []


def test_queue_files_are_private_and_a_damaged_one_is_reported(
    tmp_path: Path, server: FhirTestServer
) -> None:
    folder = tmp_path / "queue"
    queued = enqueue(folder, server.url, json.loads(BUNDLE), NOW)
    assert stat.S_IMODE(queued.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert queued.record == "example-knee-osteoarthritis"
    (folder / "broken.json").write_text("{not json")
    found, problems = read_queue(folder)
    assert [q.path for q in found] == [queued.path]
    assert len(problems) == 1 and "broken.json" in problems[0]
    assert (folder / "broken.json").exists()  # left for a person to look at
    result = deliver(found[0], token=TOKEN)
    assert result.accepted and not queued.path.exists()


def test_the_same_record_for_the_same_server_is_queued_once(tmp_path: Path) -> None:
    bundle = json.loads(BUNDLE)
    first = enqueue(tmp_path, "https://a.example/fhir", bundle, NOW)
    again = enqueue(tmp_path, "https://a.example/fhir", bundle, NOW)
    other = enqueue(tmp_path, "https://b.example/fhir", bundle, NOW)
    assert first.path == again.path != other.path


def test_token_from_settings_or_file(tmp_path: Path) -> None:
    assert read_token(" abc ", None) == "abc"
    assert read_token(None, None) is None
    path = tmp_path / "token"
    path.write_text("xyz\n")
    path.chmod(0o600)
    assert read_token(None, path) == "xyz"
    path.chmod(0o640)
    with pytest.raises(QueueError, match="other users"):
        read_token(None, path)
    path.chmod(0o600)
    path.write_text("two words\n")
    with pytest.raises(QueueError, match="one token") as caught:
        read_token(None, path)
    assert "two words" not in str(caught.value)
    with pytest.raises(QueueError, match="cannot be read"):
        read_token(None, tmp_path / "missing")
