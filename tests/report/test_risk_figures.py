"""The record's risk pages: the chosen group, what changes, good or bad, and where notes sit."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC
from html import unescape
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from decision_aid.content.icon_layout import CellState, palette
from decision_aid.i18n import using
from decision_aid.report import rtl
from decision_aid.report.blocks import Build, Words
from decision_aid.report.icon_flowables import IconArrayFlowable, IconSwatch
from decision_aid.report.risk_figures import _side_by_side
from decision_aid.report.wrapping import Paragraph
from tests.report.common import build, example, options, pages_text, tool

WORD = re.compile(
    r'<word xMin="(?P<x0>[\d.]+)" yMin="(?P<y0>[\d.]+)" xMax="(?P<x1>[\d.]+)" '
    r'yMax="(?P<y1>[\d.]+)">(?P<text>[^<]*)</word>'
)
PAGE = re.compile(r"<page .*?</page>", re.S)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _text(pdf: Path) -> str:
    return " ".join(" ".join(pages_text(pdf)).split())


def _words(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, every word with its left edge and top (pdftotext -bbox)."""
    result = subprocess.run(
        [tool("pdftotext", "poppler-utils"), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return [
        [(float(m["x0"]), float(m["y0"]), unescape(m["text"])) for m in WORD.finditer(page)]
        for page in PAGE.findall(result.stdout)
    ]


def _find(words: list[tuple[float, float, str]], phrase: str) -> tuple[float, float]:
    """Left edge and top of the first place the words of ``phrase`` follow one another."""
    wanted = phrase.split()
    texts = [w[2] for w in words]
    for start in range(len(texts) - len(wanted) + 1):
        if texts[start : start + len(wanted)] == wanted:
            return words[start][0], words[start][1]
    raise AssertionError(f"{phrase!r} is not on the page")


def _has(words: list[tuple[float, float, str]], phrase: str) -> bool:
    try:
        _find(words, phrase)
    except AssertionError:
        return False
    return True


def test_the_range_note_sits_under_the_option_whose_picture_has_the_range(
    tmp_path: Path,
) -> None:
    """The legend's 'maybe' entry once sat under the wrong option's column."""
    pdf = _write(tmp_path, "statins.pdf", build("statins-primary-prevention"))
    heading = "How many will report muscle aches"
    page = next(p for p in _words(pdf) if _has(p, heading))
    heading_y = _find(page, heading)[1]
    below = [w for w in page if w[1] > heading_y]
    statin_x, names_y = _find(below, "Take a statin")
    none_x, none_y = _find(below, "No statin: healthy habits only")
    assert none_y == pytest.approx(names_y) and statin_x < none_x
    # Muscle aches: 27 (27 to 28) with a statin, 27 without. One striped person, the statin's.
    note_x, note_y = _find(below, "not in the best estimate, but the range says maybe")
    assert statin_x <= note_x < none_x, "the note sits in the statin's column"
    assert note_y > names_y
    # The shared legend names only what both pictures show, from the start of the line.
    legend_x, _legend_y = _find(below, "will report muscle aches or weakness")
    assert legend_x < statin_x + 20
    assert sum(w[2] == "maybe" for w in below if w[1] < heading_y + 400) == 1


def test_right_to_left_keeps_each_note_in_its_options_column() -> None:
    loaded, record = example("statins-primary-prevention")
    with using("ar"), rtl.direction(True):
        pack_content = loaded.content
        build_ = Build(loaded, loaded.meta, pack_content, record, options(), Words("ar", UTC))
        aches = next(o for o in pack_content.outcomes if o.id == "muscle-aches").stratum(None)
        assert aches is not None
        grid, drawn = _side_by_side(build_, aches, ["statin", "no-statin"])
    assert CellState.MAYBE in drawn
    names, pictures, below = grid._cellvalues  # reportlab keeps a table's cells here
    # Right to left, the first option (the statin) is the last, right-hand column.
    statin = len(names) - 1
    assert isinstance(pictures[statin], IconArrayFlowable) and pictures[statin].mirrored
    assert pictures[statin].count == 27
    statin_notes = [f for f in below[statin] if not isinstance(f, Paragraph)]
    other_notes = [f for f in below[0] if not isinstance(f, Paragraph)]
    assert statin_notes and not other_notes, "the range note goes under the statin only"


def _raster(flowable: IconArrayFlowable, tmp_path: Path) -> Image.Image:
    pdf = tmp_path / "array.pdf"
    canvas = Canvas(str(pdf), pagesize=(flowable.width, flowable.height))
    flowable.drawOn(canvas, 0, 0)
    canvas.save()
    subprocess.run(
        [tool("pdftoppm", "poppler-utils"), "-png", "-r", "288", str(pdf), str(tmp_path / "a")],
        check=True,
        timeout=120,
    )
    return Image.open(next(tmp_path.glob("a*.png"))).convert("RGB")


def _colour_of(
    image: Image.Image, flowable: IconArrayFlowable, index: int, across: float = 0.33
) -> str:
    """The colour in an icon's body, ``across`` its width, clear of the dot (4 px a point)."""
    x, y = flowable.cell_origin(index)
    cell = flowable.cell
    px = round((x + cell * across) * 4)
    py = round((flowable.height - (y + cell * 0.3)) * 4)
    return "#{:02X}{:02X}{:02X}".format(*image.getpixel((px, py)))


def test_the_pdf_draws_the_changed_people_in_their_own_colour(tmp_path: Path) -> None:
    colours = palette("bad", "gain")
    statin = IconArrayFlowable(6, 100, width=200, low=6, high=8, compare=10, colours=colours)
    assert statin.states[6:10] == [
        CellState.CHANGED_MAYBE,
        CellState.CHANGED_MAYBE,
        CellState.CHANGED,
        CellState.CHANGED,
    ]
    image = _raster(statin, tmp_path)
    assert _colour_of(image, statin, 0) == colours.event
    assert _colour_of(image, statin, 9) == colours.changed
    assert _colour_of(image, statin, 50, across=0.5) == "#FFFFFF"


def test_an_array_of_1000_carries_its_magnified_corner(tmp_path: Path) -> None:
    array = IconArrayFlowable(49, 1000, width=228, low=46, high=61, compare=45, zoom=1)
    assert CellState.MAYBE not in array.states, "the range is given in words"
    assert array.zoom_cell >= 8 and array.cell < 3
    first, last = array.zoom_origin(0), array.zoom_origin(99)
    assert first[0] > array.cell_origin(999)[0], "beside the whole array"
    assert last[0] > first[0] and last[1] < first[1]
    mirrored = IconArrayFlowable(49, 1000, width=228, zoom=1, mirrored=True)
    assert mirrored.zoom_origin(0)[0] < mirrored.cell_origin(0)[0]
    two = IconArrayFlowable(178, 1000, width=228, low=125, high=200, compare=0, zoom=2)
    assert two.zoom_origin(0)[1] < two.cell_origin(999)[1], "two blocks go below"
    assert two.zoom_origin(199)[0] > two.zoom_origin(99)[0]
    swatch = IconSwatch(CellState.CHANGED, palette("bad", "loss"), 9, person=True)
    assert swatch.wrap(100, 100) == (9, 9)


def test_the_record_shows_the_chosen_group_what_changes_and_good_or_bad(
    tmp_path: Path,
) -> None:
    text = _text(_write(tmp_path, "statins.pdf", build("statins-primary-prevention")))
    assert "These figures are for: A risk of 10 out of 100 in the next 10 years" in text
    assert "No personal risk was worked out." in text
    assert "whose heart risk score is 10 out of 100" in text
    assert "20 out of 100 in the next 10 years" not in text.split("Risk figures shown")[1]
    assert (
        "3 people will not get heart disease (such as a heart attack or angina) or have a "
        "stroke because of “Take a statin”. Without it, they would."
    ) in text
    assert "1 person will be diagnosed with type 2 diabetes because of “Take a statin”." in text
    assert text.count("A bad outcome") == 3
    assert "Careful:" not in text, "every statin picture counts 100 people"
    knee = _text(_write(tmp_path, "knee.pdf", build("knee-osteoarthritis")))
    assert knee.count("A good outcome") == 2 and knee.count("A bad outcome") == 3
    assert "Careful: not every picture counts the same number of people." in knee
    assert "Pictures of 1000 people" in knee
    psa = _text(_write(tmp_path, "psa.pdf", build("psa-screening")))
    assert "The first 200 of the 1000 people are also drawn bigger" in psa
    assert "Careful:" not in psa


def test_with_no_group_chosen_the_record_says_so_and_shows_none(tmp_path: Path) -> None:
    loaded, record = example("statins-primary-prevention")
    record.risk_group = None
    from decision_aid.report.summary import build_summary

    pdf = _write(tmp_path, "nogroup.pdf", build_summary(loaded, record, options()))
    text = _text(pdf)
    assert (
        "No group was chosen for the figures that depend on the patient's baseline risk, "
        "so they were not shown: How many will get heart disease"
    ) in text
    assert "whose QRISK3 risk is" not in text
    assert "How many will report muscle aches" in text
