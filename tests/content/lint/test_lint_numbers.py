"""Numbers that differ between a source text and its translation."""

from __future__ import annotations

from collections import Counter

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.lint.numbers import numbers
from tests.content.lint.lint_support import TODAY, MakeVariant, by_rule, only

HEADER = "format_version: 1\nlocale: {locale}\nstatus: draft, not reviewed\nstrings:\n"
SOURCE = "Out of 100 people, 20 have a bad day each week."
CELL = "questions.effect.answers.tablet.text"


def translation(locale: str, text: str) -> dict[str, str]:
    return {f"translations/{locale}.yaml": HEADER.format(locale=locale) + f"  {CELL}: {text!r}\n"}


def test_numbers_are_read_as_each_language_writes_them() -> None:
    assert numbers("about 5 out of 1000 over 13 years", "en") == Counter(["5", "1000", "13"])
    assert numbers("123,940 people; 27.1 and 26.6", "en") == Counter(["123940", "27.1", "26.6"])
    assert numbers("123 940 osób; 27,1 i 26,6; dwa razy", "pl") == Counter(
        ["123940", "27.1", "26.6", "2"]
    )
    assert numbers("٣٢٫٥ نقطة بعد سنتين، ثم شهر واحد", "ar") == Counter(["32.5", "2", "1"])
    assert numbers("قرص واحد في اليوم", "ar") == Counter()
    assert numbers("BRCA1 or BRCA2, twice a week", "en") == Counter(["1", "2", "2"])
    assert numbers("on 04 June", "en") == Counter(["4"])


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("en", "5% and 12.5%"),
        ("cy", "5 y cant a 12,5 y cant"),
        ("pl", "5 procent i 12,5%"),
        ("ar", "٥٪ و١٢٫٥ بالمئة"),
    ],
)
def test_percentages_are_the_same_in_every_language(locale: str, text: str) -> None:
    assert numbers(text, locale) == Counter(["5%", "12.5%"])


def test_a_percentage_differs_from_a_bare_number() -> None:
    assert numbers("5%", "en") != numbers("5", "en")


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("cy", "Allan o 100 o bobl, mae 20 yn cael diwrnod gwael bob wythnos."),
        ("ar", "من كل ١٠٠ شخص، يمر ٢٠ بيوم سيئ كل أسبوع."),
        ("pl", "Na 100 osób 20 ma zły dzień w każdym tygodniu."),
    ],
)
def test_the_same_numbers_pass(variant: MakeVariant, locale: str, text: str) -> None:
    assert (
        by_rule(lint(variant(files=translation(locale, text)), TODAY), "translation.numbers") == []
    )


def test_a_changed_number_is_flagged_at_its_string(variant: MakeVariant) -> None:
    loaded = variant(files=translation("cy", "Allan o 100 o bobl, mae 2 yn cael diwrnod gwael."))
    problem = only(lint(loaded, TODAY), "translation.numbers")
    assert problem.severity == "warning"
    assert problem.file.endswith("translations/cy.yaml")
    assert problem.path == f"strings.{CELL}"
    assert problem.line == 5
    assert "en 20, 100, here 2, 100" in problem.message


def test_a_decimal_comma_is_a_decimal_point(variant: MakeVariant) -> None:
    source = "Out of 100 people, 20 have a bad day each week."
    edits = {"content.yaml": [(source, "Scores rose by 2.5 points out of 100.")]}
    same = variant(edits, files=translation("pl", "Wyniki wzrosły o 2,5 punktu na 100."))
    assert by_rule(lint(same, TODAY), "translation.numbers") == []
    other = variant(edits, files=translation("pl", "Wyniki wzrosły o 25 punktów na 100."))
    assert "en 2.5, 100, here 25, 100" in only(lint(other, TODAY), "translation.numbers").message
