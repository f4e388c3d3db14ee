"""The record from the command line: keys init, report build, verify and fhir."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from decision_aid.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"
SHOWN = json.loads(EXAMPLE.read_text())["pack"]["version"]
"""The version of the knee pack the example session was shown (the shipped one)."""


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text("a long pilot passphrase\n")
    return path


def test_keys_build_sign_verify_and_fhir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, secret: Path
) -> None:
    key = tmp_path / "pilot.p12"
    code, out, _ = run(
        capsys, "keys", "init", "--out", key, "--name", "Dr A. Example", "--passphrase-file", secret
    )
    assert code == 0 and "SELF-SIGNED" in out
    code, _, err = run(
        capsys, "keys", "init", "--out", key, "--name", "X", "--passphrase-file", secret
    )
    assert code == 1 and "exists" in err

    pdf = tmp_path / "record.pdf"
    code, out, _ = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        pdf,
        "--sign",
        key,
        "--passphrase-file",
        secret,
    )
    assert code == 0, out
    assert "(signed)" in out and pdf.exists() and (tmp_path / "record.fhir.json").exists()

    code, out, _ = run(capsys, "report", "verify", pdf)
    assert code == 0
    assert "Signature 1 of 1: the record's signature\n" in out
    assert "  Signed by: Dr A. Example" in out
    assert "  Details: signature field DecisionAidSignature" in out
    assert "  Status: valid" in out
    assert "  Covers: the whole file" in out
    assert "  Changes after it: none" in out
    assert "  Certification: certified: no changes allowed; kept" in out
    assert "  Signing certificate trusted: no (self-signed pilot certificate)" in out
    assert f"Option grid: knee-osteoarthritis, version {SHOWN}" in out
    # Labelled sentences, dates as people write them: no raw keys, no ISO dates.
    assert "Published: 4 December 2026" in out and "Review due: 4 December 2027" in out
    assert "Consultation: example-knee-osteoarthritis" in out
    assert not re.search(r"\d{4}-\d{2}-\d{2}", out) and "review_due" not in out
    assert re.search(r"  Signed on: \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d [A-Z]+\n", out)
    assert out.rstrip().endswith(
        "OK: the record is intact and signed, and nothing was added after the signature."
    )

    # --trust takes one certificate each time, so the file after it stays the file.
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    cert = pkcs12.load_key_and_certificates(key.read_bytes(), b"a long pilot passphrase")[1]
    assert cert is not None
    root = tmp_path / "root.pem"
    root.write_bytes(cert.public_bytes(Encoding.PEM))
    code, out, _ = run(capsys, "report", "verify", "--trust", root, pdf)
    assert code == 0 and "  Signing certificate trusted: yes (self-signed pilot certificate)" in out

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(pdf.read_bytes())
    middle = len(data) // 3
    data[middle] ^= 0x01
    tampered.write_bytes(bytes(data))
    code, out, _ = run(capsys, "report", "verify", tampered)
    assert code == 1 and "NOT OK" in out
    assert "Valid: yes" not in out

    fhir_out = tmp_path / "again.fhir.json"
    code, out, _ = run(
        capsys, "report", "fhir", "--session", EXAMPLE, "--pdf", pdf, "--out", fhir_out
    )
    assert code == 0
    bundle = json.loads(fhir_out.read_text())
    assert any(e["resource"]["resourceType"] == "Provenance" for e in bundle["entry"])


def test_wrong_passphrase_exits_1_and_keeps_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, secret: Path
) -> None:
    key = tmp_path / "pilot.p12"
    assert (
        run(capsys, "keys", "init", "--out", key, "--name", "Dr B", "--passphrase-file", secret)[0]
        == 0
    )
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n")
    pdf = tmp_path / "record.pdf"
    code, _, err = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        pdf,
        "--sign",
        key,
        "--passphrase-file",
        wrong,
    )
    assert code == 1
    assert "not signed" in err and "Traceback" not in err
    assert not pdf.exists() and (tmp_path / "record.unsigned.pdf").exists()


def test_unsigned_build_and_verify_says_not_ok(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pdf = tmp_path / "draft.pdf"
    code, out, _ = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        pdf,
        "--pdfa",
        "1b",
        "--no-fhir",
    )
    assert code == 0 and "(not signed)" in out
    code, out, _ = run(capsys, "report", "verify", pdf)
    assert code == 1 and "Signed digitally: no" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--pack", "no-such-pack"], "the session is for the pack 'knee-osteoarthritis'"),
        (["--pack", "psa-screening"], "the session is for the pack 'knee-osteoarthritis'"),
    ],
)
def test_build_usage_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], words: str
) -> None:
    code, _, err = run(
        capsys, "report", "build", *args, "--session", EXAMPLE, "--out", tmp_path / "x.pdf"
    )
    assert code == 2 and words in err


def test_bad_session_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 1}')
    code, _, err = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        bad,
        "--out",
        tmp_path / "x.pdf",
    )
    assert code == 2 and "not a decision-aid session record" in err


def test_no_terminal_and_no_passphrase_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _, err = run(capsys, "keys", "init", "--out", tmp_path / "k.p12", "--name", "X")
    assert code == 2 and "--passphrase-file" in err


def test_build_without_the_pack_anywhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(
        capsys,
        "--packs",
        empty,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        tmp_path / "x.pdf",
    )
    assert code == 2 and "no pack with the id 'knee-osteoarthritis' was found" in err


# -- the record is made from the pack that was shown ------------------------------------------


def knee_copy(folder: Path, *, version: str = SHOWN, count: int = 70) -> Path:
    """A copy of the shipped knee pack, with one figure and its version as given (an
    edited copy, so without the signature its files no longer match)."""
    import shutil

    target = folder / "knee-osteoarthritis"
    shutil.copytree(
        ROOT / "option_grids" / "knee-osteoarthritis",
        target,
        ignore=shutil.ignore_patterns("signature"),
    )
    content = target / "content.yaml"
    content.write_text(
        content.read_text().replace("exercise: {count: 70,", f"exercise: {{count: {count},", 1)
    )
    meta = target / "pack.yaml"
    meta.write_text(meta.read_text().replace(f"version: {SHOWN}", f"version: {version}", 1))
    return target


def build_args(packs: Path, out: Path, *extra: str | Path) -> list[str | Path]:
    return [
        "--packs",
        packs,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        out,
        *extra,
    ]


def test_a_changed_pack_is_refused_and_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    changed = knee_copy(tmp_path / "packs", count=20)
    out = tmp_path / "record.pdf"
    code, stdout, err = run(capsys, *build_args(changed.parent, out))
    assert code == 1 and stdout == ""
    record = json.loads(EXAMPLE.read_text())
    assert record["pack"]["content_hash"] in err  # what the patient was shown
    from decision_aid.content.loader import load_pack

    assert load_pack(changed).content_hash in err  # what was found
    assert "--allow-different-pack" in err and "--packs DIR" in err and "pack-store" in err
    assert not out.exists() and not (tmp_path / "record.fhir.json").exists()


def test_allow_different_pack_builds_with_a_banner_on_every_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.report.common import pages_text

    changed = knee_copy(tmp_path / "packs", count=20)
    out = tmp_path / "record.pdf"
    code, stdout, err = run(capsys, *build_args(changed.parent, out, "--allow-different-pack"))
    assert code == 0, err
    assert "Wrote" in stdout and "--allow-different-pack" in err
    pages = pages_text(out)
    assert pages and all("NOT THE PACK THAT WAS SHOWN" in page for page in pages)


def test_an_older_copy_never_shadows_the_version_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A 0.0.1 copy whose title sorts first, beside the shipped pack the session was shown."""
    older = knee_copy(tmp_path / "user", version="0.0.1")
    meta = older / "pack.yaml"
    meta.write_text(meta.read_text().replace('title: "Knee', 'title: "AAA Knee', 1))
    out = tmp_path / "record.pdf"
    shipped = ROOT / "option_grids"
    code, _, err = run(capsys, "--packs", older.parent, *build_args(shipped, out))
    assert code == 0, err
    from tests.report.common import pages_text

    text = " ".join(pages_text(out))
    assert f"version {SHOWN}" in text and "0.0.1" not in text


