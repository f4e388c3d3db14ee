"""CollaboRATE at the kiosk: a code given by the consultation, answers sealed under it that
only the clinic's key opens, shredded unread when they expire; every failure says why
and keeps the answers."""

from __future__ import annotations

import re
import string
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from decision_aid.kiosk import spool as spool_module
from decision_aid.kiosk.codes import ALPHABET, LENGTH
from decision_aid.kiosk.collaborate import (
    AnsweredError,
    KioskAnswers,
    NotAnsweredError,
    answers_waiting,
    code_state,
    give_code,
    is_answers_code,
    open_answers,
    put_answers,
    remove_answers,
)
from decision_aid.kiosk.handover import (
    DamagedError,
    ExpiredError,
    UnknownCodeError,
    WrongKeyError,
    handover_from_record,
)
from decision_aid.kiosk.keys import load_private_key, load_public_key, make_key_pair
from decision_aid.kiosk.spool import Spool
from decision_aid.session.model import KIOSK_CODE_PATTERN, now_utc
from tests.kiosk.conftest import PASSPHRASE, T0, patient_record

ANSWERS = KioskAnswers(answered=T0, explained=7, listened=9, included=None)


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


def _put(spool: Spool, keys: tuple[Path, Path], code: str) -> None:
    put_answers(spool, code, ANSWERS, load_public_key(keys[1]))


def _open(spool: Spool, keys: tuple[Path, Path], code: str):  # type: ignore[no-untyped-def]
    return open_answers(spool, code, load_private_key(keys[0], PASSPHRASE), keys[0])


def test_the_sealed_answers_hold_nothing_but_the_answers() -> None:
    assert set(KioskAnswers.model_fields) == {
        "format_version",
        "answered",
        "explained",
        "listened",
        "included",
    }
    with pytest.raises(ValueError, match="Extra inputs"):
        KioskAnswers.model_validate({"answered": T0, "pack": "knee"})
    with pytest.raises(ValueError):
        KioskAnswers(answered=T0, explained=10)


def test_the_session_knows_a_kiosk_code_when_it_sees_one() -> None:
    pattern = re.compile(KIOSK_CODE_PATTERN)
    for char in string.digits + string.ascii_uppercase:
        assert bool(pattern.match(char * LENGTH)) == (char in ALPHABET), char
    assert not pattern.match("A" * (LENGTH - 1)) and not pattern.match("A" * (LENGTH + 1))


def test_sealing_and_opening_round_trip(spool: Spool, keys: tuple[Path, Path]) -> None:
    code = give_code(spool)
    assert [p.name for p in spool.folder.iterdir()] == [f"{code}.collaborate-wait"]
    assert code_state(spool, code) == "waiting" and is_answers_code(spool, code)
    assert not answers_waiting(spool, code)
    with pytest.raises(NotAnsweredError, match="not answered at the kiosk"):
        _open(spool, keys, code)
    _put(spool, keys, code)
    path = spool.folder / f"{code}.collaborate"
    assert [p.name for p in spool.folder.iterdir()] == [path.name]
    assert path.stat().st_mode & 0o777 == 0o600
    assert code_state(spool, code) == "answered" and answers_waiting(spool, code)
    data = path.read_bytes()
    for readable in (b"explained", b"listened", b"answered", b'"7"', b": 7"):
        assert readable not in data
    opened = _open(spool, keys, code)
    assert opened.answers == ANSWERS and path.exists()  # kept until removed
    remove_answers(spool, opened)
    assert [p.name for p in spool.folder.iterdir()] == [f"{code}.collaborate-opened"]
    assert code_state(spool, code) == "answered"
    with pytest.raises(AnsweredError, match="read already"):
        _open(spool, keys, code)


def test_answering_twice_is_refused_and_keeps_the_first(
    spool: Spool, keys: tuple[Path, Path]
) -> None:
    code = give_code(spool)
    _put(spool, keys, code)
    with pytest.raises(AnsweredError):
        put_answers(spool, code, KioskAnswers(answered=T0, explained=0), load_public_key(keys[1]))
    assert _open(spool, keys, code).answers == ANSWERS


