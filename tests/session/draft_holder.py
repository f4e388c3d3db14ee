"""Another running copy of the app, for the lock tests: a process that recovers the only
draft (and so holds its lock) until it is killed."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT

HOLDER = """
import sys
from pathlib import Path
from decision_aid.session.store import DraftStore
store = DraftStore(Path(sys.argv[1]), Path(sys.argv[2]))
[info] = store.unfinished()
store.load(info.path)
print("LOCKED", flush=True)
sys.stdin.read()
"""


@contextmanager
def draft_held_elsewhere(drafts_dir: Path, key_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A process holding the only draft in ``drafts_dir``; SIGKILLed when the block ends."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(drafts_dir), str(key_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(child.stdout, selectors.EVENT_READ)
        try:
            assert selector.select(60), "the other process never took the draft"
        finally:
            selector.close()
        assert child.stdout.readline().strip() == "LOCKED"
        yield child
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()