def test_the_version_shown_is_found_in_the_pack_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from decision_aid.content.loader import load_pack
    from decision_aid.content.store import PackStore, default_store_dir

    PackStore(default_store_dir()).keep(load_pack(ROOT / "option_grids" / "knee-osteoarthritis"))
    newer = knee_copy(tmp_path / "packs", version="9.0.0", count=20)
    out = tmp_path / "record.pdf"
    code, _, err = run(capsys, *build_args(newer.parent, out))
    assert code == 0, err
    from tests.report.common import pages_text

    pages = pages_text(out)
    assert all("NOT THE PACK" not in page for page in pages)
    assert f"version {SHOWN}" in " ".join(pages)


def test_fhir_refuses_a_changed_pack(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    changed = knee_copy(tmp_path / "packs", count=20)
    out = tmp_path / "bundle.json"
    code, _, err = run(
        capsys, "--packs", changed.parent, "report", "fhir", "--session", EXAMPLE, "--out", out
    )
    assert code == 1 and "report build --allow-different-pack" in err and not out.exists()


def test_force_refuses_links_and_pipes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import os

    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(b"keep")
    link = tmp_path / "record.pdf"
    link.symlink_to(elsewhere)
    code, _, err = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        link,
        "--force",
    )
    assert code == 1 and "symbolic link" in err and "only regular files are replaced" in err
    assert link.is_symlink() and elsewhere.read_bytes() == b"keep"
    fifo = tmp_path / "bundle.json"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "report", "fhir", "--session", EXAMPLE, "--out", fifo, "--force")
    assert code == 1 and "named pipe" in err
    assert fifo.is_fifo()


