"""Right-to-left lines: python-bidi's order, mirrored brackets, phone numbers kept whole,
style runs, and glyphs that read back as letters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PIL import Image

from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.arabic_font import LIGATURE_MARK, letters_of, to_unicode_cmap
from tests.report.common import run, tool

PHONE_LINE = "اتصل بالرقم 0808 808 00 00 أو زر https://example.org/help/ اليوم"


def test_bidi_order_per_line() -> None:
    arabic = rtl.shape("من بين 100 شخص مثلك، 6 سيصابون (تقريبا) خلال 10 سنوات")
    shown = rtl.display(arabic)
    assert "100" in shown and "001" not in shown and "01" not in shown.split()
    assert shown.index("10 ") < shown.index("6") < shown.index("100")  # read from the right
    # A line without Arabic keeps its left-to-right order.
    assert rtl.display("Dr A. Example, GP") == "Dr A. Example, GP"
    assert rtl.display("What happens next? (Soon)") == "What happens next? (Soon)"


def test_brackets_and_guillemets_are_mirrored_in_right_to_left_text() -> None:
    # get_display leaves mirroring to the renderer: unmirrored, '(تقريبا)' shows as ')…('.
    shown = rtl.display("كلمة (تقريبا) و«اسم» هنا")
    assert re.search(r"\([^()]+\)", shown) and re.search("«[^«»]+»", shown)
    assert ")" not in shown.split("(")[0]
    # A bracket inside a left-to-right run stays as it is.
    shown = rtl.display("كلمة Smith (2010) هنا")
    assert "Smith" in shown and ")" in shown


def test_a_bracket_at_the_edge_of_a_left_to_right_run_goes_with_its_partner() -> None:
    # A directory's name ending an Arabic line: its ')' stood between 'l' and the
    # Arabic label, and was drawn as '(' ("(fictional(").
    shown = rtl.display("أين: Riverside Action (fictional)")
    assert shown.startswith("Riverside Action (fictional)")
    assert "(2010)" in rtl.display("كلمة Smith (2010) هنا")  # was ")2010("
    # Brackets ordered right to left are still mirrored, as are those inside Arabic.
    assert "(fictional)" in rtl.display("الاسم (fictional) هنا")
    assert re.search(r"\([^()]+\)", rtl.display("الاسم (تقريبا) هنا"))


def test_phone_numbers_and_addresses_keep_their_order() -> None:
    shown = rtl.display(PHONE_LINE)
    assert "0808 808 00 00" in shown  # not "00 00 808 0808"
    assert "https://example.org/help/" in shown  # the trailing "/" stays at the end
    assert shown.index("https") < shown.index("0808")  # read from the right: phone first


def test_wrapping_never_splits_a_phone_number() -> None:
    st.register_fonts()
    for width in range(60, 400, 7):
        lines = rtl.wrap(PHONE_LINE, st.FONT, 9, width)
        holding = [line for line in lines if "0808" in line]
        assert len(holding) == 1 and "00" in holding[0].rsplit("0808", 1)[1]
        assert any("0808 808 00 00" in rtl.display(line, True) for line in lines)


def test_each_style_run_is_ordered_on_its_own() -> None:
    st.register_fonts()
    runs = [
        rtl.Run("مرحبا ", st.FONT, 9),
        rtl.Run("Hello world", st.BOLD, 9),
        rtl.Run(" 100 شخص", st.FONT, 9),
    ]
    pieces = rtl.line_pieces(runs, rtl=True)
    text = "".join(p.text for p in pieces)
    # Right to left: the first run on the right, the last on the left.
    assert text.index("100") < text.index("Hello world") < text.index("\u0645")
    bold = [p for p in pieces if "Hello" in p.text]
    assert bold and all(p.font == st.BOLD for p in bold)
    arabic = [p for p in pieces if rtl.is_arabic(p.text.strip()[:1] or " ")]
    assert arabic and all(p.font == st.ARABIC for p in arabic)
    left_to_right = rtl.line_pieces(runs[1:2], rtl=False)
    assert [p.text for p in left_to_right] == ["Hello world"]


class Recorder:
    """A canvas that records what is drawn."""

    def __init__(self) -> None:
        self.drawn: list[tuple[str, str, float]] = []
        self.literals: list[str] = []
        self.font = ""

    def setFont(self, font: str, size: float) -> None:  # noqa: N802
        self.font = font

    def setFillColor(self, colour: Any) -> None:  # noqa: N802
        pass

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        self.drawn.append((self.font, text, x))

    def addLiteral(self, text: str) -> None:  # noqa: N802
        self.literals.append(text)


def test_lines_are_drawn_shaped_with_marks_for_extraction() -> None:
    st.register_fonts()
    canvas = Recorder()
    rtl.draw_line(canvas, 500, 100, "العلاج (قريبا)", st.FONT, 9, "right")
    drawn = "".join(text for _font, text, _x in canvas.drawn)
    assert all(0xFE70 <= ord(ch) <= 0xFEFF for ch in drawn if rtl.is_arabic(ch))
    assert "\ufefc" + LIGATURE_MARK in drawn  # the lam-alef ligature, then its lam's mark
    # Both brackets are drawn mirrored, each saying what it reads as.
    assert canvas.literals.count("EMC") == 2
    assert [lit for lit in canvas.literals if "ActualText" in lit] == [
        "/Span <</ActualText <FEFF0029>>> BDC",
        "/Span <</ActualText <FEFF0028>>> BDC",
    ]
    xs = [x for _font, _text, x in canvas.drawn]
    assert xs == sorted(xs)  # left to right


def test_glyphs_read_back_as_letters() -> None:
    assert letters_of(0xFE8E) == "\u0627"  # a final alef reads as alef
    assert letters_of(0xFEB3) == "\u0633"  # an initial seen reads as seen
    assert letters_of(0xFEFB) == "\u0627"  # lam-alef: the alef; its mark is the lam
    assert letters_of(0xFEF7) == "\u0623"
    assert letters_of(ord(LIGATURE_MARK)) == "\u0644"
    assert letters_of(ord("A")) == "A"
    cmap = to_unicode_cmap("ABCDEF+Noto", [0, 0xFE8E, ord(LIGATURE_MARK)])
    assert "<01> <0627>" in cmap and "<02> <0644>" in cmap and "3 beginbfchar" in cmap


def test_the_ligature_mark_draws_nothing(tmp_path: Path) -> None:
    """The mark is for extraction only: a lam-alef looks the same with it as without."""
    from reportlab.pdfgen.canvas import Canvas

    st.register_fonts()

    def ink(text: str, font: str) -> list[int]:
        pdf = tmp_path / "mark.pdf"
        canvas = Canvas(str(pdf), pagesize=(80, 60))
        canvas.setFont(font, 40)
        canvas.drawString(10, 15, text)
        canvas.save()
        result = run(tool("pdftoppm", "poppler-utils"), "-gray", "-png", "-r", "144",
                     "-singlefile", str(pdf), str(tmp_path / "mark"))  # fmt: skip
        assert result.returncode == 0, result.stderr
        with Image.open(tmp_path / "mark.png") as image:
            return list(image.convert("L").tobytes())

    for font in (st.ARABIC, st.ARABIC_BOLD):
        assert ink("\ufefb" + LIGATURE_MARK, font) == ink("\ufefb", font)
