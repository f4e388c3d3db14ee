"""Grid cells of one or two plain sentences, with trial statistics in the cell's detail."""

from __future__ import annotations

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.lint.cells import find_trial_statistics, sentence_count
from decision_aid.content.loader import load_pack
from tests.conftest import SHIPPED
from tests.content.lint.lint_support import FIXTURES, TODAY, MakeVariant, by_rule, only

PLAIN = FIXTURES / "lint" / "cells-plain"
"""A cell of two plain sentences; its trial statistics are in the detail."""
STATISTICS = FIXTURES / "lint" / "cells-trial-statistics"
"""A cell of three sentences, one of them trial statistics."""
LONG_CELL = FIXTURES / "lint" / "long-cell-fails"
"""A cell of two sentences and 125 words."""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Scores rose by 32.5 points in a year, on a scale of 0 to 100.", "32.5 points"),
        ("Pain was about 12 points lower than without exercise.", "12 points"),
        ("Pain was lower (scale 0 to 100).", "scale 0 to 100"),
        ("It rose on a 0 to 100 scale.", "0 to 100 scale"),
        ("The mean fell from 4.2 to 3.9.", "4.2"),
        ("The hazard ratio was small.", "hazard ratio"),
        ("The difference was 8 (95% CI 2 to 14).", "95% CI"),
        ("The result was statistically significant.", "statistically significant"),
        ("There was a gain (p = 0.03).", "p = 0.03"),
        ("The standardised mean difference was 0.3.", "standardised mean difference"),
        ("The number needed to treat was 25.", "number needed to treat"),
    ],
)
def test_trial_statistics_are_found(text: str, found: str) -> None:
    assert find_trial_statistics(text)[0] == found


@pytest.mark.parametrize(
    "text",
    [
        "After about 1 month, 44 out of 100 had less pain, against 31 out of 100.",
        "The relief is short. NICE says about 2 to 10 weeks.",
        "In one trial, 1 person out of 78 fainted during the injection.",
        "In the trial, everyone did a 12-week exercise course.",
        "You take one atorvastatin 20 mg tablet a day.",
    ],
)
def test_plain_figures_are_not_trial_statistics(text: str) -> None:
    assert find_trial_statistics(text) == []


def test_sentences_are_counted() -> None:
    assert sentence_count("Yes. It helps.") == 2
    assert sentence_count("Yes. It helps. Ask your GP.") == 3
    assert sentence_count("About 2 to 10 weeks") == 1


def test_a_long_cell_with_trial_statistics_gets_two_warnings() -> None:
    problems = lint(load_pack(STATISTICS), TODAY)
    long_cell = only(problems, "grid.long-cell", "warning")
    statistics = only(problems, "grid.trial-statistics", "warning")
    for problem in (long_cell, statistics):
        assert problem.file.endswith("content.yaml")
        assert problem.path == "questions[0].answers.tablet.text"
        assert problem.line == 27
    assert "has 3 sentences" in long_cell.message
    assert "'detail'" in long_cell.message
    assert "('12.5 points'" in statistics.message


def test_two_plain_sentences_with_the_figures_in_the_detail_lint_clean() -> None:
    problems = lint(load_pack(PLAIN), TODAY)
    assert by_rule(problems, "grid.long-cell") == []
    assert by_rule(problems, "grid.trial-statistics") == []
    assert [p for p in problems if p.severity != "info"] == []


def test_other_source_languages_get_one_info(variant: MakeVariant) -> None:
    loaded = variant({"pack.yaml": [("source_language: en", "source_language: fr")]})
    problem = only(lint(loaded, TODAY), "grid.language")
    assert problem.severity == "info"


LONG = " ".join(["word"] * 60)


def test_a_cell_of_many_words_in_two_sentences_is_long() -> None:
    """Author's false negative: a 125-word cell got no length warning."""
    problem = only(lint(load_pack(LONG_CELL), TODAY), "grid.long-cell")
    assert problem.path == "questions[0].answers.tablet.text"
    assert "has 125 words; keep a cell to 50 words or fewer" in problem.message
    assert sentence_count(load_pack(LONG_CELL).content.questions[0].answers["tablet"].text) == 2


def test_long_cells_are_found_in_any_language(variant: MakeVariant) -> None:
    cell = "text: Out of 100 people, 20 have a bad day each week."
    loaded = variant(
        {
            "pack.yaml": [("source_language: en", "source_language: fr")],
            "content.yaml": [(cell, f"text: {LONG}.")],
        }
    )
    assert only(lint(loaded, TODAY), "grid.long-cell").path == "questions[0].answers.tablet.text"


def test_long_translated_cells_are_found(variant: MakeVariant) -> None:
    translation = (
        "format_version: 1\nlocale: cy\nstatus: draft\nstrings:\n"
        f"  questions.effect.answers.tablet.text: {LONG}\n"
    )
    problem = only(
        lint(variant(files={"translations/cy.yaml": translation}), TODAY), "grid.long-cell"
    )
    assert problem.file.endswith("translations/cy.yaml")
    assert problem.path == "strings.questions.effect.answers.tablet.text"
    assert "the cy answer for 'tablet' to 'effect' has 60 words" in problem.message


@pytest.mark.parametrize(
    "pack_id", ["knee-osteoarthritis", "psa-screening", "statins-primary-prevention"]
)
def test_the_shipped_grids_hold_plain_cells(pack_id: str) -> None:
    loaded = load_pack(SHIPPED / pack_id)
    problems = lint(loaded, TODAY)
    assert by_rule(problems, "grid.long-cell") == []
    assert by_rule(problems, "grid.trial-statistics") == []
    for question in loaded.content.questions:
        for cell in question.answers.values():
            assert sentence_count(cell.text) <= 2, cell.text
