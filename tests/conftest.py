"""Test set-up: offscreen Qt, and every user folder redirected into tmp_path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from decision_aid import audit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCREEN = FIXTURES / "screen-1366x768.json"
"""The screen every test sees: a 1366×768 laptop's, still common in clinics."""

os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"
MINIMAL = FIXTURES / "packs" / "minimal"
SHIPPED = ROOT / "option_grids"


@pytest.fixture(autouse=True)
def _user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """No test reads or writes the real user's config, data or state, nor the computer's
    system-wide settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("DECISION_AID_SYSTEM_SETTINGS", str(home / "system" / "settings.json"))
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    monkeypatch.delenv("DECISION_AID_PACKS", raising=False)
    monkeypatch.setenv("LANGUAGE", "en")
    yield
    audit.reset()  # a kiosk made in one test leaves the next one recording everything


@pytest.fixture
def make_pack(tmp_path: Path):
    """Copy the minimal pack into tmp_path, apply text edits, return its folder.

    ``make_pack(name="p", edits={"content.yaml": [("old", "new")]})``
    """

    def make(name: str = "minimal", edits: dict[str, list[tuple[str, str]]] | None = None) -> Path:
        target = tmp_path / "packs" / name
        shutil.copytree(MINIMAL, target)
        if name != "minimal":
            pack = target / "pack.yaml"
            pack.write_text(pack.read_text().replace("id: minimal", f"id: {name}"))
        for file, pairs in (edits or {}).items():
            path = target / file
            text = path.read_text()
            for old, new in pairs:
                assert old in text, f"{old!r} not in {file}"
                text = text.replace(old, new, 1)
            path.write_text(text)
        return target

    return make
