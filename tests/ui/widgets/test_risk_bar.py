"""The bar view: the count as a share, the range striped, the same text alternative."""

from __future__ import annotations

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from decision_aid.content.icon_layout import palette
from decision_aid.ui.widgets.risk_bar import RiskBar


def test_bar_text_alternative(qtbot: QtBot) -> None:
    bar = RiskBar(
        6, 100, low=6, high=8, colours=palette("good"), event="have a stroke", over="10 years"
    )
    qtbot.addWidget(bar)
    assert bar.accessibleName() == "Bar of 6 out of 100"
    assert bar.accessibleDescription() == (
        "Out of 100 people like you, over 10 years, 6 will have a stroke, and 94 will not. "
        "The evidence says it could be anywhere from 6 to 8."
    )


def test_bar_fills_the_share_of_the_count(qtbot: QtBot) -> None:
    bar = RiskBar(30, 100, colours=palette("bad"))
    qtbot.addWidget(bar)
    bar.resize(401, bar.sizeHint().height())
    image = bar.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    y = bar.bar_rect().center().y()
    inside = image.pixelColor(60, int(y)).value()
    outside = image.pixelColor(300, int(y)).value()
    assert inside < 160 and outside == 255
    # The edge of the solid part sits at 30 % of the bar.
    edge = next(x for x in range(2, 400) if image.pixelColor(x, int(y)).value() > 200)
    assert abs(edge - 1 - 0.3 * 399) <= 2


def test_small_count_is_still_visible(qtbot: QtBot) -> None:
    bar = RiskBar(2, 1000, colours=palette("bad"))
    qtbot.addWidget(bar)
    bar.resize(300, bar.sizeHint().height())
    image = bar.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    y = int(bar.bar_rect().center().y())
    assert image.pixelColor(1, y).value() < 200


def test_bar_shows_the_changed_people_in_their_colour(qtbot: QtBot) -> None:
    colours = palette("bad", "gain")
    bar = RiskBar(6, 100, compare=10, colours=colours, extra="4 people will not.")
    qtbot.addWidget(bar)
    bar.resize(401, bar.sizeHint().height())
    assert bar.changed == (6, 10)
    assert bar.accessibleDescription().endswith("4 people will not.")
    image = bar.grab().toImage()
    y = int(bar.bar_rect().top() + 3)
    assert image.pixelColor(10, y).name() == colours.event.lower()
    assert image.pixelColor(int(0.08 * 399), y).name() == colours.changed.lower()
    assert image.pixelColor(200, y).name() == "#ffffff"


def test_bar_of_1000_gives_its_range_in_words_only(qtbot: QtBot) -> None:
    bar = RiskBar(178, 1000, low=125, high=200)
    qtbot.addWidget(bar)
    assert (bar.low, bar.high) == (178, 178)
    assert "anywhere from 125 to 200" in bar.accessibleDescription()
