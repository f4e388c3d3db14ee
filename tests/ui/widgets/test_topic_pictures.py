"""The app's own topic pictures: one for every name the format allows, each distinct, drawn
in the colours asked for at any size."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from decision_aid.content.topics import TOPIC_ICONS
from decision_aid.ui.widgets.topic_pictures import DEFAULT, PICTURES, topic_pixmap

INK = QColor("#0b2a4a")
DISC = QColor("#e8f1fb")
BLACK, WHITE = QColor("#000000"), QColor("#ffffff")


def image(name: str | None, side: int = 96, **colours: QColor) -> QImage:
    ink, back = colours.get("ink", INK), colours.get("back", DISC)
    return topic_pixmap(name, side, ink=ink, back=back, ring=colours.get("ring")).toImage()


def share(picture: QImage, colour: QColor) -> float:
    """How much of the picture is (nearly) ``colour``."""
    hits = 0
    for y in range(picture.height()):
        for x in range(picture.width()):
            pixel = picture.pixelColor(x, y)
            if pixel.alpha() > 200 and all(
                abs(a - b) < 40
                for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3], strict=True)
            ):
                hits += 1
    return hits / (picture.width() * picture.height())


def test_every_name_has_a_picture_and_so_has_a_pack_without_one() -> None:
    assert set(PICTURES) == {*TOPIC_ICONS, DEFAULT}


@pytest.mark.parametrize("name", [*TOPIC_ICONS, None])
def test_each_picture_is_a_clear_drawing_on_its_disc(qtbot: QtBot, name: str | None) -> None:
    picture = image(name)
    assert 0.06 < share(picture, INK) < 0.45, "lines, not a blot or a blank"
    assert share(picture, DISC) > 0.2
    assert picture.pixelColor(0, 0).alpha() == 0, "round: the corners stay clear"


def test_the_pictures_differ_from_each_other(qtbot: QtBot) -> None:
    drawn = {name: image(name, 64) for name in PICTURES}
    for first, second in itertools.combinations(drawn, 2):
        assert drawn[first] != drawn[second], (first, second)
    assert image(None, 64) == drawn[DEFAULT]


@pytest.mark.parametrize("name", ["knee", "blood-test", "heart", None])
def test_high_contrast_is_white_on_black_with_a_white_ring(qtbot: QtBot, name: str | None) -> None:
    picture = image(name, 96, ink=WHITE, back=BLACK, ring=WHITE)
    colours = {picture.pixelColor(x, y).getRgb()[:3] for x in range(96) for y in range(96)}
    assert all(red == green == blue for red, green, blue in colours), "greys only"
    assert share(picture, WHITE) > 0.08 and share(picture, BLACK) > 0.3
    assert picture.pixelColor(48, 1) == WHITE, "the ring at the top of the disc"


@pytest.mark.parametrize("side", [48, 64, 96, 160])
def test_a_picture_fills_the_size_asked_for(qtbot: QtBot, side: int) -> None:
    picture = image("lungs", side)
    assert picture.width() == picture.height() == side
    assert picture.pixelColor(side // 2, 1).alpha() > 0
    assert 0.06 < share(picture, INK) < 0.45
