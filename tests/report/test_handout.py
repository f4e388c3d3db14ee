"""The take-home sheet: one page, plain words in the patient's language, no identifiers
unless asked for, not signed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from decision_aid.i18n import _, using
from decision_aid.report.handout import build_handout
from decision_aid.report.handout_text import HandoutOptions, handout_text
from decision_aid.report.summary import localized_pack
from decision_aid.session.model import KioskCollaborate, OwnConcern, Person, SessionRecord
from tests.report.common import CLINIC_ZONE, CREATED, ORGANISATION, example, pages_text, run, tool
from tests.report.test_pdfa import validate

PATIENT = Person(name="Jane Doe", identifier="Clinic 123456", birth_date=date(1956, 5, 4))


def sheet_options(language: str = "en", *, identifiers: bool = False) -> HandoutOptions:
    return HandoutOptions(
        created=CREATED,
        language=language,
        time_zone=CLINIC_ZONE,
        organisation=ORGANISATION,
        identifiers=identifiers,
    )


def knee(language: str = "en") -> tuple[object, SessionRecord]:
    loaded, record = example("knee-osteoarthritis")
    record.pack.language = language
    record.patient = PATIENT
    return localized_pack(loaded, language), record


def test_the_sheets_words() -> None:
    loaded, record = example("knee-osteoarthritis")
    content, plan = loaded.content, record.plan
    words = handout_text(loaded.pack, record, sheet_options())
    assert words.title == "What we talked about today"
    assert words.decision == loaded.meta.decision
    assert words.when == "Your consultation on 25 November 2026 at Riverside Health Centre"
    parts = {p.heading: p.texts for p in words.parts}
    assert list(parts) == [
        "What we discussed",
        "What matters to you",
        "Where you are now",
        "Your questions",
        "What happens next",
        "Where to get support",
    ]
    option = content.options[0]
    assert f"{option.name}: {option.description}" in parts["What we discussed"]
    ratings = {r.concern_id: r.importance for r in record.ratings}
    mattering = [v.concern for v in content.values if ratings.get(v.id, 0) >= 3]
    mattering += [c.text for c in record.own_concerns if c.importance >= 3]
    assert mattering and parts["What matters to you"] == mattering
    assert plan.leaning is not None
    leaning = content.option(plan.leaning.removeprefix("option:")).name
    assert parts["Where you are now"] == [f"You are leaning towards: {leaning}."]
    assert parts["Your questions"] == plan.questions
    assert parts["What happens next"] == [
        plan.next_steps,
        "Your next appointment: Wednesday, 9 December 2026",
    ]
    chosen = {r.id: r for r in content.support}[plan.resources[0]]
    assert f"{chosen.name}: {chosen.offers} {chosen.contact}" in parts["Where to get support"]
    assert "The person you named to help you: Sam" in parts["Where to get support"]
    assert words.example.startswith("Example content, not yet checked by a clinician")
    assert words.notes[0] == "This sheet is for you to keep. It is not your medical record."
    assert words.patient == []


def test_plain_words_when_little_was_said() -> None:
    loaded, record = example("psa-screening")
    empty = SessionRecord(id="empty", pack=record.pack, started=CREATED, updated=CREATED)
    parts = {p.heading: p.texts for p in handout_text(loaded.pack, empty, sheet_options()).parts}
    assert parts["What matters to you"] == ["You did not mark anything as mattering a lot to you."]
    assert parts["Where you are now"] == [
        "You have not chosen yet. That is fine: take the time you need."
    ]
    assert parts["What happens next"] == ["No date was set for a next appointment."]
    # With nothing chosen, every support resource of the pack is offered.
    assert len(parts["Where to get support"]) == len(loaded.content.support)


def test_no_identifiers_unless_the_clinician_asks(tmp_path: Path) -> None:
    pack, record = knee()
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(build_handout(pack, record, sheet_options()))  # type: ignore[arg-type]
    text = " ".join(pages_text(pdf))
    data = pdf.read_bytes()
    for identifier in ("Jane Doe", "Clinic 123456", "4 May 1956", record.id):
        assert identifier not in text
        assert identifier.encode() not in data  # nor in the metadata
    assert b"/Sig" not in data  # not signed
    pdf.write_bytes(
        build_handout(pack, record, sheet_options(identifiers=True))  # type: ignore[arg-type]
    )
    text = " ".join(" ".join(pages_text(pdf)).split())
    assert "Name: Jane Doe · Identifier: Clinic 123456 · Date of birth: 4 May 1956" in text
    assert record.id not in text


def test_always_one_page(tmp_path: Path) -> None:
    pack, record = knee()
    words = "word " * 80
    record.plan.questions = [f"Question {n}: {words}" for n in range(40)]
    record.plan.next_steps = "\n".join(f"Step {n}: {words}" for n in range(10))
    record.own_concerns = [
        OwnConcern(id=f"own-{n}", text=f"Concern {n} {words}", importance=4) for n in range(20)
    ]
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(build_handout(pack, record, sheet_options()))  # type: ignore[arg-type]
    pages = pages_text(pdf)
    assert len(pages) == 1
    assert "Question 0:" in pages[0] and re.search(r"… and \d+ more", pages[0])
    assert "Where to get support" in pages[0]  # nothing at the end is lost


@pytest.mark.parametrize("language", ["cy", "pl", "ar"])
def test_in_the_patients_language(tmp_path: Path, language: str) -> None:
    pack, record = knee(language)
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(build_handout(pack, record, sheet_options(language)))  # type: ignore[arg-type]
    text = _pdftotext(pdf)
    english = ["What we talked about today", "What we discussed", "Where to get support"]
    with using(language):
        headings = [_(h) for h in english]
    assert [h for h, e in zip(headings, english, strict=True) if h == e] == []  # translated
    for heading in headings:
        assert " ".join(heading.split()) in " ".join(text.split())
    assert not any(e in text for e in english)
    assert pack.meta.decision.split()[0] in text  # type: ignore[attr-defined]
    assert re.search("[\\ufb50-\\ufdff\\ufe70-\\ufeff]", text) is None  # Arabic as letters


@pytest.mark.pdfa
def test_the_sheet_is_pdfa_1b(tmp_path: Path, preflight: list[str]) -> None:
    for language in ("en", "ar"):
        pack, record = knee(language)
        pdf = tmp_path / f"sheet-{language}.pdf"
        pdf.write_bytes(
            build_handout(pack, record, sheet_options(language))  # type: ignore[arg-type]
        )
        validate(preflight, pdf)


def _pdftotext(pdf: Path) -> str:
    result = run(tool("pdftotext", "poppler-utils"), "-layout", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_sheet_gives_the_kiosk_code_while_it_waits() -> None:
    loaded, record = example("knee-osteoarthritis")
    record.collaborate = record.collaborate.model_copy(
        update={"explained": None, "listened": None, "included": None}
    )
    plain = handout_text(loaded.pack, record, sheet_options())
    assert "Three questions about today" not in [p.heading for p in plain.parts]
    given = KioskCollaborate(code="K7M4XP", issued=CREATED, expires=CREATED + timedelta(hours=24))
    record.collaborate.kiosk = given
    words = handout_text(loaded.pack, record, sheet_options())
    parts = {p.heading: p.texts for p in words.parts}
    headings = list(parts)
    assert headings.index("Three questions about today") == headings.index("What happens next") + 1
    text = " ".join(parts["Three questions about today"])
    assert '"I have seen my clinician"' in text and "K7M\u00a04XP" in text
    assert "Valid until" in text and "tomorrow" in text
    for answer in ("explained", "listened", "included"):
        assert answer not in text
    record.collaborate.kiosk = given.model_copy(update={"answered": CREATED})
    answered = handout_text(loaded.pack, record, sheet_options())
    assert "Three questions about today" not in [p.heading for p in answered.parts]
    record.collaborate.kiosk = given
    with using("cy"):
        welsh = handout_text(loaded.pack, record, sheet_options("cy"))
    last = [p for p in welsh.parts if "K7M\u00a04XP" in " ".join(p.texts)]
    assert len(last) == 1 and last[0].heading != "Three questions about today"
