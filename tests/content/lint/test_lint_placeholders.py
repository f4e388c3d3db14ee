"""Filler instead of text is an error in every language, source or translation."""

from __future__ import annotations

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.lint.common import is_placeholder
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import FIXTURES, TODAY, MakeVariant, by_rule, only

LINT = FIXTURES / "lint"


@pytest.mark.parametrize(
    "text",
    [
        "NOT GIVEN IN SOURCE",
        "Not described in this pack.",
        "Not stated.",
        "TBD",
        "n/a",
        "غير متوفر",
        "غير مذكور في المصدر",
        "لا يوجد",
        "Heb ei roi yn y ffynhonnell.",
        "Dim.",
        "Nie podano w źródle.",
        "brak danych",
    ],
)
def test_fillers_are_placeholders_in_every_language(text: str) -> None:
    assert is_placeholder(text)


@pytest.mark.parametrize(
    "text",
    [
        "No trial has measured this for steroid injections.",
        "Does not apply: no new knee is put in.",
        "Not studied in people over 80.",
        "لا ينطبق: لا توضع ركبة جديدة.",
        "None of the 300 people studied had this.",
    ],
)
def test_real_sentences_are_not_placeholders(text: str) -> None:
    assert not is_placeholder(text)


def test_english_filler_is_an_error_as_arabic_filler_is() -> None:
    """Author's false negative: 'NOT GIVEN IN SOURCE' and 'Not described in this pack.'
    passed validate and lint in English while the same filler in Arabic was an error.
    Both are now errors at the same places."""
    english = lint(load_pack(LINT / "placeholder-en-fails"), TODAY)
    arabic = lint(load_pack(LINT / "placeholder-ar-fails"), TODAY)

    def errors(problems: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
        return sorted((p.rule, p.path) for p in problems if p.severity == "error")

    assert (
        errors(english)
        == errors(arabic)
        == [
            ("ipdas.Q6", "options[1].living_with.emotional"),
            ("text.placeholder", "questions[0].answers.tablet.text"),
        ]
    )
    cell = only(english, "text.placeholder")
    assert "'NOT GIVEN IN SOURCE' stands in for text that is not written" in cell.message


def test_filler_in_a_translation_is_an_error() -> None:
    problem = only(lint(load_pack(LINT / "placeholder-cy-fails"), TODAY), "text.placeholder")
    assert problem.severity == "error"
    assert problem.file.endswith("translations/cy.yaml")
    assert problem.path == "strings.questions.effect.answers.tablet.text"


def test_written_text_passes() -> None:
    assert by_rule(lint(load_pack(LINT / "placeholder-passes"), TODAY), "text.placeholder") == []


def test_a_filler_description_is_said_once(variant: MakeVariant) -> None:
    loaded = variant(
        {"content.yaml": [("description: You take one tablet each day.", "description: TBD")]}
    )
    problems = lint(loaded, TODAY)
    assert only(problems, "ipdas.Q3").path == "options[0].description"
    assert by_rule(problems, "text.placeholder") == []
