"""Jargon used without a glossary entry, and glossary entries nothing uses."""

from __future__ import annotations

from decision_aid.content.lint import lint
from decision_aid.content.lint.jargon import STARTER_JARGON
from decision_aid.content.loader import load_pack
from tests.content.lint.lint_support import FIXTURES, TODAY, MakeVariant, by_rule, only

LINT = FIXTURES / "lint"
CELL = "text: Out of 100 people, 20 have a bad day each week."


def test_the_starter_list_has_the_terms_the_read_found() -> None:
    terms = {form for forms in STARTER_JARGON for form in forms}
    for term in ("NICE", "QRISK3", "anti-inflammatory", "cartilage", "radiotherapy", "biopsy"):
        assert term in terms
    assert "sepsis" in terms


def test_unexplained_jargon_is_a_warning_per_term() -> None:
    problems = by_rule(lint(load_pack(LINT / "jargon-fails"), TODAY), "plain.jargon")
    messages = {p.path: p.message for p in problems}
    assert messages["questions[0].answers.tablet.text"].startswith(
        "'MRI' is used 1 time and never explained; add a glossary entry"
    )
    assert messages["options[1].living_with.emotional"].startswith("'TKR' is used 1 time")


def test_a_glossary_entry_explains_the_term() -> None:
    assert by_rule(lint(load_pack(LINT / "jargon-passes"), TODAY), "plain.jargon") == []


def test_an_abbreviation_matches_only_in_capitals(variant: MakeVariant) -> None:
    loaded = variant({"content.yaml": [(CELL, "text: Out of 100 people, 20 had a nice day.")]})
    assert by_rule(lint(loaded, TODAY), "plain.jargon") == []
    loaded = variant(
        {"content.yaml": [(CELL, "text: NICE says 20 out of 100 people. NICE agrees.")]}
    )
    problem = only(lint(loaded, TODAY), "plain.jargon")
    assert problem.message.startswith("'NICE' is used 2 times")


def test_other_forms_of_a_term_are_found(variant: MakeVariant) -> None:
    loaded = variant({"content.yaml": [(CELL, "text: Out of 100 people, 2 need biopsies.")]})
    assert only(lint(loaded, TODAY), "plain.jargon").message.startswith("'biopsy' is used 1 time")


def test_search_keywords_are_not_checked(variant: MakeVariant) -> None:
    loaded = variant({"pack.yaml": [("keywords: [test]", "keywords: [test, MRI]")]})
    assert by_rule(lint(loaded, TODAY), "plain.jargon") == []


def test_the_starter_list_is_english_only(variant: MakeVariant) -> None:
    loaded = variant(
        {
            "pack.yaml": [("source_language: en", "source_language: fr")],
            "content.yaml": [(CELL, "text: Sur 100 personnes, 2 ont une IRM et une biopsy.")],
        }
    )
    assert by_rule(lint(loaded, TODAY), "plain.jargon") == []


def test_an_unused_glossary_entry_is_a_warning(variant: MakeVariant) -> None:
    glossary = (
        "glossary:\n  - id: mri\n    term: MRI\n    meaning: A scan with a magnet.\nreferences:\n"
    )
    loaded = variant({"content.yaml": [("references:\n", glossary)]})
    problem = only(lint(loaded, TODAY), "glossary.unused")
    assert problem.path == "glossary[0].term"
