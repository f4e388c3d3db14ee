"""The topic pictures: simple line drawings the app draws itself, one per name a pack may give.

A pack names its picture (``icon: knee``, see :mod:`decision_aid.content.topics`); it never
brings one, so nothing a pack holds is ever drawn as an image. Each picture is a few thick
lines and shapes on a round backdrop, drawn on a 100 × 100 grid and scaled to the size asked
for, so it stays clear from 48 to 160 pixels. The caller gives the colours: dark lines on a
pale disc normally, white lines on black with a white ring in high contrast.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap

from decision_aid.content.topics import TOPIC_ICONS

GRID = 100.0
"""Every picture is drawn on a square of this many units."""
LINE = 6.0
"""Width of a picture's lines, in grid units."""
RING = 3.0
"""Width of the ring round the disc in high contrast, in grid units."""
DEFAULT = "choice"
"""The picture of a pack that names none: a signpost, for a choice."""

Draw = Callable[[QPainter, QColor], None]


_ARGS = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}


def _path(spec: str) -> QPainterPath:
    """A path from the app's own outline, written like SVG's with absolute points only:
    "M x y", "L x y", "Q cx cy x y", "C c1x c1y c2x c2y x y" and "Z"."""
    words = spec.split()
    path = QPainterPath()
    index = 0
    while index < len(words):
        kind = words[index]
        values = [float(word) for word in words[index + 1 : index + 1 + _ARGS[kind]]]
        index += 1 + _ARGS[kind]
        points = [QPointF(values[i], values[i + 1]) for i in range(0, len(values), 2)]
        if kind == "M":
            path.moveTo(points[0])
        elif kind == "L":
            path.lineTo(points[0])
        elif kind == "Q":
            path.quadTo(points[0], points[1])
        elif kind == "C":
            path.cubicTo(points[0], points[1], points[2])
        else:
            path.closeSubpath()
    return path


def _filled(painter: QPainter, ink: QColor) -> None:
    painter.setBrush(ink)


def _hollow(painter: QPainter) -> None:
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _dot(painter: QPainter, ink: QColor, x: float, y: float, radius: float) -> None:
    _filled(painter, ink)
    painter.drawEllipse(QPointF(x, y), radius, radius)
    _hollow(painter)


def _line(painter: QPainter, *points: float) -> None:
    for i in range(0, len(points) - 2, 2):
        painter.drawLine(QPointF(points[i], points[i + 1]), QPointF(points[i + 2], points[i + 3]))


def _choice(painter: QPainter, ink: QColor) -> None:
    """A signpost with one arrow each way."""
    _line(painter, 50, 20, 50, 86)
    _line(painter, 38, 86, 62, 86)
    painter.drawPath(_path("M 30 24 L 70 24 L 79 32 L 70 40 L 30 40 Z"))
    painter.drawPath(_path("M 70 48 L 30 48 L 21 56 L 30 64 L 70 64 Z"))


def _general(painter: QPainter, ink: QColor) -> None:
    """A stethoscope."""
    painter.drawPath(_path("M 32 18 L 32 38 Q 32 56 46 56 Q 60 56 60 38 L 60 18"))
    _dot(painter, ink, 32, 18, 4)
    _dot(painter, ink, 60, 18, 4)
    painter.drawPath(_path("M 46 56 L 46 68 Q 46 82 60 82 Q 74 82 74 70"))
    painter.drawEllipse(QPointF(74, 62), 8, 8)
    _dot(painter, ink, 74, 62, 2.5)


def _knee(painter: QPainter, ink: QColor) -> None:
    """A leg seen from the side, bent at the knee, with short lines of pain beside the knee."""
    _filled(painter, ink)
    painter.drawPath(
        _path(
            "M 37 17 L 60 45 Q 67 53 61 60 L 54 81 L 69 83 Q 74 87 69 90 L 43 90 "
            "L 42 82 C 37 72 41 62 45 56 L 21 27 Q 25 15 37 17 Z"
        )
    )
    _hollow(painter)
    _line(painter, 71, 38, 78, 32)
    _line(painter, 74, 50, 83, 50)
    _line(painter, 71, 62, 78, 68)


