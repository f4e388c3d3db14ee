"""The staff PIN: a scrypt hash in the settings, and a growing wait after wrong PINs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid.kiosk import pin as pin_module
from decision_aid.kiosk.pin import (
    FREE_TRIES,
    LONGEST_WAIT,
    PinError,
    PinGuard,
    hash_pin,
    pin_matches,
    state_path,
)
from decision_aid.settings import Settings, load_settings, save_settings

PIN = "482916"
FAST = 2**14
"""The least scrypt cost the settings accept: quick enough for tests."""


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def stored() -> pin_module.PinHash:
    return hash_pin(PIN, n=FAST)


def test_the_hash_is_salted_and_never_the_pin(stored: pin_module.PinHash) -> None:
    other = hash_pin(PIN, n=FAST)
    assert other.salt != stored.salt and other.hash != stored.hash
    assert PIN.encode() not in stored.hash + stored.salt
    assert pin_matches(PIN, stored) and pin_matches(PIN, other)
    assert not pin_matches("482917", stored)
    assert not pin_matches("", stored) and not pin_matches("٤٨٢٩١٦", stored)


def test_the_comparison_is_constant_time(
    stored: pin_module.PinHash, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = pin_module.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(pin_module.hmac, "compare_digest", spy)
    assert not pin_matches("000000", stored)
    assert len(compared) == 1 and compared[0][1] == stored.hash


@pytest.mark.parametrize(
    ("pin", "words"), [("12345", "6 to 20 digits"), ("12ab56", "digits 0 to 9"), ("1" * 21, "21")]
)
def test_a_pin_that_is_too_weak_is_refused(pin: str, words: str) -> None:
    with pytest.raises(PinError, match=words):
        hash_pin(pin, n=FAST)


def test_the_hash_round_trips_through_the_settings(stored: pin_module.PinHash) -> None:
    save_settings(Settings(kiosk_pin=stored))
    assert load_settings().kiosk_pin == stored


def test_wrong_pins_wait_longer_and_longer(stored: pin_module.PinHash, tmp_path: Path) -> None:
    clock = Clock()
    guard = PinGuard(stored, tmp_path / "state.json", clock)
    for n in range(1, FREE_TRIES):
        attempt = guard.attempt("000000")
        assert not attempt.accepted and attempt.wait == 0 and attempt.failures == n
    waits = []
    for _n in range(4):
        attempt = guard.attempt("000000")
        assert not attempt.accepted
        waits.append(attempt.wait)
        # While the wait runs, even the right PIN is not checked, and the try does not count.
        clock.now += attempt.wait - 1
        during = guard.attempt(PIN)
        assert not during.accepted and during.wait == pytest.approx(1)
        clock.now += 1
    assert waits == [30, 60, 120, 240]
    assert guard.attempt(PIN).accepted
    assert guard.attempt("000000").wait == 0  # the right PIN ended the count


def test_the_wait_has_a_ceiling(stored: pin_module.PinHash, tmp_path: Path) -> None:
    clock = Clock()
    guard = PinGuard(stored, tmp_path / "state.json", clock)
    wait = 0.0
    for _n in range(40):
        clock.now += wait
        wait = guard.attempt("000000").wait
    assert wait == LONGEST_WAIT


def test_the_count_survives_a_restart(stored: pin_module.PinHash, tmp_path: Path) -> None:
    clock = Clock()
    path = tmp_path / "state.json"
    for _n in range(FREE_TRIES):
        PinGuard(stored, path, clock).attempt("000000")
    again = PinGuard(stored, path, clock)
    assert again.wait_left() == 30
    assert not again.attempt(PIN).accepted


def test_a_spoiled_state_file_means_a_wait_not_a_way_round(
    stored: pin_module.PinHash, tmp_path: Path
) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    clock = Clock()
    guard = PinGuard(stored, path, clock)
    assert guard.wait_left() == 30
    path.write_text(json.dumps({"failures": 0, "until": 0}))
    assert guard.attempt(PIN).accepted


def test_with_no_pin_set_nothing_opens(tmp_path: Path) -> None:
    guard = PinGuard(None, tmp_path / "state.json", Clock())
    assert not guard.attempt("").accepted
    assert not guard.attempt(PIN).accepted


def test_the_state_file_is_in_the_users_state_folder() -> None:
    assert state_path().parent.name == "decision-aid"
    assert "state" in str(state_path())
