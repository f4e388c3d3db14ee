"""The 'What matters to you' step: rate the concerns, add your own, see how the options fit.

The fit is computed by :func:`decision_aid.session.scoring.option_fits`; this page only
shows it, as the Ottawa Personal Decision Guide does: for each option, the reasons to
choose it and the reasons to avoid it among the concerns the patient rated, how much each
matters in the rating scale's own words, a balance of the two, and a verdict in words.
"""

from __future__ import annotations

from functools import partial
from itertools import pairwise

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from decision_aid.i18n import _, or_list, translate
from decision_aid.session import scoring
from decision_aid.session.scoring import OptionFit
from decision_aid.ui.binding import SessionBinding
from decision_aid.ui.plain_text import buddy_label, literal_ampersands, plain_label
from decision_aid.ui.steps.base import StepPage
from decision_aid.ui.steps.values_words import (
    FIT_CHOICES,
    HOW_IT_WORKS,
    NO_REASONS,
    REASONS_TO_AVOID,
    REASONS_TO_CHOOSE,
    fit_verdict,
    reason,
    reasons_sentence,
)
from decision_aid.ui.type_scale import relative_font
from decision_aid.ui.widgets.option_fit import OptionFitView
from decision_aid.ui.widgets.scale_buttons import IMPORTANCE, ImportanceButtons

__all__ = ["ValuesStep", "fit_verdict"]

HEADING_SCALE = 1.2
"""Section headings, relative to the page's text."""


def _bold(label: QLabel, *, bold: bool = True, italic: bool = False) -> QLabel:
    """Set weight and slant only, so the size still follows the page's font."""
    font = QFont()
    font.setBold(bold)
    font.setItalic(italic)
    label.setFont(font)
    return label


