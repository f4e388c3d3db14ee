"""Where glossary terms occur in a text."""

from __future__ import annotations

from decision_aid.content.glossary import entries_in, find_terms, first_uses, is_abbreviation
from decision_aid.content.model_parts import GlossaryEntry

NICE = GlossaryEntry(id="nice", term="NICE", meaning="The body that advises the NHS.")
BIOPSY = GlossaryEntry(
    id="biopsy", term="biopsy", also="biopsies", meaning="Taking a tiny piece to check."
)
MRI = GlossaryEntry(id="mri", term="MRI", meaning="A scan that uses a magnet.")
MRI_SCAN = GlossaryEntry(id="mri-scan", term="MRI scan", meaning="A scan with a magnet.")


def test_an_abbreviation_matches_in_capitals_only() -> None:
    assert is_abbreviation("QRISK3") and not is_abbreviation("biopsy")
    assert find_terms("A nice day.", [NICE]) == []
    [match] = find_terms("NICE says so.", [NICE])
    assert (match.start, match.end, match.entry) == (0, 4, NICE)


def test_other_terms_match_in_any_case_and_in_their_other_forms() -> None:
    found = find_terms("Biopsy first; two biopsies later.", [BIOPSY])
    assert [(m.start, m.end) for m in found] == [(0, 6), (18, 26)]


def test_terms_match_whole_words_only() -> None:
    assert find_terms("A NICER day, a non-NICE one.", [NICE]) == []


def test_the_longer_of_two_overlapping_terms_wins() -> None:
    [match] = find_terms("You have an MRI scan.", [MRI, MRI_SCAN])
    assert match.entry is MRI_SCAN


def test_first_uses_and_entries_in_order() -> None:
    text = "NICE advises a biopsy. NICE says a biopsy helps."
    assert [m.entry.id for m in first_uses(text, [BIOPSY, NICE])] == ["nice", "biopsy"]
    assert entries_in(text, [BIOPSY, NICE]) == [NICE, BIOPSY]


def test_terms_in_arabic_text_are_found() -> None:
    entry = GlossaryEntry(
        id="biopsy", term="خزعة", also="الخزعة، للخزعة", meaning="أخذ قطعة صغيرة."
    )
    assert [m.entry.id for m in find_terms("قد تحتاج إلى الخزعة.", [entry])] == ["biopsy"]
    assert entry.forms == ("خزعة", "الخزعة", "للخزعة")


def test_a_translation_gives_other_forms_the_source_term_has_none_of() -> None:
    """An English term may have no other form while its Polish text uses several."""
    from decision_aid.content.loader import load_pack
    from decision_aid.content.strings import localize, unknown_keys
    from tests.conftest import FIXTURES

    loaded = load_pack(FIXTURES / "lint" / "glossary-translation-passes")
    polish = loaded.translations["pl"]
    assert loaded.pack.content.glossary[0].also is None
    assert unknown_keys(loaded.pack, polish) == []
    localized, missing = localize(loaded.pack, polish)
    entry = localized.content.glossary[0]
    assert entry.term == "rezonans magnetyczny"
    assert "rezonansem magnetycznym" in entry.forms
    assert "glossary.mri.also" not in missing
    cell = localized.content.questions[0].answers["tablet"].text
    assert [m.entry.id for m in find_terms(cell, [entry])] == ["mri"]
