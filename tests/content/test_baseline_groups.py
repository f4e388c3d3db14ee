"""Figures per baseline group: the format, its checks, its strings and its schema."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from decision_aid.content.model import pack_json_schema
from decision_aid.content.strings import pack_strings
from tests.content.lint.test_lint_clean import TODAY

MakePack = Callable[..., Path]

FLAT = """  - id: bad-days
    event: have a bad week
    kind: benefit
    valence: bad
    reference_class: test readers
    figures:
      tablet: {count: 20, out_of: 100, over: 1 year, range: {low: 15, high: 25}}
      nothing: {count: 30, out_of: 100, over: 1 year}
"""
GROUPED = """  - id: bad-days
    event: have a bad week
    kind: benefit
    valence: bad
    groups:
      lower:
        reference_class: readers with a few bad weeks a year
        figures:
          tablet: {count: 5, out_of: 100, over: 1 year}
          nothing: {count: 10, out_of: 100, over: 1 year}
        note: From the trial's low-risk group.
      higher:
        reference_class: readers with many bad weeks a year
        figures:
          tablet: {count: 20, out_of: 100, over: 1 year, range: {low: 15, high: 25}}
          nothing: {count: 30, out_of: 100, over: 1 year}
"""
BASELINE = """baseline:
  measure: How many bad weeks you had last year.
  groups:
    - {id: lower, label: A few bad weeks a year}
    - {id: higher, label: Many bad weeks a year}
outcomes:
"""


def grouped_pack(make_pack: MakePack, *more: tuple[str, str], baseline: bool = True) -> Path:
    edits = [(FLAT, GROUPED)]
    if baseline:
        edits.append(("outcomes:\n", BASELINE))
    return make_pack(edits={"content.yaml": [*edits, *more]})


def test_a_grouped_outcome_shows_the_chosen_groups_figures_only(make_pack: MakePack) -> None:
    content = load_pack(grouped_pack(make_pack)).content
    assert content.grouped
    outcome = content.outcomes[0]
    assert outcome.stratum(None) is None
    higher = content.baseline_group("higher")
    shown = outcome.stratum(higher)
    assert shown is not None and shown.group == higher
    assert shown.reference_class == "readers with many bad weeks a year"
    assert [f.count for f in shown.figures.values()] == [20, 30]
    assert shown.denominator == 100 and shown.time_frame == "1 year"
    lower = outcome.stratum(content.baseline_group("lower"))
    assert lower is not None and lower.note == "From the trial's low-risk group."
    # An outcome for everyone ignores the group.
    sickness = content.outcomes[1]
    assert sickness.stratum(higher) == sickness.stratum(None)
    assert content.baseline_group("nobody") is None
    where = [loc for loc, _shown in outcome.strata(content.baseline)]
    assert where == [("groups", "lower"), ("groups", "higher")]


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (
            ("tablet: {count: 5, out_of: 100,", "tablet: {count: 5, out_of: 1000,"),
            "outcomes[0].groups.lower.figures.nothing.out_of",
            "every option of an outcome uses the same denominator",
        ),
        (
            (
                "nothing: {count: 10, out_of: 100, over: 1 year}",
                "nothing: {count: 10, out_of: 100, over: 2 years}",
            ),
            "outcomes[0].groups.lower.figures.nothing.over",
            "same time frame",
        ),
        (
            ("      higher:\n", "      highest:\n"),
            "outcomes[0].groups.highest",
            "unknown baseline group 'highest'; expected one of: lower, higher",
        ),
        (
            (
                "    - {id: higher, label: Many bad weeks a year}\n",
                "    - {id: higher, label: Many}\n    - {id: most, label: Most}\n",
            ),
            "outcomes[0].groups",
            "no figures for baseline group 'most'; add them",
        ),
        (
            (
                "    groups:\n      lower:",
                "    reference_class: everyone\n    groups:\n      lower:",
            ),
            "outcomes[0]",
            "not both",
        ),
        (
            (
                "    - {id: higher, label: Many bad weeks a year}",
                "    - {id: lower, label: Many bad weeks a year}",
            ),
            "baseline.groups",
            "id 'lower' is used twice",
        ),
    ],
)
def test_grouped_figures_are_checked_group_by_group(
    make_pack: MakePack, edit: tuple[str, str], path: str, words: str
) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(grouped_pack(make_pack, edit))
    problems = [p for p in caught.value.problems if p.path == path]
    assert problems, [str(p) for p in caught.value.problems]
    assert any(words in p.message for p in problems), [p.message for p in problems]
    assert all(p.file.endswith("content.yaml") and p.line for p in problems)


def test_groups_need_the_baseline_and_the_baseline_needs_groups(make_pack: MakePack) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(grouped_pack(make_pack, baseline=False))
    [problem] = caught.value.problems
    assert problem.path == "outcomes[0].groups"
    assert "has no 'baseline' listing the groups; add it" in problem.message
    unused = make_pack("unused", {"content.yaml": [("outcomes:\n", BASELINE)]})
    with pytest.raises(PackError) as caught:
        load_pack(unused)
    assert [p.path for p in caught.value.problems] == ["baseline"]
    assert "remove 'baseline'" in caught.value.problems[0].message


def test_an_outcome_gives_figures_or_groups(make_pack: MakePack) -> None:
    folder = make_pack(
        edits={
            "content.yaml": [
                (
                    "    reference_class: test readers\n    figures:\n      tablet: {count: 20",
                    "    figures:\n      tablet: {count: 20",
                )
            ]
        }
    )
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert "give 'reference_class' and 'figures', or 'groups'" in caught.value.problems[0].message


def test_group_texts_are_translatable_by_id(make_pack: MakePack) -> None:
    loaded = load_pack(grouped_pack(make_pack))
    paths = {s.path: s.text for s in pack_strings(loaded.pack)}
    assert paths["baseline.measure"] == "How many bad weeks you had last year."
    assert paths["baseline.groups.higher.label"] == "Many bad weeks a year"
    assert paths["outcomes.bad-days.groups.lower.reference_class"].startswith("readers with a few")
    assert paths["outcomes.bad-days.groups.lower.note"] == "From the trial's low-risk group."


def test_the_linter_checks_each_group_and_asks_for_the_valence(make_pack: MakePack) -> None:
    folder = grouped_pack(
        make_pack,
        (
            "tablet: {count: 5, out_of: 100, over: 1 year}",
            "tablet: {count: 1, out_of: 100, over: 1 year}",
        ),
        (
            "nothing: {count: 10, out_of: 100, over: 1 year}",
            "nothing: {count: 2, out_of: 100, over: 1 year}",
        ),
        ("    kind: harm\n    valence: bad\n", "    kind: harm\n"),
    )
    problems = lint(load_pack(folder), TODAY)
    denominators = [p for p in problems if p.rule == "risk.denominator"]
    assert [p.path for p in denominators] == ["outcomes[0].groups.lower.figures"]
    assert "bad-days (lower)" in denominators[0].message
    valence = [p for p in problems if p.rule == "risk.valence"]
    assert [p.path for p in valence] == ["outcomes[1]"]
    assert "'valence: good' or 'valence: bad'" in valence[0].message


def test_schema_documents_groups_and_valence() -> None:
    content = pack_json_schema()["$defs"]["content.yaml"]
    assert "baseline" in content["properties"]
    defs = content["$defs"]
    outcome = defs["PackOutcome"]["properties"]
    assert "figures per baseline group" in outcome["groups"]["description"]
    assert "good" in outcome["valence"]["description"]
    assert "never works out a personal risk" in defs["Baseline"]["description"].replace("\n", " ")