def _bone(painter: QPainter, ink: QColor) -> None:
    """A bone, lying at a slant."""
    shape = QPainterPath()
    shape.addRoundedRect(QRectF(-22, -6, 44, 12), 2, 2)
    for x in (-24, 24):
        for y in (-7, 7):
            knob = QPainterPath()
            knob.addEllipse(QPointF(x, y), 9, 9)
            shape = shape.united(knob)
    painter.save()
    painter.translate(50, 50)
    painter.rotate(-35)
    painter.drawPath(shape.simplified())
    painter.restore()


def _heart(painter: QPainter, ink: QColor) -> None:
    """A heart with a heartbeat line across it."""
    painter.drawPath(
        _path(
            "M 50 80 C 22 62 14 44 24 31 C 33 19 47 22 50 34 C 53 22 67 19 76 31 "
            "C 86 44 78 62 50 80 Z"
        )
    )
    _line(painter, 28, 50, 38, 50, 43, 41, 50, 60, 55, 46, 59, 50, 72, 50)


def _lungs(painter: QPainter, ink: QColor) -> None:
    """Two lungs and the windpipe."""
    _line(painter, 50, 16, 50, 44)
    _line(painter, 50, 44, 44, 52)
    _line(painter, 50, 44, 56, 52)
    painter.drawPath(_path("M 43 34 C 33 30 22 46 20 64 C 19 76 26 82 35 79 C 42 77 43 71 43 64 Z"))
    painter.drawPath(_path("M 57 34 C 67 30 78 46 80 64 C 81 76 74 82 65 79 C 58 77 57 71 57 64 Z"))


def _medicine(painter: QPainter, ink: QColor) -> None:
    """A capsule, half filled, and a round tablet seen from the side."""
    painter.save()
    painter.translate(40, 42)
    painter.rotate(-40)
    painter.drawRoundedRect(QRectF(-24, -10, 48, 20), 10, 10)
    half = QPainterPath()
    half.addRoundedRect(QRectF(-24, -10, 48, 20), 10, 10)
    left = QPainterPath()
    left.addRect(QRectF(-26, -12, 26, 24))
    painter.fillPath(half.intersected(left), ink)
    _line(painter, 0, -10, 0, 10)
    painter.restore()
    side = QPainterPath(QPointF(53, 66))
    side.lineTo(53, 73)
    side.arcTo(QRectF(53, 65, 30, 16), 180, 180)
    side.lineTo(83, 66)
    painter.drawPath(side)
    painter.drawEllipse(QPointF(68, 66), 15, 8)


def _blood_test(painter: QPainter, ink: QColor) -> None:
    """A drop of blood and a test tube, partly filled."""
    painter.drawPath(
        _path(
            "M 34 22 C 28 34 18 46 18 57 C 18 67 25 73 34 73 C 43 73 50 67 50 57 "
            "C 50 46 40 34 34 22 Z"
        )
    )
    tube = _path("M 62 24 L 62 70 C 62 80 78 80 78 70 L 78 24")
    liquid = QPainterPath()
    liquid.addRect(QRectF(60, 50, 20, 40))
    inside = QPainterPath(tube)
    inside.closeSubpath()
    painter.fillPath(inside.intersected(liquid), ink)
    painter.drawPath(tube)
    _line(painter, 57, 24, 83, 24)


def _pregnancy(painter: QPainter, ink: QColor) -> None:
    """A pregnant woman, seen from the side."""
    _filled(painter, ink)
    painter.drawEllipse(QPointF(46, 20), 9, 9)
    painter.drawPath(
        _path(
            "M 50 32 C 56 35 58 41 55 46 C 71 49 75 67 58 72 L 57 88 L 41 88 "
            "L 40 66 C 36 56 36 42 42 32 Z"
        )
    )
    _hollow(painter)


def _child(painter: QPainter, ink: QColor) -> None:
    """An adult holding a child's hand."""
    _filled(painter, ink)
    painter.drawEllipse(QPointF(34, 21), 8, 8)
    painter.drawRoundedRect(QRectF(26, 32, 16, 30), 5, 5)
    painter.drawEllipse(QPointF(67, 47), 6.5, 6.5)
    painter.drawRoundedRect(QRectF(61, 56, 12, 18), 4, 4)
    _hollow(painter)
    _line(painter, 30, 60, 30, 86)
    _line(painter, 38, 60, 38, 86)
    _line(painter, 64, 72, 64, 86)
    _line(painter, 70, 72, 70, 86)
    _line(painter, 40, 36, 52, 56, 62, 58)


