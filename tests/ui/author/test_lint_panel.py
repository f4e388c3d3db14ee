"""The lint panel's messages read right in a right-to-left window."""

from __future__ import annotations

import pytest
from bidi import get_display

from decision_aid.i18n.bidi import strip_isolates
from decision_aid.ui.author.lint_panel import in_order

ONE_IN_X = "'1 in 5' رقم بصيغة '1 من كل X'، ويصعب مقارنته"


def test_without_isolates_a_quoted_english_phrase_is_split() -> None:
    """The defect: the '1' of '1 in 5' is shown apart from its words."""
    assert "1 in 5" not in get_display(ONE_IN_X, base_dir="R")


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        (ONE_IN_X, "'1 in 5'"),
        ("ar: 'questions.what-involves.text' قديم: تغيّر النص", "'questions.what-involves.text'"),
        ("الإجابة للخيار 'no-statin' عن السؤال 'what-involves' فيها 3 جمل", "'no-statin'"),
    ],
)
def test_each_quoted_value_keeps_its_order(message: str, kept: str) -> None:
    shown = in_order(message)
    assert strip_isolates(shown) == message
    assert kept in strip_isolates(get_display(shown, base_dir="R"))


def test_an_apostrophe_is_not_a_quote() -> None:
    message = "the option's text and the author's note"
    assert in_order(message) == message
