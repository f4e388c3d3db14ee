"""Each event is written by the code path a user's action takes (the library, the session,
the draft store, the report commands, the spool), with the fields that identify what it
concerns, and nothing a patient said, typed or is called."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from decision_aid import audit
from decision_aid.audit.check import check_log
from decision_aid.cli import main
from decision_aid.content.library import build_index, used_entry
from decision_aid.content.loader import LoadedPack
from decision_aid.content.store import PackStore, default_store_dir
from decision_aid.kiosk.handover import handover_from_record, record_from_handover
from decision_aid.kiosk.keys import load_private_key, load_public_key, make_key_pair
from decision_aid.kiosk.spool import Spool
from decision_aid.session.state import Session
from decision_aid.session.store import default_store
from tests.audit.support import entries, kinds, of_kind
from tests.conftest import MINIMAL, ROOT, SHIPPED

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"
PASSPHRASE = "a long pilot passphrase"
CANARIES = {
    "name": "CANARY-Audit-Name-Okafor",
    "identifier": "9434765919",
    "concern": "CANARY-audit-my-allotment",
    "question": "CANARY-audit-question-9b1e",
    "supporter": "CANARY-audit-neighbour",
    "note": "CANARY-audit-note",
    "steps": "CANARY-audit-next-steps",
}
"""Typed into every free-text place of a consultation: never in the audit trail."""


def open_knee() -> LoadedPack:
    entry = used_entry(build_index([SHIPPED]), "knee-osteoarthritis")
    assert entry is not None
    return entry.open()


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_pack_opened_from_the_library_is_noted() -> None:
    loaded = open_knee()
    assert of_kind("pack.loaded") == [
        {
            "pack_id": "knee-osteoarthritis",
            "version": loaded.meta.version,
            "content_hash": loaded.content_hash,
            "trust": "example",
            "signer": loaded.trust.publisher if loaded.trust else None,
            "source": "library",
        }
    ]


def test_a_pack_from_the_pack_store_is_noted() -> None:
    loaded = open_knee()
    store = PackStore(default_store_dir())
    store.keep(loaded)
    again = store.get("knee-osteoarthritis", loaded.content_hash)
    assert again is not None
    stored = of_kind("pack.loaded")[-1]
    assert stored["source"] == "store"
    assert stored["content_hash"] == loaded.content_hash
    assert stored["signer"] is None  # the stored copy's signature is checked by its caller


def test_a_consultation_started_finished_and_recovered_is_noted() -> None:
    loaded = open_knee()
    session = Session(loaded.pack, content_hash=loaded.content_hash)
    record = session.record
    pack = {
        "pack_id": "knee-osteoarthritis",
        "version": loaded.meta.version,
        "content_hash": loaded.content_hash,
    }
    assert of_kind("consultation.started") == [{"record_id": record.id, **pack}]
    session.add_own_concern(CANARIES["concern"], 3)
    store = default_store()
    store.save(record)
    store.release(record.id)
    recovered = store.load(store.path_for(record.id))
    assert of_kind("consultation.recovered") == [{"record_id": record.id, **pack}]
    again = Session(loaded.pack, content_hash=loaded.content_hash, record=recovered)
    assert len(of_kind("consultation.started")) == 1  # a recovery is not a new start
    again.finish()
    again.finish()
    assert of_kind("consultation.finished") == [{"record_id": record.id, **pack}]
    assert CANARIES["concern"] not in audit.default_log_path().read_text()
    assert check_log(audit.default_log_path()).ok


def test_a_consultation_started_from_a_hand_over_is_noted(tmp_path: Path) -> None:
    private, public = make_key_pair(tmp_path / "keys", PASSPHRASE.encode())
    spool = Spool(tmp_path / "spool")
    spool.folder.mkdir()
    loaded = open_knee()
    prepared = Session(loaded.pack, content_hash=loaded.content_hash).record
    prepared.plan.questions = [CANARIES["question"]]
    code = spool.put(handover_from_record(prepared, datetime.now(UTC)), load_public_key(public))
    sealed = (tmp_path / "spool" / f"{code}.handover").read_bytes()
    opened = spool.open(code, load_private_key(private, PASSPHRASE.encode()), private)
    record = record_from_handover(opened.content, datetime.now(UTC))
    digest = hashlib.sha256(sealed).hexdigest()
    assert of_kind("kiosk.handover_written") == [{"sealed_sha256": digest}]
    assert of_kind("kiosk.handover_opened") == [{"sealed_sha256": digest}]
    started = of_kind("consultation.started")
    assert started[-1] == {
        "record_id": record.id,
        "pack_id": "knee-osteoarthritis",
        "version": loaded.meta.version,
        "content_hash": loaded.content_hash,
        "from_kiosk": True,
    }
    text = audit.default_log_path().read_text()
    assert code not in text and code[:3] + " " + code[3:] not in text
    assert CANARIES["question"] not in text


@pytest.fixture
def key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    p12 = tmp_path / "pilot.p12"
    code, _out, err = run(
        capsys, "keys", "init", "--out", p12, "--name", "Dr A. Example", "--passphrase-file", secret
    )
    assert code == 0, err
    return p12, secret


def canary_session(tmp_path: Path) -> Path:
    """The example consultation with a canary in every free-text field."""
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["patient"]["name"] = CANARIES["name"]
    data["patient"]["identifier"] = CANARIES["identifier"]
    data["own_concerns"][0]["text"] = CANARIES["concern"]
    data["plan"]["questions"] = [CANARIES["question"]]
    data["plan"]["supporters"][0]["name"] = CANARIES["supporter"]
    data["plan"]["supporters"][0]["note"] = CANARIES["note"]
    data["plan"]["next_steps"] = CANARIES["steps"]
    path = tmp_path / "canary.session.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_record_built_signed_and_verified_by_the_report_commands_is_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: tuple[Path, Path]
) -> None:
    p12, secret = key
    pdf = tmp_path / "record.pdf"
    session = canary_session(tmp_path)
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", session,
        "--out", pdf, "--sign", p12, "--passphrase-file", secret,
    )  # fmt: skip
    assert code == 0, err
    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert of_kind("record.signed") == [
        {
            "record_id": "example-knee-osteoarthritis",
            "pdf_sha256": digest,
            "signer": "Dr A. Example",
            "level": "B-B",
        }
    ]
    built = of_kind("record.built")
    assert built == [
        {
            "record_id": "example-knee-osteoarthritis",
            "pack_id": "knee-osteoarthritis",
            "version": json.loads(EXAMPLE.read_text())["pack"]["version"],
            "content_hash": json.loads(EXAMPLE.read_text())["pack"]["content_hash"],
            "pdf_sha256": digest,
            "signed": True,
        }
    ]
    assert run(capsys, "report", "verify", pdf)[0] == 0
    assert of_kind("record.verified") == [{"pdf_sha256": digest, "signed": True, "ok": True}]
    changed = bytearray(pdf.read_bytes())
    changed[len(changed) // 2] ^= 0xFF
    pdf.write_bytes(bytes(changed))
    assert run(capsys, "report", "verify", pdf)[0] == 1
    assert of_kind("record.verified")[-1] == {
        "pdf_sha256": hashlib.sha256(bytes(changed)).hexdigest(),
        "signed": True,
        "ok": False,
    }
    assert kinds()[:3] == ["pack.loaded", "record.signed", "record.built"]
    raw = audit.default_log_path().read_bytes()
    for canary in CANARIES.values():
        assert canary.encode() not in raw
    assert check_log(audit.default_log_path()).ok


def test_an_unsigned_record_is_noted_as_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "record.pdf"
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", pdf,
    )  # fmt: skip
    assert code == 0, err
    assert of_kind("record.signed") == []
    assert of_kind("record.built")[0]["pdf_sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert of_kind("record.built")[0]["signed"] is False


@pytest.fixture
def log_unwritable(tmp_path: Path) -> Path:
    """The audit log's place is taken by a folder: no entry can be appended."""
    log = audit.default_log_path()
    log.mkdir(parents=True)
    return log


