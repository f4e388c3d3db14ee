"""The take-home sheet lists the local groups and services the patient chose, with how to
reach and join them, in the patient's language and direction; a sheet without any has
no such part."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from decision_aid.i18n import _, using
from decision_aid.report.handout import build_handout
from decision_aid.report.handout_text import handout_text
from decision_aid.session.model import CommunityChoice
from tests.report.common import pages_text, run, tool
from tests.report.fhir.test_referral import WALKS
from tests.report.test_handout import knee, sheet_options
from tests.report.test_summary import squeeze

HEADING = "Local groups and services you chose"
PEER = CommunityChoice(
    directory="example-community",
    directory_version="1.0.0",
    entry="joint-pain-peer-group",
    name="Living Well with Joint Pain",
    organisation="Riverside Arthritis Friends (fictional)",
    when="First Wednesday of the month, 2pm to 3.30pm",
    where="Room 2, Riverside Community Centre",
    how_to_join="Phone or email before your first visit.",
    contact="01632 960202 · jointpain@example.org",
)


def sheet(tmp_path: Path, language: str, chosen: list[CommunityChoice]) -> Path:
    pack, record = knee(language)
    record.plan.community = chosen
    pdf = tmp_path / f"sheet-{language}.pdf"
    pdf.write_bytes(build_handout(pack, record, sheet_options(language)))  # type: ignore[arg-type]
    return pdf


def test_the_words_give_each_chosen_entry_and_how_to_reach_it() -> None:
    pack, record = knee()
    record.plan.community = [WALKS, PEER]
    words = handout_text(pack, record, sheet_options())  # type: ignore[arg-type]
    headings = [p.heading for p in words.parts]
    assert headings.index(HEADING) == headings.index("Where to get support") - 1
    walks, peer = next(p for p in words.parts if p.heading == HEADING).lines
    assert walks.lead == "Riverside Health Walks (example data)" and peer.lead == PEER.name
    assert walks.text == "Riverside Voluntary Action (fictional)"
    assert walks.details == (
        "Contact: 01632 960101 · https://walks.example.org",
        "How to join: Turn up on the day.",
        "When: Tuesdays and Fridays, 10am to 11am",
        "Where: Riverside Library steps",
    )


def test_the_sheet_prints_them_on_its_one_page(tmp_path: Path) -> None:
    pages = pages_text(sheet(tmp_path, "en", [WALKS, PEER]))
    assert len(pages) == 1
    text = squeeze(pages[0])
    for expected in (
        HEADING,
        "Riverside Health Walks (example data): Riverside Voluntary Action (fictional)",
        "Contact: 01632 960101 · https://walks.example.org",
        "How to join: Turn up on the day.",
        "When: First Wednesday of the month, 2pm to 3.30pm",
        "Contact: 01632 960202 · jointpain@example.org",
    ):
        assert squeeze(expected) in text


def test_no_part_without_a_chosen_entry(tmp_path: Path) -> None:
    assert squeeze(HEADING) not in squeeze(pages_text(sheet(tmp_path, "en", []))[0])


def test_a_long_sheet_keeps_the_phone_number(tmp_path: Path) -> None:
    pack, record = knee()
    record.plan.questions = [f"Question {n}: " + "what about this? " * 12 for n in range(12)]
    record.plan.community = [WALKS.model_copy(update={"how_to_join": "Ask at the desk. " * 60})]
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(build_handout(pack, record, sheet_options()))  # type: ignore[arg-type]
    [page] = pages_text(pdf)
    assert "01632 960101" in page  # the contact comes first and is never cut


def words(pdf: Path) -> list[tuple[str, float, float]]:
    """Each word drawn on the page, as it reads, with its left edge and the bottom of its
    line (pdftotext -bbox gives an Arabic word's letters in the order drawn)."""
    result = run(tool("pdftotext", "poppler-utils"), "-bbox", str(pdf), "-")
    found = re.findall(r'<word xMin="([\d.]+)"[^>]*yMax="([\d.]+)">([^<]*)</word>', result.stdout)
    drawn = []
    for x, y, text in found:
        word = html.unescape(text)
        if re.search("[\u0600-\u06ff]", word):
            word = word[::-1]
        drawn.append((word, float(x), float(y)))
    return drawn


@pytest.mark.parametrize("language", ["cy", "pl", "ar"])
def test_in_the_patients_language(tmp_path: Path, language: str) -> None:
    drawn = {word for word, _x, _y in words(sheet(tmp_path, language, [WALKS]))}
    with using(language):
        heading, join = _(HEADING), _("How to join: {value}").split("{value}")[0]
    assert heading != HEADING and set(heading.split()) <= drawn
    assert set(join.split()) <= drawn and not set(HEADING.split()) <= drawn
    assert {"01632", "960101", "https://walks.example.org"} <= drawn


def test_arabic_reads_right_to_left_with_the_entrys_own_words_in_order(tmp_path: Path) -> None:
    drawn = words(sheet(tmp_path, "ar", [WALKS]))
    with using("ar"):
        label = _("How to join: {value}").split("{value}")[0].split()[0]
    at = {word: (x, y) for word, x, y in drawn}
    # Read from the right: the Arabic label first, at the right of its line; the English
    # words to its left, in their own order, their full stop at their own end.
    assert abs(at[label][1] - at["Turn"][1]) < 7 and at["Turn"][1] == at["day."][1]
    assert at["Turn"][0] < at["day."][0] < at[label][0]
    assert "(fictional)" in at  # the name's brackets are one word with it
