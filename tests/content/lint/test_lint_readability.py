"""Reading grade of English text; info for languages that are not measured."""

from __future__ import annotations

import subprocess
import sys

from decision_aid.content.lint import lint
from decision_aid.content.lint.readability import reading_grade
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
        "from decision_aid.content.lint.readability import reading_grade\n"
        f"assert reading_grade({CONVOLUTED!r}) > 14\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_a_long_convoluted_sentence_is_a_warning(variant: MakeVariant) -> None:
    loaded = variant({"pack.yaml": [(CONDITION, f"condition: {CONVOLUTED}")]})
    problem = only(lint(loaded, TODAY), "readability")
    assert problem.severity == "warning"
    assert problem.path == "condition"
    assert problem.message.startswith(f"reading grade {reading_grade(CONVOLUTED):.1f} is above 8")


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
