"""make_record: the signed PDF/A record and its FHIR copy, written safely."""

from __future__ import annotations

import errno
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.report.pipeline import RecordError, SignSpec, fhir_path_for, make_record
from decision_aid.report.summary import ReportOptions
from decision_aid.report.verify import verify_pdf
from decision_aid.session.model import SessionRecord
from tests.conftest import ROOT, SHIPPED
from tests.report.signing import PASSPHRASE, pdfsig

WHEN = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def example(pack_id: str = "knee-osteoarthritis"):  # type: ignore[no-untyped-def]
    loaded = load_pack(SHIPPED / pack_id)
    record = SessionRecord.model_validate_json(
        (ROOT / "examples" / f"{pack_id}.session.json").read_text()
    )
    return loaded, record


def test_signed_record_with_fhir_copy(tmp_path: Path, p12: Path) -> None:
    loaded, record = example()
    out = tmp_path / "record.pdf"
    result = make_record(
        loaded, record, out, options=ReportOptions(created=WHEN), sign=SignSpec(p12, PASSPHRASE)
    )
    assert result.signed and result.pdf == out and result.fhir == fhir_path_for(out)
    check = verify_pdf(out.read_bytes())
    assert check.ok, check.problems
    assert check.provenance["pack"] == "knee-osteoarthritis"
    assert "Signature is Valid." in pdfsig(out)
    bundle = json.loads(result.fhir.read_text())
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert {"DocumentReference", "QuestionnaireResponse", "Provenance"} <= set(kinds)
    # The FHIR copy carries the signed PDF itself.
    import base64

    docref = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    )
    assert base64.b64decode(docref["content"][0]["attachment"]["data"]) == out.read_bytes()


def test_never_overwrites_silently(tmp_path: Path) -> None:
    loaded, record = example()
    out = tmp_path / "record.pdf"
    out.write_bytes(b"an earlier record")
    with pytest.raises(RecordError, match="already exists"):
        make_record(loaded, record, out, options=ReportOptions(created=WHEN))
    assert out.read_bytes() == b"an earlier record"
    make_record(loaded, record, out, options=ReportOptions(created=WHEN), overwrite=True)
    assert out.read_bytes().startswith(b"%PDF")


def test_wrong_passphrase_keeps_unsigned_draft_and_writes_nothing_signed(
    tmp_path: Path, p12: Path
) -> None:
    loaded, record = example()
    out = tmp_path / "record.pdf"
    with pytest.raises(RecordError) as caught:
        make_record(
            loaded, record, out, options=ReportOptions(created=WHEN), sign=SignSpec(p12, b"wrong")
        )
    message = str(caught.value)
    assert "not signed" in message and "record.unsigned.pdf" in message and ".." not in message
    assert not out.exists() and not fhir_path_for(out).exists()
    draft = tmp_path / "record.unsigned.pdf"
    assert not verify_pdf(draft.read_bytes()).signed


def test_expired_certificate_is_refused(tmp_path: Path, expired_p12: Path) -> None:
    loaded, record = example()
    out = tmp_path / "record.pdf"
    with pytest.raises(RecordError, match="not signed"):
        make_record(
            loaded,
            record,
            out,
            options=ReportOptions(created=WHEN),
            sign=SignSpec(expired_p12, PASSPHRASE),
        )
    assert not out.exists()


def _fail_on_second_file(monkeypatch: pytest.MonkeyPatch, error: OSError) -> list[Path]:
    """Make the atomic writer fail, as a full disk does, while writing the second file."""
    from decision_aid import atomic

    real = atomic._stage
    targets: list[Path] = []

    def stage(path: Path, data: bytes, mode: int):  # type: ignore[no-untyped-def]
        targets.append(path)
        if len(targets) == 2:
            raise error
        return real(path, data, mode)

    monkeypatch.setattr(atomic, "_stage", stage)
    return targets


def test_disk_full_on_the_fhir_file_writes_neither_and_a_rerun_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded, record = example()
    out = tmp_path / "record.pdf"
    full = OSError(errno.ENOSPC, "No space left on device")  # as os.write raises it: no name
    targets = _fail_on_second_file(monkeypatch, full)
    with pytest.raises(RecordError) as caught:
        make_record(loaded, record, out, options=ReportOptions(created=WHEN))
    assert targets == [out, fhir_path_for(out)]  # the PDF was written first, then the FHIR
    message = str(caught.value)
    assert message.startswith(f"{fhir_path_for(out)} could not be written: No space left")
    assert "neither" in message and "try again" in message
    assert list(tmp_path.iterdir()) == []  # no signed PDF left behind, no temporary file
    monkeypatch.undo()
    result = make_record(loaded, record, out, options=ReportOptions(created=WHEN))
    assert result.pdf.exists() and result.fhir is not None and result.fhir.exists()


