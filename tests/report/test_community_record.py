"""The record lists the local groups and services the patient chose, with how to reach
them, and says when the patient agreed to a referral; a record without any has no row."""

from __future__ import annotations

from pathlib import Path

from decision_aid.report.summary import build_summary
from tests.report.fhir.test_referral import WALKS
from tests.report.test_summary import example, options, raw_text, squeeze


def build(tmp_path: Path, *, chosen: bool, agreed: bool = False) -> str:
    loaded, record = example("statins-primary-prevention")
    if chosen:
        record.plan.community = [WALKS]
        record.plan.community_referral = agreed
    path = tmp_path / "record.pdf"
    path.write_bytes(build_summary(loaded, record, options()))
    return squeeze(raw_text(path))


def test_a_chosen_group_is_listed_with_how_to_reach_it(tmp_path: Path) -> None:
    text = build(tmp_path, chosen=True)
    assert squeeze("Local groups and services") in text
    assert squeeze("Riverside Health Walks (Riverside Voluntary Action (fictional))") in text
    assert squeeze("01632 960101") in text and squeeze("How to join: Turn up on the day.") in text
    assert squeeze("agreed that these are sent on as a referral") not in text


def test_the_patients_agreement_to_a_referral_is_said(tmp_path: Path) -> None:
    assert squeeze("agreed that these are sent on as a referral") in build(
        tmp_path, chosen=True, agreed=True
    )


def test_no_row_without_a_chosen_group(tmp_path: Path) -> None:
    assert squeeze("Local groups and services") not in build(tmp_path, chosen=False)