def test_the_wrong_private_key_is_refused_and_the_answers_kept(
    spool: Spool, keys: tuple[Path, Path], tmp_path: Path
) -> None:
    code = give_code(spool)
    _put(spool, keys, code)
    other, _public = make_key_pair(tmp_path / "other", PASSPHRASE)
    with pytest.raises(WrongKeyError, match="kiosk_public_key"):
        open_answers(spool, code, load_private_key(other, PASSPHRASE), other)
    assert _open(spool, keys, code).answers == ANSWERS


def test_a_changed_byte_is_refused_and_the_file_kept(spool: Spool, keys: tuple[Path, Path]) -> None:
    code = give_code(spool)
    _put(spool, keys, code)
    path = spool.folder / f"{code}.collaborate"
    data = path.read_bytes()
    path.write_bytes(data[:-5] + bytes([data[-5] ^ 1]) + data[-4:])
    with pytest.raises(DamagedError, match="changed after they were sealed") as caught:
        _open(spool, keys, code)
    assert str(path) in str(caught.value) and path.exists()


def test_a_hand_over_never_opens_as_answers(spool: Spool, keys: tuple[Path, Path]) -> None:
    code = give_code(spool)
    handover = spool.put(handover_from_record(patient_record(), T0), load_public_key(keys[1]))
    (spool.folder / f"{handover}.handover").rename(spool.folder / f"{code}.collaborate")
    with pytest.raises(DamagedError, match="not CollaboRATE answers"):
        _open(spool, keys, code)


def test_expired_answers_are_shredded_unread(
    spool: Spool, keys: tuple[Path, Path], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = give_code(spool)
    clock.now += timedelta(hours=20)  # answered late: the answers get their own 24 hours
    _put(spool, keys, code)
    shredded: list[Path] = []
    real = spool_module.shred

    def watched(path: Path) -> None:
        assert path.stat().st_size > 0
        real(path)
        shredded.append(path)

    monkeypatch.setattr(spool_module, "shred", watched)
    clock.now += timedelta(hours=23)
    assert spool.sweep() == []
    clock.now += timedelta(hours=2)
    assert spool.sweep() == [spool.folder / f"{code}.collaborate"]
    assert shredded == [spool.folder / f"{code}.collaborate"]
    assert code_state(spool, code) == "expired"
    with pytest.raises(ExpiredError, match="24 hours"):
        _open(spool, keys, code)
    clock.now += timedelta(hours=25)
    spool.sweep()
    assert list(spool.folder.iterdir()) == []


def test_a_code_that_waited_in_vain_expires(
    spool: Spool, keys: tuple[Path, Path], clock: Clock
) -> None:
    code = give_code(spool)
    clock.now += timedelta(hours=24, seconds=1)
    assert code_state(spool, code) == "expired"
    with pytest.raises(ExpiredError):
        _put(spool, keys, code)
    assert [p.name for p in spool.folder.iterdir()] == [f"{code}.collaborate-expired"]


def test_an_unknown_code_is_refused(spool: Spool, keys: tuple[Path, Path]) -> None:
    assert code_state(spool, "AAAAAA") == "unknown"
    with pytest.raises(UnknownCodeError):
        _put(spool, keys, "AAAAAA")
    assert list(spool.folder.iterdir()) == []
    with pytest.raises(UnknownCodeError, match="kiosk_spool") as caught:
        _open(spool, keys, "AAAAAA")
    assert "AAA AAA" in str(caught.value)


def test_codes_of_both_kinds_never_clash(
    spool: Spool, keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    handover = spool.put(handover_from_record(patient_record(), T0), load_public_key(keys[1]))
    codes = iter([handover, "CCCCCC", "CCCCCC", "DDDDDD"])
    monkeypatch.setattr(spool_module, "new_code", lambda: next(codes))
    assert give_code(spool) == "CCCCCC"
    assert spool.put(handover_from_record(patient_record(), T0), load_public_key(keys[1])) == (
        "DDDDDD"
    )


def test_a_hand_over_opened_with_an_answers_code_says_where_it_goes(
    spool: Spool, keys: tuple[Path, Path]
) -> None:
    code = give_code(spool)
    with pytest.raises(UnknownCodeError, match="CollaboRATE"):
        spool.open(code, load_private_key(keys[0], PASSPHRASE), keys[0])
