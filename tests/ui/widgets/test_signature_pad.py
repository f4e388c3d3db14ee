"""The signature pad: strokes from mouse, touch and pen; undo, clear, PNG export."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from decision_aid.ui.widgets.signature_pad import SignaturePad, render_png

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def pad(qtbot: QtBot) -> Iterator[SignaturePad]:
    widget = SignaturePad("Patient's signature")
    qtbot.addWidget(widget)
    widget.resize(480, 220)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget


def draw(qtbot: QtBot, pad: SignaturePad, points: list[QPoint]) -> None:
    """One mouse stroke through ``points``."""
    canvas = pad.canvas
    qtbot.mousePress(canvas, LEFT, pos=points[0])
    for point in points[1:]:
        qtbot.mouseMove(canvas, point)
    qtbot.mouseRelease(canvas, LEFT, pos=points[-1])


def wave(x0: int = 40, y0: int = 60, n: int = 40) -> list[QPoint]:
    return [QPoint(x0 + 4 * i, round(y0 + 20 * math.sin(i / 3))) for i in range(n)]


def ink_box(png: bytes) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the dark pixels in a PNG."""
    image = QImage.fromData(png)
    dark = [
        (x, y)
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if QColor(image.pixel(x, y)).lightness() < 100
    ]
    if not dark:
        return None
    xs, ys = [x for x, _ in dark], [y for _, y in dark]
    return min(xs), min(ys), max(xs), max(ys)


def test_empty_pad_says_what_to_do(pad: SignaturePad) -> None:
    assert pad.is_empty()
    assert pad.strokes() == []
    assert pad.caption.text() == "Patient's signature"
    assert pad.accessibleName() == "Patient's signature"
    assert pad.canvas.accessibleName() == "Patient's signature"
    description = "Draw your signature with a mouse, pen or finger"
    assert pad.canvas.accessibleDescription() == description
    assert pad.accessibleDescription() == description
    assert not pad.undo_button.isEnabled()
    assert not pad.clear_button.isEnabled()
    for button in (pad.undo_button, pad.clear_button):
        assert button.accessibleName()


def test_mouse_draws_a_stroke(qtbot: QtBot, pad: SignaturePad) -> None:
    before = pad.canvas.grab().toImage()
    with qtbot.waitSignal(pad.changed):
        draw(qtbot, pad, wave())
    assert not pad.is_empty()
    strokes = pad.strokes()
    assert len(strokes) == 1
    assert len(strokes[0]) == 40
    assert strokes[0][0] == (40.0, 60.0)
    assert pad.undo_button.isEnabled()
    assert pad.clear_button.isEnabled()
    after = pad.canvas.grab().toImage()
    assert after != before
    # Ink is on screen along the stroke.
    assert QColor(after.pixel(40, 60)).lightness() < 100


def test_strokes_is_a_copy(qtbot: QtBot, pad: SignaturePad) -> None:
    draw(qtbot, pad, wave())
    pad.strokes()[0].clear()
    pad.strokes().clear()
    assert len(pad.strokes()[0]) == 40


