"""How complete each translation is."""

from __future__ import annotations

import pytest

from decision_aid.content.lint import lint
from decision_aid.content.lint.translations import share
from decision_aid.content.loader import load_pack
from decision_aid.content.strings import pack_strings
from tests.content.lint.lint_support import MINIMAL, TODAY, MakeVariant, by_rule, only

HEADER = "format_version: 1\nlocale: cy\nstatus: draft, not reviewed\nstrings:\n"


def cy(strings: dict[str, str]) -> dict[str, str]:
    body = "".join(f"  {key}: {value!r}\n" for key, value in strings.items())
    return {"translations/cy.yaml": HEADER + body}


def test_share_translated_is_info_and_missing_paths_a_warning(variant: MakeVariant) -> None:
    total = len(pack_strings(load_pack(MINIMAL).pack))
    assert total == 36
    problems = lint(variant(files=cy({"title": "Pecyn prawf"})), TODAY)
    coverage = only(problems, "translation.coverage")
    assert coverage.severity == "info"
    assert coverage.message == "cy: 1 of 36 strings translated (3%)"
    assert coverage.file.endswith("translations/cy.yaml")
    missing = only(problems, "translation.missing")
    assert missing.severity == "warning"
    assert missing.message.startswith(
        "cy: 35 strings are not translated and show in en: decision, condition, population, "
    )
    assert missing.message.endswith("and 25 more")
    assert "title" not in missing.message.split(": ", 2)[2]


def test_a_complete_translation_has_no_missing_warning(variant: MakeVariant) -> None:
    strings = {s.path: f"[cy] {s.text}" for s in pack_strings(load_pack(MINIMAL).pack)}
    problems = lint(variant(files=cy(strings)), TODAY)
    assert only(problems, "translation.coverage").message.endswith("(100%)")
    assert by_rule(problems, "translation.missing") == []


def test_an_unknown_key_is_a_warning_on_its_line(variant: MakeVariant) -> None:
    files = cy({"title": "Pecyn prawf", "options.tablet.nmae": "Cymryd y dabled"})
    problem = only(lint(variant(files=files), TODAY), "translation.unknown")
    assert problem.severity == "warning"
    assert problem.line == 6
    assert problem.path == "strings.options.tablet.nmae"
    assert "'options.tablet.nmae' names no text in the pack" in problem.message


@pytest.mark.parametrize(
    ("done", "total", "percent"),
    [(45, 120, 38), (0, 10, 0), (1, 1000, 1), (999, 1000, 99), (10, 10, 100), (0, 0, 100)],
)
def test_share(done: int, total: int, percent: int) -> None:
    assert share(done, total) == percent


def test_an_untranslated_contact_is_counted_and_named(variant: MakeVariant) -> None:
    """A support line's contact shows on the patient's plan: a translation lacking it is not
    complete, however much else it has."""
    strings = {s.path: f"[cy] {s.text}" for s in pack_strings(load_pack(MINIMAL).pack)}
    del strings["support.helpline.contact"]
    problems = lint(variant(files=cy(strings)), TODAY)
    assert only(problems, "translation.coverage").message == "cy: 35 of 36 strings translated (97%)"
    missing = only(problems, "translation.missing")
    assert missing.message.endswith("shows in en: support.helpline.contact")


def test_text_kept_as_in_the_source_is_listed_for_checking(variant: MakeVariant) -> None:
    strings = {s.path: f"[cy] {s.text}" for s in pack_strings(load_pack(MINIMAL).pack)}
    strings["support.helpline.contact"] = "https://example.org"
    strings["decision"] = load_pack(MINIMAL).meta.decision
    problems = lint(variant(files=cy(strings)), TODAY)
    assert only(problems, "translation.coverage").message.endswith("(100%)")
    same = only(problems, "translation.same")
    assert same.severity == "info"
    assert same.message == (
        "cy: 2 strings are the same as in en; keep them only if they are names, numbers or "
        "addresses: decision, support.helpline.contact"
    )