def test_no_signed_record_without_its_audit_entry(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    key: tuple[Path, Path],
    log_unwritable: Path,
) -> None:
    p12, secret = key
    pdf = tmp_path / "record.pdf"
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", pdf, "--sign", p12, "--passphrase-file", secret,
    )  # fmt: skip
    assert code == 1
    assert "The record was not signed: a signed record is made only once the audit trail" in err
    assert str(log_unwritable) in err
    assert "Nothing signed was written; the unsigned draft is kept as" in err
    assert not pdf.exists()
    assert (tmp_path / "record.unsigned.pdf").exists()


def test_an_unsigned_record_is_made_and_the_audit_problem_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], log_unwritable: Path
) -> None:
    pdf = tmp_path / "record.pdf"
    code, _out, err = run(
        capsys, "report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE,
        "--out", pdf,
    )  # fmt: skip
    assert code == 0
    assert pdf.exists()
    assert err.count(f"The audit log {log_unwritable} could not be written") == 1
    assert "Your work is not affected." in err


def test_a_pack_opens_when_the_audit_log_cannot_be_written(log_unwritable: Path) -> None:
    told: list[str] = []
    audit.set_reporter(told.append)
    try:
        loaded = open_knee()
    finally:
        audit.reset()
    assert loaded.meta.id == "knee-osteoarthritis"
    assert len(told) == 1


def test_a_minimal_pack_opened_for_a_command_is_noted(capsys: pytest.CaptureFixture[str]) -> None:
    """The command line opens packs through the library too (``find_pack``)."""
    code, _out, err = run(capsys, "--packs", str(MINIMAL), "packs", "fhir-questionnaire", "minimal")
    assert code == 0, err
    assert [e["fields"]["pack_id"] for e in entries() if e["kind"] == "pack.loaded"] == ["minimal"]
