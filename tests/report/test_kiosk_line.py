"""The record says which answers the patient prepared alone at the kiosk."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from decision_aid.report.summary import build_summary
from decision_aid.session.model import KioskHandover
from tests.report.common import example, options, pages_text


def test_the_record_has_one_line_about_the_kiosk(tmp_path: Path) -> None:
    loaded, record = example("knee-osteoarthritis")
    record.kiosk = KioskHandover(
        prepared=datetime(2026, 11, 25, 9, 40, tzinfo=UTC),
        opened=datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
        parts=["ratings", "questions", "leaning"],
    )
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    first = " ".join(pages_text(pdf)[0].split())
    assert "Prepared by the patient at the kiosk (25 November 2026, 09:40 GMT)" in first
    assert "ratings of what matters, questions and leaning." in first


def test_a_record_without_a_hand_over_says_nothing_of_it(tmp_path: Path) -> None:
    loaded, record = example("knee-osteoarthritis")
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    assert "kiosk" not in " ".join(pages_text(pdf))