def _breast(painter: QPainter, ink: QColor) -> None:
    """An awareness ribbon."""
    pen = QPen(painter.pen())
    pen.setWidthF(10)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.save()
    painter.setPen(pen)
    painter.drawPath(_path("M 36 84 L 57 50 C 66 36 62 18 50 18 C 38 18 34 36 43 50 L 64 84"))
    painter.restore()


def _prostate(painter: QPainter, ink: QColor) -> None:
    """The male sign."""
    painter.drawEllipse(QPointF(43, 58), 19, 19)
    _line(painter, 57, 44, 76, 25)
    _line(painter, 60, 25, 76, 25, 76, 41)


def _eye(painter: QPainter, ink: QColor) -> None:
    """An eye."""
    painter.drawPath(_path("M 14 50 Q 50 16 86 50 Q 50 84 14 50 Z"))
    painter.drawEllipse(QPointF(50, 50), 13, 13)
    _dot(painter, ink, 50, 50, 5.5)


def _mind(painter: QPainter, ink: QColor) -> None:
    """A head, seen from the side, with a heart inside."""
    painter.drawPath(
        _path(
            "M 34 86 L 34 70 C 24 62 20 50 22 40 C 26 22 44 14 58 18 "
            "C 72 22 78 34 76 44 L 82 56 L 76 58 L 76 66 C 76 71 72 73 66 72 "
            "L 60 71 L 60 86"
        )
    )
    _filled(painter, ink)
    painter.drawPath(
        _path(
            "M 48 56 C 36 48 34 40 39 35 C 43 31 47 33 48 37 C 49 33 53 31 57 35 "
            "C 62 40 60 48 48 56 Z"
        )
    )
    _hollow(painter)


def _surgery(painter: QPainter, ink: QColor) -> None:
    """A scalpel."""
    painter.save()
    painter.translate(50, 50)
    painter.rotate(-40)
    _filled(painter, ink)
    painter.drawRoundedRect(QRectF(-38, -5, 40, 10), 3, 3)
    _hollow(painter)
    painter.drawPath(_path("M 4 -5 L 22 -6 C 33 -6 39 0 38 7 L 4 6 Z"))
    painter.restore()


PICTURES: dict[str, Draw] = {
    DEFAULT: _choice,
    "general": _general,
    "knee": _knee,
    "bone": _bone,
    "heart": _heart,
    "lungs": _lungs,
    "medicine": _medicine,
    "blood-test": _blood_test,
    "pregnancy": _pregnancy,
    "child": _child,
    "breast": _breast,
    "prostate": _prostate,
    "eye": _eye,
    "mind": _mind,
    "surgery": _surgery,
}
"""Each name the format allows, and the picture of a pack that names none."""

assert set(PICTURES) == {DEFAULT, *TOPIC_ICONS}


def paint_topic(
    painter: QPainter,
    rect: QRectF,
    name: str | None,
    *,
    ink: QColor,
    back: QColor,
    ring: QColor | None = None,
) -> None:
    """Draw the picture called ``name`` (None: the default) in the square centred in ``rect``.

    ``back`` fills the round backdrop, ``ring`` (high contrast) edges it; ``ink`` draws the
    picture. An unknown name draws the default: a loaded pack's name is always known."""
    draw = PICTURES.get(name or DEFAULT, _choice)
    side = min(rect.width(), rect.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(rect.center().x() - side / 2, rect.center().y() - side / 2)
    painter.scale(side / GRID, side / GRID)
    painter.setBackground(back)
    edge = QPen(ring, RING) if ring is not None else QPen(Qt.PenStyle.NoPen)
    painter.setPen(edge)
    painter.setBrush(back)
    inset = RING / 2 if ring is not None else 0.0
    painter.drawEllipse(QRectF(inset, inset, GRID - 2 * inset, GRID - 2 * inset))
    pen = QPen(ink, LINE)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    draw(painter, ink)
    painter.restore()


def topic_pixmap(
    name: str | None, side: int, *, ink: QColor, back: QColor, ring: QColor | None = None
) -> QPixmap:
    """The picture as a transparent ``side`` × ``side`` pixmap (for lists and tables)."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_topic(painter, QRectF(0, 0, side, side), name, ink=ink, back=back, ring=ring)
    painter.end()
    return pixmap
