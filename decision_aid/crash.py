"""The crash log: where an unexpected problem's details go, so no user sees a traceback."""

from __future__ import annotations

from pathlib import Path

from decision_aid import __version__


def write_crash_log(exc: BaseException) -> Path:
    """Write the traceback to the user's state folder and return its path."""
    import os
    import tempfile
    import traceback

    try:
        from decision_aid.paths import state_dir

        folder = state_dir()
    except RuntimeError:  # no home folder to be found
        folder = Path(tempfile.gettempdir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / "crash.log"
    text = "".join(traceback.format_exception(exc))
    try:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"decision-aid {__version__}\n{text}\n")
    except OSError:
        return Path(os.devnull)
    return log
