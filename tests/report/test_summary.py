"""The summary PDF says everything the consultation showed, matches its golden text, and
puts the signatures where the signing step expects them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.dates import format_date
from PIL import Image

from decision_aid.content.risk_text import figure_sentence, outcome_heading
from decision_aid.report import styles as st
from decision_aid.report.summary import build_record, build_summary, provenance_keywords
from decision_aid.session import scoring
from decision_aid.session.fit_words import fit_words
from decision_aid.session.model import OwnConcern, Person, SessionRecord, Supporter
from tests.report.common import (
    GOLDEN,
    PACK_IDS,
    example,
    golden_text,
    options,
    pages_text,
    run,
    session_attachment,
    tool,
    words_on_page,
)
from tests.report.conftest import Records


def squeeze(text: str) -> str:
    """Text without any whitespace: lines wrap anywhere, even inside long addresses."""
    return re.sub(r"\s+", "", text)


def raw_text(pdf: Path) -> str:
    result = run(tool("pdftotext", "poppler-utils"), "-raw", str(pdf), "-")
    assert result.returncode == 0, result.stderr
    return result.stdout


def expected_strings(pack_id: str) -> list[str]:
    """Every figure, score, option and plan item the example session shows."""
    loaded, record = example(pack_id)
    content, meta, plan = loaded.content, loaded.meta, record.plan
    visible = [o.id for o in content.options if o.id not in record.hidden_options]
    wanted = [meta.decision, meta.title, *(content.option(o).name for o in visible)]
    group = content.baseline_group(record.risk_group)
    outcomes = {o.id: o.stratum(group) for o in content.outcomes}
    shown = [s.item.removeprefix("outcome:") for s in record.shown]
    for key in dict.fromkeys(k for k in shown if outcomes.get(k) is not None):
        outcome = outcomes[key]
        assert outcome is not None
        if group is not None:
            wanted.append(group.label)
        wanted.append(outcome_heading(outcome))
        for option in visible:
            figure = outcome.figures[option]
            wanted.append(figure_sentence(outcome, figure))
            if figure.count is not None:
                wanted.append(f"{figure.count} will")
        for ref in outcome.citations:
            wanted += [r.citation for r in content.references if r.id == ref]
    knowledge = scoring.knowledge_score(content, record)
    wanted.append(f"{knowledge.correct} of {knowledge.total} answered correctly")
    sure = scoring.sure_score(record.sure)
    assert sure.score is not None
    wanted.append(f"{sure.score} of 4: " + ("decisional conflict" if sure.conflict else "no"))
    assert plan.leaning is not None and plan.leaning.startswith("option:")
    wanted.append("Leaning " + content.option(plan.leaning.removeprefix("option:")).name)
    wanted += plan.questions
    wanted += [s.name for s in plan.supporters] + [s.note for s in plan.supporters]
    resources = {r.id: r for r in content.support}
    wanted += [f"{resources[k].name} — {resources[k].contact}" for k in plan.resources]
    wanted.append(plan.next_steps)
    if plan.follow_up:
        wanted.append(format_date(plan.follow_up, format="full", locale="en_GB"))
    wanted += [f"{meta.id}, version {meta.version}", loaded.content_hash, record.id]
    wanted += [
        format_date(d, format="long", locale="en_GB") for d in (meta.published, meta.review_due)
    ]
    wanted += ["decision-aid 0.1.0", "25 November 2026, 10:20 GMT"]
    for question in content.questions:  # the grid's answers for the rows looked at
        if f"row:{question.id}" in {s.item for s in record.shown}:
            wanted.append(question.text)
            wanted += [question.answers[o].text for o in visible]
    assert record.clinician is not None and record.clinician.name
    wanted.append(record.clinician.name)
    for fit in scoring.option_fits(content, record):
        if fit.fit is not None and fit.option_id in visible:
            wanted.append(fit_words(fit.fit))  # in words, never a signed decimal
    wanted += [c.concern for c in content.values] + [c.text for c in record.own_concerns]
    wanted.append("It is not a recommendation.")
    return [w for w in wanted if w]


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_text_has_everything_the_session_shows(records: Records, pack_id: str) -> None:
    """... and no signed decimal for a fit ('Fits partly (+0.62)')."""
    text = squeeze(raw_text(records[pack_id, "3b"]))
    missing = [w for w in expected_strings(pack_id) if squeeze(w) not in text]
    assert not missing
    assert not re.search(r"\([+−-]?\d\.\d\d\)", text)


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_text_per_page_matches_golden(records: Records, pack_id: str) -> None:
    golden = (GOLDEN / f"{pack_id}.txt").read_text()
    actual = golden_text(pages_text(records[pack_id, "3b"]))
    assert actual == golden, "if intended: .venv/bin/python -m tests.report.make_golden"


@pytest.mark.parametrize("pack_id", PACK_IDS)
def test_the_1b_rendering_has_the_same_text(records: Records, pack_id: str) -> None:
    assert pages_text(records[pack_id, "1b"]) == pages_text(records[pack_id, "3b"])


def _build(tmp_path: Path, pack_id: str = "statins-primary-prevention", **changes: object) -> Path:
    loaded, record = example(pack_id)
    record.patient = changes.pop("patient", None)  # type: ignore[assignment]
    record.hidden_options = changes.pop("hidden", [])  # type: ignore[assignment]
    path = tmp_path / "record.pdf"
    path.write_bytes(build_summary(loaded, record, options(**changes)))
    return path


def test_patient_identifiers_appear_only_when_entered(tmp_path: Path) -> None:
    pages = pages_text(_build(tmp_path))
    assert all("No patient details were entered for this record." in page for page in pages)
    assert all("Jane Doe" not in page for page in pages)
    person = Person(name="Jane Doe", identifier="Clinic 123456")
    pages = pages_text(_build(tmp_path, patient=person))
    banner = re.compile(r"Patient\s+Jane Doe\s+Identifier\s+Clinic 123456")
    assert len(pages) > 2 and all(banner.search(page) for page in pages)
    assert all("Date of birth" not in page for page in pages)  # not given, not printed


def test_hidden_options_are_listed_as_not_discussed(tmp_path: Path) -> None:
    loaded, _record = example("knee-osteoarthritis")
    text = raw_text(_build(tmp_path, "knee-osteoarthritis", hidden=["replacement"]))
    assert "Not discussed: Knee replacement" in text
    heading = re.compile(r"^Knee replacement$", re.M)
    assert not heading.search(text.split("Risk figures shown")[1].split("Check")[0])
    death = next(o for o in loaded.content.outcomes if o.id == "death_45d").stratum(None)
    assert death is not None
    assert squeeze(figure_sentence(death, death.figures["replacement"])) not in squeeze(text)


def test_dates_follow_the_locale(tmp_path: Path) -> None:
    text = raw_text(_build(tmp_path, locale="cy"))
    assert "25 Tachwedd 2026 10:20 GMT" in text


def _images(pdf: Path) -> list[str]:
    result = run(tool("pdfimages", "poppler-utils"), "-list", str(pdf))
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines()[2:] if line.strip()]


def _png(size: tuple[int, int], colour: tuple[int, int, int, int]) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste(colour, (size[0] // 4, size[1] // 3, 3 * size[0] // 4, 2 * size[1] // 3))
    image.save(out, "PNG")
    return out.getvalue()


def test_handwritten_signatures_and_logo_are_drawn_flat(tmp_path: Path) -> None:
    assert _images(_build(tmp_path)) == []
    signatures = {
        "patient": _png((300, 90), (0, 0, 80, 255)),
        "clinician": _png((300, 90), (0, 0, 0, 255)),
    }
    person = Person(name="Jane Doe")
    pdf = _build(
        tmp_path, patient=person, signatures=signatures, logo=_png((200, 80), (0, 90, 180, 255))
    )
    images = _images(pdf)
    assert len(images) == 3
    assert all(" rgb " in line and " no " in line.split(" rgb ")[1][:40] for line in images)
    last = pages_text(pdf)[-1]
    assert "Jane Doe" in last and "Patient's signature" in last and "Clinician's signature" in last


@pytest.mark.parametrize("language", ["en_GB", "ar"])
def test_the_signature_box_is_blank_and_under_the_clinicians_signature(
    tmp_path: Path, language: str
) -> None:
    loaded, record = example("psa-screening")
    built = build_record(loaded, record, options(locale=language))
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(built.pdf)
    pages = pages_text(pdf)
    place = built.signature
    assert place.page == len(pages)  # the block closes the record
    prefix = tmp_path / "last"
    result = run(
        tool("pdftoppm", "poppler-utils"),
        "-gray", "-png", "-r", "72", "-f", str(place.page), "-l", str(place.page),
        str(pdf), str(prefix),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (png,) = tmp_path.glob("last*.png")
    with Image.open(png) as opened:
        page = opened.convert("L")
    height = page.height
    x1, y1, x2, y2 = (round(v) for v in place.box)
    assert page.crop((x1 + 1, height - y2 + 1, x2 - 1, height - y1 - 1)).getextrema() == (255, 255)
    above = page.crop((x1, height - y2 - 60, x2, height - y2))
    assert above.getextrema()[0] < 128  # the caption and the clinician's line
    # Under the clinician's column: on the right left to right, on the left right to left
    # (it used to sit under the patient's column in an Arabic record).
    middle = st.PAGE_WIDTH / 2
    assert (x1 > middle) if language == "en_GB" else (x2 < middle)
    words = words_on_page(pdf, place.page)
    clinician = [x for x, _y, word in words if word == "Example,"]  # Dr A. Example, GP
    assert clinician and all(x1 - 1 <= x <= x2 for x in clinician)


def test_bad_options_are_refused() -> None:
    loaded, record = example("psa-screening")
    with pytest.raises(ValueError, match="PDF/A-1b"):
        build_summary(loaded, record, options(pdfa="1b", attachments=[session_attachment(record)]))
    with pytest.raises(ValueError, match="witness"):
        build_summary(loaded, record, options(signatures={"witness": b""}))
    with pytest.raises(ValueError, match="time zone"):
        build_summary(loaded, record, options(created=options().created.replace(tzinfo=None)))


def test_provenance_keywords_are_search_words_only() -> None:
    loaded, record = example("psa-screening")
    words = provenance_keywords(loaded)
    assert words == f"decision-aid, psa-screening, {loaded.meta.version}"
    assert record.id not in words  # the session id is structured provenance (XMP), not words


@pytest.mark.parametrize("part", [pytest.param("1b", marks=pytest.mark.pdfa), "3b"])
def test_an_empty_session_still_makes_a_record(
    tmp_path: Path, part: str, request: pytest.FixtureRequest
) -> None:
    loaded, example_record = example("psa-screening")
    record = SessionRecord(
        id="empty",
        pack=example_record.pack,
        started=example_record.started,
        updated=example_record.started,
    )
    pdf = tmp_path / "empty.pdf"
    pdf.write_bytes(build_summary(loaded, record, options(pdfa=part)))
    text = raw_text(pdf)
    for phrase in (
        "No risk figures were shown.",
        "Not completed",
        "Not chosen yet",
        "Nobody named",
    ):
        assert phrase in text
    if part == "1b":
        preflight = request.getfixturevalue("preflight")
        result = run(*preflight, str(pdf))
        assert "is a valid PDF/A-1b file" in result.stdout, result.stdout


def test_a_very_long_session_flows_over_pages(tmp_path: Path) -> None:
    """Patients' own words can be long and many: nothing may be too big for a page."""
    loaded, record = example("knee-osteoarthritis")
    words = "word " * 95
    record.own_concerns = [
        OwnConcern(id=f"own-{i}", text=f"{i} {words}", importance=i % 5) for i in range(30)
    ]
    record.plan.questions = [f"Question {i}: {words}" for i in range(40)]
    record.plan.supporters = [
        Supporter(name=f"Person {i}", relationship="friend", note=words) for i in range(20)
    ]
    record.plan.next_steps = ("step " * 999).strip()
    record.hidden_options = [o.id for o in loaded.content.options]
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    text = raw_text(pdf)
    assert "Question 39:" in text and "Person 19" in text and "29 word" in text
    assert "None of the options discussed has a figure here." in text
    assert len(pages_text(pdf)) > 6


def test_characters_the_fonts_lack_become_a_replacement_mark(tmp_path: Path) -> None:
    clinician = Person(name="Dr Siân Ŵyn “Ω” 李 😀", role="GP")
    loaded, record = example("statins-primary-prevention")
    record.clinician = clinician
    record.plan.next_steps = "Line one\nLine two"
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    text = raw_text(pdf)
    assert "Dr Siân Ŵyn “Ω” \ufffd \ufffd, GP" in text
    assert "Line one\nLine two" in text
