"""Risk wording and denominators (DESIGN.md, 'Honest risk communication')."""

from __future__ import annotations

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.lint.figures import denominator_advice
from decision_aid.content.lint.risk import find_one_in_x, find_relative_only, find_vague
from tests.content.lint.lint_support import TODAY, MakeVariant, by_rule, only

TABLET_CELL = "text: Out of 100 people, 20 have a bad day each week."


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("About 1 in 20 people feel sick.", "1 in 20"),
        ("It happens to one in ten people.", "one in ten"),
        ("One in 3 people stop the tablet.", "One in 3"),
        ("Bleeding affects 1 in 255 people.", "1 in 255"),
        ("3 out of 10 people feel better.", "3 out of 10"),
        ("1 in every 50 people has a fall.", "1 in every 50"),
        ("A stroke affects 1 in 10,000 people.", "1 in 10,000"),
        ("It is a one in a million chance.", "one in a million"),
    ],
)
def test_one_in_x_is_found(text: str, phrase: str) -> None:
    assert find_one_in_x(text) == [phrase]


@pytest.mark.parametrize(
    "text",
    [
        "10 in 100 people feel sick.",
        "3 out of 1000 people have a stroke.",
        "5 in 1,000 people bleed.",
        "Out of 100 people, 20 have a bad day each week.",
        "Take one in the morning and one in the evening.",
        "2 in 10 years is a long time.",
        "Nine out of 100 people stop.",
        "In the trial, 0 out of 1,447 people had a stroke.",
        "None of them: 0 out of 78.",
    ],
)
def test_allowed_figures_are_not_one_in_x(text: str) -> None:
    assert find_one_in_x(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The tablet gives a 30% lower risk of a stroke.",
        "It reduces the risk by a third.",
        "The tablet halves the risk.",
        "You are twice as likely to bleed.",
        "People are 2 times more likely to feel sick.",
        "The relative risk is 0.7.",
        "It cuts the chance of a stroke by 25 per cent.",
        "Three times the risk of a fall.",
    ],
)
def test_relative_effects_alone_are_found(text: str) -> None:
    assert find_relative_only(text) != []


@pytest.mark.parametrize(
    "text",
    [
        "It halves the risk: 10 out of 100 instead of 20 out of 100.",
        "A 30% lower risk: 7 in 100 instead of 10 in 100.",
        "Out of 1000 people, the tablet halves strokes from 8 to 4.",
        "Take it 2 times a day.",
        "It lowers blood pressure by 10 mmHg.",
        "Half of the people in the trial were women.",
    ],
)
def test_relative_effects_with_absolute_figures_pass(text: str) -> None:
    assert find_relative_only(text) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Side effects are rare.", ["rare"]),
        ("Very common side effects include headache.", ["Very common"]),
        ("Bleeding is uncommon.", ["uncommon"]),
        ("It rarely happens, and it frequently goes away.", ["rarely", "frequently"]),
        ("Feeling sick is rare. Some people stop. Out of 100 people, 2 stop.", ["rare"]),
    ],
)
def test_vague_words_without_numbers_are_found(text: str, words: list[str]) -> None:
    assert find_vague(text) == words


@pytest.mark.parametrize(
    "text",
    [
        "Feeling sick is rare: 2 out of 1000.",
        "Headache is common: 10 out of 100 people get one.",
        "Use common sense when you drive.",
        "Infection is very rare. About 2 in 1000 people get one.",
        "The two tablets have a lot in common.",
        "Some people feel sick.",
        "We compare their rareness.",
    ],
)
def test_vague_words_with_numbers_or_other_senses_pass(text: str) -> None:
    assert find_vague(text) == []


def test_one_in_x_in_a_cell_is_an_error(variant: MakeVariant) -> None:
    loaded = variant(
        {"content.yaml": [(TABLET_CELL, "text: About 1 in 20 people have a bad day each week.")]}
    )
    problem = only(lint(loaded, TODAY), "risk.one-in-x")
    assert problem.severity == "error"
    assert problem.path == "questions[0].answers.tablet.text"
    assert problem.file.endswith("content.yaml")
    assert problem.line == 27
    assert "'1 in 20' is a '1 in X' figure" in problem.message


def test_one_in_x_in_pack_yaml_points_at_pack_yaml(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "pack.yaml": [
                (
                    "condition: A made-up condition used only by the tests.",
                    "condition: A made-up condition that one in ten people have.",
                )
            ]
        }
    )
    problem = only(lint(loaded, TODAY), "risk.one-in-x")
    assert problem.file.endswith("pack.yaml")
    assert problem.path == "condition"
    assert problem.line == 8


def test_halves_the_risk_alone_is_an_error(variant: MakeVariant) -> None:
    loaded = variant(
        {"content.yaml": [("benefits: [Fewer bad days.]", "benefits: [Halves the bad days.]")]}
    )
    problem = only(lint(loaded, TODAY), "risk.relative-only")
    assert problem.severity == "error"
    assert problem.path == "options[0].benefits[0]"
    assert "'Halves' is a relative effect with no absolute figure" in problem.message


def test_halves_the_risk_with_both_figures_passes(variant: MakeVariant) -> None:
    text = "benefits: ['Halves the risk: 10 out of 100 instead of 20 out of 100.']"
    loaded = variant({"content.yaml": [("benefits: [Fewer bad days.]", text)]})
    assert by_rule(lint(loaded, TODAY), "risk.relative-only") == []


def test_rare_without_a_number_is_an_error(variant: MakeVariant) -> None:
    loaded = variant(
        {"content.yaml": [("harms: [Some people feel sick.]", "harms: [Feeling sick is rare.]")]}
    )
    problem = only(lint(loaded, TODAY), "risk.vague-word")
    assert problem.severity == "error"
    assert problem.path == "options[0].harms[0]"
    assert "'rare' without a number" in problem.message


