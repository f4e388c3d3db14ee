"""Every phone can ask for the local groups and services discussed: the same JSON for
all, behind the session's token; the page holds the words to show them, escaped, and
only when the pack names community topics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from decision_aid.group.page import PageMaker
from decision_aid.group.resources import GroupResources
from decision_aid.group.server import GroupServer, Limits
from tests.group.conftest import base, counts_for, example_directories, knee_with_topics, request
from tests.group.test_resources import TODAY, WALKS


@pytest.fixture
def topical(tmp_path: Path) -> Iterator[GroupServer]:
    loaded = knee_with_topics(tmp_path)
    resources = GroupResources.offered(
        example_directories(), loaded.meta.community_topics, "en", TODAY
    )
    server = GroupServer(
        counts_for(loaded),
        PageMaker(loaded),
        "127.0.0.1",
        limits=Limits(timeout=5),
        resources=resources,
    )
    server.start()
    yield server
    server.stop()


def test_the_entries_discussed_are_served_to_every_phone(topical: GroupServer) -> None:
    status, body, headers = request(topical, "GET", base(topical) + "resources")
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert headers["Cache-Control"] == "no-store" and "Set-Cookie" not in headers
    assert json.loads(body) == {"version": 0, "entries": []}
    assert topical.resources is not None
    topical.resources.mark(WALKS, True)
    for source in ("127.0.3.1", "127.0.3.2"):
        _status, body, _headers = request(
            topical, "GET", base(topical) + "resources", source=source
        )
        served = json.loads(body)
        assert served["version"] == 1
        [entry] = served["entries"]
        assert entry["name"] == "Riverside Health Walks" and entry["phone"] == "01632 960101"


def test_a_wrong_token_gets_nothing(topical: GroupServer) -> None:
    status, body, _headers = request(topical, "GET", "/g/" + "A" * 43 + "/resources")
    assert status == 404 and b"Riverside" not in body


@pytest.fixture
def topicless(tmp_path: Path) -> Iterator[GroupServer]:
    loaded = knee_with_topics(tmp_path, "[]")  # a pack that names no community topic
    server = GroupServer(
        counts_for(loaded), PageMaker(loaded), "127.0.0.1", limits=Limits(timeout=5)
    )
    server.start()
    yield server
    server.stop()


def test_a_pack_without_topics_serves_no_entries(topicless: GroupServer) -> None:
    served = topicless
    assert served.resources is None
    status, _body, _headers = request(served, "GET", base(served) + "resources")
    assert status == 404
    _status, page, _headers = request(served, "GET", base(served))
    assert b'id="resources"' not in page and b"resource-template" not in page


def test_the_page_has_the_words_for_them_in_its_language(topical: GroupServer) -> None:
    _status, page, _headers = request(topical, "GET", base(topical) + "?lang=en")
    text = page.decode()
    assert '<section id="resources" hidden>' in text
    assert "<h2>Local groups and services discussed</h2>" in text
    assert 'How to join: <span class="r-how_to_join" dir="auto"></span>' in text
    assert '<span class="r-name" dir="auto"></span> (example data)' in text
    assert "Riverside" not in text  # the entries come as values, never inside the markup
    _status, page, _headers = request(topical, "GET", base(topical) + "?lang=ar")
    assert "How to join" not in page.decode() and "Local groups" not in page.decode()
