"""A handwritten signature, drawn with a mouse, a pen (tablet events) or a finger.

The pad keeps the strokes as lists of points and draws them as smooth curves
(quadratic segments through the midpoints). It is optional: its buttons are only
in the tab order while something is drawn, and the drawing area takes focus only
when clicked, so keyboard users move past it. ``to_png`` gives the ink cropped to
its bounding box and scaled to fit, black on an opaque white background (PDF/A-1
allows no transparency).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionFocusRect,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _
from decision_aid.ui.plain_text import plain_label

Stroke = list[tuple[float, float]]
INK_WIDTH = 2.5
"""Ink width on screen, in pixels."""
PNG_INK = 1 / 75
"""Ink width in the PNG, as a fraction of its height (about 2.7 px at 200 px)."""
PNG_MARGIN = 0.06
"""Blank margin around the ink in the PNG, as a fraction of its height."""
MAX_ZOOM = 3.0
"""A small scribble is enlarged at most this much, so a dot does not fill the PNG."""
MIN_STEP = 0.75
"""Points closer than this (pixels) to the previous one are dropped."""


def stroke_path(stroke: Sequence[tuple[float, float]]) -> QPainterPath:
    """A smooth path through the points: quadratic curves between midpoints."""
    path = QPainterPath()
    if not stroke:
        return path
    points = [QPointF(x, y) for x, y in stroke]
    path.moveTo(points[0])
    if len(points) == 1:
        path.lineTo(points[0] + QPointF(0.01, 0.01))  # a dot still shows with a round cap
        return path
    for here, after in pairwise(points[1:]):
        middle = (here + after) / 2
        path.quadTo(here, middle)
    path.lineTo(points[-1])
    return path


def render_png(strokes: Sequence[Stroke], width: int = 600, height: int = 200) -> bytes:
    """The strokes as PNG bytes: cropped to the ink, scaled to fit and centred."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    drawn = [s for s in strokes if s]
    if drawn:
        xs = [x for s in drawn for x, _y in s]
        ys = [y for s in drawn for _x, y in s]
        box = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        margin = height * PNG_MARGIN
        room_w, room_h = width - 2 * margin, height - 2 * margin
        scale = min(
            room_w / box.width() if box.width() > 0 else MAX_ZOOM,
            room_h / box.height() if box.height() > 0 else MAX_ZOOM,
            MAX_ZOOM,
        )
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(width / 2, height / 2)
        painter.scale(scale, scale)
        painter.translate(-box.center())
        pen = QPen(QColor("black"), height * PNG_INK / scale)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in drawn:
            painter.drawPath(stroke_path(stroke))
        painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; PySide6 wants str
    buffer.close()
    return bytes(data.data())


class SignatureCanvas(QWidget):
    """The drawing area. Mouse, tablet and touch input each make strokes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("white"))
        self.setPalette(palette)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 18, line * 6)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 8, line * 4)

    # -- the strokes -------------------------------------------------------------

    def strokes(self) -> list[Stroke]:
        return [list(s) for s in self._strokes]

    def clear(self) -> None:
        self._drawing = False
        if self._strokes:
            self._strokes.clear()
            self._changed()

    def undo(self) -> None:
        self._drawing = False
        if self._strokes:
            self._strokes.pop()
            self._changed()

    def _changed(self) -> None:
        self.update()
        self.changed.emit()

    def _begin(self, point: QPointF) -> None:
        self._drawing = True
        self._strokes.append([(point.x(), point.y())])
        self._changed()

    def _extend(self, point: QPointF) -> None:
        if not self._drawing or not self._strokes:
            return
        stroke = self._strokes[-1]
        last_x, last_y = stroke[-1]
        if abs(point.x() - last_x) + abs(point.y() - last_y) < MIN_STEP:
            return
        stroke.append((point.x(), point.y()))
        self.update()

    def _end(self, point: QPointF) -> None:
        if self._drawing:
            self._extend(point)
            self._drawing = False
            self.changed.emit()

    # -- input -----------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drawing:
            self._extend(event.position())
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton and self._drawing:
            self._end(event.position())
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # accepted: Qt makes no mouse events from it

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                point = points[0].position()
                kind = event.type()
                if kind == QTouchEvent.Type.TouchBegin:
                    self._begin(point)
                elif kind == QTouchEvent.Type.TouchUpdate:
                    self._extend(point)
                elif kind == QTouchEvent.Type.TouchEnd:
                    self._end(point)
            if event.type() == QTouchEvent.Type.TouchCancel:
                self._drawing = False
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            event.accept()
        else:
            super().keyPressEvent(event)

    # -- painting --------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor("#8a8a8a"), 1))
        painter.drawRect(rect)
        line = self.fontMetrics().lineSpacing()
        base_y = rect.bottom() - line * 1.4
        painter.setPen(QPen(QColor("#b0b0b0"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(rect.left() + line, base_y), QPointF(rect.right() - line, base_y))
        painter.setPen(QColor("#6a6a6a"))
        painter.drawText(QPointF(rect.left() + line * 0.6, base_y - line * 0.25), "×")
        if not self._strokes:
            painter.drawText(
                rect.adjusted(line, line * 0.5, -line, -line * 1.6),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                _("Sign here with a mouse, pen or finger"),
            )
        pen = QPen(QColor("black"), INK_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            painter.drawPath(stroke_path(stroke))
        if self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.rect = self.rect().adjusted(2, 2, -2, -2)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter)
        painter.end()


class SignaturePad(QWidget):
    """A caption, the drawing area, and Undo and Clear buttons. Optional to fill in."""

    changed = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        description = _("Draw your signature with a mouse, pen or finger")
        self.caption = plain_label(caption, wrap=True)
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self.canvas = SignatureCanvas()
        self.canvas.setAccessibleName(caption)
        self.canvas.setAccessibleDescription(description)
        self.canvas.setToolTip(description)
        self.caption.setBuddy(self.canvas)
        self.undo_button = QPushButton(_("Undo stroke"))
        self.undo_button.setAccessibleName(_("{caption}: undo last stroke").format(caption=caption))
        self.undo_button.setToolTip(_("Remove the last stroke (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button = QPushButton(_("Clear"))
        self.clear_button.setAccessibleName(_("{caption}: clear").format(caption=caption))
        self.clear_button.clicked.connect(self.canvas.clear)
        self.setAccessibleName(caption)
        self.setAccessibleDescription(description)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        self.canvas.changed.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        empty = self.is_empty()
        # Disabled buttons leave the tab order: an empty pad is skipped by the keyboard.
        self.undo_button.setEnabled(not empty)
        self.clear_button.setEnabled(not empty)
        self.changed.emit()

    def is_empty(self) -> bool:
        """True when nothing is drawn."""
        return not self.canvas.strokes()

    def strokes(self) -> list[Stroke]:
        """A copy of the strokes: each a list of (x, y) points in the pad's pixels."""
        return self.canvas.strokes()

    def clear(self) -> None:
        self.canvas.clear()

    def undo(self) -> None:
        """Remove the last stroke."""
        self.canvas.undo()

    def to_png(self, width: int = 600, height: int = 200) -> bytes:
        """The signature as PNG: black ink on white, cropped to the ink and scaled to fit."""
        return render_png(self.canvas.strokes(), width, height)