def test_a_failed_replacement_keeps_both_earlier_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded, record = example()
    out = tmp_path / "record.pdf"
    out.write_bytes(b"the earlier record")
    fhir_path_for(out).write_bytes(b"the earlier bundle")
    _fail_on_second_file(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(RecordError, match="No space left on device"):
        make_record(loaded, record, out, options=ReportOptions(created=WHEN), overwrite=True)
    assert out.read_bytes() == b"the earlier record"
    assert fhir_path_for(out).read_bytes() == b"the earlier bundle"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.fhir.json", "record.pdf"]


def test_permission_error_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from decision_aid.report import pipeline

    def denied(files: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pipeline, "write_all_atomic", denied)
    loaded, record = example()
    with pytest.raises(RecordError, match=r"could not be written: Permission denied"):
        make_record(loaded, record, tmp_path / "r.pdf", options=ReportOptions(created=WHEN))


@pytest.mark.parametrize("kind", ["symlink", "dangling symlink", "fifo", "folder"])
def test_replace_on_purpose_never_replaces_what_is_not_a_regular_file(
    tmp_path: Path, kind: str
) -> None:
    import os

    loaded, record = example()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"not to be touched")
    out = tmp_path / "record.pdf"
    if kind == "symlink":
        out.symlink_to(elsewhere)
    elif kind == "dangling symlink":
        out.symlink_to(tmp_path / "nowhere.pdf")
    elif kind == "fifo":
        os.mkfifo(out)
    else:
        out.mkdir()
    before = os.lstat(out)
    for overwrite in (False, True):
        with pytest.raises(RecordError, match="only regular files are replaced") as caught:
            make_record(
                loaded, record, out, options=ReportOptions(created=WHEN), overwrite=overwrite
            )
        assert str(out) in str(caught.value)
    after = os.lstat(out)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert elsewhere.read_bytes() == b"not to be touched"
    assert not fhir_path_for(out).exists() and not (tmp_path / "nowhere.pdf").exists()


def test_a_fhir_file_that_is_a_symlink_is_refused_too(tmp_path: Path) -> None:
    loaded, record = example()
    out = tmp_path / "record.pdf"
    target = tmp_path / "target.json"
    target.write_text("{}")
    fhir_path_for(out).symlink_to(target)
    with pytest.raises(RecordError, match="symbolic link"):
        make_record(loaded, record, out, options=ReportOptions(created=WHEN), overwrite=True)
    assert not out.exists() and fhir_path_for(out).is_symlink()


def test_signing_fails_and_the_draft_cannot_be_kept_reports_both(
    tmp_path: Path, p12: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from decision_aid.report import pipeline

    def full(path: Path, data: bytes, mode: int = 0o644) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline, "write_atomic", full)
    loaded, record = example()
    out = tmp_path / "record.pdf"
    with pytest.raises(RecordError) as caught:
        make_record(
            loaded, record, out, options=ReportOptions(created=WHEN), sign=SignSpec(p12, b"wrong")
        )
    message = str(caught.value)
    assert "not signed" in message and "passphrase" in message  # the first reason
    assert "No space left on device" in message and "record.unsigned.pdf" in message
    assert "Nothing was written" in message
    assert list(tmp_path.iterdir()) == [tmp_path / "keys"]


def test_pdfa_1b_record_has_no_attachments(tmp_path: Path) -> None:
    loaded, record = example("psa-screening")
    out = tmp_path / "record.pdf"
    make_record(loaded, record, out, options=ReportOptions(created=WHEN, pdfa="1b"), fhir=False)
    data = out.read_bytes()
    assert b"/EmbeddedFile" not in data and b"/AF " not in data
    assert not fhir_path_for(out).exists()


def test_pdfa_3b_record_embeds_session_and_fhir(tmp_path: Path) -> None:
    loaded, record = example("statins-primary-prevention")
    out = tmp_path / "record.pdf"
    make_record(loaded, record, out, options=ReportOptions(created=WHEN))
    data = out.read_bytes()
    assert b"session.json" in data and b"fhir-bundle.json" in data
    assert b"/AFRelationship" in data


def test_fhir_written_by_the_pipeline_passes_the_full_fhir_check(tmp_path: Path) -> None:
    from decision_aid.report.fhir.check import check_bundle

    loaded, record = example()
    out = tmp_path / "record.pdf"
    result = make_record(loaded, record, out, options=ReportOptions(created=WHEN))
    assert result.fhir is not None
    check_bundle(json.loads(result.fhir.read_text()), thorough=True)


def test_a_consultation_from_before_the_key_was_made_can_be_signed(tmp_path: Path) -> None:
    """The record keeps its consultation date; the signature carries the time of signing."""
    from decision_aid.report.keys import create_self_signed

    key = tmp_path / "new.p12"
    create_self_signed(key, "Dr New", PASSPHRASE)  # valid from now on
    loaded, record = example()
    out = tmp_path / "record.pdf"
    early = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    result = make_record(
        loaded, record, out, options=ReportOptions(created=early), sign=SignSpec(key, PASSPHRASE)
    )
    assert result.signed
    check = verify_pdf(out.read_bytes())
    assert check.ok and check.signing_time is not None and check.signing_time > early


def test_a_logo_that_is_not_an_image_is_named_not_printed_as_python(tmp_path: Path) -> None:
    from decision_aid.report.pipeline import read_logo

    loaded, record = example()
    with pytest.raises(RecordError) as caught:
        make_record(
            loaded,
            record,
            tmp_path / "r.pdf",
            options=ReportOptions(created=WHEN, logo=b"this is not a picture"),
        )
    message = str(caught.value)
    assert "not an image" in message and "PNG or JPEG" in message and "settings" in message
    assert "<_io" not in message and "BytesIO" not in message
    logo = tmp_path / "logo.png"
    logo.write_text("this is not a picture")
    with pytest.raises(RecordError) as caught:
        read_logo(logo)
    message = str(caught.value)
    assert str(logo) in message and "not an image" in message and "settings.json" in message
    with pytest.raises(RecordError, match="cannot be read"):
        read_logo(tmp_path / "missing.png")


def test_a_gif_logo_is_refused_and_a_png_is_read(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from decision_aid.report.pipeline import read_logo

    for kind, name in (("GIF", "logo.gif"), ("PNG", "logo.png")):
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "red").save(buffer, kind)
        (tmp_path / name).write_bytes(buffer.getvalue())
    with pytest.raises(RecordError, match="GIF image, not PNG or JPEG"):
        read_logo(tmp_path / "logo.gif")
    assert read_logo(tmp_path / "logo.png").startswith(b"\x89PNG")
