"""The kiosk's audit trail: the packs it loaded, each hand-over written (by its sealed
file's hash) and each idle wipe; never the topic a patient chose, what they typed, or
their code."""

from __future__ import annotations

import hashlib

from pytestqt.qtbot import QtBot

from decision_aid import audit
from decision_aid.audit.check import check_log
from decision_aid.ui.kiosk.controller import Kiosk
from decision_aid.ui.kiosk.welcome import LanguageScreen
from tests.audit.support import entries, kinds, of_kind
from tests.ui.kiosk.conftest import PACKS, Clinic, FakeClock, flush
from tests.ui.kiosk.journey_support import CANARY, start, tap, walk


def _idle_out(qtbot: QtBot, kiosk: Kiosk, clock: FakeClock) -> None:
    with qtbot.waitSignal(kiosk.wiped):
        clock.advance(kiosk.idle.idle + kiosk.idle.warning)
        kiosk.tick()
    flush()


def test_a_hand_over_and_an_idle_wipe_are_noted_and_nothing_of_the_patient(
    qtbot: QtBot, kiosk: Kiosk, clinic: Clinic, clock: FakeClock
) -> None:
    loaded = kinds()
    assert loaded == ["pack.loaded"] * len(PACKS)  # read when the kiosk was set up
    code = walk(qtbot, kiosk, "en", "statins-primary-prevention")
    sealed = (clinic.spool / f"{code}.handover").read_bytes()
    assert of_kind("kiosk.handover_written") == [
        {"sealed_sha256": hashlib.sha256(sealed).hexdigest()}
    ]
    tap(qtbot, kiosk.screen.next_button)  # Finish: a wipe, but not an idle one
    flush()
    assert of_kind("kiosk.idle_wipe") == []

    start(qtbot, kiosk, "ar", "knee-osteoarthritis")
    _idle_out(qtbot, kiosk, clock)
    assert isinstance(kiosk.screen, LanguageScreen)
    assert kinds() == [*loaded, "kiosk.handover_written", "kiosk.idle_wipe"]
    assert of_kind("kiosk.idle_wipe") == [{}]

    raw = audit.default_log_path().read_text(encoding="utf-8")
    for secret in (CANARY, code, f"{code[:3]} {code[3:]}"):
        assert secret not in raw
    # Nothing after the set-up names a pack: which topic a patient chose is not kept.
    after_setup = [e["fields"] for e in entries()[len(loaded) :]]
    assert not any("pack_id" in fields for fields in after_setup)
    assert check_log(audit.default_log_path()).ok


def test_an_untouched_welcome_writes_nothing(kiosk: Kiosk, clock: FakeClock) -> None:
    before = kinds()
    for _minute in range(30):
        clock.advance(60)
        kiosk.tick()
    assert kinds() == before


def test_start_again_is_not_an_idle_wipe(qtbot: QtBot, kiosk: Kiosk) -> None:
    start(qtbot, kiosk, "en", "knee-osteoarthritis")
    with qtbot.waitSignal(kiosk.wiped):
        kiosk.wipe()
    assert of_kind("kiosk.idle_wipe") == []
    assert of_kind("consultation.started") == []
