"""The record shows pack and session text as written: markup in it is never interpreted.

reportlab's paragraphs are a markup language of their own: unescaped, a ``<b>`` would
print bold, an ``<a href>`` would become a link and an ``<img src>`` would make the
build open that file. The record is built here from a pack and a session with markup
in every text field (``tests/fixtures/hostile.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from decision_aid.content.loader import load_pack
from decision_aid.report.summary import build_summary
from tests.conftest import SHIPPED
from tests.fixtures.hostile import (
    OpenWatch,
    hostile_pack,
    hostile_record,
    markup,
    tells,
    write_probe,
)
from tests.report.common import example, options, run, tool

PACK_ID = "knee-osteoarthritis"


def squeeze(text: str) -> str:
    """Text without whitespace: the record wraps long lines anywhere."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def probe(tmp_path: Path) -> Iterator[tuple[Path, OpenWatch]]:
    path = write_probe(tmp_path / "probe.png")
    watch = OpenWatch(path)
    yield path, watch
    watch.close()


def test_markup_in_pack_and_session_is_printed_as_written(
    tmp_path: Path, probe: tuple[Path, OpenWatch]
) -> None:
    src, watch = probe
    folder = hostile_pack(SHIPPED / PACK_ID, tmp_path / PACK_ID, src)
    loaded = load_pack(folder)
    _plain, record = example(PACK_ID)
    record.pack.content_hash = loaded.content_hash  # the session of the hostile copy
    record = hostile_record(record, src)
    literal = markup(src)
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options(organisation=literal)))

    assert not watch.check(), "an <img src> in pack or session text was opened"
    result = run(tool("pdftotext", "poppler-utils"), "-raw", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    text = squeeze(result.stdout)
    assert tells(text) == []
    printed = text.count(squeeze(literal))
    # The decision, title, options, concerns, the patient's own words, the plan, the people...
    assert printed >= 20, printed
    for expected in (
        loaded.meta.decision,
        loaded.content.options[0].name,
        record.plan.questions[0],
        record.plan.next_steps,
    ):
        assert squeeze(expected) in text, expected
    assert not re.search(rb"/URI\s*\(x\)", pdf.read_bytes()), "the markup made a link"
