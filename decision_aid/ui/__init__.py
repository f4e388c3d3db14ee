"""Everything Qt: windows, dialogs and widgets."""

from __future__ import annotations

import os
import sys


def needs_offscreen() -> bool:
    """True when no display is available: Qt would abort the process.

    Here rather than with the library's start, so that the kiosk asks without loading the
    library's modules before its welcome."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
