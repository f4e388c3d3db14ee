"""``decision-aid kiosk ...``: keys, the staff PIN, sealing and opening hand-overs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid.cli import kiosk as kiosk_cli
from decision_aid.cli import main
from decision_aid.kiosk.pin import pin_matches
from decision_aid.settings import Settings, load_settings, save_settings
from tests.conftest import MINIMAL
from tests.kiosk.conftest import CANARY, IDENTIFIER, NAME, patient_record

PASSPHRASE = "a clinic passphrase"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def clinic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """Keys made with the command, a spool folder, and the settings naming them."""
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    code, out, err = run(
        capsys, "kiosk", "keys", "init", "--out", str(tmp_path / "keys"),
        "--passphrase-file", str(secret),
    )  # fmt: skip
    assert code == 0, err
    assert "kiosk_private_key" in out and "kiosk_public_key" in out
    (tmp_path / "spool").mkdir()
    save_settings(
        Settings(
            kiosk_spool=tmp_path / "spool",
            kiosk_public_key=tmp_path / "keys" / "kiosk-handover.pub",
            kiosk_private_key=tmp_path / "keys" / "kiosk-handover.key",
        )
    )
    session = tmp_path / "session.json"
    session.write_text(patient_record().model_dump_json())
    return tmp_path


def _seal(capsys: pytest.CaptureFixture[str], clinic: Path) -> str:
    code, out, err = run(capsys, "kiosk", "seal", "--session", str(clinic / "session.json"))
    assert code == 0, err
    assert "Names, dates of birth and identifiers were left out" in err
    return out.strip()


def _open(capsys: pytest.CaptureFixture[str], clinic: Path, typed: str, *more: str):  # type: ignore[no-untyped-def]
    return run(
        capsys, "--packs", str(MINIMAL), "kiosk", "open", typed,
        "--passphrase-file", str(clinic / "passphrase.txt"), *more,
    )  # fmt: skip


def test_keys_are_never_replaced_without_force(
    capsys: pytest.CaptureFixture[str], clinic: Path
) -> None:
    before = (clinic / "keys" / "kiosk-handover.key").read_bytes()
    args = ["kiosk", "keys", "init", "--out", str(clinic / "keys")]
    args += ["--passphrase-file", str(clinic / "passphrase.txt")]
    code, _out, err = run(capsys, *args)
    assert code == 1 and "--force" in err
    assert (clinic / "keys" / "kiosk-handover.key").read_bytes() == before
    assert run(capsys, *args, "--force")[0] == 0
    assert (clinic / "keys" / "kiosk-handover.key").read_bytes() != before


def test_seal_then_open_gives_the_patients_answers_and_removes_the_entry(
    capsys: pytest.CaptureFixture[str], clinic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _seal(capsys, clinic)
    sealed = (clinic / "spool" / f"{code}.handover").read_bytes()
    for secret in (CANARY, NAME, IDENTIFIER):
        assert secret.encode() not in sealed
    monkeypatch.chdir(clinic)
    typed = f"{code[:3].lower()} {code[3:].lower()}"  # as a clinician might type it
    status, out, err = _open(capsys, clinic, typed)
    assert status == 0, err
    assert "removed" in out
    record = json.loads((clinic / f"kiosk-{code}.json").read_text())
    assert record["plan"]["questions"][0] == CANARY
    assert record["patient"] is None and record["clinician"] is None
    assert record["kiosk"]["parts"][:3] == ["ratings", "own_concerns", "questions"]
    assert not (clinic / "spool" / f"{code}.handover").exists()
    status, _out, err = _open(capsys, clinic, code, "--out", str(clinic / "again.json"))
    assert status == 1 and "opened already" in err


@pytest.mark.parametrize(
    ("spoil", "words"),
    [("passphrase", "passphrase for the clinic's private key"), ("code", "There is no hand-over")],
)
def test_a_failed_open_keeps_the_entry(
    capsys: pytest.CaptureFixture[str], clinic: Path, spoil: str, words: str
) -> None:
    code = _seal(capsys, clinic)
    if spoil == "passphrase":
        (clinic / "passphrase.txt").write_text("not it\n")
    typed = "AAAAAA" if spoil == "code" else code
    status, _out, err = _open(capsys, clinic, typed, "--out", str(clinic / "s.json"))
    assert status == 1 and words in err and "Traceback" not in err
    assert (clinic / "spool" / f"{code}.handover").exists()
    assert not (clinic / "s.json").exists()


def test_the_entry_is_deleted_only_after_the_session_file_is_written(
    capsys: pytest.CaptureFixture[str], clinic: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _seal(capsys, clinic)

    def full(path: Path, data: bytes, mode: int = 0o644) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("decision_aid.atomic.write_atomic", full)
    status, _out, err = _open(capsys, clinic, code, "--out", str(clinic / "s.json"))
    assert status == 1 and "No space left" in err and "kept" in err
    assert (clinic / "spool" / f"{code}.handover").exists()


def test_an_output_file_there_already_is_not_replaced(
    capsys: pytest.CaptureFixture[str], clinic: Path
) -> None:
    code = _seal(capsys, clinic)
    (clinic / "s.json").write_text("mine")
    status, _out, err = _open(capsys, clinic, code, "--out", str(clinic / "s.json"))
    assert status == 2 and "--force" in err
    assert (clinic / "s.json").read_text() == "mine"
    assert (clinic / "spool" / f"{code}.handover").exists()


def test_a_hand_over_for_a_pack_not_in_the_library_is_kept(
    capsys: pytest.CaptureFixture[str], clinic: Path, tmp_path: Path
) -> None:
    code = _seal(capsys, clinic)
    status, _out, err = run(
        capsys, "--packs", str(tmp_path / "empty"), "kiosk", "open", code,
        "--passphrase-file", str(clinic / "passphrase.txt"), "--out", str(clinic / "s.json"),
    )  # fmt: skip
    assert status == 2 and "not in the library" in err and "kept" in err
    assert (clinic / "spool" / f"{code}.handover").exists()


def test_a_code_that_cannot_be_one_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], clinic: Path
) -> None:
    status, _out, err = _open(capsys, clinic, "K7M4")
    assert status == 2 and "6 characters; 4 were typed" in err


def test_an_unset_spool_names_the_setting(capsys: pytest.CaptureFixture[str], clinic: Path) -> None:
    save_settings(Settings())
    status, _out, err = run(capsys, "kiosk", "seal", "--session", str(clinic / "session.json"))
    assert status == 2 and "'kiosk_public_key' is not set" in err


def test_set_pin_from_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pin_file = tmp_path / "pin.txt"
    pin_file.write_text("8642013\n")
    status, out, err = run(capsys, "kiosk", "set-pin", "--pin-file", str(pin_file))
    assert status == 0, err
    assert "scrypt" in out
    stored = load_settings().kiosk_pin
    assert stored is not None and pin_matches("8642013", stored)
    from decision_aid.settings import settings_path

    assert "8642013" not in settings_path().read_text()


def test_set_pin_refuses_a_weak_pin_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pin_file = tmp_path / "pin.txt"
    pin_file.write_text("1234\n")
    status, _out, err = run(capsys, "kiosk", "set-pin", "--pin-file", str(pin_file))
    assert status == 2 and "6 to 20 digits" in err and "Nothing was changed" in err
    assert load_settings().kiosk_pin is None


def test_set_pin_asks_twice_without_echo(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["975310", "975311"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    monkeypatch.setattr(kiosk_cli.sys.stdin, "isatty", lambda: True)
    status, _out, err = run(capsys, "kiosk", "set-pin")
    assert status == 2 and "the two PINs differ" in err
    answers = iter(["975310", "975310"])
    assert run(capsys, "kiosk", "set-pin")[0] == 0


def test_a_collaborate_code_says_where_it_is_read(
    capsys: pytest.CaptureFixture[str], clinic: Path
) -> None:
    from decision_aid.kiosk.collaborate import give_code
    from decision_aid.kiosk.spool import Spool

    code = give_code(Spool(clinic / "spool"))
    status, _out, err = _open(capsys, clinic, code)
    assert status == 1 and "CollaboRATE" in err and "Open from kiosk" in err
    assert (clinic / "spool" / f"{code}.collaborate-wait").exists()
