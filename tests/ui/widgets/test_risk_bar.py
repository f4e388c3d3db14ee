"""The bar view: the count as a share, the range striped, the same text alternative."""

from __future__ import annotations

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from decision_aid.ui.widgets.risk_bar import RiskBar


def test_bar_text_alternative(qtbot: QtBot) -> None:
    bar = RiskBar(6, 100, low=6, high=8, kind="benefit", event="have a stroke", over="10 years")
    qtbot.addWidget(bar)
    assert bar.accessibleName() == "Bar of 6 out of 100"
    assert bar.accessibleDescription() == (
        "Out of 100 people like you, over 10 years, 6 will have a stroke, and 94 will not. "
        "The evidence says it could be anywhere from 6 to 8."
    )


def test_bar_fills_the_share_of_the_count(qtbot: QtBot) -> None:
    bar = RiskBar(30, 100, kind="harm")
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
    bar = RiskBar(2, 1000, kind="harm")
    qtbot.addWidget(bar)
    bar.resize(300, bar.sizeHint().height())
    image = bar.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    y = int(bar.bar_rect().center().y())
    assert image.pixelColor(1, y).value() < 200
