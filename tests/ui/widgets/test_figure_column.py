"""An option's words go beside its picture when there is room, else below it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from decision_aid.ui.widgets.figure_column import FigureColumn
from decision_aid.ui.widgets.icon_array import IconArray
from decision_aid.ui.widgets.risk_bar import RiskBar


def _column(qtbot: QtBot, picture: IconArray | RiskBar, width: int) -> tuple[FigureColumn, QLabel]:
    words = QLabel("Out of 100 people like you, over 10 years, 6 will have a stroke.")
    words.setWordWrap(True)
    column = FigureColumn(picture, [words])
    qtbot.addWidget(column)
    column.resize(width, column.heightForWidth(width))
    column.show()
    QApplication.processEvents()
    return column, words


def test_words_go_beside_an_array_of_100_when_there_is_room(qtbot: QtBot) -> None:
    column, words = _column(qtbot, IconArray(6, 100), 700)
    picture = column.picture
    assert column.beside(700)
    assert picture.width() == picture.full_width()
    assert words.mapTo(column, words.rect().topLeft()).x() > picture.geometry().right()
    assert column.height() == column.heightForWidth(700)


def test_words_go_below_when_narrow_and_for_1000_and_bars(qtbot: QtBot) -> None:
    column, words = _column(qtbot, IconArray(6, 100), 320)
    assert not column.beside(320)
    assert words.mapTo(column, words.rect().topLeft()).y() > column.picture.geometry().bottom()
    big, _words = _column(qtbot, IconArray(49, 1000, zoom=1), 1200)
    assert not big.beside(1200)
    bar, _words = _column(qtbot, RiskBar(6, 100), 1200)
    assert not bar.beside(1200)
