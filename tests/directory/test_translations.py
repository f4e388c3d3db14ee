"""An entry's text in the other languages it runs in: the format is strict, and every
refusal names the file, the entry's place, the field and the fix; the directory says which
language its own text is in."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from decision_aid.content.errors import PackError
from decision_aid.directory.load import load_directory
from decision_aid.directory.model import TEXT_FIELDS
from tests.directory.support import EXAMPLE, unsigned_directory

TODAY = date(2026, 12, 4)
WALKS_POLISH = "    translations:\n      pl:\n"
"""Where the first entry's (riverside-walks, run in English and Polish) translation starts."""


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_directory(path, today=TODAY)
    return [str(problem) for problem in caught.value.problems]


def test_every_example_entry_speaks_each_language_it_runs_in() -> None:
    """Welsh, Polish and Arabic speakers read every example entry run in their language
    in that language, every text of it translated."""
    directory = load_directory(EXAMPLE, today=TODAY).directory
    assert directory.language == "en"
    translated = 0
    for entry in directory.entries:
        for code in set(entry.languages) & {"cy", "pl", "ar"}:
            found = entry.translation(code)
            assert found is not None, f"{entry.id} runs in {code} but has no {code} text"
            given = found[1].given()
            assert set(given) == set(TEXT_FIELDS), f"{entry.id} [{code}]: {given.keys()}"
            translated += 1
    assert translated == 7


def test_a_directory_that_does_not_say_its_language_is_in_english(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("language: en\n", ""))
    assert load_directory(folder, today=TODAY).directory.language == "en"


def test_a_translation_for_a_language_the_entry_does_not_run_in_is_refused(
    tmp_path: Path,
) -> None:
    folder = unsigned_directory(tmp_path, (WALKS_POLISH, "    translations:\n      cy:\n"))
    [problem] = problems_of(folder)
    assert "directory.yaml:" in problem and "entries[0].translations.cy" in problem
    assert "does not run in 'cy'" in problem and "(its languages are en, pl)" in problem
    assert "add 'cy' to its languages, or remove the translation" in problem


def test_a_translation_into_the_directorys_own_language_is_refused(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("language: en\n", "language: pl\n"))
    found = problems_of(folder)
    assert [p.split(": ")[1] for p in found] == [
        "entries[0].translations.pl",
        "entries[3].translations.pl",
        "entries[4].translations.pl",
    ]
    assert all("already in 'pl', the directory's language" in p for p in found)


def test_an_unknown_field_in_a_translation_is_named_with_the_directorys_schema(
    tmp_path: Path,
) -> None:
    folder = unsigned_directory(tmp_path, (WALKS_POLISH, WALKS_POLISH + "        price: 0\n"))
    [problem] = problems_of(folder)
    assert "entries[0].translations.pl.price" in problem and "unknown field 'price'" in problem
    assert "decision-aid directory schema" in problem and "packs" not in problem


def test_an_empty_translation_is_refused(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path)
    path = folder / "directory.yaml"
    cafe = re.compile(r"^      ar:\n        name: مقهى(?:.*\n)(?:        .*\n)*", re.M)
    text, found = cafe.subn("      ar: {}\n", path.read_text(encoding="utf-8"))
    assert found == 1
    path.write_text(text, encoding="utf-8")
    [problem] = problems_of(folder)
    assert "entries[2].translations.ar" in problem and "gives no text" in problem


def test_a_language_that_is_not_a_code_is_refused(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, (WALKS_POLISH, "    translations:\n      Polish:\n"))
    found = problems_of(folder)
    assert any("entries[0].translations" in p and "'Polish'" in p for p in found), found


def test_an_empty_text_in_a_translation_is_refused(tmp_path: Path) -> None:
    folder = unsigned_directory(tmp_path, ("        cost: Bezpłatnie\n", "        cost: ''\n"))
    [problem] = problems_of(folder)
    assert "entries[0].translations.pl.cost" in problem and "the text is empty" in problem
