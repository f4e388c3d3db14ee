"""The largest session the schema allows, with every free text one unbreakable word at
its longest, makes a record whose every word stays on the page, in both directions."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from decision_aid.report import styles as st
from decision_aid.report.summary import build_summary
from decision_aid.session.model import (
    LONG_TEXT,
    MAX_OWN_CONCERNS,
    MAX_QUESTIONS,
    MAX_SUPPORTERS,
    SHORT_TEXT,
    OwnConcern,
    Person,
    SessionRecord,
    Supporter,
)
from tests.report.common import example, options, tool

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"')


def largest(record: SessionRecord) -> SessionRecord:
    short, long = "x" * SHORT_TEXT, "y" * LONG_TEXT
    record = record.model_copy(deep=True)
    record.plan.questions = [short] * MAX_QUESTIONS
    record.own_concerns = [
        OwnConcern(id=f"own-{n}", text=short, importance=3, fares={"statin": 1})
        for n in range(MAX_OWN_CONCERNS)
    ]
    record.plan.supporters = [
        Supporter(name=short, relationship="friend", note=long) for _ in range(MAX_SUPPORTERS)
    ]
    record.plan.next_steps = long
    record.patient = Person(name=short, identifier=short)
    record.clinician = Person(name=short, identifier=short, role=short)
    return SessionRecord.model_validate_json(record.model_dump_json())  # within every bound


@pytest.mark.parametrize("locale", ["en_GB", "ar"])
def test_the_largest_session_stays_on_the_page(tmp_path: Path, locale: str) -> None:
    loaded, record = example("statins-primary-prevention")
    pdf = tmp_path / "largest.pdf"
    pdf.write_bytes(build_summary(loaded, largest(record), options(locale=locale)))
    boxes = subprocess.run(
        [tool("pdftotext", "poppler-utils"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    spans = [(float(a), float(b)) for a, b in WORD.findall(boxes)]
    assert len(spans) > 1000
    left, right = st.MARGIN_X - 1, st.PAGE_WIDTH - st.MARGIN_X + 1
    outside = [span for span in spans if span[0] < left or span[1] > right]
    assert outside == []
