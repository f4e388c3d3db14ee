"""A shipped pack served by a group session on localhost."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.content.trust.policy import default_policy
from decision_aid.directory.available import Available, find_directories
from decision_aid.directory.load import shipped_directories_dir
from decision_aid.group.counts import GroupCounts
from decision_aid.group.page import PageMaker
from decision_aid.group.server import GroupServer, Limits
from tests.conftest import SHIPPED
from tests.content.trust.support import unsigned_copy

KNEE = SHIPPED / "knee-osteoarthritis"


@pytest.fixture(scope="session")
def knee() -> LoadedPack:
    return load_pack(KNEE)


def counts_for(loaded: LoadedPack, threshold: int = 3) -> GroupCounts:
    content = loaded.content
    return GroupCounts(
        tuple(v.id for v in content.values),
        tuple(o.id for o in content.options),
        threshold=threshold,
    )


@pytest.fixture
def served(knee: LoadedPack) -> Iterator[GroupServer]:
    server = GroupServer(counts_for(knee), PageMaker(knee), "127.0.0.1", limits=Limits(timeout=5))
    server.start()
    yield server
    server.stop()


def request(
    server: GroupServer,
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    headers: dict[str, str] | None = None,
    source: str = "127.0.0.1",
) -> tuple[int, bytes, dict[str, str]]:
    """One request from a client at ``source`` (any 127.x address is this computer)."""
    host, port = server.address
    connection = http.client.HTTPConnection(host, port, timeout=10, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def base(server: GroupServer) -> str:
    return f"/g/{server.counts.token}/"


def post_json(server: GroupServer, name: str, payload: Any, source: str = "127.0.0.1") -> int:
    body = json.dumps(payload).encode()
    status, _body, _headers = request(
        server,
        "POST",
        base(server) + name,
        body,
        headers={"Content-Type": "application/json"},
        source=source,
    )
    return status


def ballot_of(page: bytes) -> str:
    text = page.decode()
    start = text.index('data-ballot="') + len('data-ballot="')
    return text[start : text.index('"', start)]


KNEE_TOPICS = "[pain, joints-and-mobility]"


def knee_with_topics(root: Path, topics: str = KNEE_TOPICS) -> LoadedPack:
    """A copy of the knee pack in ``root`` that names ``topics`` as its community topics
    (the shipped packs may name none), loaded (unsigned: loading does not need trust)."""
    folder = unsigned_copy(root)
    meta = folder / "pack.yaml"
    text = re.sub(r"^community_topics: .*\n", "", meta.read_text(), flags=re.M)
    meta.write_text(text.replace("\nkind: ", f"\ncommunity_topics: {topics}\nkind: ", 1))
    return load_pack(folder)


def example_directories(*extra: Path) -> Available:
    """The directories a session finds: the shipped example, and any under ``extra``."""
    return find_directories(default_policy(), [shipped_directories_dir(), *extra])