def _wrapped(text: str = "") -> QLabel:
    label = plain_label(text, wrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _framed(label: QLabel) -> QLabel:
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMargin(label.fontMetrics().height() // 2)
    return label


class ValuesStep(StepPage):
    """Rate what matters, add your own concerns, and see how each option fits."""

    step = "values"

    def __init__(
        self, binding: SessionBinding, *, patient: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(binding, patient=patient, parent=parent)
        self.ratings: dict[str, ImportanceButtons] = {}
        """The importance buttons per concern id (pack and own; clinician page only)."""
        self.statuses: dict[str, QLabel] = {}
        """'Not rated yet' or the importance in words, per concern id."""
        self.fares: dict[tuple[str, str], QComboBox] = {}
        """Whether an own concern is a reason to choose or avoid an option, per (concern id,
        option id)."""
        self.removes: dict[str, QPushButton] = {}
        """The remove button per own concern id."""
        self._structure: object = None
        self._fit_structure: object = None
        self.fit_rows: dict[str, OptionFitView] = {}
        """How each visible option fits, per option id."""

        layout = QVBoxLayout(self)
        layout.addWidget(self._heading(_("How much does each of these matter to you?")))
        self._matrix_holder = QVBoxLayout()
        layout.addLayout(self._matrix_holder)
        self._matrix = QWidget()
        self._matrix_holder.addWidget(self._matrix)

        self.add_edit: QLineEdit | None = None
        self.add_button: QPushButton | None = None
        if not patient:
            layout.addLayout(self._build_add_row())

        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self._heading(_("How the options fit what matters to you")))
        self.note = _framed(
            _wrapped(
                _(
                    "This shows how your own ratings line up with the options. "
                    "It is not a recommendation."
                )
                + " "
                + _(
                    "For each option, the blue bar adds up the reasons to choose it and the "
                    "striped bar the reasons to avoid it, from what you rated."
                )
            )
        )
        layout.addWidget(self.note)
        self.prompt = _framed(_wrapped())
        self.prompt.setAccessibleName(_("Leaning and ratings"))
        palette = self.prompt.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
        palette.setColor(
            QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.ToolTipText)
        )
        self.prompt.setPalette(palette)
        self.prompt.setAutoFillBackground(True)
        layout.addWidget(self.prompt)
        self.invitation = _wrapped(
            _(
                "Rate how much the concerns above matter to you. Once at least one matters, "
                "this shows how well each option fits."
            )
        )
        layout.addWidget(self.invitation)
        self.fits_panel = QWidget()
        self._fits_holder = QVBoxLayout()
        self._fits_holder.addWidget(self.fits_panel)
        layout.addLayout(self._fits_holder)

        self.how_button: QToolButton | None = None
        self.how_text = _wrapped(translate(HOW_IT_WORKS))
        self.how_text.setParent(self)
        self.how_text.setVisible(False)
        if not patient:
            self.how_button = QToolButton()
            self.how_button.setText(_("How is this worked out?"))
            self.how_button.setAccessibleName(_("How is this worked out?"))
            self.how_button.setCheckable(True)
            self.how_button.setArrowType(Qt.ArrowType.RightArrow)
            self.how_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.how_button.toggled.connect(self._toggle_how)
            layout.addWidget(self.how_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(self.how_text)
        layout.addStretch(1)
        self.refresh()

    # -- building --------------------------------------------------------------------

    @staticmethod
    def _heading(text: str) -> QLabel:
        return relative_font(_wrapped(text), HEADING_SCALE, bold=True)

    def _build_add_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_edit = QLineEdit()
        self.add_edit.setMaxLength(500)
        self.add_edit.setPlaceholderText(_("Something else that matters to you"))
        self.add_edit.setAccessibleName(_("Your own concern"))
        label = buddy_label(_("Add your own:"), self.add_edit)
        button = self.add_button = QPushButton(_("Add"))
        button.setAccessibleName(_("Add your own concern"))
        button.setEnabled(False)
        self.add_edit.textChanged.connect(lambda text: button.setEnabled(bool(text.strip())))
        self.add_edit.returnPressed.connect(self._add_own)
        self.add_button.clicked.connect(self._add_own)
        row.addWidget(label)
        row.addWidget(self.add_edit, 1)
        row.addWidget(self.add_button)
        return row

    def _build_matrix(self) -> None:
        """(Re)build the ratings: the pack's concerns, then the patient's own."""
        focus_inside = self._matrix.isAncestorOf(self.focusWidget())
        matrix = QWidget()
        grid = QGridLayout(matrix)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(self.fontMetrics().height() // 3)
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 2)
        self.ratings, self.statuses, self.fares, self.removes = {}, {}, {}, {}
        self._chain: list[QWidget] = []
        if self.patient:
            self._build_patient_rows(grid)
        else:
            self._build_clinician_rows(matrix, grid)
        self._matrix_holder.replaceWidget(self._matrix, matrix)
        self._matrix.hide()
        self._matrix.deleteLater()
        self._matrix = matrix
        if not self.patient:
            self._fix_tab_order()
            if focus_inside and self.add_edit is not None:
                self.add_edit.setFocus()

    def _build_clinician_rows(self, matrix: QWidget, grid: QGridLayout) -> None:
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(7, 1)
        metrics = self.fontMetrics()
        words = [word for label in IMPORTANCE for word in translate(label).split()]
        widest = max(metrics.horizontalAdvance(word) for word in words)
        for column, label in enumerate(IMPORTANCE, start=1):
            header = _wrapped(translate(label))
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(header, 0, column)
            grid.setColumnMinimumWidth(column, widest)
        row = 1
        for value in self.session.pack.content.values:
            self._concern_row(matrix, grid, row, value.id, value.concern)
            row += 1
        own = self.session.record.own_concerns
        if own:
            grid.addWidget(_bold(_wrapped(_("Your own concerns"))), row, 0, 1, 8)
            row += 1
        for concern in own:
            self._concern_row(matrix, grid, row, concern.id, concern.text)
            remove = QPushButton(_("Remove"))
            remove.setAccessibleName(_("Remove ‘{concern}’").format(concern=concern.text))
            remove.clicked.connect(partial(self.session.remove_own_concern, concern.id))
            grid.addWidget(remove, row, 6)
            self._chain.append(remove)
            self.removes[concern.id] = remove
            grid.addWidget(self._fare_box(concern.id, concern.text), row + 1, 0, 1, 8)
            row += 2

    def _concern_row(
        self, matrix: QWidget, grid: QGridLayout, row: int, concern_id: str, text: str
    ) -> None:
        cell = QWidget()
        stack = QVBoxLayout(cell)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(0)
        stack.addWidget(_wrapped(text))
        status = _wrapped()
        stack.addWidget(status)
        grid.addWidget(cell, row, 0)
        buttons = ImportanceButtons(text, matrix)
        for column, button in enumerate(buttons.buttons, start=1):
            grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignCenter)
        buttons.chosen.connect(partial(self.session.rate, concern_id))
        self._chain += buttons.buttons
        self.ratings[concern_id] = buttons
        self.statuses[concern_id] = status

    def _fare_box(self, concern_id: str, text: str) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        indent = self.fontMetrics().horizontalAdvance("0") * 3
        grid.setContentsMargins(indent, 0, 0, self.fontMetrics().height() // 2)
        names = {o.id: o.name for o in self.session.pack.content.options}
        for row, option_id in enumerate(self.session.visible_options()):
            combo = QComboBox()
            for score, choice in FIT_CHOICES.items():
                combo.addItem(translate(choice), score)
            combo.setAccessibleName(
                _("For {option}, ‘{concern}’ is:").format(option=names[option_id], concern=text)
            )
            label = buddy_label(
                _("For {option}, this is:").format(option=literal_ampersands(names[option_id])),
                combo,
            )
            combo.currentIndexChanged.connect(partial(self._fare_chosen, concern_id, option_id))
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            self.fares[(concern_id, option_id)] = combo
            self._chain.append(combo)
        grid.setColumnStretch(2, 1)
        return box

    def _build_patient_rows(self, grid: QGridLayout) -> None:
        grid.setColumnStretch(0, 1)
        rows = [(v.id, v.concern) for v in self.session.pack.content.values]
        rows += [(c.id, c.text) for c in self.session.record.own_concerns]
        for row, (concern_id, text) in enumerate(rows):
            grid.addWidget(_wrapped(text), row, 0)
            status = plain_label()
            grid.addWidget(status, row, 1)
            self.statuses[concern_id] = status

    def _fix_tab_order(self) -> None:
        """Rebuilt rows join the end of the window's focus chain; put them back in place.

        The page's own controls go right after the focusable widget that comes before
        the page (when there is one), in reading order.
        """
        chain = [self._anchor(), *self._chain, self.add_edit, self.add_button, self.how_button]
        ordered = [w for w in chain if w is not None]
        for first, second in pairwise(ordered):
            QWidget.setTabOrder(first, second)

    def _anchor(self) -> QWidget | None:
        """The last focusable widget before this page in the window's focus chain."""
        widget = self.previousInFocusChain()
        while widget is not self and widget is not None:
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not self.isAncestorOf(widget):
                return widget
            widget = widget.previousInFocusChain()
        return None

    def _build_fits(self, visible: list[str]) -> None:
        fits = QWidget()
        column = QVBoxLayout(fits)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(self.fontMetrics().height())
        names = {o.id: o.name for o in self.session.pack.content.options}
        self.fit_rows = {}
        for option_id in visible:
            view = OptionFitView(
                names[option_id], translate(REASONS_TO_AVOID), translate(REASONS_TO_CHOOSE)
            )
            column.addWidget(view)
            self.fit_rows[option_id] = view
        self._fits_holder.replaceWidget(self.fits_panel, fits)
        self.fits_panel.hide()
        self.fits_panel.deleteLater()
        self.fits_panel = fits

    # -- reacting to the user ----------------------------------------------------------

    def _add_own(self) -> None:
        if self.add_edit is None:
            return
        text = self.add_edit.text().strip()
        if not text:
            return
        from decision_aid.session.state import SessionError

        try:
            self.session.add_own_concern(text)
        except SessionError as exc:  # the most own concerns a record keeps
            from decision_aid.ui.notice import notice

            notice(self.add_edit, str(exc))
            return
        self.add_edit.clear()
        self.add_edit.setFocus()

    def _fare_chosen(self, concern_id: str, option_id: str, index: int) -> None:
        combo = self.fares[(concern_id, option_id)]
        self.session.set_own_fare(concern_id, option_id, int(combo.itemData(index)))

    def _toggle_how(self, shown: bool) -> None:
        self.how_text.setVisible(shown)
        if self.how_button is not None:
            arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
            self.how_button.setArrowType(arrow)

    # -- showing the session -------------------------------------------------------------

    def refresh(self) -> None:
        record = self.session.record
        visible = self.session.visible_options()
        structure = (tuple((c.id, c.text) for c in record.own_concerns), tuple(visible))
        if structure != self._structure:
            self._structure = structure
            self._build_matrix()
        for concern_id, status in self.statuses.items():
            importance = self.session.importance(concern_id)
            if concern_id in self.ratings:
                self.ratings[concern_id].set_value(importance)
            if importance is None:
                status.setText(_("Not rated yet"))
            else:
                status.setText(translate(IMPORTANCE[importance]))
            _bold(status, bold=self.patient, italic=importance is None)
            if not self.patient:
                # The checked button shows the rating; only 'not rated yet' needs words.
                status.setVisible(importance is None)
        for concern in record.own_concerns:
            for option_id in visible:
                combo = self.fares.get((concern.id, option_id))
                if combo is not None:
                    with QSignalBlocker(combo):
                        combo.setCurrentIndex(combo.findData(concern.fares.get(option_id, 0)))
        self._refresh_fits(visible)

    def _refresh_fits(self, visible: list[str]) -> None:
        content = self.session.pack.content
        fits = scoring.option_fits(content, self.session.record)
        by_id = {f.option_id: f for f in fits}
        if tuple(visible) != self._fit_structure:
            self._fit_structure = tuple(visible)
            self._build_fits(visible)
        defined = any(by_id[o].fit is not None for o in visible)
        self.fits_panel.setVisible(defined)
        self.invitation.setVisible(not defined)
        names = {o.id: o.name for o in content.options}
        for option_id in visible:
            self._show_fit(by_id[option_id], names[option_id])
        leaning = self.session.record.plan.leaning
        differs = scoring.leaning_differs(fits, leaning)
        self.prompt.setVisible(differs)
        if differs and leaning is not None:
            best = [names[o] for o in scoring.best_fitting(fits)]
            self.prompt.setText(
                _(
                    "You are leaning towards {leaning}, but your ratings fit {best} better. "
                    "This can be worth talking about."
                ).format(
                    leaning=names[leaning.removeprefix("option:")],
                    best=or_list(best),
                )
            )
        else:
            self.prompt.setText("")

    def _show_fit(self, fit: OptionFit, name: str) -> None:
        view = self.fit_rows[fit.option_id]
        view.setVisible(fit.fit is not None)
        if fit.fit is None:
            view.show_fit("", towards=None, away=None, avoid=[], choose=[], none="")
            view.bar.setAccessibleName(name)
            view.bar.setAccessibleDescription("")
            return
        whys = self._whys(fit.option_id)
        avoid = [reason(d, whys.get(d.concern_id)) for d in fit.away]
        choose = [reason(d, whys.get(d.concern_id)) for d in fit.towards]
        verdict = fit_verdict(fit.fit)
        view.show_fit(
            verdict,
            towards=fit.pull_towards,
            away=fit.pull_away,
            avoid=avoid,
            choose=choose,
            none=translate(NO_REASONS),
        )
        view.bar.setAccessibleName(_("{option}: {verdict}").format(option=name, verdict=verdict))
        view.bar.setAccessibleDescription(
            " ".join(
                (
                    reasons_sentence(translate(REASONS_TO_CHOOSE), choose),
                    reasons_sentence(translate(REASONS_TO_AVOID), avoid),
                )
            )
        )

    def _whys(self, option_id: str) -> dict[str, str]:
        """The pack's reason, per concern id, why a concern counts for or against the option."""
        whys = {}
        for value in self.session.pack.content.values:
            why = value.fares[option_id].reason if option_id in value.fares else None
            if why:
                whys[value.id] = why
        return whys
