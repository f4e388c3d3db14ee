"""Every number a shipped pack says in English says the same in each of its translations.

A patient reading Welsh, Polish or Arabic must see the figures an English reader sees: a
"5 out of 1000" that becomes "6 out of 1000" in translation is a wrong figure, whatever
the wording around it. Each translated text is compared with the English text at the same
string path, as a multiset of numbers.

Numbers are read as the languages write them: Arabic-Indic digits count as digits; a
thousands separator (a comma, a space or the Arabic one) before three digits joins the
number; a decimal comma or the Arabic decimal sign is a decimal point. A few words stand
for a number where the language does not use a digit: English "twice", Welsh "ddwywaith",
Polish "dwa razy", and Arabic dual nouns (two years, two weeks ...) and a single time
unit ("شهر واحد", one month), which Arabic grammar writes in words.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from decision_aid.content.library import pack_paths
from decision_aid.content.loader import LoadedPack, load_pack
from decision_aid.content.strings import pack_strings
from tests.conftest import SHIPPED

PACKS = pack_paths([SHIPPED])

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"\d+(?:[,\u066c\u00a0\u202f ]\d{3}(?!\d))*(?:[.,\u066b]\d+)?")
_ARABIC_DUALS = (
    "سنتين",
    "سنتان",
    "عامين",
    "عامان",
    "أسبوعين",
    "أسبوعان",
    "شهرين",
    "شهران",
    "مرتين",
    "مرتان",
    "حصتين",
    "حصتان",
    "يومين",
    "يومان",
)
_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": ((r"\btwice\b", "2"),),
    "cy": ((r"\bddwywaith\b", "2"),),
    "pl": ((r"\bdwa razy\b", "2"),),
    "ar": (
        *((rf"(?<!\w){word}(?!\w)", " 2 ") for word in _ARABIC_DUALS),
        (r"(?<!\w)(?:شهر|أسبوع|يوم|سنة|عام) واحدة?(?!\w)", " 1 "),
    ),
}


def numbers(text: str, language: str) -> Counter[str]:
    """The numbers a text gives, as plain digits with a decimal point, counted."""
    text = text.translate(_DIGITS)
    for pattern, digit in _WORDS.get(language, ()):
        text = re.sub(pattern, digit, text, flags=re.IGNORECASE)
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        whole = re.sub(r"[,\u066c\u00a0\u202f ](?=\d{3}(?!\d))", "", raw)
        found[whole.replace(",", ".").replace("\u066b", ".")] += 1
    return found


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


def test_numbers_are_read_as_each_language_writes_them() -> None:
    assert numbers("about 5 out of 1000 over 13 years", "en") == Counter(["5", "1000", "13"])
    assert numbers("123,940 people; 27.1 and 26.6", "en") == Counter(["123940", "27.1", "26.6"])
    assert numbers("123 940 osób; 27,1 i 26,6; dwa razy", "pl") == Counter(
        ["123940", "27.1", "26.6", "2"]
    )
    assert numbers("٣٢٫٥ نقطة بعد سنتين، ثم شهر واحد", "ar") == Counter(["32.5", "2", "1"])
    assert numbers("قرص واحد في اليوم", "ar") == Counter()
    assert numbers("BRCA1 or BRCA2, twice a week", "en") == Counter(["1", "2", "2"])


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
