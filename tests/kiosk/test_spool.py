"""The spool: one sealed file per hand-over, opened then shredded, expired ones shredded
unopened; every failure keeps the entry and says what to do."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from decision_aid.kiosk import spool as spool_module
from decision_aid.kiosk.handover import (
    DamagedError,
    ExpiredError,
    HandoverError,
    UnknownCodeError,
    WrongKeyError,
    handover_from_record,
)
from decision_aid.kiosk.keys import load_private_key, load_public_key, make_key_pair
from decision_aid.kiosk.sealing import HEADER
from decision_aid.kiosk.sealing import suite as _suite
from decision_aid.kiosk.spool import Spool, shred
from decision_aid.session.model import now_utc
from tests.kiosk.conftest import CANARY, IDENTIFIER, NAME, PASSPHRASE, T0, patient_record


class Clock:
    def __init__(self) -> None:
        self.now = now_utc()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def spool(spool_dir: Path, clock: Clock) -> Spool:
    return Spool(spool_dir, clock=clock)


def _put(spool: Spool, keys: tuple[Path, Path]) -> str:
    return spool.put(handover_from_record(patient_record(), T0), load_public_key(keys[1]))


def _open(spool: Spool, keys: tuple[Path, Path], code: str) -> spool_module.Opened:
    return spool.open(code, load_private_key(keys[0], PASSPHRASE), keys[0])


def _everything_in(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def test_a_hand_over_is_one_file_named_by_its_code(spool: Spool, keys: tuple[Path, Path]) -> None:
    code = _put(spool, keys)
    assert [p.name for p in spool.folder.iterdir()] == [f"{code}.handover"]
    assert (spool.folder / f"{code}.handover").stat().st_mode & 0o777 == 0o600


def test_the_spool_holds_no_canary_and_no_identifier(spool: Spool, keys: tuple[Path, Path]) -> None:
    _put(spool, keys)
    stored = _everything_in(spool.folder)
    for secret in (CANARY, NAME, IDENTIFIER, "1951-03-17", "garden", "My daughter"):
        assert secret.encode() not in stored
        assert secret.encode("utf-16-le") not in stored


def test_opening_gives_the_answers_and_keeps_the_file_until_removed(
    spool: Spool, keys: tuple[Path, Path]
) -> None:
    code = _put(spool, keys)
    opened = _open(spool, keys, code)
    assert opened.content.questions[0] == CANARY
    assert opened.path.exists()  # not deleted by opening alone
    spool.remove(opened)
    assert not opened.path.exists()
    with pytest.raises(UnknownCodeError, match="opened already"):
        _open(spool, keys, code)


def test_an_unknown_code_names_the_folder_and_the_fix(
    spool: Spool, keys: tuple[Path, Path]
) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        _open(spool, keys, "AAAAAA")
    message = str(caught.value)
    assert "AAA AAA" in message and str(spool.folder) in message and "kiosk_spool" in message


def test_an_expired_hand_over_is_shredded_unopened_on_the_next_sweep(
    spool: Spool, keys: tuple[Path, Path], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _put(spool, keys)
    shredded: list[Path] = []
    real = spool_module.shred

    def watched(path: Path) -> None:
        size = path.stat().st_size
        real(path)
        shredded.append(path)
        assert size > 0

    monkeypatch.setattr(spool_module, "shred", watched)
    clock.now += timedelta(hours=23)
    assert spool.sweep() == []
    clock.now += timedelta(hours=2)
    assert spool.sweep() == [spool.folder / f"{code}.handover"]
    assert shredded == [spool.folder / f"{code}.handover"]
    with pytest.raises(ExpiredError, match="24 hours") as caught:
        _open(spool, keys, code)
    assert "shredded unopened" in str(caught.value)
    clock.now += timedelta(hours=25)  # the marker goes too, in time
    spool.sweep()
    assert list(spool.folder.iterdir()) == []


def test_opening_an_expired_code_shreds_it_first(
    spool: Spool, keys: tuple[Path, Path], clock: Clock
) -> None:
    code = _put(spool, keys)
    clock.now += timedelta(hours=24, seconds=1)
    with pytest.raises(ExpiredError):
        _open(spool, keys, code)
    assert not (spool.folder / f"{code}.handover").exists()


def test_the_keeping_time_is_the_settings(spool_dir: Path, keys: tuple[Path, Path]) -> None:
    clock = Clock()
    spool = Spool(spool_dir, keep=timedelta(hours=2), clock=clock)
    code = _put(spool, keys)
    clock.now += timedelta(hours=3)
    with pytest.raises(ExpiredError, match="2 hours"):
        _open(spool, keys, code)


def test_shredding_overwrites_before_unlinking(tmp_path: Path) -> None:
    path = tmp_path / "AAAAAA.handover"
    path.write_bytes(b"secret" * 100)
    other = tmp_path / "other"
    os.link(path, tmp_path / "keep")  # a second name: only unlinked, never overwritten
    shred(path)
    assert not path.exists() and (tmp_path / "keep").read_bytes() == b"secret" * 100
    other.write_bytes(b"secret" * 100)
    fd = os.open(other, os.O_RDONLY)
    try:
        shred(other)
        assert os.pread(fd, 600, 0) == bytes(600)  # the blocks were zeroed
    finally:
        os.close(fd)


def test_a_link_in_the_spool_is_never_followed(spool: Spool, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (spool.folder / "AAAAAA.handover").symlink_to(victim)
    old = spool.clock() - timedelta(days=3)
    os.utime(spool.folder / "AAAAAA.handover", (old.timestamp(),) * 2, follow_symlinks=False)
    spool.sweep()
    assert victim.read_text() == "keep me"


def test_other_files_in_the_folder_are_left_alone(spool: Spool, clock: Clock) -> None:
    for name in ("notes.txt", "AAAAAA.txt", "lower.handover", "K7M4XP"):
        (spool.folder / name).write_text("x")
    clock.now += timedelta(days=30)
    spool.sweep()
    assert len(list(spool.folder.iterdir())) == 4


@pytest.mark.parametrize(
    ("spoil", "error", "words"),
    [
        (lambda d: d[:20], DamagedError, "not a kiosk hand-over"),
        (lambda d: d[:-1], DamagedError, "changed after it was sealed"),
        (lambda d: d[:40] + bytes([d[40] ^ 1]) + d[41:], DamagedError, "sealed content"),
        (lambda d: d[:8] + b"\x09" + d[9:], DamagedError, "update decision-aid"),
    ],
)
def test_a_spoiled_file_is_refused_and_kept(
    spool: Spool,
    keys: tuple[Path, Path],
    spoil: Callable[[bytes], bytes],
    error: type[HandoverError],
    words: str,
) -> None:
    code = _put(spool, keys)
    path = spool.folder / f"{code}.handover"
    path.write_bytes(spoil(path.read_bytes()))
    before = path.read_bytes()
    with pytest.raises(error, match=words) as caught:
        _open(spool, keys, code)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before  # nothing lost


def test_the_wrong_private_key_is_refused_and_the_entry_kept(
    spool: Spool, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    code = _put(spool, keys)
    other, _public = make_key_pair(tmp_path / "other", PASSPHRASE)
    with pytest.raises(WrongKeyError, match="kiosk_public_key"):
        spool.open(code, load_private_key(other, PASSPHRASE), other)
    assert (spool.folder / f"{code}.handover").exists()
    assert _open(spool, keys, code).content.questions[0] == CANARY


def test_a_sealed_file_that_is_not_a_valid_hand_over_is_refused(
    spool: Spool, keys: tuple[Path, Path]
) -> None:
    code = _put(spool, keys)
    path = spool.folder / f"{code}.handover"
    header = path.read_bytes()[: HEADER.size]
    bad = b'{"format_version": 1, "patient": {"name": "X"}}'
    path.write_bytes(header + _suite().encrypt(bad, load_public_key(keys[1]), info=header))
    with pytest.raises(DamagedError, match="not a valid hand-over"):
        _open(spool, keys, code)
    assert path.exists()


def test_a_missing_folder_is_a_clear_error(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    spool = Spool(tmp_path / "not-mounted")
    with pytest.raises(HandoverError, match="kiosk_spool") as caught:
        _put(spool, keys)
    assert not (tmp_path / "not-mounted").exists()  # never made: it may be a share not there
    assert "not-mounted" in str(caught.value)


def test_a_code_in_use_is_never_reused(
    spool: Spool, keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _put(spool, keys)
    codes = iter([first, first, "AAAAAA"])
    monkeypatch.setattr(spool_module, "new_code", lambda: next(codes))
    assert _put(spool, keys) == "AAAAAA"
    assert _open(spool, keys, first).content.questions[0] == CANARY


def test_a_file_appearing_under_the_chosen_code_is_not_overwritten(
    spool: Spool, keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = iter(["AAAAAA", "CCCCCC"])
    monkeypatch.setattr(spool_module, "new_code", lambda: next(codes))
    real = spool_module.write_new_atomic

    def racing(path: Path, data: bytes, mode: int) -> None:
        if path.name.startswith("AAAAAA"):
            path.write_bytes(b"another kiosk's")
        real(path, data, mode)

    monkeypatch.setattr(spool_module, "write_new_atomic", racing)
    assert _put(spool, keys) == "CCCCCC"
    assert (spool.folder / "AAAAAA.handover").read_bytes() == b"another kiosk's"
