"""A new translation: its language checked, its file valid with nothing translated yet."""

from __future__ import annotations

import pytest

from decision_aid.authoring.new_translation import locale_problem, translation_text
from decision_aid.content.model import TranslationFile
from decision_aid.content.parse import parse


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("Arabic", "is not a language code"),
        ("ar-EG", "is not a language code"),
        ("en", "the pack is written in 'en'"),
        ("cy", "has a translation into 'cy' already"),
    ],
)
def test_a_language_that_cannot_be_added_is_named(code: str, said: str) -> None:
    problem = locale_problem(code, "en", {"pack", "content", "cy"})
    assert problem is not None and said in problem


@pytest.mark.parametrize("code", ["ar", "ur", "pt_BR", "yue"])
def test_a_new_translation_file_reads_as_an_empty_translation(code: str) -> None:
    assert locale_problem(code, "en", {"pack", "content"}) is None
    data = parse(f"translations/{code}.yaml", translation_text(code).encode()).data
    translation = TranslationFile.model_validate(data)
    assert translation.locale == code and translation.strings == {}
