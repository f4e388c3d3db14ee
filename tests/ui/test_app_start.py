"""At start the app sweeps what interrupted writes left where it writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from decision_aid.atomic import TEMP_SUFFIX
from decision_aid.content.store import default_store_dir
from decision_aid.session.store import default_store
from decision_aid.settings import settings_path
from decision_aid.ui.app import sweep_at_start
from tests.conftest import MINIMAL, ROOT

NOT_BEFORE_PAINT = ("pydantic", "babel", "cryptography", "decision_aid.session.store")


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


def test_the_first_frame_comes_before_the_draft_store_and_pydantic(tmp_path: Path) -> None:
    """`decision-aid` paints its library before it imports what that frame does not need
    (pydantic, Babel, cryptography, the draft store); the bench probe ends it right after
    that first frame and lists what was imported by then."""
    out = tmp_path / "probe.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "bench" / "probe"),
        "BENCH_PROBE": "paint",
        "BENCH_PROBE_OUT": str(out),
    }
    command = Path(sys.executable).parent / "decision-aid"
    subprocess.run([str(command)], env=env, cwd=ROOT, timeout=120, check=True)
    modules = json.loads(out.read_text())["modules"]
    assert "decision_aid.ui.library_window" in modules  # the probe saw the library's frame
    early = [m for m in modules if m.startswith(NOT_BEFORE_PAINT)]
    assert early == []


def test_the_store_is_set_up_and_drafts_listed_after_the_first_frame(qtbot: QtBot) -> None:
    """The app's own start: the store, the sweep and the recovery offer still happen, after
    the window has painted (a draft left by a crash is offered)."""
    from decision_aid.content.loader import load_pack
    from decision_aid.session.state import Session
    from decision_aid.ui import app as app_module
    from decision_aid.ui.library_window import LibraryWindow

    loaded = load_pack(MINIMAL)
    session = Session(loaded.pack, content_hash=loaded.content_hash)
    store = default_store()
    store.save(session.record)
    store.release(session.record.id)
    stale = leftover(store.drafts_dir, "old.draft")
    window = LibraryWindow([MINIMAL])
    qtbot.addWidget(window)
    window.after_first_paint(lambda: app_module._open_store(window))
    assert window.store is None  # nothing before the first frame
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    assert window.store is not None and window.store.drafts_dir == store.drafts_dir
    assert not stale.exists()  # swept
    qtbot.waitUntil(window.banner.isVisible)


def test_a_window_never_shown_still_reads_its_packs(qtbot: QtBot) -> None:
    from decision_aid.ui.library_window import LibraryWindow

    window = LibraryWindow([MINIMAL])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
