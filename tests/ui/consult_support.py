"""Shared set-up for tests that drive a whole consultation window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.session.state import Session
from decision_aid.session.store import DraftStore
from tests.conftest import SHIPPED

START = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def ticking_clock() -> object:
    """A clock that moves one second per reading, from a fixed start."""
    ticks = count()
    return lambda: START + timedelta(seconds=next(ticks))


def new_session(pack_id: str = "statins-primary-prevention") -> tuple[LoadedPack, Session]:
    loaded = load_pack(SHIPPED / pack_id)
    session = Session(loaded.pack, content_hash=loaded.content_hash, clock=ticking_clock())  # type: ignore[arg-type]
    return loaded, session


def store_in(folder: Path) -> DraftStore:
    return DraftStore(folder / "drafts", folder / "config" / "draft.key")
