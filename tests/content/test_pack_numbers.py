"""Every number a shipped pack says in English says the same in each of its translations.

A patient reading Welsh, Polish or Arabic must see the figures an English reader sees: a
"5 out of 1000" that becomes "6 out of 1000" in translation is a wrong figure, whatever
the wording around it. Each translated text is compared with the English text at the same
string path, as a multiset of numbers.

Numbers are read as the languages write them, as the linter's ``translation.numbers`` rule
reads them (:mod:`decision_aid.content.lint.numbers`, tested in tests/content/lint).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from decision_aid.content.library import pack_paths
from decision_aid.content.lint.numbers import numbers
from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.content.strings import pack_strings
from tests.conftest import SHIPPED

PACKS = pack_paths([SHIPPED])


def mismatches(loaded: LoadedPack) -> list[str]:
    """Every translated text whose numbers differ from the source text's, described."""
    source = {s.path: s.text for s in pack_strings(loaded.pack)}
    language = loaded.meta.source_language
    out: list[str] = []
    for locale, translation in sorted(loaded.translations.items()):
        for path, text in translation.strings.items():
            if path not in source:
                continue
            want, got = numbers(source[path], language), numbers(text, locale)
            if want != got:
                out.append(
                    f"{loaded.meta.id} {locale} {path}: "
                    f"{sorted(want.elements())} in {language}, {sorted(got.elements())} here"
                )
    return out


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.name)
def test_every_translation_gives_the_numbers_of_the_source(path: Path) -> None:
    loaded = load_pack(path)
    assert loaded.translations, "a shipped pack is translated"
    assert mismatches(loaded) == []


def test_a_changed_number_in_a_translation_is_caught(tmp_path: Path) -> None:
    """The comparison fails when one translated figure differs from the English."""
    copy = tmp_path / "psa-screening"
    shutil.copytree(SHIPPED / "psa-screening", copy)
    welsh = copy / "translations" / "cy.yaml"
    text = welsh.read_text(encoding="utf-8")
    key = "  options.psa-test.benefits.1: "
    line = next(line for line in text.splitlines() if line.startswith(key))
    assert "tua 5 allan o 1000" in line
    welsh.write_text(
        text.replace(line, line.replace("tua 5 allan o 1000", "tua 4 allan o 1000")),
        encoding="utf-8",
    )
    found = mismatches(load_pack(copy))
    assert len(found) == 1
    assert found[0].startswith("psa-screening cy options.psa-test.benefits.1: ")
    assert "'4'" in found[0]
