"""Forgetting the source lines PySide6 reads as modules are imported.

PySide6 looks at the source text of every Python module imported after it (to find out
whether the module asks for its ``__feature__`` options) through ``inspect.getsource``,
and Python's ``linecache`` then keeps every line of every such file for good: about
10 MB once the library, a pack's models and a consultation are loaded, a tenth of the
app's memory. Nothing in the app reads them again (a traceback reads what it needs
anew), so they are dropped after each phase that imports many modules: the library's
first listing, the opening of a consultation, and the kiosk's set-up.

They are dropped only while no worker thread runs: a worker importing a module at that
moment could find its file listed in the cache and gone an instant later.
"""

from __future__ import annotations

import linecache

from PySide6.QtCore import QThreadPool, QTimer

RETRY_MS = 200
"""How long to wait before trying again while a worker runs."""
TRIES = 25
"""How many times to try (five seconds in all) before leaving it to the next phase."""


def forget_source_lines(tries: int = TRIES) -> bool:
    """Drop every source line Python keeps in memory (they are read again when needed),
    now if no worker thread runs, else a little later; True when dropped now."""
    if QThreadPool.globalInstance().activeThreadCount() == 0:
        linecache.clearcache()
        return True
    if tries > 1:
        QTimer.singleShot(RETRY_MS, lambda: forget_source_lines(tries - 1))
    return False
