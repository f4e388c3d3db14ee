"""Where decision-aid keeps its files, on each platform: one place, built on platformdirs.

- **Linux**: settings in ``~/.config/decision-aid``, data (drafts, packs) in
  ``~/.local/share/decision-aid``, state (staff PIN tries, the crash log) in
  ``~/.local/state/decision-aid``, the cache in ``~/.cache/decision-aid``, and the
  system-wide settings in ``/etc/xdg/decision-aid``. ``$XDG_CONFIG_HOME``,
  ``$XDG_DATA_HOME``, ``$XDG_STATE_HOME``, ``$XDG_CACHE_HOME`` and ``$XDG_CONFIG_DIRS``
  replace them (a relative value is ignored, as the XDG spec says). These are the folders
  earlier versions used, so nobody's settings, drafts or packs move.
- **Windows**: settings in ``%APPDATA%\\decision-aid`` (they roam with the profile); data
  and state in ``%LOCALAPPDATA%\\decision-aid``, the cache in its ``Cache`` folder; the
  system-wide settings in ``%ProgramData%\\decision-aid``.
- **macOS**: settings, data and state in ``~/Library/Application Support/decision-aid``, the
  cache in ``~/Library/Caches/decision-aid``, the system-wide settings in
  ``/Library/Application Support/decision-aid``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs
from platformdirs.api import PlatformDirsABC

APP_NAME = "decision-aid"
"""The name of the app's folder inside each platform folder."""


@dataclass(frozen=True)
class Folders:
    """The app's own folders for one user (see the module notes)."""

    config: Path
    """The user's settings (``settings.json``) and the drafts' key."""
    data: Path
    """Drafts, the user's own packs, the pack store, the FHIR send queue."""
    state: Path
    """Wrong staff PIN tries, the pack versions seen, the crash log."""
    cache: Path
    """What can be made again: the library's index."""
    system_config: tuple[Path, ...]
    """Where a system-wide settings file is looked for, first match first."""


def folders(platform: type[PlatformDirsABC] = PlatformDirs) -> Folders:
    """The folders on this computer; ``platform`` is one of platformdirs' per-platform
    classes (its default is this computer's), for tests of the other platforms."""
    roaming = platform(APP_NAME, appauthor=False, roaming=True, multipath=True)
    local = platform(APP_NAME, appauthor=False, roaming=False, multipath=True)
    return Folders(
        config=Path(roaming.user_config_dir),
        data=Path(local.user_data_dir),
        state=Path(local.user_state_dir),
        cache=Path(local.user_cache_dir),
        system_config=_system_folders(platform, roaming.site_config_dir),
    )


def _system_folders(platform: type[PlatformDirsABC], answer: str) -> tuple[Path, ...]:
    """The system-wide settings folders in platformdirs' ``answer``: one on Windows (whose
    paths hold a ':'), else a list joined by ':' (``$XDG_CONFIG_DIRS``, or a Homebrew
    prefix's folder before macOS's own)."""
    # A Windows class can only be ``platform`` once its module was imported: elsewhere the
    # module (and the ctypes it loads, a few milliseconds) is never needed.
    windows = sys.modules.get("platformdirs.windows")
    if windows is not None and issubclass(platform, windows.Windows):
        return (Path(answer),)
    return tuple(Path(p) for p in answer.split(":") if p)


def config_dir() -> Path:
    """The user's settings folder (see the module notes)."""
    return folders().config


def data_dir() -> Path:
    """The user's data folder (see the module notes)."""
    return folders().data


def state_dir() -> Path:
    """The user's state folder (see the module notes)."""
    return folders().state


def cache_dir() -> Path:
    """The user's cache folder (see the module notes)."""
    return folders().cache


SETTINGS_FILE = "settings.json"
"""The settings file's name, in the user's settings folder and in a system folder."""
SYSTEM_SETTINGS_ENV = "DECISION_AID_SYSTEM_SETTINGS"
"""An environment variable naming the system-wide settings file instead (for tests, and
for an installation that keeps it elsewhere)."""


def user_settings_file(found: Folders | None = None) -> Path:
    """The user's settings file (``settings.json`` in :func:`config_dir`); ``found``: the
    folders when the caller has them already."""
    return (found or folders()).config / SETTINGS_FILE


def system_settings_file(found: Folders | None = None) -> Path:
    """The system-wide settings file: the one :data:`SYSTEM_SETTINGS_ENV` names; else the
    first ``settings.json`` found in the system folders; else where IT would put one (the
    last of those folders: ``/etc/xdg/decision-aid`` on Linux).

    Here, not with the settings model, so that the kiosk can find what its welcome needs
    without loading the model (see decision_aid.ui.kiosk.early). ``found``: as for
    :func:`user_settings_file`."""
    named = os.environ.get(SYSTEM_SETTINGS_ENV, "")
    if named:
        return Path(named)
    candidates = [folder / SETTINGS_FILE for folder in (found or folders()).system_config]
    for candidate in candidates:
        if os.path.lexists(candidate):
            return candidate
    return candidates[-1]
