"""A record is made only from the pack the patient was shown; any other is refused by name,
or, on purpose, made with a banner on every page."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.report.pack_check import pack_difference
from decision_aid.report.pipeline import PackMismatch, fhir_path_for, make_record
from decision_aid.report.summary import ReportOptions
from decision_aid.session.model import SessionRecord
from tests.conftest import ROOT, SHIPPED
from tests.report.common import pages_text

WHEN = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
KNEE = "knee-osteoarthritis"
SHOWN = load_pack(SHIPPED / KNEE).meta.version
"""The version of the shipped knee pack, which the example session was made with."""


def session() -> SessionRecord:
    return SessionRecord.model_validate_json(
        (ROOT / "examples" / f"{KNEE}.session.json").read_text()
    )


def changed_pack(tmp_path: Path, *, version: str | None = None) -> LoadedPack:
    """The knee pack with one figure changed (70 becomes 20), and optionally its version."""
    folder = tmp_path / "changed" / KNEE
    shutil.copytree(SHIPPED / KNEE, folder)
    content = folder / "content.yaml"
    text = content.read_text()
    assert "exercise: {count: 70," in text
    content.write_text(text.replace("exercise: {count: 70,", "exercise: {count: 20,", 1))
    if version is not None:
        meta = folder / "pack.yaml"
        meta.write_text(meta.read_text().replace(f"version: {SHOWN}", f"version: {version}", 1))
    return load_pack(folder)


def test_the_pack_shown_is_no_difference() -> None:
    assert pack_difference(load_pack(SHIPPED / KNEE), session()) is None


def test_a_changed_figure_is_refused_with_both_hashes(tmp_path: Path) -> None:
    loaded, record = changed_pack(tmp_path), session()
    out = tmp_path / "record.pdf"
    with pytest.raises(PackMismatch) as caught:
        make_record(loaded, record, out, options=ReportOptions(created=WHEN))
    message = str(caught.value)
    assert record.pack.content_hash in message and loaded.content_hash in message
    assert f"version {SHOWN}" in message and "nothing was written" in message
    assert not out.exists() and not fhir_path_for(out).exists()


def test_an_older_version_is_refused_with_both_versions(tmp_path: Path) -> None:
    loaded = changed_pack(tmp_path, version="0.0.1")
    with pytest.raises(PackMismatch) as caught:
        make_record(loaded, session(), tmp_path / "r.pdf", options=ReportOptions(created=WHEN))
    assert f"version {SHOWN}" in str(caught.value) and "version 0.0.1" in str(caught.value)


@pytest.mark.parametrize("version", [None, "0.0.1"])
def test_allowed_on_purpose_every_page_carries_the_banner(
    tmp_path: Path, version: str | None
) -> None:
    loaded, record = changed_pack(tmp_path, version=version), session()
    out = tmp_path / "record.pdf"
    result = make_record(
        loaded, record, out, options=ReportOptions(created=WHEN), allow_different_pack=True
    )
    assert result.different_pack is not None
    pages = pages_text(out)
    assert len(pages) > 1
    for page in pages:
        flat = " ".join(page.split())
        assert "NOT THE PACK THAT WAS SHOWN" in flat
        assert record.pack.content_hash in flat.replace(" ", "")
        assert loaded.content_hash in flat.replace(" ", "")
        assert f"version {record.pack.version}" in flat
        assert f"version {loaded.meta.version}" in flat
    # The FHIR copy is written too, next to the marked PDF.
    bundle = json.loads(fhir_path_for(out).read_text())
    assert bundle["resourceType"] == "Bundle"


def test_a_matching_record_has_no_banner(tmp_path: Path) -> None:
    out = tmp_path / "record.pdf"
    make_record(load_pack(SHIPPED / KNEE), session(), out, options=ReportOptions(created=WHEN))
    assert all("NOT THE PACK" not in page for page in pages_text(out))
