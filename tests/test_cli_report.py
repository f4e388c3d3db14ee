"""The record from the command line: keys init, report build, verify and fhir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from decision_aid.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "knee-osteoarthritis.session.json"


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
    assert "Signer: Dr A. Example" in out
    assert "Covers the whole file: yes" in out
    assert "self-signed pilot certificate" in out
    assert "Pack pack: knee-osteoarthritis" in out

    # --trust takes one certificate each time, so the file after it stays the file.
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    cert = pkcs12.load_key_and_certificates(key.read_bytes(), b"a long pilot passphrase")[1]
    assert cert is not None
    root = tmp_path / "root.pem"
    root.write_bytes(cert.public_bytes(Encoding.PEM))
    code, out, _ = run(capsys, "report", "verify", "--trust", root, pdf)
    assert code == 0 and "Trusted: yes" in out

    tampered = tmp_path / "tampered.pdf"
    data = bytearray(pdf.read_bytes())
    middle = len(data) // 3
    data[middle] ^= 0x01
    tampered.write_bytes(bytes(data))
    code, out, _ = run(capsys, "report", "verify", tampered)
    assert code == 1 and "NOT OK" in out

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
    assert code == 1 and "Signed: no" in out


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


def knee_copy(folder: Path, *, version: str = "1.0.0", count: int = 70) -> Path:
    """A copy of the shipped knee pack, with one figure and its version as given."""
    import shutil

    target = folder / "knee-osteoarthritis"
    shutil.copytree(ROOT / "option_grids" / "knee-osteoarthritis", target)
    content = target / "content.yaml"
    content.write_text(
        content.read_text().replace("exercise: {count: 70,", f"exercise: {{count: {count},", 1)
    )
    meta = target / "pack.yaml"
    meta.write_text(meta.read_text().replace("version: 1.0.0", f"version: {version}", 1))
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
    """A 0.0.1 copy whose title sorts first, beside the 1.0.0 pack the session was shown."""
    older = knee_copy(tmp_path / "user", version="0.0.1")
    meta = older / "pack.yaml"
    meta.write_text(meta.read_text().replace('title: "Knee', 'title: "AAA Knee', 1))
    out = tmp_path / "record.pdf"
    shipped = ROOT / "option_grids"
    code, _, err = run(capsys, "--packs", older.parent, *build_args(shipped, out))
    assert code == 0, err
    from tests.report.common import pages_text

    text = " ".join(pages_text(out))
    assert "version 1.0.0" in text and "0.0.1" not in text


def test_the_version_shown_is_found_in_the_pack_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from decision_aid.content.loader import load_pack
    from decision_aid.content.store import PackStore, default_store_dir

    PackStore(default_store_dir()).keep(load_pack(ROOT / "option_grids" / "knee-osteoarthritis"))
    newer = knee_copy(tmp_path / "packs", version="1.1.0", count=20)
    out = tmp_path / "record.pdf"
    code, _, err = run(capsys, *build_args(newer.parent, out))
    assert code == 0, err
    from tests.report.common import pages_text

    pages = pages_text(out)
    assert all("NOT THE PACK" not in page for page in pages)
    assert "version 1.0.0" in " ".join(pages)


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
