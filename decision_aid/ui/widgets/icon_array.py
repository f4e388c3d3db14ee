"""The icon array: how many out of 100 or 1000 people have an event, as a picture.

One widget draws every risk picture in the app, so arrays side by side always match:
the same grid for the same denominator, affected people grouped from the top-left
corner (top-right, right to left), and the same colours for the same meaning.

* The people who have the event are solid, in the event's colour: vermillion for a
  bad event, blue for a good one.
* The people whose outcome differs from the comparison option (the pack's "no
  treatment") are solid in their own colour with a white dot: green when they are
  better off, purple when worse off. As in Mayo's Statin Choice cards.
* The uncertainty range is a diagonal stripe (in arrays of 100; an array of 1000 gives
  its range in words).
* An array of 1000 is drawn small, whole, with the first blocks of 100 magnified below
  it (``zoom``), with people a patient can count.

Colour is never the only cue: solid, hollow, dot and stripe read the same in
grayscale. Colours are Okabe-Ito's colour-blind-safe ones
(:mod:`decision_aid.content.icon_layout`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from decision_aid.content.icon_layout import (
    DOTTED,
    SOLID,
    STRIPED,
    UNAFFECTED_COLOUR,
    CellState,
    Palette,
    cell_position,
    cell_states,
    grid_shape,
    palette,
)
from decision_aid.content.risk_text import count_sentence
from decision_aid.i18n import _
from decision_aid.ui.plain_text import tooltip
from decision_aid.ui.widgets.icon_geometry import (
    MARGIN,
    MAX_CELL,
    MAX_ZOOM_CELL,
    MIN_CELL,
    Geometry,
    bounding,
    cell_rect,
    guide_lines,
    layout_for,
    zoom_rect,
)

BACKGROUND = QColor("#FFFFFF")
BORDER = QColor("#C8C8C8")
ZOOM_FRAME = QColor("#505050")
"""Outline of the magnified blocks and of their place in the whole array."""

PERSON_DENOMINATORS = (100,)
"""Denominators drawn with person icons; larger ones use squares (and persons when zoomed)."""


def _person(size: float) -> QPainterPath:
    """A person icon (head and shoulders) filling a square of this size at the origin."""
    path = QPainterPath()
    head = size * 0.34
    path.addEllipse(QRectF((size - head) / 2, size * 0.04, head, head))
    body_w = size * 0.64
    body_top = size * 0.42
    path.addRoundedRect(
        QRectF((size - body_w) / 2, body_top, body_w, size * 0.96 - body_top),
        size * 0.2,
        size * 0.2,
    )
    return path


class IconArray(QWidget):
    """``count`` affected out of ``denominator``, with an optional ``low``..``high`` range.

    ``compare``: the count of the option this picture is compared with; the people in
    between are drawn as changed. ``colours``: the event's and the changed people's
    colours. ``zoom``: blocks of 100 to magnify (arrays of 1000). Give ``event`` and
    ``over`` (the pack's time frame) for a full text alternative, and ``extra`` for
    what the picture shows beyond the sentence (the changed people, in words).
    """

    def __init__(
        self,
        count: int,
        denominator: int,
        *,
        low: int | None = None,
        high: int | None = None,
        compare: int | None = None,
        colours: Palette | None = None,
        zoom: int = 0,
        event: str | None = None,
        over: str | None = None,
        extra: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._count = 0
        self._denominator = 1
        self._low: int | None = None
        self._high: int | None = None
        self._compare: int | None = None
        self._zoom = 0
        self._max_height: int | None = None
        self._picture: QPixmap | None = None
        self._colours = colours or palette(None)
        self._states: list[CellState] = []
        self._geometry: Geometry | None = None
        self._icons = Icons(MIN_CELL, False)
        self._zoom_icons: Icons | None = None
        self.set_figure(
            count,
            denominator,
            low=low,
            high=high,
            compare=compare,
            zoom=zoom,
            event=event,
            over=over,
            extra=extra,
        )

    # -- the figure --------------------------------------------------------------------

    def set_figure(
        self,
        count: int,
        denominator: int,
        *,
        low: int | None = None,
        high: int | None = None,
        compare: int | None = None,
        zoom: int = 0,
        event: str | None = None,
        over: str | None = None,
        extra: str = "",
    ) -> None:
        """Show a new figure; the text alternative follows it."""
        if denominator < 1:
            raise ValueError(f"denominator must be positive, not {denominator}")
        if not 0 <= count <= denominator:
            raise ValueError(f"count {count} is not within 0..{denominator}")
        if compare is not None and not 0 <= compare <= denominator:
            raise ValueError(f"compared count {compare} is not within 0..{denominator}")
        if (low is None) != (high is None):
            raise ValueError("give both low and high, or neither")
        if low is not None and high is not None and not 0 <= low <= count <= high <= denominator:
            raise ValueError(f"range {low}..{high} does not hold {count} within 0..{denominator}")
        if zoom and (denominator != 1000 or zoom * 100 > denominator):
            raise ValueError(f"cannot magnify {zoom} blocks of an array of {denominator}")
        self._count = count
        self._denominator = denominator
        self._low = low
        self._high = high
        self._compare = compare
        self._zoom = zoom
        self._states = cell_states(count, denominator, low, high, compare=compare)
        self.setAccessibleName(
            _("Picture of {count} out of {denominator}").format(
                count=count, denominator=denominator
            )
        )
        sentence = count_sentence(count, denominator, event=event, over=over, low=low, high=high)
        self.setAccessibleDescription(f"{sentence} {extra}".strip())
        self.setToolTip(tooltip(self.accessibleDescription()))
        self._geometry = None
        self.updateGeometry()
        self.update()

    def set_max_height(self, height: int | None) -> None:
        """Draw the picture at most this tall (smaller icons), or as wide allows (None)."""
        if height == self._max_height:
            return
        self._max_height = height
        self._geometry = None
        self.updateGeometry()
        self.update()

    @property
    def colours(self) -> Palette:
        """The event's and the changed people's colours."""
        return self._colours

    @colours.setter
    def colours(self, colours: Palette) -> None:
        self._colours = colours
        self._picture = None
        self.update()

    @property
    def count(self) -> int:
        return self._count

    @property
    def denominator(self) -> int:
        return self._denominator

    @property
    def low(self) -> int | None:
        return self._low

    @property
    def high(self) -> int | None:
        return self._high

    @property
    def compare(self) -> int | None:
        return self._compare

    @property
    def zoom(self) -> int:
        """Blocks of 100 drawn magnified below the whole array."""
        return self._zoom

    @property
    def shape(self) -> tuple[int, int]:
        """Columns and rows of the grid."""
        columns, rows, _block = grid_shape(self._denominator)
        return columns, rows

    def states(self) -> list[CellState]:
        """The state of every icon, in fill order."""
        return list(self._states)

    def affected_cells(self) -> list[int]:
        """Fill-order indexes of the icons counted in the best estimate."""
        return [i for i in range(len(self._states)) if i < self._count]

    def changed_cells(self) -> list[int]:
        """Fill-order indexes of the people whose outcome differs from the comparison."""
        return [i for i, s in enumerate(self._states) if s in DOTTED]

    def range_cells(self) -> list[int]:
        """Fill-order indexes of the striped icons (inside the range, either side of the count)."""
        return [i for i, s in enumerate(self._states) if s in STRIPED]

    def cell_position(self, index: int) -> tuple[int, int]:
        """Row and column of the icon at a fill-order index."""
        return cell_position(index, self._denominator)

    def cell_rect(self, index: int) -> QRect:
        """Where the icon at a fill-order index is drawn, in widget pixels."""
        geometry = self._ensure_geometry()
        return cell_rect(geometry, self._denominator, index, self.isRightToLeft())

    def zoom_rect(self, index: int) -> QRect | None:
        """Where the icon at a fill-order index is drawn magnified; None when it is not."""
        geometry = self._ensure_geometry()
        if index >= geometry.zoom * 100:
            return None
        return zoom_rect(geometry, index, self.isRightToLeft())

    def full_width(self) -> int:
        """The picture's width at full size within its height limit (no narrower width)."""
        return layout_for(1 << 16, self._denominator, self._zoom, self._max_height).width

    def geometry_now(self) -> Geometry:
        """The layout at the current size."""
        return self._ensure_geometry()

    # -- size --------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return layout_for(width, self._denominator, self._zoom, self._max_height).height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        columns = self.shape[0]
        width = columns * MAX_CELL.get(self._denominator, 24) * 3 // 4 + 2 * MARGIN
        if self._zoom:
            width = max(width, self._zoom * 10 * MAX_ZOOM_CELL * 3 // 4 + 2 * MARGIN)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        columns = self.shape[0]
        width = columns * (MIN_CELL + 1) + 2 * MARGIN
        return QSize(width, self.heightForWidth(width))

    # -- drawing -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._geometry = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self._geometry = None
            self.update()
        super().changeEvent(event)

    def _ensure_geometry(self) -> Geometry:
        if self._geometry is not None:
            return self._geometry
        geometry = layout_for(self.width(), self._denominator, self._zoom, self._max_height)
        persons = self._denominator in PERSON_DENOMINATORS
        self._icons = Icons(geometry.cell, persons)
        mirrored = self.isRightToLeft()
        for index, state in enumerate(self._states):
            self._icons.add(state, cell_rect(geometry, self._denominator, index, mirrored))
        self._zoom_icons = None
        if geometry.zoom:
            self._zoom_icons = Icons(geometry.zoom_cell, True)
            for index, state in enumerate(self._states[: geometry.zoom * 100]):
                self._zoom_icons.add(state, zoom_rect(geometry, index, mirrored))
        self._geometry = geometry
        self._picture = None
        return geometry

    def _card(self, geometry: Geometry) -> QRect:
        """Where the picture is drawn: the widget's left edge, or right edge right to left."""
        left = (geometry.span or geometry.width) - geometry.width if self.isRightToLeft() else 0
        return QRect(left, 0, geometry.width, geometry.height)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        # The picture is drawn once into a pixmap at the screen's pixel ratio, and each
        # repaint (scrolling, a tooltip, a window over it) copies it: a copy costs a
        # fraction of a millisecond, drawing 1000 icons several. A new figure, size,
        # direction or palette draws it again (each clears the cached geometry).
        geometry = self._ensure_geometry()
        card = self._card(geometry)
        ratio = self.devicePixelRatioF()
        picture = self._picture
        if picture is None or picture.devicePixelRatio() != ratio:
            picture = self._picture = self._draw(geometry, card, ratio)
        painter = QPainter(self)
        painter.drawPixmap(card.topLeft(), picture)
        painter.end()

    def _draw(self, geometry: Geometry, card: QRect, ratio: float) -> QPixmap:
        """The whole picture, drawn into a pixmap of the card's size."""
        picture = QPixmap(card.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        picture.fill(BACKGROUND)
        painter = QPainter(picture)
        painter.translate(-card.left(), 0)
        painter.setPen(BORDER)
        painter.drawRect(card.adjusted(0, 0, -1, -1))
        self._icons.paint(painter, self.colours)
        if self._zoom_icons is not None:
            self._paint_zoom_frames(painter, geometry)
            self._zoom_icons.paint(painter, self.colours)
        painter.end()
        return picture

    def zoom_frames(self) -> tuple[QRect, QRect] | None:
        """The outline of the magnified blocks in the whole array, and of the magnified view."""
        geometry = self._ensure_geometry()
        if not geometry.zoom:
            return None
        mirrored = self.isRightToLeft()
        last = geometry.zoom * 100 - 1
        small = bounding(
            cell_rect(geometry, self._denominator, i, mirrored) for i in (0, 99, last - 99, last)
        )
        big = bounding(zoom_rect(geometry, i, mirrored) for i in (0, 99, last - 99, last))
        pad = 2
        return small.adjusted(-pad, -pad, pad, pad), big.adjusted(-pad, -pad, pad, pad)

    def _paint_zoom_frames(self, painter: QPainter, geometry: Geometry) -> None:
        frames = self.zoom_frames()
        assert frames is not None
        small, big = frames
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(ZOOM_FRAME, 1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(small)
        painter.drawRect(big)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(1.0)
        painter.setPen(pen)
        for start, end in guide_lines(small, big):
            painter.drawLine(QLineF(start, end))

    @staticmethod
    def swatch(state: CellState, colours: Palette, size: int, *, person: bool = False) -> QPixmap:
        """One icon on its own, for a legend."""
        pixmap = QPixmap(size, size)
        pixmap.fill(BACKGROUND)
        icons = Icons(size, person)
        icons.add(state, QRect(0, 0, size, size))
        painter = QPainter(pixmap)
        icons.paint(painter, colours)
        painter.end()
        return pixmap


class Icons:
    """Precomputed shapes of a set of icons, drawn with one call per kind of icon.

    People are drawn from stamps: each state's person is drawn once, into a small
    pixmap, and copied to every place with that state (an antialiased person costs far
    more to draw than to copy). Squares are cheap to draw: one call per state.
    """

    def __init__(self, cell: int, persons: bool, *, stamped: bool = True) -> None:
        self.cell = cell
        self.persons = persons
        self.stamped = persons and stamped
        self.places: dict[CellState, list[QPoint]] = {state: [] for state in CellState}
        self._stamps: dict[tuple[CellState, str, str, float], QPixmap] = {}
        self.pad = max(1, cell // 8)
        self.unit = _person(cell - 2 * self.pad) if persons else None
        self.rects: dict[CellState, list[QRect]] = {state: [] for state in CellState}
        self.paths: dict[CellState, QPainterPath] = {state: QPainterPath() for state in CellState}
        self.stripes: dict[CellState, list[QLineF]] = {state: [] for state in CellState}
        self.dots = QPainterPath()
        self.outline = 1.0 if not persons else max(1.0, cell / 18)
        # Thin, crisp stripes keep a solid range icon mostly solid and a hollow one mostly
        # hollow, so the two stay apart in grayscale even at small sizes.
        self.stripe_width = max(1.0, min(3.0, cell / 8)) if persons else max(1, cell // 12)

    def add(self, state: CellState, cell: QRect) -> None:
        if self.stamped:
            self.places[state].append(cell.topLeft())
            return
        pad = self.pad
        icon = cell.adjusted(pad, pad, -pad, -pad)
        if self.unit is not None:
            self.paths[state].addPath(self.unit.translated(QPointF(icon.x(), icon.y())))
        elif state not in SOLID:
            # A 1 px outline draws one pixel right of and below a rect; keep it inside.
            self.rects[state].append(icon.adjusted(0, 0, -1, -1))
        else:
            self.rects[state].append(icon)
        if state in STRIPED:
            self.stripes[state].extend(_stripes(QRectF(icon), self.persons, self.stripe_width))
        if state in DOTTED:
            self.dots.addEllipse(_dot(QRectF(icon), self.persons))

    def paint(self, painter: QPainter, colours: Palette) -> None:
        if not self.stamped:
            self._draw(painter, colours)
            return
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        for state, places in self.places.items():
            if places:
                stamp = self._stamp(state, colours, ratio)
                for place in places:
                    painter.drawPixmap(place, stamp)

    def _stamp(self, state: CellState, colours: Palette, ratio: float) -> QPixmap:
        """One person in ``state``, drawn once at this pixel ratio (transparent around it)."""
        key = (state, colours.event, colours.changed, ratio)
        stamp = self._stamps.get(key)
        if stamp is None:
            stamp = QPixmap(round(self.cell * ratio), round(self.cell * ratio))
            stamp.setDevicePixelRatio(ratio)
            stamp.fill(Qt.GlobalColor.transparent)
            one = Icons(self.cell, True, stamped=False)
            one.add(state, QRect(0, 0, self.cell, self.cell))
            painter = QPainter(stamp)
            one.paint(painter, colours)
            painter.end()
            self._stamps[key] = stamp
        return stamp

    def _draw(self, painter: QPainter, colours: Palette) -> None:
        event, changed = QColor(colours.event), QColor(colours.changed)
        for state in CellState:
            if state not in SOLID:
                line = QColor(UNAFFECTED_COLOUR) if state is CellState.UNAFFECTED else event
                painter.setPen(QPen(line, self.outline))
                painter.setBrush(BACKGROUND)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(changed if state in DOTTED else event)
            if self.rects[state]:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.drawRects(self.rects[state])
            if not self.paths[state].isEmpty():
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.drawPath(self.paths[state])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.persons)
        for state in STRIPED:
            if self.stripes[state]:
                pen = QPen(BACKGROUND if state in SOLID else event, self.stripe_width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                painter.drawLines(self.stripes[state])
        if not self.dots.isEmpty():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(BACKGROUND)
            painter.drawPath(self.dots)


def _dot(icon: QRectF, person: bool) -> QRectF:
    """The white dot that marks a changed person: in the body, or the square's centre."""
    size = icon.width() * (0.26 if person else 0.4)
    cx = icon.x() + icon.width() / 2
    cy = icon.y() + icon.height() * (0.7 if person else 0.5)
    return QRectF(cx - size / 2, cy - size / 2, size, size)


def _stripes(icon: QRectF, person: bool, width: float) -> list[QLineF]:
    """The diagonal stripe(s) that mark a range icon, kept inside the icon."""
    if not person:
        inset = width
        return [
            QLineF(
                icon.left() + inset,
                icon.bottom() - inset,
                icon.right() - inset,
                icon.top() + inset,
            )
        ]
    # Across the body and across the head of a person.
    w, h = icon.width(), icon.height()
    x0, y0 = icon.x(), icon.y()
    return [
        QLineF(x0 + w * 0.2, y0 + h * 0.94, x0 + w * 0.8, y0 + h * 0.46),
        QLineF(x0 + w * 0.34, y0 + h * 0.34, x0 + w * 0.66, y0 + h * 0.06),
    ]
