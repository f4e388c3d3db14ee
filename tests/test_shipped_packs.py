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
def test_pack_lints_clean_or_keeps_each_warning_with_its_reason(path: Path) -> None:
    loaded = load_pack(path)
    warnings = [str(p) for p in lint(loaded, date.today()) if p.severity == "warning"]
    assert warnings == []
    for exception in loaded.content.lint_exceptions:
        assert len(exception.reason.split()) >= 8, exception


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
    for pack_outcome in content.outcomes:
        assert pack_outcome.valence in ("good", "bad"), f"{pack_outcome.id} says good or bad"
        for _where, outcome in pack_outcome.strata(content.baseline):
            assert set(outcome.figures) == set(option_ids)
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
    shown = [o.stratum(None) for o in content.outcomes]
    assert {o.denominator for o in shown if o is not None} == {1000}


def test_statins_give_one_heart_outcome_with_the_published_figures_per_risk_group() -> None:
    """One heart outcome with two groups; each best estimate lies inside its range.

    NICE's figure (6 and 13 with a statin) and the trial average (7 to 8, and 14 to 16)
    differ, so the range spans both and the best estimate lies between them.
    """
    loaded = load_pack(SHIPPED / "statins-primary-prevention")
    content = loaded.content
    assert content.baseline is not None
    assert [g.id for g in content.baseline.groups] == ["qrisk-10", "qrisk-20"]
    heart = [o for o in content.outcomes if "heart disease" in o.event]
    assert [o.id for o in heart] == ["heart-stroke"]
    expected = {
        "qrisk-10": {"statin": (7, 6, 8), "no-statin": (10, None, None)},
        "qrisk-20": {"statin": (14, 13, 16), "no-statin": (20, None, None)},
    }
    for group_id, figures in expected.items():
        shown = heart[0].stratum(content.baseline_group(group_id))
        assert shown is not None
        assert shown.denominator == 100 and shown.time_frame == "10 years"
        assert shown.citations == ("nice-news-2023", "bhf-2023", "cochrane-2013", "ctt-2012")
        got = {
            key: (f.count, f.range.low if f.range else None, f.range.high if f.range else None)
            for key, f in shown.figures.items()
        }
        assert got == figures
    assert heart[0].stratum(None) is None, "no figures until a group is chosen"
    for language in ("cy", "pl", "ar"):
        strings = loaded.translations[language].strings
        assert "baseline.groups.qrisk-20.label" in strings
        assert "outcomes.heart-stroke.groups.qrisk-10.reference_class" in strings


SIGN_AGAIN = (
    "The shipped pack {name} does not match its example-content signature ({problem}). "
    "After changing a shipped pack, sign the packs again with the project's example-content "
    "key: .venv/bin/python scripts/sign_examples.py --key KEY --passphrase-file F"
)


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_pack_is_signed_as_example_content(path: Path) -> None:
    """Every shipped pack verifies against the example-content key, which ships with the
    app; a change to a pack without signing it again fails here."""
    from decision_aid.content.errors import PackError
    from decision_aid.content.trust.policy import TrustPolicy
    from decision_aid.content.trust.verify import check_path

    try:
        trust = check_path(path, TrustPolicy()).trust
    except PackError as exc:
        pytest.fail(SIGN_AGAIN.format(name=path.name, problem=exc.problems[0]))
    problem = f"trust is {trust.status}; its signature expires {trust.expires}"
    assert trust.status == "example", SIGN_AGAIN.format(name=path.name, problem=problem)
    assert trust.version == load_pack(path).meta.version
    assert not trust.frozen(date.today()), SIGN_AGAIN.format(name=path.name, problem=problem)
