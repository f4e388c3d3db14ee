"""Phone numbers and web addresses keep their order inside right-to-left text."""

from __future__ import annotations

import re
import unicodedata

import pytest
from babel.messages.pofile import read_po
from bidi import get_display

from decision_aid.i18n.bidi import LRI, PDI, isolate_ltr_runs, strip_isolates
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("run", "sentence"),
    [
        ("0808 808 00 00", "اتصل على {} الآن"),
        ("+44 20 7946 0000", "الهاتف {}"),
        ("(029) 2074 7747", "ffoniwch {} heddiw"),
        ("https://www.nhs.uk/conditions/", "زوروا {} للمزيد"),
        ("www.prostatecanceruk.org", "زوروا {}."),
        ("help@example.org", "راسلونا على {}"),
        ("111@nhs.example.uk", "اكتبوا إلى {} في أي وقت"),  # starts with digits: not a count
    ],
)
def test_each_run_is_isolated_and_reads_as_written(run: str, sentence: str) -> None:
    text = isolate_ltr_runs(sentence.format(run))
    assert f"{LRI}{run}{PDI}" in text
    assert strip_isolates(text) == sentence.format(run)
    shown = strip_isolates(get_display(text, base_dir="R"))
    assert run in shown  # in the order it was written, on screen and on paper alike


def test_without_isolates_the_bidi_algorithm_reorders_a_phone_number() -> None:
    """The defect the isolates prevent: the digit groups are shown in reverse order."""
    shown = get_display("اتصل على 0808 808 00 00 الآن", base_dir="R")
    assert "0808 808 00 00" not in shown and "00 00 808 0808" in shown


@pytest.mark.parametrize(
    "text",
    [
        "Out of 100 people like you, 6 to 8 will have a heart attack.",
        "بين 6 و 8 من كل 100",
        "Open 9-5, Monday to Friday",
        "",
    ],
)
def test_counts_and_short_numbers_are_left_alone(text: str) -> None:
    assert isolate_ltr_runs(text) == text


def test_a_trailing_full_stop_stays_outside_the_address() -> None:
    text = isolate_ltr_runs("See https://www.nice.org.uk/guidance/ng226.")
    assert text.endswith(f"{LRI}https://www.nice.org.uk/guidance/ng226{PDI}.")


def test_isolating_twice_changes_nothing() -> None:
    once = isolate_ltr_runs("اتصل على 0808 808 00 00")
    assert isolate_ltr_runs(once) == once


def _first_strong(text: str) -> str | None:
    """'L' or 'R' for the first strongly directional letter outside placeholders."""
    for char in re.sub(r"\{[^}]*\}", "", text):
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return None


def test_arabic_sentences_that_open_with_a_latin_name_start_right_to_left() -> None:
    """'CollaboRATE، Elwyn وزملاؤه، 2013.' took its direction from its first letter, C:
    it stood at the left of an Arabic page with its words in the wrong order. Such a
    sentence starts with a right-to-left mark, so it reads right to left wherever shown."""
    path = ROOT / "translations" / "ar" / "LC_MESSAGES" / "decision_aid.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    wrong = []
    for message in catalog:
        if not message.id:  # the header
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            arabic = re.search(r"[\u0600-\u06ff]", text or "")
            if text and arabic and _first_strong(text) == "L" and not text.startswith("\u200f"):
                wrong.append(text)
    assert wrong == []
