"""Anti-rollback history: the highest signed version of each pack, kept in the user's state."""

from __future__ import annotations

import json
import os
from pathlib import Path

from decision_aid.content.trust.history import VersionHistory, default_history_path


def test_it_lives_in_the_state_folder_and_keeps_the_highest_version() -> None:
    path = default_history_path()
    assert path == Path(os.environ["XDG_STATE_HOME"]) / "decision-aid" / "pack-versions.json"
    history = VersionHistory()
    history.note({"knee": "1.9.0"})
    history.note({"knee": "1.10.0"})  # compared number by number
    history.note({"knee": "1.2.0", "psa": "0.1.0"})
    again = VersionHistory()  # another run of the app
    assert again.highest("knee") == "1.10.0" and again.highest("psa") == "0.1.0"
    assert json.loads(path.read_text())["packs"] == {"knee": "1.10.0", "psa": "0.1.0"}


def test_two_copies_of_the_app_do_not_lose_each_others_versions() -> None:
    first, second = VersionHistory(), VersionHistory()
    first.note({"knee": "1.0.0"})
    second.note({"psa": "2.0.0"})  # read before the first wrote; merged under the lock
    assert VersionHistory().highest("knee") == "1.0.0"
    assert VersionHistory().highest("psa") == "2.0.0"


def test_a_damaged_history_is_set_aside_and_started_again() -> None:
    path = default_history_path()
    path.parent.mkdir(parents=True)
    path.write_text("{ not json")
    history = VersionHistory()
    assert history.highest("knee") is None
    history.note({"knee": "1.0.0"})
    assert VersionHistory().highest("knee") == "1.0.0"
    assert path.with_name("pack-versions.json.damaged").read_text() == "{ not json"


def test_a_read_only_history_writes_nothing() -> None:
    VersionHistory(read_only=True).note({"knee": "1.0.0"})
    assert not default_history_path().exists()
