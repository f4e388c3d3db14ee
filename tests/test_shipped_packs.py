"""Every shipped pack loads, validates, lints with no errors and round-trips."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.dump import dump_pack
from decision_aid.content.library import pack_paths
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from tests.conftest import SHIPPED

PACKS = pack_paths([SHIPPED])
EXPECTED = {"knee-osteoarthritis", "psa-screening", "statins-primary-prevention"}


def test_the_three_packs_are_shipped() -> None:
    assert {p.name for p in PACKS} >= EXPECTED


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_pack_lints_without_errors_today(path: Path) -> None:
    loaded = load_pack(path)
    errors = [str(p) for p in lint(loaded, date.today()) if p.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_pack_is_marked_as_example_until_reviewed(path: Path) -> None:
    meta = load_pack(path).meta
    if meta.review.status == "example":
        assert meta.review_label == "example — not clinically reviewed"
    else:
        assert meta.review.reviewer and meta.review.date


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_pack_round_trips(path: Path, tmp_path: Path) -> None:
    loaded = load_pack(path)
    again = load_pack(dump_pack(loaded, tmp_path / path.name))
    assert again.pack == loaded.pack
    assert again.translations == loaded.translations


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_every_outcome_has_absolute_figures_for_every_option(path: Path) -> None:
    content = load_pack(path).content
    option_ids = [o.id for o in content.options]
    assert content.outcomes, "a shipped pack shows risk figures"
    for outcome in content.outcomes:
        assert list(outcome.figures) == option_ids or set(outcome.figures) == set(option_ids)
        counted = outcome.counted().values()
        assert counted, f"{outcome.id} has no count"
        assert {f.out_of for f in counted} == {outcome.denominator}
        assert {f.over for f in counted} == {outcome.time_frame}
        for figure in outcome.figures.values():
            assert figure.count is not None or figure.no_data, "a missing count says why"


def test_screening_pack_uses_per_1000_and_describes_overdiagnosis() -> None:
    content = load_pack(SHIPPED / "psa-screening").content
    assert content.screening is not None
    assert "overdiagnos" in content.screening.overdiagnosis.lower()
    assert {o.denominator for o in content.outcomes} == {1000}
