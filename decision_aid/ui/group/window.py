"""The facilitator's window: the join code and address, the projector view (the grid,
what matters to people here, the questions, the leanings, and, when the pack names
community topics, the local groups and services to mark as discussed) and the
show-of-hands entry.

The session starts when the window opens, on the address the facilitator picks (the
first of this computer's network addresses, unless changed), and ends, with the server
stopped, when the facilitator ends it or closes the window.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.loader import LoadedPack
from decision_aid.directory.available import Available
from decision_aid.group.counts import UNSURE, GroupCounts
from decision_aid.group.page import PageMaker, pack_in
from decision_aid.group.resources import GroupResources
from decision_aid.group.server import GroupServer, Limits
from decision_aid.i18n import _, current_language, ngettext
from decision_aid.ui.group.community import CommunityPanel
from decision_aid.ui.group.qr import qr_pixmap
from decision_aid.ui.group.spread_view import SpreadBars


class _Bridge(QObject):
    """Carries 'the counts changed' from the server's threads to the GUI thread."""

    changed = Signal()


BREAK_EVERY = 16
"""Characters of the join address between places where its line may break."""


def breakable(url: str) -> str:
    """``url`` with a zero-width space after each '/' and every :data:`BREAK_EVERY`
    characters of a long run, so it wraps inside a narrow panel in any language; the
    address itself (and the QR code) is unchanged."""
    parts = []
    for run in url.split("/"):
        pieces = [run[i : i + BREAK_EVERY] for i in range(0, len(run), BREAK_EVERY)] or [""]
        parts.append("\u200b".join(pieces))
    return "/\u200b".join(parts)


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class GroupWindow(QMainWindow):
    """One group session for one pack."""

    def __init__(
        self,
        loaded: LoadedPack,
        addresses: list[str],
        *,
        threshold: int = 5,
        limits: Limits | None = None,
        print_record: Callable[[GroupWindow], None] | None = None,
        available: Available | None = None,
        today: date | None = None,
    ) -> None:
        """``available``: the community directories to offer from (by default those
        the trust settings accept); ``today``: the day entries are judged stale on."""
        super().__init__()
        self.loaded = loaded
        self.pack = pack_in(loaded, current_language())
        content = self.pack.content
        self._bridge = _Bridge()
        self.counts = GroupCounts(
            tuple(v.id for v in content.values),
            tuple(o.id for o in content.options),
            threshold=threshold,
            on_change=self._bridge.changed.emit,
        )
        self.pages = PageMaker(loaded)
        self.limits = limits
        topics = self.pack.meta.community_topics
        if topics and available is None:
            from decision_aid.content.trust.policy import default_policy
            from decision_aid.directory.available import find_directories

            available = find_directories(default_policy())
        self.resources = GroupResources.offered(
            available or Available(),
            topics,
            current_language(),
            today or datetime.now().astimezone().date(),
            on_change=self._bridge.changed.emit,
        )
        self.server: GroupServer | None = None
        self.setWindowTitle(_("Group session: {title}").format(title=self.pack.meta.title))

        side = QWidget()
        side_layout = QVBoxLayout(side)
        title = _wrapped(self.pack.meta.title)
        title.setObjectName("title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        side_layout.addWidget(title)
        side_layout.addWidget(_wrapped(_("Join on your phone: scan the code or type the address.")))
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        side_layout.addWidget(self.qr)
        self.url = QLabel()
        # Read from the projector and typed, never selected (the breaks below would be
        # copied with it); always left to right and wrapped inside the panel.
        self.url.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.url.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        self.url.setWordWrap(True)
        side_layout.addWidget(self.url)
        address_row = QHBoxLayout()
        address_row.addWidget(QLabel(_("Network address")))
        self.address = QComboBox()
        self.address.addItems(addresses)
        address_row.addWidget(self.address, 1)
        side_layout.addLayout(address_row)
        self.problem = _wrapped()
        self.problem.setVisible(False)
        side_layout.addWidget(self.problem)
        self.participants = QLabel()
        side_layout.addWidget(self.participants)
        from decision_aid.ui.group.hands import HandsPanel

        self.hands = HandsPanel(self.counts, self.pack)
        side_layout.addWidget(self.hands)
        self.end_button = QPushButton(_("End the session"))
        self.print_button = QPushButton(_("Print the group's record…"))
        self.print_button.setVisible(print_record is not None)
        self.ended = _wrapped(_("The session has ended: the page no longer answers."))
        self.ended.setVisible(False)
        side_layout.addWidget(self.end_button)
        side_layout.addWidget(self.print_button)
        side_layout.addWidget(self.ended)
        self.record_status = _wrapped()
        self.record_status.setVisible(False)
        side_layout.addWidget(self.record_status)
        side_layout.addStretch(1)
        side_scroll = QScrollArea()
        side_scroll.setWidget(side)
        side_scroll.setWidgetResizable(True)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        side_scroll.setMinimumWidth(side.minimumSizeHint().width() + bar + 4)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._grid(), _("The grid"))
        self.tabs.addTab(self._spreads(), _("What matters to people here"))
        self.tabs.addTab(self._questions(), _("Questions"))
        self.tabs.addTab(self._leanings(), _("Leanings"))
        self.community: CommunityPanel | None = None
        if topics:
            self.community = CommunityPanel(self.resources)
            self.tabs.addTab(self.community, _("Local groups and services"))

        splitter = QSplitter()
        splitter.addWidget(side_scroll)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 3)
        self.setCentralWidget(splitter)

        # Queued even from the GUI thread: a Hide button is not deleted inside its own click.
        self._bridge.changed.connect(self.refresh, Qt.ConnectionType.QueuedConnection)
        self.address.currentTextChanged.connect(self.listen_on)
        self.end_button.clicked.connect(self.end_session)
        if print_record is not None:
            self.print_button.clicked.connect(lambda: print_record(self))
        if addresses:
            self.listen_on(addresses[0])
        self.refresh()

    # -- building the projector's pages --------------------------------------------------

    def _grid(self) -> QWidget:
        content = self.pack.content
        table = QTableWidget(len(content.questions), len(content.options))
        table.setHorizontalHeaderLabels([o.name for o in content.options])
        table.setVerticalHeaderLabels([q.text for q in content.questions])
        for row, question in enumerate(content.questions):
            for column, option in enumerate(content.options):
                cell = question.answers.get(option.id)
                item = QTableWidgetItem(cell.text if cell else "")
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row, column, item)
        table.setWordWrap(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 28)
        table.resizeRowsToContents()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_table = table
        return table

    def _spreads(self) -> QWidget:
        page = QWidget()
        layout = QGridLayout(page)
        self.spread_rows: dict[str, tuple[QLabel, SpreadBars]] = {}
        for row, value in enumerate(self.pack.content.values):
            name = _wrapped(value.concern)
            font = name.font()
            font.setBold(True)
            name.setFont(font)
            status = _wrapped()
            bars = SpreadBars()
            layout.addWidget(name, row * 3, 0)
            layout.addWidget(status, row * 3 + 1, 0)
            layout.addWidget(bars, row * 3 + 2, 0)
            self.spread_rows[value.id] = (status, bars)
        if not self.pack.content.values:
            layout.addWidget(_wrapped(_("This pack lists no concerns to rate.")), 0, 0)
        layout.setRowStretch(layout.rowCount(), 1)
        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        return scroll

    def _questions(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.questions_table = QTableWidget(0, 2)
        self.questions_table.horizontalHeader().setVisible(False)
        self.questions_table.verticalHeader().setVisible(False)
        self.questions_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.questions_table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        self.questions_table.setWordWrap(True)
        self.questions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.no_questions = _wrapped(_("No questions yet."))
        self.hidden_count = _wrapped()
        layout.addWidget(self.no_questions)
        layout.addWidget(self.questions_table, 1)
        layout.addWidget(self.hidden_count)
        return page

    def _leanings(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.reveal = QPushButton()
        self.reveal.setCheckable(True)
        self.reveal.toggled.connect(self.counts.reveal_leanings)
        self.leanings_status = _wrapped()
        self.leanings_text = _wrapped()
        font = self.leanings_text.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.leanings_text.setFont(font)
        layout.addWidget(self.reveal)
        layout.addWidget(self.leanings_status)
        layout.addWidget(self.leanings_text)
        layout.addStretch(1)
        return page

    # -- the session -----------------------------------------------------------------------

    def listen_on(self, address: str) -> None:
        """Serve the page on ``address`` (only there), leaving any other address."""
        if self.counts.closed:
            return
        try:
            server = GroupServer(
                self.counts,
                self.pages,
                address,
                limits=self.limits,
                resources=self.resources if self.resources.topics else None,
            )
        except (OSError, ValueError) as error:
            self.problem.setText(
                _("The session cannot listen on {address}: {problem}").format(
                    address=address, problem=getattr(error, "strerror", None) or error
                )
            )
            self.problem.setVisible(True)
            return
        if self.server is not None:
            self.server.stop(end_session=False)
        self.server = server
        server.start()
        self.problem.setVisible(False)
        self.url.setText(breakable(server.url))
        self.url.setAccessibleName(server.url)
        self.qr.setPixmap(qr_pixmap(server.url, scale=6))

    def end_session(self) -> None:
        """Stop the server and end the session; the counts stay for the record."""
        if self.server is not None:
            self.server.stop()
            self.server = None
        self.counts.close()
        self.qr.clear()
        self.url.clear()
        for widget in (self.hands, self.end_button, self.address):
            widget.setEnabled(False)
        self.ended.setVisible(True)
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.end_session()
        super().closeEvent(event)

    # -- showing the counts ----------------------------------------------------------------

    def refresh(self) -> None:
        counts = self.counts
        self.participants.setText(
            ngettext(
                "{count} participant so far", "{count} participants so far", counts.participants
            ).format(count=counts.participants)
        )
        for spread in counts.spreads():
            status, bars = self.spread_rows[spread.concern_id]
            if spread.shown is None:
                status.setText(
                    ngettext(
                        "{count} has answered. The spread shows once {threshold} have answered.",
                        "{count} have answered. The spread shows once {threshold} have answered.",
                        spread.answered,
                    ).format(count=spread.answered, threshold=counts.threshold)
                )
            else:
                status.setText(
                    _(
                        "Shown for {shown} of {answered} answers; it changes after every "
                        "{threshold} new answers."
                    ).format(
                        shown=spread.shown_total,
                        answered=spread.answered,
                        threshold=counts.threshold,
                    )
                )
            bars.set_counts(spread.shown)
        self._refresh_questions()
        self._refresh_leanings()
        if self.community is not None:
            self.community.refresh()

    def _refresh_questions(self) -> None:
        shown = self.counts.questions()
        table = self.questions_table
        table.setRowCount(len(shown))
        for row, question in enumerate(shown):
            item = QTableWidgetItem(question.text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(row, 0, item)
            hide = QPushButton(_("Hide"))
            hide.setAccessibleName(_("Hide question {number}").format(number=question.number))
            hide.clicked.connect(
                lambda _checked=False, n=question.number: self.counts.hide_question(n)
            )
            table.setCellWidget(row, 1, hide)
        table.resizeRowsToContents()
        self.no_questions.setVisible(not shown)
        hidden = len(self.counts.questions(include_hidden=True)) - len(shown)
        self.hidden_count.setText(
            ngettext("{count} question hidden.", "{count} questions hidden.", hidden).format(
                count=hidden
            )
        )
        self.hidden_count.setVisible(hidden > 0)

    def _refresh_leanings(self) -> None:
        counts = self.counts
        revealed = counts.leanings_revealed
        self.reveal.setText(_("Hide the leanings") if revealed else _("Reveal the leanings"))
        tally = counts.leanings()
        if not revealed:
            self.leanings_status.setText(_("The leanings stay hidden until you reveal them."))
            self.leanings_text.clear()
        elif tally is None:
            self.leanings_status.setText(
                ngettext(
                    "{count} has given a leaning. The tally shows once {threshold} have.",
                    "{count} have given a leaning. The tally shows once {threshold} have.",
                    counts.leanings_answered,
                ).format(count=counts.leanings_answered, threshold=counts.threshold)
            )
            self.leanings_text.clear()
        else:
            self.leanings_status.clear()
            names = {f"option:{o.id}": o.name for o in self.pack.content.options}
            names[UNSURE] = _("Not sure yet")
            lines = [
                _("{name}: {count}").format(name=names[key], count=count)
                for key, count in tally.items()
            ]
            self.leanings_text.setText("\n".join(lines))
