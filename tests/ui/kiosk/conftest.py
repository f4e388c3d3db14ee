"""Shared set-up for the kiosk's window tests: a clinic's keys, a spool, a staff PIN, the
shipped packs (the statins and knee packs as copies naming community topics, so that every
journey with them meets "Local groups and services" from the shipped example directory),
clocks that move only when a test moves them, and a scripted journey."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from decision_aid.kiosk.keys import make_key_pair
from decision_aid.kiosk.pin import hash_pin
from decision_aid.settings import Settings
from decision_aid.ui.kiosk import slip as slip_module
from decision_aid.ui.kiosk.config import KioskConfig, load_config
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.language import apply_language
from tests.conftest import SHIPPED
from tests.ui.kiosk.community_support import WITH_TOPICS, loaded_with_topics

PASSPHRASE = b"a clinic passphrase"
PIN = "246810"
PACKS = ["knee-osteoarthritis", "statins-primary-prevention", "psa-screening"]
LANGUAGES = ["en", "cy", "pl", "ar"]
T0 = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def _own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The test's own temporary folder (TMPDIR, for Python and Qt alike)."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield folder


@dataclass
class Clinic:
    private_key: Path
    public_key: Path
    spool: Path
    settings: Settings


@pytest.fixture
def clinic(tmp_path: Path) -> Clinic:
    private, public = make_key_pair(tmp_path / "keys", PASSPHRASE)
    spool = tmp_path / "spool"
    spool.mkdir()
    settings = Settings(
        kiosk_packs=list(PACKS),
        kiosk_spool=spool,
        kiosk_public_key=public,
        kiosk_private_key=private,
        kiosk_languages=list(LANGUAGES),
        kiosk_pin=hash_pin(PIN, n=2**14),
        kiosk_idle_seconds=120,
        kiosk_warning_seconds=30,
    )
    return Clinic(private, public, spool, settings)


@pytest.fixture
def config(clinic: Clinic, tmp_path: Path) -> KioskConfig:
    made = load_config(clinic.settings, [SHIPPED])
    assert made.directories is not None and made.directories.directories  # the example
    topics = {p: loaded_with_topics(tmp_path / "topics", p) for p in WITH_TOPICS}
    made.packs = [topics.get(p.meta.id, p) for p in made.packs]
    return made


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wall() -> FakeClock:
    return FakeClock(1_800_000_000.0)


@pytest.fixture
def kiosk(qtbot: QtBot, config: KioskConfig, clock: FakeClock, wall: FakeClock) -> Iterator[Kiosk]:
    made = Kiosk(config, clock=clock, wall=wall, now=lambda: T0, speech="mock")
    made.window.showFullScreen()
    qtbot.waitExposed(made.window)
    yield made
    made.exit()
    flush()
    apply_language("en")


class PdfPrinters:
    """Stands in for the printer named in the settings: every slip becomes a PDF."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: list[str] = []

    def __call__(self, name: str) -> QPrinter:
        self.names.append(name)
        return slip_module.pdf_printer(str(self.folder / f"slip-{len(self.names)}.pdf"))

    def text(self, number: int = 1) -> str:
        return self.text_of(self.folder / f"slip-{number}.pdf")

    @staticmethod
    def text_of(path: Path) -> str:
        result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        return result.stdout.decode("utf-8")


@pytest.fixture
def printers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PdfPrinters:
    made = PdfPrinters(tmp_path)
    monkeypatch.setattr(slip_module, "printer_named", made)
    return made


def flush() -> None:
    """Run deferred deletions now (deleteLater)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
