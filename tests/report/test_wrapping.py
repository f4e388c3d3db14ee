"""Long unbreakable words: they break inside the line width wherever the record draws
text, and a paragraph in a cell that runs over many pages is broken into lines once per
width, not once per page (which made a record of long words take minutes)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as ReportlabParagraph
from reportlab.platypus import SimpleDocTemplate

from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.blocks import bullets, fields
from decision_aid.report.flowables import RatingRow, RatingsChart
from decision_aid.report.pages import one_line
from decision_aid.report.wrapping import Paragraph, break_wide

WORD = "x" * 450
ARABIC_WORD = "ب" * 450


@pytest.fixture(autouse=True)
def _fonts() -> None:
    st.register_fonts()


def width(text: str, size: float = st.BODY_SIZE) -> float:
    if rtl.is_rtl():
        return rtl.logical_width(text, st.FONT, size)
    return float(stringWidth(text, st.FONT, size))


@pytest.mark.parametrize(
    ("right_to_left", "label"),
    [(False, WORD), (False, f"Short words then {WORD} and more"), (True, ARABIC_WORD)],
)
def test_a_450_character_word_in_the_ratings_chart_wraps_within_its_column(
    right_to_left: bool, label: str
) -> None:
    with rtl.direction(right_to_left):
        chart = RatingsChart([RatingRow(label, 3, "A lot")], st.FRAME_WIDTH)
        [lines] = chart.lines
        room = chart.label_width - 8
        assert len(lines) >= 5
        assert all(width(line) <= room for line in lines)
        drawn = rtl.shape(label) if right_to_left else label
    assert "".join(lines).replace(" ", "") == drawn.replace(" ", "")  # nothing lost
    assert chart.row_heights[0] == len(lines) * st.LEADING


def test_a_long_name_under_a_signature_is_cut_to_its_line() -> None:
    line = one_line(WORD, st.FONT, st.BODY_SIZE, 200 - 8)
    assert line.endswith(" …")
    assert width(line) <= 200 - 8


def test_break_wide_keeps_marks_with_their_letter_and_moves_a_wide_glyph_on() -> None:
    def measure(text: str) -> float:
        return float(len(text))

    assert break_wide("abcdefg", 3, measure) == ["abc", "def", "g"]
    assert break_wide("ab\u0301cd", 2, measure) == ["a", "b\u0301", "cd"]
    assert break_wide("fits", 10, measure) == ["fits"]
    assert break_wide("", 10, measure) == [""]
    assert break_wide("WW", 0.5, measure) == ["W", "W"]


def test_a_paragraph_is_broken_into_lines_once_per_width() -> None:
    calls: list[float] = []
    paragraph = Paragraph(WORD, st.BULLET, bulletText="•")
    real = paragraph.breakLines

    def counted(widths: Any) -> Any:
        calls.append(widths[0])
        return real(widths)

    paragraph.breakLines = counted  # type: ignore[method-assign]
    first = paragraph.wrap(300, 1000)
    assert paragraph.wrap(300, 50) == first
    assert len(calls) == 1
    paragraph.wrap(200, 1000)
    assert len(calls) == 2
    # A split that gives up on the paragraph drops its lines; they are made again.
    assert paragraph.split(200, 5) == []
    again = paragraph.wrap(200, 1000)
    assert len(calls) == 3 and again[1] > first[1]
    parts = paragraph.split(200, again[1] / 2)
    assert len(parts) == 2
    assert all(isinstance(p, Paragraph) for p in parts)


def test_a_cell_of_long_words_over_many_pages_breaks_each_paragraph_a_few_times_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    seen: Counter[tuple[object, float]] = Counter()  # keeps each paragraph alive: no id reuse
    real = ReportlabParagraph.breakLines

    def counted(self: Any, widths: Any) -> Any:
        seen[(self, widths[0])] += 1
        return real(self, widths)

    monkeypatch.setattr(ReportlabParagraph, "breakLines", counted)
    questions = [f"q{n}" + "x" * 498 for n in range(50)]
    story = [fields([("Questions", bullets(questions, "None"))])]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=st.PAGE_SIZE)
    doc.build(story)
    assert doc.page > 5
    # Broken when the table is measured; the one cut at a page end is broken again
    # while the table is split there. Never once per page.
    assert max(seen.values()) <= 3, max(seen.values())
