"""The record reads like a clinical letter: the outcome first, a patient banner and the
page number on every page, one date format in the clinic's zone, whole words in column
headings, no developer text, and a signature block that never stands alone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from decision_aid.report import styles as st
from decision_aid.report.summary import build_record, build_summary
from decision_aid.report.whole_words import WholeWordsParagraph
from decision_aid.session import scoring
from decision_aid.session.model import Person
from tests.report.common import (
    FIVE_OPTIONS,
    PACK_IDS,
    example,
    five_option_pack,
    options,
    pages_text,
    words_on_page,
)
from tests.report.conftest import Records

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
US_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{1,2}, \d{4}")  # fmt: skip


def squeezed(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_page_one_opens_with_the_outcome(records: Records, pack_id: str) -> None:
    loaded, record = example(pack_id)
    content, plan = loaded.content, record.plan
    first = squeezed(pages_text(records[pack_id, "3b"])[0])
    assert plan.leaning is not None and plan.follow_up is not None and plan.questions
    sure = scoring.sure_score(record.sure)
    leaning = content.option(plan.leaning.removeprefix("option:")).name
    in_order = [
        "Record of a shared decision",
        "Example — not clinically reviewed",  # on page 1, not only in the provenance
        "Summary",
        "Decision " + loaded.meta.decision,
        "Options discussed " + "; ".join(o.name for o in content.options),
        "The patient's leaning " + leaning,
        f"SURE test {'⚠ ' if sure.conflict else ''}{sure.score} of 4:",
        "The patient's questions • " + plan.questions[0],
        "Follow-up " + plan.follow_up.strftime("%A, %-d %B %Y"),
        "The decision",  # the detail comes after
    ]
    places = [first.find(part) for part in in_order]
    assert -1 not in places, [p for p, at in zip(in_order, places, strict=True) if at < 0]
    assert places == sorted(places)


def test_a_decisional_conflict_is_flagged(tmp_path: Path) -> None:
    loaded, record = example("knee-osteoarthritis")
    record.sure = record.sure.model_copy(update={"sure": False, "understand": False})
    score = scoring.sure_score(record.sure)
    assert score.conflict
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    first = squeezed(pages_text(pdf)[0])
    assert f"SURE test ⚠ {score.score} of 4: decisional conflict" in first
    record.sure = record.sure.model_copy(update={"sure": True, "understand": True})
    record.sure = record.sure.model_copy(update={"risk_benefit": True, "encouragement": True})
    pdf.write_bytes(build_summary(loaded, record, options()))
    first = squeezed(pages_text(pdf)[0])
    assert "SURE test 4 of 4: no decisional conflict" in first and "⚠" not in first


def test_a_reviewed_pack_has_no_example_notice(tmp_path: Path) -> None:
    loaded, record = example("psa-screening")
    review = loaded.meta.review.model_copy(
        update={"status": "reviewed", "reviewer": "Dr R. Eviewer", "date": date(2026, 10, 1)}
    )
    meta = loaded.meta.model_copy(update={"review": review})
    pack = loaded.pack.model_copy(update={"meta": meta})
    loaded = type(loaded)(loaded.source, pack, loaded.translations, loaded.content_hash)
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    text = squeezed(" ".join(pages_text(pdf)))
    assert "Example — not clinically reviewed" not in text
    assert "Reviewed by Dr R. Eviewer on 1 October 2026" in text


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_every_page_has_the_patient_banner_and_its_number(tmp_path: Path, pack_id: str) -> None:
    loaded, record = example(pack_id)
    record.patient = Person(name="Jane Doe", identifier="NHS 943 476 5919",
                            birth_date=date(1956, 5, 4))  # fmt: skip
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    pages = pages_text(pdf)
    banner = re.compile(
        r"Patient\s+Jane Doe\s+Identifier\s+NHS 943 476 5919\s+Date of birth\s+4 May 1956"
    )
    assert len(pages) > 2
    for number, page in enumerate(pages, start=1):
        assert banner.search(page.split("\n\n")[0] + page[:400]), number
        assert f"Page {number} of {len(pages)}" in page


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_one_date_format_in_the_clinics_zone(records: Records, pack_id: str) -> None:
    text = " ".join(pages_text(records[pack_id, "3b"]))
    assert "25 November 2026, 10:20 GMT" in text
    assert not ISO_DATE.search(text) and not US_DATE.search(text)
    assert "UTC" not in text and ":00 " not in text  # no seconds, no UTC beside local times


def test_summer_time_and_another_zone(tmp_path: Path) -> None:
    loaded, record = example("statins-primary-prevention")
    summer = datetime(2026, 7, 4, 13, 5, tzinfo=UTC)
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options(created=summer)))
    assert "4 July 2026, 14:05 BST" in pages_text(pdf)[0]
    warsaw = options(created=summer, locale="pl", time_zone=ZoneInfo("Europe/Warsaw"))
    pdf.write_bytes(build_summary(loaded, record, warsaw))
    assert "4 lipca 2026, 15:05 CEST" in pages_text(pdf)[0]


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_no_developer_text(records: Records, pack_id: str) -> None:
    text = squeezed(" ".join(pages_text(records[pack_id, "3b"])))
    for developer in ("report verify", "decision-aid report", "PKCS", "FHIR", "PDF/A"):
        assert developer not in text


@pytest.mark.parametrize("extra", range(0, 40, 3))
def test_the_signature_block_never_stands_alone(tmp_path: Path, extra: int) -> None:
    """However the pages fall, the last page holds some of the record's text above the
    signatures (it used to hold only the signature block)."""
    loaded, record = example("psa-screening")
    record.plan.questions = [f"Question number {n}?" for n in range(extra)]
    built = build_record(loaded, record, options())
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(built.pdf)
    pages = pages_text(pdf)
    last = pages[-1]
    assert built.signature.page == len(pages)
    banner = r"No patient details were entered for this record\.|Date of birth \d+ \w+ \d{4}"
    body = re.split(banner, last, maxsplit=1)[1]
    before = body.split("Signatures", 1)[0]
    assert len(before.split()) > 15, last


def test_five_options_fit_a_page_and_headings_keep_whole_words(tmp_path: Path) -> None:
    loaded, record = five_option_pack()
    pdf = tmp_path / "five.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    pages = pages_text(pdf)
    words = [w for page in range(1, len(pages) + 1) for w in words_on_page(pdf, page)]
    drawn = {text for _x, _y, text in words}
    name_words = {w for name in FIVE_OPTIONS.values() for w in name.split()}
    assert name_words <= drawn  # every word of every heading drawn whole
    fragments = {w[:cut] for w in name_words for cut in range(4, len(w))}
    assert not fragments & drawn  # no "Mastectom" then "y"
    right = st.PAGE_WIDTH - st.MARGIN_X + 1
    assert all(st.MARGIN_X - 1 <= x <= right for x, _y, _text in words)
    table_page = next(i for i, page in enumerate(pages) if "What the grid says" in page)
    assert all(name in squeezed(pages[table_page]) or name.split()[0] in pages[table_page]
               for name in FIVE_OPTIONS.values())  # fmt: skip


def test_a_heading_is_set_smaller_rather_than_broken() -> None:
    st.register_fonts()
    heading = WholeWordsParagraph("Llawdriniaethau", st.COLUMN_HEADING)
    _width, height = heading.wrap(50, 500)
    assert height == pytest.approx(heading.style.leading)  # one line
    assert heading.style.fontSize < st.COLUMN_HEADING.fontSize
    roomy = WholeWordsParagraph("Mastectomy with reconstruction", st.COLUMN_HEADING)
    roomy.wrap(300, 500)
    assert roomy.style.fontSize == st.COLUMN_HEADING.fontSize
