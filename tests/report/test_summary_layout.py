"""Text too long for its place is shortened visibly, never a crash (reportlab LayoutError)."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth

from decision_aid.content.loader import load_pack
from decision_aid.report import styles as st
from decision_aid.report.summary import MAX_ORGANISATION, build_summary, one_line, shortened
from decision_aid.session.model import Person
from tests.conftest import SHIPPED
from tests.report.common import example, options, pages_text


def test_a_200000_character_organisation_is_shortened_on_the_page(tmp_path: Path) -> None:
    loaded, record = example("knee-osteoarthritis")
    name = "Riverside " + "A" * 200_000
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options(organisation=name)))
    first = pages_text(pdf)[0]
    assert "Riverside AAAA" in first and "…" in first
    assert first.count("A") < MAX_ORGANISATION + 200  # the rest of the page has a few


def test_a_long_clinician_name_and_pack_title_wrap_or_are_cut(tmp_path: Path) -> None:
    folder = tmp_path / "knee-osteoarthritis"
    shutil.copytree(SHIPPED / "knee-osteoarthritis", folder)
    meta = folder / "pack.yaml"
    text = meta.read_text()
    title = 'title: "Knee osteoarthritis: treatment options'
    assert title in text
    meta.write_text(text.replace(title, title + " and" + " more words" * 3000, 1))
    loaded = load_pack(folder)
    _shown, record = example("knee-osteoarthritis")
    record.clinician = Person(name="Dr " + "Verylongname " * 38, role="GP")
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(build_summary(loaded, record, options()))
    pages = pages_text(pdf)
    assert "Verylongname" in pages[0]
    header = pages[1].splitlines()[0]
    assert header.startswith("Record of a shared decision · Knee osteoarthritis")
    assert header.endswith("…")


def test_one_line_fits_the_width_and_marks_the_cut() -> None:
    st.register_fonts()
    text = "word " * 400
    line = one_line(text, st.FONT, 7.5, 300)
    assert line.endswith(" …") and stringWidth(line, st.FONT, 7.5) <= 300
    assert one_line("short", st.FONT, 7.5, 300) == "short"


def test_shortened_keeps_short_text_and_marks_long_text() -> None:
    assert shortened("Clinic", 10) == "Clinic"
    assert shortened("x" * 20, 10) == "x" * 9 + "…"
