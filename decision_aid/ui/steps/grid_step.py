"""Step 'grid': the decision, the pack's dates and status, and the option grid.

In clinician mode a "Focus" panel above the grid hides and shows options and
questions, so the conversation can stay on the two or three that matter. The
session refuses to hide the last option or question; the page then says so gently.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _, format_date, ngettext
from decision_aid.session.state import SessionError
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.plain_text import literal_ampersands, plain_label
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.type_scale import relative_font
from decision_aid.ui.widgets.grid_view import GridView

DECISION_SCALE = 1.6
"""The decision, the page's heading, relative to the text."""


class GridStep(StepPage):
    """The option grid with the decision statement above it."""

    step = "grid"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        meta = self.session.pack.meta
        self.decision = relative_font(
            plain_label(meta.decision, wrap=True), DECISION_SCALE, bold=True
        )
        self.decision.setAccessibleName(_("Decision"))
        self.dates = plain_label(wrap=True)
        self.status = relative_font(plain_label(), bold=True)
        self.status.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)

        self.grid = GridView(binding)
        self.grid.detail_opened.connect(self._cell_opened)

        line = self.fontMetrics().height()
        self._margin = line
        layout = QVBoxLayout(self)
        layout.setContentsMargins(line, line, line, line)
        layout.setSpacing(round(line * 0.5))
        layout.addWidget(self.decision)
        layout.addWidget(self.dates)
        layout.addWidget(self.status)
        layout.addSpacing(round(line * 0.3))

        self.option_boxes: dict[str, QCheckBox] = {}
        self.row_boxes: dict[str, QCheckBox] = {}
        if not patient:
            self._build_focus(layout)
        layout.addWidget(self.grid)
        layout.addStretch(1)
        self.refresh()

    # -- the focus panel (clinician only) -----------------------------------------------

    def _build_focus(self, layout: QVBoxLayout) -> None:
        content = self.session.pack.content
        self.focus_toggle = QToolButton()
        self.focus_toggle.setText(_("Focus: choose options and questions"))
        self.focus_toggle.setAccessibleName(_("Focus: choose options and questions"))
        self.focus_toggle.setCheckable(True)
        self.focus_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.focus_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.focus_toggle.toggled.connect(self._toggle_focus)
        self.focus_summary = plain_label(wrap=True)
        self.show_all = QPushButton(_("Show all"))
        self.show_all.setAccessibleName(_("Show all options and questions"))
        self.show_all.clicked.connect(self._show_all)
        bar = QHBoxLayout()
        bar.addWidget(self.focus_toggle)
        bar.addWidget(self.focus_summary, 1)
        bar.addWidget(self.show_all)
        layout.addLayout(bar)

        options = QGroupBox(_("Options to show"))
        options_layout = QVBoxLayout(options)
        for option in content.options:
            box = QCheckBox(literal_ampersands(option.name))
            box.setAccessibleName(_("Show option: {name}").format(name=option.name))
            box.toggled.connect(lambda on, key=option.id: self._set_option_shown(key, on))
            options_layout.addWidget(box)
            self.option_boxes[option.id] = box
        options_layout.addStretch(1)
        questions = QGroupBox(_("Questions to show"))
        questions_layout = QVBoxLayout(questions)
        for question in content.questions:
            box = QCheckBox(literal_ampersands(question.text))
            box.setAccessibleName(_("Show question: {text}").format(text=question.text))
            box.toggled.connect(lambda on, key=question.id: self._set_row_shown(key, on))
            questions_layout.addWidget(box)
            self.row_boxes[question.id] = box
        questions_layout.addStretch(1)

        self.focus_message = plain_label(wrap=True)
        self.focus_message.setAccessibleName(_("Focus message"))
        self.focus_message.hide()
        self.focus_panel = QWidget()
        panel_layout = QVBoxLayout(self.focus_panel)
        panel_layout.setContentsMargins(0, 0, 0, 0)
        self._groups = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._groups.addWidget(options, 1)
        self._groups.addWidget(questions, 2)
        self._option_group, self._question_group = options, questions
        panel_layout.addLayout(self._groups)
        panel_layout.addWidget(self.focus_message)
        self.focus_panel.hide()
        layout.addWidget(self.focus_panel)

    def _toggle_focus(self, open_: bool) -> None:
        self.focus_panel.setVisible(open_)
        arrow = Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow
        self.focus_toggle.setArrowType(arrow)

    def _say(self, message: str) -> None:
        self.focus_message.setText(message)
        self.focus_message.setVisible(bool(message))

    def _set_option_shown(self, option_id: str, shown: bool) -> None:
        try:
            self.session.set_option_hidden(option_id, not shown)
        except SessionError:
            self._say(_("At least one option stays on the grid, so this one cannot be hidden."))
            self.refresh()
            return
        self._say("")

    def _set_row_shown(self, row_id: str, shown: bool) -> None:
        try:
            self.session.set_row_hidden(row_id, not shown)
        except SessionError:
            self._say(_("At least one question stays on the grid, so this one cannot be hidden."))
            self.refresh()
            return
        self._say("")

    def _show_all(self) -> None:
        for option_id in list(self.session.record.hidden_options):
            self.session.set_option_hidden(option_id, False)
        for row_id in list(self.session.record.hidden_rows):
            self.session.set_row_hidden(row_id, False)
        self._say("")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self.patient:
            return
        side_by_side = (
            self._option_group.sizeHint().width()
            + self._question_group.sizeHint().width()
            + self._groups.spacing()
            + 2 * self._margin
        )
        direction = (
            QBoxLayout.Direction.LeftToRight
            if side_by_side <= event.size().width()
            else QBoxLayout.Direction.TopToBottom
        )
        if self._groups.direction() != direction:
            self._groups.setDirection(direction)

    # -- reading the session -------------------------------------------------------------

    def _on_changed(self, topic: str) -> None:
        if topic != "shown":
            super()._on_changed(topic)  # in the page's language: the patient's, in their view

    def refresh(self) -> None:
        meta = self.session.pack.meta
        self.decision.setText(meta.decision)
        self.dates.setText(
            " · ".join(
                (
                    _("Published {date}").format(date=format_date(meta.published)),
                    _("Evidence searched {date}").format(date=format_date(meta.evidence_searched)),
                    _("Review due {date}").format(date=format_date(meta.review_due)),
                    _("Expires {date}").format(date=format_date(meta.expires)),
                )
            )
        )
        self._refresh_status()
        if not self.patient:
            self._refresh_focus()
        if self.isVisible():
            self._mark_rows()

    def _refresh_status(self) -> None:
        meta = self.session.pack.meta
        today = self.session.clock().date()
        parts = []
        warn = False
        if meta.expires < today:
            parts.append(_("Expired on {date}").format(date=format_date(meta.expires)))
            warn = True
        elif meta.review_due < today:
            parts.append(_("Review overdue since {date}").format(date=format_date(meta.review_due)))
            warn = True
        if meta.review.status == "example":
            parts.append(_("Example — not clinically reviewed"))
            warn = True
        else:
            parts.append(
                _("Reviewed by {who} on {date}").format(
                    who=meta.review.reviewer, date=meta.review.date
                )
            )
        self.status.setText(" · ".join(parts))
        # In em, so the badge's padding grows with its text (View › Larger text).
        style = "padding: 0.3em 0.6em; border-radius: 0.3em;"
        if warn:
            style += "background: #fff4ce; color: #3b2f00; border: 1px solid #c8a600;"
        self.status.setStyleSheet(f"QLabel {{ {style} }}")

    def _refresh_focus(self) -> None:
        options = self.session.visible_options()
        rows = self.session.visible_rows()
        for option_id, box in self.option_boxes.items():
            with QSignalBlocker(box):
                box.setChecked(option_id in options)
        for row_id, box in self.row_boxes.items():
            with QSignalBlocker(box):
                box.setChecked(row_id in rows)
        total_options = len(self.option_boxes)
        total_rows = len(self.row_boxes)
        if len(options) == total_options and len(rows) == total_rows:
            summary = _("Showing every option and question.")
        else:
            summary = _("Showing {options} and {questions}.").format(
                options=ngettext(
                    "{shown} of {total} option", "{shown} of {total} options", total_options
                ).format(shown=len(options), total=total_options),
                questions=ngettext(
                    "{shown} of {total} question", "{shown} of {total} questions", total_rows
                ).format(shown=len(rows), total=total_rows),
            )
        self.focus_summary.setText(summary)
        self.show_all.setEnabled(len(options) < total_options or len(rows) < total_rows)

    # -- what was shown ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._mark_rows()

    def _mark_rows(self) -> None:
        """Record each visible row once, the first time it is on screen."""
        done = {s.item for s in self.session.record.shown if s.step == "grid"}
        for row_id in self.session.visible_rows():
            if f"row:{row_id}" not in done:
                self.session.mark_shown("grid", f"row:{row_id}")

    def _cell_opened(self, row_id: str, option_id: str) -> None:
        self.session.mark_shown("grid", f"cell:{row_id}:{option_id}")