def test_a_logo_that_is_not_an_image(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    logo = tmp_path / "logo.png"
    logo.write_text("not a picture")
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "decision-aid" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"logo": str(logo)}))
    code, _, err = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        tmp_path / "r.pdf",
    )
    assert code == 1 and str(logo) in err and "PNG or JPEG" in err and str(settings) in err
    assert "<_io" not in err and "Traceback" not in err


def test_build_sweeps_what_a_killed_build_left(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import os
    import time

    from decision_aid.atomic import TEMP_SUFFIX

    left = tmp_path / f".record.pdf.k1ll3d00{TEMP_SUFFIX}"
    left.write_bytes(b"patient data")
    old = time.time() - 3600
    os.utime(left, (old, old))
    code, _, err = run(
        capsys,
        "report",
        "build",
        "--pack",
        "knee-osteoarthritis",
        "--session",
        EXAMPLE,
        "--out",
        tmp_path / "record.pdf",
        "--no-fhir",
    )
    assert code == 0 and not left.exists() and str(left) in err


# --- report verify: forged records, trust, and plain errors -----------------------------------


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The clinic's pilot key, a forger's key with the same name, and their certificates."""
    from datetime import UTC, datetime, timedelta

    from decision_aid.report.keys import create_self_signed
    from tests.report.signing import PASSPHRASE, cert_of

    folder = tmp_path_factory.mktemp("keys")
    found: dict[str, Path] = {}
    for who in ("clinic", "forger"):
        key = folder / f"{who}.p12"
        create_self_signed(key, "Dr A. Example", PASSPHRASE, now=datetime.now(UTC) - timedelta(1))
        found[who] = key
        found[f"{who}.pem"] = folder / f"{who}.pem"
        found[f"{who}.pem"].write_bytes(cert_of(key))
    return found


@pytest.fixture(scope="module")
def record(keys: dict[str, Path]) -> bytes:
    """The knee pack's example record, PDF/A-3b, signed with the clinic's key."""
    from decision_aid.report.sign import sign_pdf
    from tests.report.common import build
    from tests.report.signing import PASSPHRASE

    return sign_pdf(build("knee-osteoarthritis"), keys["clinic"], PASSPHRASE)


def verify(
    capsys: pytest.CaptureFixture[str], data: bytes, folder: Path, *args: str | Path
) -> tuple[int, str]:
    path = folder / "record.pdf"
    path.write_bytes(data)
    code, out, err = run(capsys, "report", "verify", *args, path)
    assert "Traceback" not in out + err
    return code, out


def test_verify_says_ok_for_the_record_as_signed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: bytes, keys: dict[str, Path]
) -> None:
    code, out = verify(capsys, record, tmp_path, "--trust", keys["clinic.pem"])
    assert code == 0, out
    assert "Signed digitally: yes" in out and "  Signing certificate trusted: yes" in out
    assert "Problem:" not in out


@pytest.mark.parametrize("attack", ["content", "info"])
def test_a_forged_and_resigned_record_is_not_ok(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    record: bytes,
    keys: dict[str, Path],
    attack: str,
) -> None:
    """The attack from issue 8: change the signed record, then sign it again with another
    key in the same name. It used to say 'OK: the record is intact and signed'."""
    from tests.report import tamper

    changed = tamper.change_content(record) if attack == "content" else tamper.change_info(record)
    forged = tamper.resign(changed, keys["forger"])
    for trust in ([], ["--trust", keys["clinic.pem"]], ["--trust", keys["forger.pem"]]):
        code, out = verify(capsys, forged, tmp_path, *trust)
        assert code == 1, out
        assert "NOT OK: the record was changed after it was signed." in out
        assert "Signature 2 of 2: a later signature\n" in out
        assert "  Details: signature field Countersignature" in out
        assert "  Changes after it: NOT allowed: content, pages or metadata changed" in out
        assert "  Certification: certified: no changes allowed; NOT kept: the file was" in out
        assert "signed again after that change, by Dr A. Example" in out
        assert "Option grid: knee-osteoarthritis" in out
        assert "EVIL" not in out
    what = "The content of page 1" if attack == "content" else "The document information"
    assert f"Problem: {what}" in out


def test_a_flipped_byte_says_not_valid(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: bytes
) -> None:
    at = record.index(b"/Type /Catalog")
    flipped = record[:at] + b"/Type /Catalof" + record[at + 14 :]
    code, out = verify(capsys, flipped, tmp_path)
    assert code == 1
    assert "  Status: NOT valid: changed after signing" in out
    assert "yes" not in out.split("Status:")[1].splitlines()[0]


def test_trust_roots_require_a_trusted_signer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: bytes, keys: dict[str, Path]
) -> None:
    other = ["--trust", keys["forger.pem"]]
    code, out = verify(capsys, record, tmp_path, *other)
    assert code == 1
    assert "NOT OK: the signer's certificate is not trusted by the trust roots that are set." in out
    assert "--allow-untrusted" in out
    code, out = verify(capsys, record, tmp_path, *other, "--allow-untrusted")
    assert code == 0 and "  Signing certificate trusted: no" in out

    # the same with the roots in the settings
    from decision_aid.settings import Settings, save_settings

    save_settings(Settings(trust_roots=[keys["forger.pem"]]))
    assert verify(capsys, record, tmp_path)[0] == 1
    assert verify(capsys, record, tmp_path, "--allow-untrusted")[0] == 0
    save_settings(Settings(trust_roots=[keys["clinic.pem"]]))
    assert verify(capsys, record, tmp_path)[0] == 0


def test_a_garbage_trust_root_is_named_in_plain_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: bytes
) -> None:
    garbage = tmp_path / "root.pem"
    garbage.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64 at all\n")
    code, out = verify(capsys, record, tmp_path, "--trust", garbage)
    assert code == 1  # a root was set and nothing it names trusts the signer
    assert f"Problem: The trust root {garbage} is not a certificate in PEM or DER form" in out
    assert "MalformedFraming" not in out and "ParseError" not in out


def test_settings_that_are_not_utf8_are_a_plain_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: bytes
) -> None:
    from decision_aid.settings import settings_path

    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(b'{"trust_roots": ["\xff\xfe"]}')
    path = tmp_path / "record.pdf"
    path.write_bytes(record)
    code, _out, err = run(capsys, "report", "verify", path)
    assert code == 2
    assert str(settings_path()) in err and "Traceback" not in err


def test_a_later_document_timestamp_is_ok(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: bytes
) -> None:
    from tests.report import tamper

    code, out = verify(capsys, tamper.add_document_timestamp(record), tmp_path)
    assert code == 0, out
    assert "Signature 2 of 2: a document time-stamp" in out
    assert "  Time-stamp server: Test TSA" in out
    assert "  Covers: the file as it was signed; more was added after it" in out
    assert "  Changes after it: document time-stamps or validation data only (allowed)" in out
    assert "OK: the record is intact and signed; only time-stamps or validation data" in out


def test_fhir_refuses_to_vouch_for_a_forged_record(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, record: bytes, keys: dict[str, Path]
) -> None:
    """A FHIR copy's Provenance names the signer: never for a record changed after signing."""
    from tests.report import tamper

    forged = tmp_path / "forged.pdf"
    forged.write_bytes(tamper.resign(tamper.change_content(record), keys["forger"]))
    out = tmp_path / "bundle.json"
    code, _, err = run(
        capsys, "report", "fhir", "--session", EXAMPLE, "--pdf", forged, "--out", out
    )
    assert code == 1 and "does not verify" in err and not out.exists()
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(record)
    code, _, err = run(
        capsys, "report", "fhir", "--session", EXAMPLE, "--pdf", signed, "--out", out
    )
    assert code == 0, err
    assert "Dr A. Example" in out.read_text()


def test_build_with_the_take_home_sheet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = tmp_path / "record.pdf"
    args = ["report", "build", "--pack", "knee-osteoarthritis", "--session", EXAMPLE]
    code, out, err = run(capsys, *args, "--out", pdf, "--handout")
    assert code == 0, err
    sheet = tmp_path / "record.take-home.pdf"
    assert sheet.read_bytes().startswith(b"%PDF")
    assert f"Wrote {sheet} (the patient's take-home sheet)." in out
    # It is there only when asked for, and is never silently replaced.
    code, _out, err = run(capsys, *args, "--out", pdf, "--handout", "--no-fhir")
    assert code == 1 and "exists" in err
    other = tmp_path / "other.pdf"
    code, _out, err = run(capsys, *args, "--out", other)
    assert code == 0, err
    assert not (tmp_path / "other.take-home.pdf").exists()
    code, _out, err = run(capsys, *args, "--out", tmp_path / "third.pdf", "--handout-identifiers")
    assert code == 0, err
    assert (tmp_path / "third.take-home.pdf").exists()  # implies --handout