def test_rare_with_a_number_passes(variant: MakeVariant) -> None:
    text = "harms: ['Feeling sick is rare: 2 out of 1000.']"
    loaded = variant({"content.yaml": [("harms: [Some people feel sick.]", text)]})
    assert by_rule(lint(loaded, TODAY), "risk.vague-word") == []


def test_other_source_languages_are_not_checked_for_wording(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "pack.yaml": [("source_language: en", "source_language: fr")],
            "content.yaml": [("harms: [Some people feel sick.]", "harms: [Feeling sick is rare.]")],
        }
    )
    problems = lint(loaded, TODAY)
    assert by_rule(problems, "risk.vague-word") == []
    problem = only(problems, "risk.language")
    assert problem.severity == "info"
    assert "not checked for fr" in problem.message


@pytest.mark.parametrize(
    ("counts", "out_of", "advice"),
    [
        ({"a": 2, "b": 1}, 100, "every count is 2 or fewer out of 100 (a 2, b 1)"),
        ({"a": 5, "b": 0}, 100, "'b' has 0 out of 100"),
        ({"a": 120, "b": 300}, 1000, "every count is 100 or more out of 1000 (a 120, b 300)"),
    ],
)
def test_denominator_advice(counts: dict[str, int], out_of: int, advice: str) -> None:
    found = denominator_advice(counts, out_of)
    assert found is not None
    assert advice in found


@pytest.mark.parametrize(
    ("counts", "out_of"),
    [({"a": 3, "b": 1}, 100), ({"a": 20, "b": 30}, 100), ({"a": 3, "b": 120}, 1000), ({}, 100)],
)
def test_suitable_denominators_pass(counts: dict[str, int], out_of: int) -> None:
    assert denominator_advice(counts, out_of) is None


def test_small_counts_out_of_100_are_a_warning(variant: MakeVariant) -> None:
    loaded = variant(
        {"content.yaml": [("tablet: {count: 10, out_of: 100", "tablet: {count: 1, out_of: 100")]}
    )
    problem = only(lint(loaded, TODAY), "risk.denominator")
    assert problem.severity == "warning"
    assert problem.path == "outcomes[1].figures"
    assert "outcome 'sickness': every count is 2 or fewer out of 100" in problem.message
    assert "out of 1000" in problem.message


def test_large_counts_out_of_1000_are_a_warning(variant: MakeVariant) -> None:
    figures = (
        "tablet: {count: 200, out_of: 1000, over: 1 year, range: {low: 150, high: 250}}\n"
        "      nothing: {count: 300, out_of: 1000, over: 1 year}"
    )
    old = (
        "tablet: {count: 20, out_of: 100, over: 1 year, range: {low: 15, high: 25}}\n"
        "      nothing: {count: 30, out_of: 100, over: 1 year}"
    )
    loaded = variant({"content.yaml": [(old, figures)]})
    problem = only(lint(loaded, TODAY), "risk.denominator")
    assert problem.path == "outcomes[0].figures"
    assert "give the figures out of 100" in problem.message


def test_a_missing_figure_is_a_warning(make_pack) -> None:
    from decision_aid.content.loader import load_pack

    folder = make_pack(
        edits={
            "content.yaml": [
                (
                    "nothing: {count: 2, out_of: 100, over: 1 year}",
                    "nothing: {no_data: No study has measured this.}",
                )
            ]
        }
    )
    problems = [p for p in lint(load_pack(folder), TODAY) if p.rule == "risk.no-data"]
    assert [p.severity for p in problems] == ["warning"]
    assert problems[0].path == "outcomes[1].figures.nothing.no_data"
    assert "'nothing' has no figure" in problems[0].message


def test_a_study_count_of_none_is_not_one_in_x() -> None:
    """Author's false positive: '0 out of 1,447' was flagged while '0 of 1,447' passed."""
    assert find_one_in_x("0 out of 1,447 had a stroke.") == []
    assert find_one_in_x("0 of 1,447 had a stroke.") == []
    assert find_one_in_x("1 out of 1,447 had a stroke.") == ["1 out of 1,447"]


def test_vague_words_in_a_title_pass(variant: MakeVariant) -> None:
    """Author's false positive: 'very rare' in a title, where no number can go."""
    loaded = variant(
        {
            "pack.yaml": [("title: Test pack", "title: A very rare side effect")],
            "content.yaml": [("name: No tablet", "name: Treat the rare cases")],
        }
    )
    assert by_rule(lint(loaded, TODAY), "risk.vague-word") == []


def test_vague_word_with_its_number_in_the_next_sentence_passes(variant: MakeVariant) -> None:
    """Author's false positive: 'very rare' with its number in the next sentence."""
    text = "harms: ['Bleeding is very rare. About 2 in 1000 people bleed.']"
    loaded = variant({"content.yaml": [("harms: [Some people feel sick.]", text)]})
    assert by_rule(lint(loaded, TODAY), "risk.vague-word") == []


def test_a_hazard_ratio_in_an_outcome_note_passes(variant: MakeVariant) -> None:
    """Author's false positive: 'hazard ratio' in the clinicians' note beside the absolute
    figures; in a patient's text with no absolute figure it is still an error."""
    note = "    note: The hazard ratio was 0.8.\n  - id: sickness"
    loaded = variant({"content.yaml": [("  - id: sickness", note)]})
    assert by_rule(lint(loaded, TODAY), "risk.relative-only") == []
    harms = "harms: [The hazard ratio was 0.8.]"
    loaded = variant({"content.yaml": [("harms: [Some people feel sick.]", harms)]})
    assert only(lint(loaded, TODAY), "risk.relative-only").path == "options[0].harms[0]"
