"""The icon array: how many out of 100 or 1000 people have an event, as a picture.

One widget draws every risk picture in the app, so arrays side by side always match:
the same grid for the same denominator, affected icons grouped from the top-left
corner and filled row by row, and the uncertainty range drawn as striped icons.

Colour is never the only cue. Affected icons are solid, unaffected ones hollow, and
the two kinds of range icon are striped (solid with a white stripe, or hollow with a
coloured stripe), so the picture reads the same in grayscale. Colours come from the
Okabe-Ito colour-blind-safe palette.

The geometry of every icon is computed once per size and figure; ``paintEvent`` then
draws each kind of icon with one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QEvent, QLineF, QPointF, QRect, QRectF, QSize, Qt
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

from decision_aid.content.icon_layout import CellState, cell_states, grid_shape
from decision_aid.content.risk_text import count_sentence
from decision_aid.i18n import _
from decision_aid.ui.plain_text import tooltip

Kind = Literal["benefit", "harm"]

AFFECTED_COLOURS: dict[str, QColor] = {
    "benefit": QColor("#0072B2"),  # Okabe-Ito blue
    "harm": QColor("#D55E00"),  # Okabe-Ito vermillion
}
"""Colour of affected icons by the outcome's kind; the pattern carries the meaning too."""
UNAFFECTED_COLOUR = QColor("#767676")
"""Outline of the hollow icons: 4.5:1 against white."""
BACKGROUND = QColor("#FFFFFF")
BORDER = QColor("#C8C8C8")

MARGIN = 6
MIN_CELL = 4
MAX_CELL = {100: 30, 1000: 14}
"""Largest icon, by denominator: the picture stops growing past it."""
PERSON_DENOMINATORS = (100,)
"""Denominators drawn with person icons; larger ones use squares, readable when small."""


@dataclass(frozen=True)
class Geometry:
    """Where the icons go at one widget width."""

    cell: int
    gap: int
    left: int
    top: int
    width: int
    height: int


