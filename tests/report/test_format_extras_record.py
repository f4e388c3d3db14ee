"""The record says what the pack says beside its figures and options: how each figure was
got, the most a zero could be, the other sources' figures, who can have an option, and what
holds whichever option is chosen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.report.summary import build_summary
from decision_aid.session.model import PackRef, SessionRecord, Shown
from tests.conftest import FIXTURES
from tests.report.common import CREATED, options, run, tool

LINT = FIXTURES / "lint"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shown_everything(loaded: LoadedPack) -> SessionRecord:
    content = loaded.content
    shown = [Shown(at=CREATED, step="grid", item=f"row:{q.id}") for q in content.questions]
    shown += [Shown(at=CREATED, step="risks", item=f"outcome:{o.id}") for o in content.outcomes]
    meta = loaded.meta
    return SessionRecord(
        id="format-extras",
        pack=PackRef(id=meta.id, version=meta.version, content_hash=loaded.content_hash),
        started=CREATED,
        updated=CREATED,
        shown=shown,
    )


def record_text(tmp_path: Path, name: str) -> str:
    loaded = load_pack(LINT / name)
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(build_summary(loaded, shown_everything(loaded), options()))
    # In reading order, not laid out: the options' figures stand in columns side by side.
    result = run(tool("pdftotext", "poppler-utils"), "-raw", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return squeeze(result.stdout)


@pytest.mark.parametrize(
    "wanted",
    [
        "Who can have it: Only for people aged 18 or over.",
        "True whichever option is chosen",
        "Whatever you choose, you can change your mind later.",
        "This figure was counted in studies.",
        "This figure is an assumption, not a measurement.",
        "None of the 300 people studied had this, so it could still be up to 1 out of 100.",
    ],
)
def test_the_record_shows_the_format_extras(tmp_path: Path, wanted: str) -> None:
    assert squeeze(wanted) in record_text(tmp_path, "format-extras")


def test_the_record_shows_the_other_sources_figures(tmp_path: Path) -> None:
    text = record_text(tmp_path, "disagreement-passes")
    wanted = "Other sources give other figures: A review gives 22 out of 100 with the tablet."
    assert squeeze(wanted) in text
