"""The icon array draws its picture once and copies it on repaint; any change draws anew."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from decision_aid.content.icon_layout import palette
from decision_aid.ui.widgets.icon_array import IconArray, Icons


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the times an icon array draws its whole picture."""
    calls: list[int] = []
    draw = IconArray._draw

    def counting(self: IconArray, *args: object) -> object:
        calls.append(1)
        return draw(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(IconArray, "_draw", counting)
    return calls


def _shown(qtbot: QtBot, array: IconArray) -> IconArray:
    qtbot.addWidget(array)
    array.resize(600, array.heightForWidth(600))
    with qtbot.waitExposed(array):
        array.show()
    return array


def _colour_at(array: IconArray, index: int) -> QColor:
    rect = array.cell_rect(index)
    image = array.grab().toImage()
    return image.pixelColor(rect.center().x(), rect.top() + rect.height() * 3 // 4)


@pytest.mark.parametrize("denominator", [100, 1000])
def test_a_repaint_copies_the_picture(qtbot: QtBot, drawn: list[int], denominator: int) -> None:
    array = _shown(qtbot, IconArray(30, denominator, colours=palette("bad")))
    array.repaint()
    before = len(drawn)
    assert before >= 1
    for _ in range(3):
        array.repaint()
    assert len(drawn) == before


def test_every_change_draws_the_picture_anew(qtbot: QtBot, drawn: list[int]) -> None:
    array = _shown(qtbot, IconArray(30, 100, colours=palette("bad")))
    array.repaint()
    count = len(drawn)

    def redrawn() -> bool:
        nonlocal count
        array.repaint()
        changed = len(drawn) > count
        count = len(drawn)
        return changed

    array.set_figure(40, 100)
    assert redrawn()
    array.colours = palette("good")
    assert redrawn()
    array.resize(500, array.heightForWidth(500))
    assert redrawn()
    array.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    assert redrawn()
    array.set_max_height(120)
    assert redrawn()


def test_the_copy_never_shows_an_old_figure_or_colour(qtbot: QtBot) -> None:
    array = _shown(qtbot, IconArray(30, 100, colours=palette("bad")))
    affected = _colour_at(array, 10)
    assert affected.name().upper() == palette("bad").event.upper()
    array.set_figure(5, 100)
    assert _colour_at(array, 10).name().upper() != palette("bad").event.upper()  # hollow now
    array.set_figure(30, 100)
    array.colours = palette("good")
    assert _colour_at(array, 10).name().upper() == palette("good").event.upper()


def test_stamped_people_match_people_drawn_one_by_one(qtbot: QtBot) -> None:
    """A person copied from its stamp looks exactly as one drawn in place."""
    array = _shown(qtbot, IconArray(38, 100, low=31, high=46, compare=25))
    stamped = array.grab().toImage()
    geometry = array.geometry_now()
    direct = QImage(stamped.size(), QImage.Format.Format_ARGB32_Premultiplied)
    direct.setDevicePixelRatio(stamped.devicePixelRatio())
    direct.fill(QColor("#FFFFFF"))
    icons = Icons(geometry.cell, True, stamped=False)
    for index, state in enumerate(array.states()):
        icons.add(state, array.cell_rect(index))
    painter = QPainter(direct)
    icons.paint(painter, array.colours)
    painter.end()
    for index in (0, 20, 30, 40, 99):
        rect = array.cell_rect(index)
        for x in range(rect.left(), rect.right() + 1):
            for y in range(rect.top(), rect.bottom() + 1):
                a, b = stamped.pixelColor(x, y), direct.pixelColor(x, y)
                assert abs(a.value() - b.value()) <= 2 and abs(a.hue() - b.hue()) <= 8, (x, y)
