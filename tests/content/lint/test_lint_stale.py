"""Stale translations: each translated string records the hash of its source text."""

from __future__ import annotations

import pytest

from decision_aid.content.errors import PackError
from decision_aid.content.lint import lint
from decision_aid.content.loader import load_pack
from decision_aid.content.translation_state import source_hash, string_states
from tests.content.lint.lint_support import MINIMAL, TODAY, MakeVariant, by_rule, only

HEADER = "format_version: 1\nlocale: cy\nstatus: draft, not reviewed\nstrings:\n"
TITLE = "Test pack"
DECISION = "Should I take the tablet?"


def cy(strings: dict[str, str], hashes: dict[str, str] | None) -> dict[str, str]:
    body = "".join(f"  {key}: {value!r}\n" for key, value in strings.items())
    if hashes is not None:
        body += "source_hashes:\n" + "".join(f'  {k}: "{v}"\n' for k, v in hashes.items())
    return {"translations/cy.yaml": HEADER + body}


def test_the_hash_ignores_how_the_text_is_wrapped() -> None:
    assert source_hash("Out of 100 people,\n  20 feel   better.") == source_hash(
        "Out of 100 people, 20 feel better."
    )
    assert source_hash("Out of 100 people, 20 feel better.") != source_hash(
        "Out of 100 people, 21 feel better."
    )
    assert len(source_hash(TITLE)) == 12


def test_a_translation_whose_source_changed_is_stale(variant: MakeVariant) -> None:
    files = cy(
        {"title": "Pecyn prawf", "decision": "A ddylwn i gymryd y dabled?"},
        {"title": source_hash(TITLE), "decision": source_hash(DECISION)},
    )
    assert by_rule(lint(variant(files=files), TODAY), "translation.stale") == []
    changed = variant(
        {"pack.yaml": [(f"title: {TITLE}", "title: Test pack, second edition")]}, files=files
    )
    problem = only(lint(changed, TODAY), "translation.stale")
    assert problem.severity == "warning"
    assert problem.file.endswith("translations/cy.yaml")
    assert problem.path == "strings.title"
    assert problem.line == 5
    assert "'title' is stale: the en text changed after it was translated" in problem.message
    assert "--lang cy --mark-current title" in problem.message
    states = {s.path: s.state for s in string_states(changed.pack, changed.translations["cy"])}
    assert states["title"] == "stale"
    assert states["decision"] == "current"
    assert states["condition"] == "missing"


def test_an_old_file_without_hashes_loads_with_one_warning(variant: MakeVariant) -> None:
    loaded = variant(files=cy({"title": "Pecyn prawf"}, None))
    assert loaded.translations["cy"].source_hashes == {}
    problem = only(lint(loaded, TODAY), "translation.no-hashes")
    assert problem.severity == "warning"
    assert "records no source hashes" in problem.message
    assert "--lang cy --mark-current --all" in problem.message
    assert by_rule(lint(loaded, TODAY), "translation.stale") == []


def test_strings_without_a_hash_are_listed(variant: MakeVariant) -> None:
    files = cy(
        {"title": "Pecyn prawf", "decision": "A ddylwn i gymryd y dabled?"},
        {"title": source_hash(TITLE)},
    )
    problem = only(lint(variant(files=files), TODAY), "translation.unchecked")
    assert problem.path == "source_hashes"
    assert "1 translated string has no source hash: decision" in problem.message


def test_a_hash_without_a_translation_is_a_warning(variant: MakeVariant) -> None:
    files = cy({"title": "Pecyn prawf"}, {"title": source_hash(TITLE), "decision": "0" * 12})
    problem = only(lint(variant(files=files), TODAY), "translation.hash")
    assert problem.path == "source_hashes.decision"


def test_a_hash_that_is_not_one_is_refused(variant: MakeVariant) -> None:
    with pytest.raises(PackError) as caught:
        variant(files=cy({"title": "Pecyn prawf"}, {"title": "changed"}))
    problem = caught.value.problems[0]
    assert problem.path == "source_hashes.title"
    assert "a source hash of 12 digits" in problem.message


def test_the_minimal_pack_is_untouched() -> None:
    assert by_rule(lint(load_pack(MINIMAL), TODAY), "translation.no-hashes") == []
