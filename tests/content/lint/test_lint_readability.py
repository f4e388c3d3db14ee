"""Reading grade of English text; info for languages that are not measured."""

from __future__ import annotations

import subprocess
import sys

from decision_aid.content.lint import lint
from decision_aid.content.lint.readability import reading_grade, reading_grades
from tests.content.lint.lint_support import TODAY, MakeVariant, by_rule, only

CONVOLUTED = (
    "Notwithstanding the aforementioned epidemiological considerations, pharmacological "
    "intervention administered contemporaneously with physiotherapeutic rehabilitation "
    "demonstrably ameliorates musculoskeletal symptomatology."
)
CONDITION = "condition: A made-up condition used only by the tests."
TRANSLATION = "format_version: 1\nlocale: cy\nstatus: draft\nstrings:\n  title: Pecyn prawf\n"


def test_plain_text_reads_below_grade_8() -> None:
    assert reading_grade("You take one tablet each day and you feel a bit better.") < 8


def test_convoluted_text_reads_far_above_grade_8() -> None:
    assert reading_grade(CONVOLUTED) > 14


def test_reading_grade_works_offline() -> None:
    """textstat must not download word lists at run time (later 0.7 releases do)."""
    code = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('the linter must not use the network')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from decision_aid.content.lint.readability import reading_grade, reading_grades\n"
        f"assert reading_grade({CONVOLUTED!r}) > 14\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_a_long_convoluted_sentence_is_a_warning(variant: MakeVariant) -> None:
    loaded = variant({"pack.yaml": [(CONDITION, f"condition: {CONVOLUTED}")]})
    problem = only(lint(loaded, TODAY), "readability")
    assert problem.severity == "warning"
    assert problem.path == "condition"
    grades = reading_grades(CONVOLUTED)
    assert problem.message.startswith(
        f"reading grade above 8 by 3 of 3 formulas (Flesch-Kincaid {grades.flesch_kincaid:.1f}, "
        f"Coleman-Liau {grades.coleman_liau:.1f}, ARI {grades.ari:.1f})"
    )


# Flesch-Kincaid puts this at grade 7.6, just under the limit; Coleman-Liau and ARI, which
# count letters rather than syllables, put it at 10 and 9.9 (a cell of the statins pack).
TUNED = "Yes. Not smoking, being active, eating well and drinking less alcohol all help your heart."


def test_three_formulas_are_reported() -> None:
    grades = reading_grades(TUNED)
    assert grades.flesch_kincaid < 8 < min(grades.coleman_liau, grades.ari)
    assert grades.over() == 2


def test_a_text_tuned_to_one_formula_is_a_warning(variant: MakeVariant) -> None:
    """Every English text scored at or just below Flesch-Kincaid 8; two other formulas
    put the hardest at grade 9 to 12. Two formulas out of three above 8 is a warning."""
    loaded = variant({"pack.yaml": [(CONDITION, f"condition: {TUNED}")]})
    problem = only(lint(loaded, TODAY), "readability")
    assert "by 2 of 3 formulas" in problem.message


def test_one_formula_alone_above_8_is_not_a_warning(variant: MakeVariant) -> None:
    text = "You take the tablet with breakfast, and you keep taking it every single day."
    grades = reading_grades(text)
    assert grades.over() <= 1
    loaded = variant({"pack.yaml": [(CONDITION, f"condition: {text}")]})
    assert by_rule(lint(loaded, TODAY), "readability") == []


def test_the_pack_gets_a_summary_of_each_formula(variant: MakeVariant) -> None:
    summary = only(lint(variant(), TODAY), "readability.summary")
    assert summary.severity == "info"
    assert "Flesch-Kincaid" in summary.message
    assert "Coleman-Liau" in summary.message
    assert "ARI" in summary.message


def test_short_texts_are_not_measured(variant: MakeVariant) -> None:
    text = "condition: Idiopathic musculoskeletal symptomatology, unexplained."
    loaded = variant({"pack.yaml": [(CONDITION, text)]})
    assert by_rule(lint(loaded, TODAY), "readability") == []


def test_other_source_languages_get_one_info(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "pack.yaml": [
                ("source_language: en", "source_language: fr"),
                (CONDITION, f"condition: {CONVOLUTED}"),
            ]
        }
    )
    problem = only(lint(loaded, TODAY), "readability")
    assert problem.severity == "info"
    assert problem.message.startswith("reading grade not measured for fr")


def test_translations_get_one_info_each(variant: MakeVariant) -> None:
    loaded = variant(files={"translations/cy.yaml": TRANSLATION})
    problem = only(lint(loaded, TODAY), "readability")
    assert problem.severity == "info"
    assert problem.file.endswith("translations/cy.yaml")
    assert problem.message.startswith("reading grade not measured for cy")


def test_web_addresses_are_not_read_as_words(variant: MakeVariant) -> None:
    """A contact such as 'Ask your GP practice or local pharmacy (https://...)' reads plainly;
    the address is not a long word."""
    contact = (
        "contact: Ask your GP practice or local pharmacy, or call us any day of the week "
        "(https://www.england.nhs.uk/digital-weight-management/ or help@example.org)"
    )
    loaded = variant({"content.yaml": [("contact: https://example.org", contact)]})
    assert by_rule(lint(loaded, TODAY), "readability") == []
