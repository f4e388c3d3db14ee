"""The app's folders on each platform: Linux's stay where they always were, and Windows
and macOS get their own platform's folders, never ``~/.config``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix
from platformdirs.windows import Windows

from decision_aid.content.library import user_packs_dir
from decision_aid.content.library_cache import default_cache_path
from decision_aid.content.store import default_store_dir
from decision_aid.content.trust.history import default_history_path
from decision_aid.kiosk.pin import state_path
from decision_aid.paths import folders
from decision_aid.report.fhir.outbox import default_queue_dir
from decision_aid.session.store import default_store
from decision_aid.settings import settings_path

XDG = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_DIRS")


@pytest.fixture
def no_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A home folder and no XDG variable at all: the platforms' own defaults."""
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in XDG:
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_linux_without_xdg_variables_keeps_the_folders_of_every_earlier_version(
    no_xdg: Path,
) -> None:
    found = folders(Unix)
    assert found.config == no_xdg / ".config" / "decision-aid"
    assert found.data == no_xdg / ".local" / "share" / "decision-aid"
    assert found.state == no_xdg / ".local" / "state" / "decision-aid"
    assert found.cache == no_xdg / ".cache" / "decision-aid"
    assert found.system_config == (Path("/etc/xdg/decision-aid"),)


def test_linux_honours_the_xdg_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in XDG[:4]:
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{tmp_path}/site-a:{tmp_path}/site-b")
    found = folders(Unix)
    assert found.config == tmp_path / "xdg_config_home" / "decision-aid"
    assert found.data == tmp_path / "xdg_data_home" / "decision-aid"
    assert found.state == tmp_path / "xdg_state_home" / "decision-aid"
    assert found.cache == tmp_path / "xdg_cache_home" / "decision-aid"
    assert found.system_config == (
        tmp_path / "site-a" / "decision-aid",
        tmp_path / "site-b" / "decision-aid",
    )


def test_a_relative_xdg_variable_is_ignored_as_the_spec_says(
    no_xdg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")
    found = folders(Unix)
    assert found.config == no_xdg / ".config" / "decision-aid"
    assert found.data == no_xdg / ".local" / "share" / "decision-aid"


def test_every_file_of_the_app_is_in_one_of_its_folders() -> None:
    """The settings, drafts and their key, packs, pack store, FHIR queue, PIN tries,
    version history and library index all come from decision_aid.paths (here the test's
    XDG folders, from tests/conftest.py)."""
    found = folders()
    assert settings_path() == found.config / "settings.json"
    store = default_store()
    assert store.key_path == found.config / "draft.key"
    assert store.drafts_dir == found.data / "drafts"
    assert user_packs_dir() == found.data / "packs"
    assert default_store_dir() == found.data / "pack-store"
    assert default_queue_dir() == found.data / "fhir-queue"
    assert state_path() == found.state / "kiosk-pin.json"
    assert default_history_path() == found.state / "pack-versions.json"
    assert default_cache_path() == found.cache / "library-index.json"
    home = Path.home()
    for folder in (found.config, found.data, found.state, found.cache):
        assert folder.is_relative_to(home) and folder.name == "decision-aid"


def test_windows_gets_appdata_and_programdata(
    no_xdg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # platformdirs asks Windows itself; these variables stand in for its answers here.
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", r"C:\Users\pat\AppData\Roaming")
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\pat\AppData\Local")
    monkeypatch.setenv("WIN_PD_OVERRIDE_COMMON_APPDATA", r"C:\ProgramData")
    found = folders(Windows)

    def windows(path: Path) -> PureWindowsPath:
        return PureWindowsPath(str(path))

    assert windows(found.config) == PureWindowsPath(r"C:\Users\pat\AppData\Roaming\decision-aid")
    assert windows(found.data) == PureWindowsPath(r"C:\Users\pat\AppData\Local\decision-aid")
    assert windows(found.state) == windows(found.data)
    assert windows(found.cache) == PureWindowsPath(r"C:\Users\pat\AppData\Local\decision-aid\Cache")
    assert [windows(p) for p in found.system_config] == [
        PureWindowsPath(r"C:\ProgramData\decision-aid")
    ]
    for folder in (found.config, found.data, found.state, found.cache):
        assert ".config" not in windows(folder).parts


def test_macos_gets_application_support_and_caches(
    no_xdg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("platformdirs.macos._homebrew_prefix", lambda: None, raising=False)
    found = folders(MacOS)
    support = no_xdg / "Library" / "Application Support" / "decision-aid"
    assert (found.config, found.data, found.state) == (support, support, support)
    assert found.cache == no_xdg / "Library" / "Caches" / "decision-aid"
    assert found.system_config == (Path("/Library/Application Support/decision-aid"),)
    for folder in (found.config, found.data, found.state, found.cache):
        assert ".config" not in folder.parts


def test_linux_folders_do_not_load_the_windows_module() -> None:
    # The kiosk finds its settings file before its welcome's first frame: platformdirs'
    # Windows module (and ctypes with it) cost it a few milliseconds for nothing.
    code = (
        "import sys; from decision_aid.paths import folders, system_settings_file; "
        "folders(); system_settings_file(); "
        "print('platformdirs.windows' in sys.modules, 'ctypes' in sys.modules)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["False", "False"]