def layout_for(width: int, denominator: int) -> Geometry:
    """Icon size and placement for a widget this wide (the array keeps to the left edge)."""
    columns, rows, block = grid_shape(denominator)
    gaps_x = (columns - 1) // block if block else 0
    gaps_y = (rows - 1) // block if block else 0
    room = max(0, width - 2 * MARGIN)
    guess = room / columns
    gap = max(2, round(guess / 3)) if block else 0
    cell = (room - gaps_x * gap) // columns if columns else MIN_CELL
    cell = max(MIN_CELL, min(MAX_CELL.get(denominator, 24), int(cell)))
    gap = max(2, round(cell / 3)) if block else 0
    inner_w = columns * cell + gaps_x * gap
    inner_h = rows * cell + gaps_y * gap
    return Geometry(cell, gap, MARGIN, MARGIN, inner_w + 2 * MARGIN, inner_h + 2 * MARGIN)


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

    Give ``event`` and ``over`` (the pack's time frame) for a full text alternative;
    the accessible description is the same sentence the words view shows.
    """

    def __init__(
        self,
        count: int,
        denominator: int,
        *,
        low: int | None = None,
        high: int | None = None,
        kind: Kind = "harm",
        event: str | None = None,
        over: str | None = None,
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
        self._kind: Kind = kind
        self._states: list[CellState] = []
        self._geometry: Geometry | None = None
        self._icons = Icons(MIN_CELL, False)
        self.set_figure(count, denominator, low=low, high=high, kind=kind, event=event, over=over)

    # -- the figure --------------------------------------------------------------------

    def set_figure(
        self,
        count: int,
        denominator: int,
        *,
        low: int | None = None,
        high: int | None = None,
        kind: Kind | None = None,
        event: str | None = None,
        over: str | None = None,
    ) -> None:
        """Show a new figure; the text alternative follows it."""
        if denominator < 1:
            raise ValueError(f"denominator must be positive, not {denominator}")
        if not 0 <= count <= denominator:
            raise ValueError(f"count {count} is not within 0..{denominator}")
        if (low is None) != (high is None):
            raise ValueError("give both low and high, or neither")
        if low is not None and high is not None and not 0 <= low <= count <= high <= denominator:
            raise ValueError(f"range {low}..{high} does not hold {count} within 0..{denominator}")
        self._count = count
        self._denominator = denominator
        self._low = low
        self._high = high
        if kind is not None:
            self._kind = kind
        self._states = cell_states(count, denominator, low, high)
        self.setAccessibleName(
            _("Picture of {count} out of {denominator}").format(
                count=count, denominator=denominator
            )
        )
        self.setAccessibleDescription(
            count_sentence(count, denominator, event=event, over=over, low=low, high=high)
        )
        self.setToolTip(tooltip(self.accessibleDescription()))
        self._geometry = None
        self.updateGeometry()
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
    def kind(self) -> Kind:
        return self._kind

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
        return [
            i for i, s in enumerate(self._states) if s in (CellState.AFFECTED, CellState.MAYBE_NOT)
        ]

    def range_cells(self) -> list[int]:
        """Fill-order indexes of the striped icons (inside the range, either side of the count)."""
        return [
            i for i, s in enumerate(self._states) if s in (CellState.MAYBE_NOT, CellState.MAYBE)
        ]

    def cell_position(self, index: int) -> tuple[int, int]:
        """Row and column of the icon at a fill-order index."""
        columns = self.shape[0]
        return index // columns, index % columns

    def cell_rect(self, index: int) -> QRect:
        """Where the icon at a fill-order index is drawn, in widget pixels."""
        return cell_rect(self._ensure_geometry(), self._denominator, index, self.isRightToLeft())

    # -- size --------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return layout_for(width, self._denominator).height

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        columns = self.shape[0]
        width = columns * MAX_CELL.get(self._denominator, 24) * 3 // 4 + 2 * MARGIN
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
        geometry = layout_for(self.width(), self._denominator)
        persons = self._denominator in PERSON_DENOMINATORS
        self._icons = Icons(geometry.cell, persons)
        mirrored = self.isRightToLeft()
        for index, state in enumerate(self._states):
            self._icons.add(state, cell_rect(geometry, self._denominator, index, mirrored))
        self._geometry = geometry
        return geometry

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        geometry = self._ensure_geometry()
        painter = QPainter(self)
        card = QRect(geometry.left - MARGIN, 0, geometry.width, geometry.height)
        painter.fillRect(card, BACKGROUND)
        painter.setPen(BORDER)
        painter.drawRect(card.adjusted(0, 0, -1, -1))
        self._icons.paint(painter, self._kind)
        painter.end()

    @staticmethod
    def swatch(state: CellState, kind: Kind, size: int, *, person: bool = False) -> QPixmap:
        """One icon on its own, for a legend."""
        pixmap = QPixmap(size, size)
        pixmap.fill(BACKGROUND)
        icons = Icons(size, person)
        icons.add(state, QRect(0, 0, size, size))
        painter = QPainter(pixmap)
        icons.paint(painter, kind)
        painter.end()
        return pixmap


def cell_rect(geometry: Geometry, denominator: int, index: int, mirrored: bool = False) -> QRect:
    """The square of the icon at a fill-order index.

    ``mirrored`` fills from the top-right corner, for right-to-left readers.
    """
    columns, _rows, block = grid_shape(denominator)
    row, column = divmod(index, columns)
    if mirrored:
        column = columns - 1 - column
    x = geometry.left + column * geometry.cell + (column // block if block else 0) * geometry.gap
    y = geometry.top + row * geometry.cell + (row // block if block else 0) * geometry.gap
    return QRect(x, y, geometry.cell, geometry.cell)


class Icons:
    """Precomputed shapes of a set of icons, drawn with one call per kind of icon."""

    def __init__(self, cell: int, persons: bool) -> None:
        self.cell = cell
        self.persons = persons
        self.pad = max(1, cell // 8)
        self.unit = _person(cell - 2 * self.pad) if persons else None
        self.rects: dict[CellState, list[QRect]] = {state: [] for state in CellState}
        self.paths: dict[CellState, QPainterPath] = {state: QPainterPath() for state in CellState}
        self.stripes: dict[CellState, list[QLineF]] = {state: [] for state in CellState}
        self.outline = 1.0 if not persons else max(1.0, cell / 18)
        # Thin, crisp stripes keep a solid range icon mostly solid and a hollow one mostly
        # hollow, so the two stay apart in grayscale even at small sizes.
        self.stripe_width = max(1.0, min(3.0, cell / 8)) if persons else max(1, cell // 12)

    def add(self, state: CellState, cell: QRect) -> None:
        pad = self.pad
        icon = cell.adjusted(pad, pad, -pad, -pad)
        if self.unit is not None:
            self.paths[state].addPath(self.unit.translated(QPointF(icon.x(), icon.y())))
        elif state in OUTLINED:
            # A 1 px outline draws one pixel right of and below a rect; keep it inside.
            self.rects[state].append(icon.adjusted(0, 0, -1, -1))
        else:
            self.rects[state].append(icon)
        if state in STRIPE_COLOUR:
            self.stripes[state].extend(_stripes(QRectF(icon), self.persons, self.stripe_width))

    def paint(self, painter: QPainter, kind: Kind) -> None:
        colour = AFFECTED_COLOURS[kind]
        for state in CellState:
            if state in OUTLINED:
                line = UNAFFECTED_COLOUR if state is CellState.UNAFFECTED else colour
                painter.setPen(QPen(line, self.outline))
                painter.setBrush(BACKGROUND)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
            if self.rects[state]:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.drawRects(self.rects[state])
            if not self.paths[state].isEmpty():
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.drawPath(self.paths[state])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, self.persons)
        for state, stripe in STRIPE_COLOUR.items():
            if self.stripes[state]:
                pen = QPen(colour if stripe is None else stripe, self.stripe_width)
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(pen)
                painter.drawLines(self.stripes[state])


OUTLINED = (CellState.UNAFFECTED, CellState.MAYBE)
"""Hollow icons: an outline on white."""
STRIPE_COLOUR: dict[CellState, QColor | None] = {
    CellState.MAYBE_NOT: BACKGROUND,
    CellState.MAYBE: None,
}
"""Range icons carry a diagonal stripe: white on solid, or the outcome's colour on hollow."""


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
