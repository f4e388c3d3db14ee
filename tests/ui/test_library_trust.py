"""The library shows who signed each pack: unverified content is marked, in the list, the
details and on every step of its consultation; an expired signature opens only after the
warning an expired pack gets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from decision_aid.session.model import STEPS
from decision_aid.settings import Settings, save_settings
from decision_aid.ui.consultation_window import ConsultationWindow
from decision_aid.ui.library_window import LibraryWindow
from tests.conftest import SHIPPED
from tests.content.trust.support import Keys, signed_pack, unsigned_copy

TODAY = date(2026, 12, 4)


def open_library(qtbot: QtBot, roots: list[Path]) -> LibraryWindow:
    window = LibraryWindow(roots, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.task is not None and not window.task.running)
    return window


def consult(qtbot: QtBot, window: LibraryWindow) -> ConsultationWindow:
    window.table.selectRow(0)
    window.open_selected()
    qtbot.waitUntil(lambda: len(window.consultations) == 1)
    consultation = window.consultations[0]
    qtbot.addWidget(consultation)
    return consultation


def status(window: LibraryWindow) -> str:
    return str(window.proxy.index(0, 4).data())


def test_unverified_content_is_marked_and_bannered_on_every_step(
    qtbot: QtBot, tmp_path: Path
) -> None:
    unsigned_copy(tmp_path)
    window = open_library(qtbot, [tmp_path])
    assert status(window).endswith("; Unverified content")
    window.table.selectRow(0)
    details = window.details.toPlainText()
    assert "Unverified content. Nobody this computer trusts has signed this pack." in details
    assert "Signed by\nUnverified content: not signed" in details
    consultation = consult(qtbot, window)
    banner = consultation.trust_banner
    assert banner is not None and banner.heading.text() == "Unverified content"
    assert "This pack is not signed" in banner.message.text()
    for step in STEPS:
        consultation.go_to(step)
        assert banner.isVisible(), step


def test_the_shipped_packs_show_their_signer_and_no_banner(qtbot: QtBot) -> None:
    window = open_library(qtbot, [SHIPPED])
    assert all("Unverified" not in str(window.proxy.index(r, 4).data()) for r in range(3))
    window.table.selectRow(0)
    details = window.details.toPlainText()
    assert "Signed by\ndecision-aid example content (key f8048e417b00e6be)" in details
    assert "Signature expires" in details
    assert consult(qtbot, window).trust_banner is None


def test_a_trusted_publisher_is_named(qtbot: QtBot, tmp_path: Path) -> None:
    keys = Keys()
    save_settings(Settings(pack_publishers=[keys.publisher()]))
    signed_pack(tmp_path, keys.second)
    window = open_library(qtbot, [tmp_path])
    assert status(window).endswith("; Signed by Riverside editorial team")
    consultation = consult(qtbot, window)
    assert consultation.trust_banner is None
    assert consultation.loaded.trust is not None
    assert consultation.loaded.trust.publisher == "Riverside editorial team"


@pytest.mark.parametrize("agreed", [False, True])
def test_an_expired_signature_opens_only_after_the_warning(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, agreed: bool
) -> None:
    keys = Keys()
    save_settings(Settings(pack_publishers=[keys.publisher()]))
    signed_pack(
        tmp_path,
        keys.first,
        now=datetime(2026, 1, 5, tzinfo=UTC),
        expires=date(2026, 6, 30),
    )
    window = open_library(qtbot, [tmp_path])
    assert "Signature expired 30 Jun 2026" in status(window)
    window.table.selectRow(0)
    assert "The signature has expired." in window.details.toPlainText()
    asked: list[str] = []
    monkeypatch.setattr(window, "confirm_expired", lambda e: asked.append(e.id) or agreed)
    window.open_selected()
    assert asked == ["knee-osteoarthritis"]
    if agreed:
        qtbot.waitUntil(lambda: len(window.consultations) == 1)
        qtbot.addWidget(window.consultations[0])
    else:
        assert window.open_task is None and window.consultations == []
