"""The fuzz targets, replayed: every seed and every input that once found a defect.

The coverage-guided fuzzer (scripts/fuzz.py) keeps what it found in
tests/fuzz/regressions/TARGET/; each must now get the loader's own answer, a pack or
session or draft, or the loader's error with a message. A short fuzzing run is part of
./check.sh; this replays the same inputs in the test suite, without atheris.
"""

from __future__ import annotations

import pytest

from tests.fuzz.targets import REGRESSIONS, TARGETS, feed, regression_inputs


@pytest.mark.parametrize("target", list(TARGETS))
def test_every_seed_loads_or_is_refused_with_the_loaders_error(target: str) -> None:
    seeds = list(TARGETS[target][0].seeds())
    assert seeds
    for _name, data in seeds:
        feed(target, data)


@pytest.mark.parametrize(
    ("target", "name"),
    [(t, p.name) for t in TARGETS for p in regression_inputs(t)],
)
def test_what_the_fuzzer_found_stays_fixed(target: str, name: str) -> None:
    feed(target, (REGRESSIONS / target / name).read_bytes())


def test_regressions_belong_to_known_targets() -> None:
    if REGRESSIONS.is_dir():
        assert {p.name for p in REGRESSIONS.iterdir() if p.is_dir()} <= set(TARGETS)


def test_a_defect_is_not_swallowed() -> None:
    """Only the loader's own errors count as an answer: anything else escapes feed()."""
    from decision_aid.content.errors import PackError

    target, allowed = TARGETS["pack-yaml"]
    assert allowed() == (PackError,)
    original = target.run

    def broken(_data: bytes) -> None:
        raise KeyError("a defect")

    target.run = broken
    try:
        with pytest.raises(KeyError):
            feed("pack-yaml", b"")
    finally:
        target.run = original
