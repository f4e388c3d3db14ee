"""At start the app sweeps what interrupted writes left where it writes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from decision_aid.atomic import TEMP_SUFFIX
from decision_aid.content.store import default_store_dir
from decision_aid.session.store import default_store
from decision_aid.settings import settings_path
from decision_aid.ui.app import sweep_at_start


def leftover(folder: Path, name: str, *, old: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".{name}.abcd1234{TEMP_SUFFIX}"
    path.write_bytes(b"patient data")
    if old:
        when = time.time() - 3600
        os.utime(path, (when, when))
    return path


def test_start_sweeps_stale_temporaries_where_the_app_writes(tmp_path: Path) -> None:
    records = tmp_path / "records"
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(json.dumps({"records_dir": str(records)}))
    store = default_store()
    stale = [
        leftover(records, "record.pdf"),
        leftover(store.drafts_dir, "abc.draft"),
        leftover(store.key_path.parent, "settings.json"),
        leftover(default_store_dir() / ("0" * 64), "minimal.zip"),
    ]
    fresh = leftover(records, "other.pdf", old=False)
    mine = records / "record.pdf"
    mine.write_bytes(b"a finished record")
    removed = sweep_at_start(store)
    assert sorted(removed) == sorted(stale)
    assert all(not p.exists() for p in stale)
    assert fresh.exists() and mine.read_bytes() == b"a finished record"