def test_ctrl_z_undoes_the_last_stroke_and_clear_empties(qtbot: QtBot, pad: SignaturePad) -> None:
    draw(qtbot, pad, wave(y0=50))
    draw(qtbot, pad, wave(y0=120, n=10))
    assert [len(s) for s in pad.strokes()] == [40, 10]
    assert pad.canvas.hasFocus()  # drawing focuses the pad
    qtbot.keyClick(pad.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [len(s) for s in pad.strokes()] == [40]
    draw(qtbot, pad, wave(y0=120, n=10))
    qtbot.mouseClick(pad.undo_button, LEFT)
    assert [len(s) for s in pad.strokes()] == [40]
    qtbot.mouseClick(pad.clear_button, LEFT)
    assert pad.is_empty()
    assert not pad.clear_button.isEnabled()


def test_right_button_does_not_draw(qtbot: QtBot, pad: SignaturePad) -> None:
    qtbot.mousePress(pad.canvas, Qt.MouseButton.RightButton, pos=QPoint(50, 50))
    qtbot.mouseMove(pad.canvas, QPoint(90, 90))
    qtbot.mouseRelease(pad.canvas, Qt.MouseButton.RightButton, pos=QPoint(90, 90))
    assert pad.is_empty()


def test_a_finger_draws(qtbot: QtBot, pad: SignaturePad) -> None:
    device = QTest.createTouchDevice()
    canvas = pad.canvas
    QTest.touchEvent(canvas, device).press(0, QPoint(30, 40), canvas).commit()
    QTest.touchEvent(canvas, device).move(0, QPoint(60, 70), canvas).commit()
    QTest.touchEvent(canvas, device).move(0, QPoint(90, 60), canvas).commit()
    QTest.touchEvent(canvas, device).release(0, QPoint(120, 50), canvas).commit()
    assert pad.strokes() == [[(30.0, 40.0), (60.0, 70.0), (90.0, 60.0), (120.0, 50.0)]]


def test_a_pen_draws(qtbot: QtBot, pad: SignaturePad) -> None:
    pen = QPointingDevice(
        "test pen",
        4242,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        2,
    )
    canvas = pad.canvas
    for kind, x, y in (
        (QTabletEvent.Type.TabletPress, 20, 30),
        (QTabletEvent.Type.TabletMove, 50, 35),
        (QTabletEvent.Type.TabletMove, 80, 45),
        (QTabletEvent.Type.TabletRelease, 80, 45),
    ):
        local = QPointF(x, y)
        event = QTabletEvent(
            kind,
            pen,
            local,
            QPointF(canvas.mapToGlobal(local)),
            0.6,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            LEFT,
            LEFT if kind != QTabletEvent.Type.TabletRelease else Qt.MouseButton.NoButton,
        )
        QApplication.sendEvent(canvas, event)
        assert event.isAccepted()
    assert pad.strokes() == [[(20.0, 30.0), (50.0, 35.0), (80.0, 45.0)]]


def test_png_is_black_ink_on_white_cropped_to_the_ink(qtbot: QtBot, pad: SignaturePad) -> None:
    draw(qtbot, pad, wave(n=100))  # 400 x 40 pixels: wider than 3:1
    png = pad.to_png()
    assert png.startswith(b"\x89PNG")
    image = QImage.fromData(png)
    assert (image.width(), image.height()) == (600, 200)
    assert not image.hasAlphaChannel()  # PDF/A-1 allows no transparency
    assert QColor(image.pixel(0, 0)) == QColor("white")
    box = ink_box(png)
    assert box is not None
    left, top, right, bottom = box
    # The wave is wide: it fills the width (within the margin) and is centred.
    assert left < 30 and right > 570
    assert abs((top + bottom) / 2 - 100) < 8
    small = QImage.fromData(pad.to_png(300, 100))
    assert (small.width(), small.height()) == (300, 100)


def test_png_does_not_depend_on_where_the_pad_was_signed(qtbot: QtBot, pad: SignaturePad) -> None:
    draw(qtbot, pad, wave(x0=20, y0=40, n=20))
    first = pad.to_png()
    pad.clear()
    draw(qtbot, pad, wave(x0=200, y0=120, n=20))
    assert pad.to_png() == first


def test_a_dot_is_not_blown_up(qtbot: QtBot, pad: SignaturePad) -> None:
    qtbot.mouseClick(pad.canvas, LEFT, pos=QPoint(50, 50))
    assert pad.strokes() == [[(50.0, 50.0)]]
    box = ink_box(pad.to_png())
    assert box is not None
    left, top, right, bottom = box
    assert right - left < 20 and bottom - top < 20


def test_empty_png_is_blank() -> None:
    assert ink_box(render_png([])) is None


def test_keyboard_users_skip_an_empty_pad(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    before, after = QLineEdit(), QLineEdit()
    before.setAccessibleName("before")
    after.setAccessibleName("after")
    pad = SignaturePad("Clinician's signature")
    layout = QVBoxLayout(host)
    for widget in (before, pad, after):
        layout.addWidget(widget)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    # With a signature drawn, its buttons come into the tab order.
    draw(qtbot, pad, wave(n=5))
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is pad.undo_button
