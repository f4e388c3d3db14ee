"""An option's words go beside its picture when there is room, else below it; the picture
never gives way to its words."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.ui.widgets.figure_column import Arrangement, FigureColumn
from decision_aid.ui.widgets.icon_array import IconArray
from decision_aid.ui.widgets.risk_bar import RiskBar

SENTENCE = "Out of 100 people like you, over 10 years, 6 will have a stroke, and 94 will not."
CHANGE = "4 people will not have a stroke because of “Take a statin”. Without it, they would."


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _column(
    qtbot: QtBot, picture: IconArray | RiskBar, width: int, *, more: bool = False
) -> tuple[FigureColumn, QLabel]:
    words = _wrapped(SENTENCE)
    column = FigureColumn(picture, [words, *([_wrapped(CHANGE)] if more else [])])
    qtbot.addWidget(column)
    column.resize(width, column.heightForWidth(width))
    column.show()
    QApplication.processEvents()
    return column, words


def _x(widget: QWidget, column: FigureColumn) -> int:
    return widget.mapTo(column, widget.rect().topLeft()).x()


def _y(widget: QWidget, column: FigureColumn) -> int:
    return widget.mapTo(column, widget.rect().topLeft()).y()


def test_words_go_beside_an_array_of_100_when_there_is_room(qtbot: QtBot) -> None:
    column, words = _column(qtbot, IconArray(6, 100), 700)
    picture = column.picture
    assert column.beside(700)
    assert picture.width() == picture.full_width()
    assert _x(words, column) > picture.geometry().right()
    assert column.height() == column.heightForWidth(700)


def test_words_go_below_when_narrow_and_for_1000_and_bars(qtbot: QtBot) -> None:
    column, words = _column(qtbot, IconArray(6, 100), 320)
    assert column.arrangement(320) is Arrangement.BELOW
    assert _y(words, column) > column.picture.geometry().bottom()
    big, _words = _column(qtbot, IconArray(49, 1000, zoom=1), 1200)
    assert big.arrangement(1200) is Arrangement.BELOW
    bar, _words = _column(qtbot, RiskBar(6, 100), 1200)
    assert bar.arrangement(1200) is Arrangement.BELOW


def test_a_smaller_picture_leaves_its_words_more_room(qtbot: QtBot) -> None:
    """Shrunk to fit the screen, the picture makes room for its sentence beside it (the
    rest below both), then for all its words: the outcome gets shorter, not taller."""
    picture = IconArray(6, 100)
    column, words = _column(qtbot, picture, 0, more=True)
    chars = column.fontMetrics().averageCharWidth()
    full = picture.full_width()
    width = full + FigureColumn.SPACING + chars * 14
    column.resize(width, column.heightForWidth(width))
    QApplication.processEvents()
    assert column.arrangement(width) is Arrangement.BELOW
    below = column.heightForWidth(width)
    picture.set_max_height(full - chars * 8)
    column.resize(width, column.heightForWidth(width))
    QApplication.processEvents()
    assert column.arrangement(width) is Arrangement.SENTENCE_BESIDE
    assert column.heightForWidth(width) < below
    change = column.rest
    assert _x(words, column) > picture.geometry().right()
    assert _y(change, column) > max(picture.geometry().bottom(), words.geometry().bottom())
    picture.set_max_height(full - chars * 18)
    assert column.arrangement(width) is Arrangement.BESIDE


def test_a_layout_around_the_column_gets_the_height_of_the_coming_arrangement(
    qtbot: QtBot,
) -> None:
    """The outcome fits itself to the screen by asking its layout for heights; the answer
    is for the way the words will go at that width, not for the way they went last."""
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    column = FigureColumn(IconArray(6, 100), [_wrapped(SENTENCE), _wrapped(CHANGE)])
    layout.addWidget(column)
    holder.resize(320, layout.totalHeightForWidth(320))
    holder.show()
    QApplication.processEvents()
    assert column.arrangement(320) is Arrangement.BELOW
    for width in (320, 700, 1000):
        layout.invalidate()
        assert layout.totalHeightForWidth(width) == column.heightForWidth(width)
    assert column.arrangement(1000) is Arrangement.BESIDE


def test_a_squeezed_row_keeps_its_pictures_identical(qtbot: QtBot) -> None:
    """Columns with words of different lengths, given less height than they need: the
    words are cut, the pictures keep one size."""
    row = QWidget()
    qtbot.addWidget(row)
    layout = QGridLayout(row)  # as an outcome lays out its options
    long = FigureColumn(IconArray(6, 100), [_wrapped(SENTENCE), _wrapped(CHANGE * 3)])
    short = FigureColumn(IconArray(10, 100), [_wrapped(SENTENCE)])
    for index, column in enumerate((long, short)):
        layout.addWidget(column, 0, index)
        layout.setColumnStretch(index, 1)
    row.resize(700, 200)
    row.show()
    QApplication.processEvents()
    assert long.height() < long.heightForWidth(long.width())
    first, second = long.picture, short.picture
    assert first.size() == second.size()
    assert first.height() == first.heightForWidth(first.width())


def test_right_to_left_puts_the_picture_on_the_right(qtbot: QtBot) -> None:
    picture = IconArray(6, 100)
    column = FigureColumn(picture, [_wrapped(SENTENCE)])
    column.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.addWidget(column)
    column.resize(700, column.heightForWidth(700))
    column.show()
    QApplication.processEvents()
    words = column.sentence
    assert column.beside(700)
    assert picture.geometry().right() == column.width() - 1
    assert words.geometry().right() < picture.geometry().left()


def test_building_a_column_shows_no_window_of_its_own(qtbot: QtBot) -> None:
    """The words after the sentence were a window of their own while the column was built:
    shown on their own for a moment, they took the focus from the window being typed in
    (the workbench lost its keyboard with every preview of the risks page)."""

    shown: list[QWidget] = []

    class Windows(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            is_show = event.type() == QEvent.Type.Show
            if is_show and isinstance(watched, QWidget) and watched.isWindow():
                shown.append(watched)
            return False

    windows = Windows()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(windows)
    try:
        column = FigureColumn(IconArray(6, 100), [_wrapped(SENTENCE), _wrapped(CHANGE)])
    finally:
        app.removeEventFilter(windows)
    qtbot.addWidget(column)
    assert shown == []
    assert column.rest.parent() is column
