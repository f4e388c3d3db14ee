"""Hand-over codes: unambiguous to read, forgiving to type."""

from __future__ import annotations

import pytest
from bidi import get_display

from decision_aid.i18n.bidi import isolate_ltr_runs, strip_isolates
from decision_aid.kiosk.codes import (
    ALPHABET,
    CodeError,
    is_code,
    new_code,
    on_screen,
    read_code,
    spaced,
)


def test_the_alphabet_has_no_look_alike_pairs() -> None:
    for group in ("0O", "1IL", "5S", "2Z", "8B", "6G", "UV"):
        assert sum(c in ALPHABET for c in group) <= 1, group
    assert "Q" not in ALPHABET


def test_new_codes_are_six_characters_of_the_alphabet() -> None:
    codes = {new_code() for _i in range(200)}
    assert all(is_code(c) for c in codes)
    assert len(codes) > 190  # random, not a counter


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("k7m4xp", "K7M4XP"),
        (" K7M-4XP ", "K7M4XP"),
        ("k7m 4xp", "K7M4XP"),
        ("O1SZBG", "015286"),  # each left-out look-alike read as the character kept
        ("qilv3a", "011U3A"),
        ("٣٤٦٧٩a", "34679A"),  # Arabic-Indic digits
        ("ＫＴＭ４ＸＰ", "KTM4XP"),  # full-width
    ],
)
def test_typing_is_forgiving(typed: str, code: str) -> None:
    assert read_code(typed) == code


@pytest.mark.parametrize(
    ("typed", "words"),
    [("K7M4X", "6 characters; 5 were typed"), ("K7M4XP9", "7 were typed"), ("K7M4X!", "'!'")],
)
def test_what_cannot_be_a_code_says_why(typed: str, words: str) -> None:
    with pytest.raises(CodeError, match="slip") as caught:
        read_code(typed)
    assert words in str(caught.value)


def test_a_code_is_shown_in_two_groups() -> None:
    assert spaced("K7M4XP") == "K7M 4XP"


def test_one_typed_character_at_a_time() -> None:
    from decision_aid.kiosk.codes import code_char

    assert [code_char(c) for c in "k7o4xp"] == ["K", "7", "0", "4", "X", "P"]
    assert code_char("٣") == "3"  # an Arabic-Indic digit
    for wrong in ("", " ", "-", "ab", "é", "\n", "?"):
        assert code_char(wrong) is None, wrong


@pytest.mark.parametrize("code", ["67313K", "K7M4XP", "123456"])
def test_a_code_on_screen_is_one_left_to_right_run(code: str) -> None:
    # A code that looks like a phone number ("673 13K") is not split at its letter by the
    # phone-number rule, and an Arabic sentence keeps its two groups in reading order.
    sentence = f"اقرأ: {on_screen(code)}"
    assert isolate_ltr_runs(sentence) == sentence
    assert strip_isolates(on_screen(code)) == f"{code[:3]}\u00a0{code[3:]}"
    # Shown right to left, the code stands whole at the sentence's end (the left edge).
    assert strip_isolates(get_display(sentence)).startswith(f"{code[:3]}\u00a0{code[3:]} ")
