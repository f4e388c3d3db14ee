"""How one option fits what matters to the patient: its name and a verdict in words, a
balance of the reasons to avoid it and to choose it, and those reasons listed under the
two sides of the balance (the Ottawa Personal Decision Guide's "reasons to choose" and
"reasons to avoid", weighed by how much each matters)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from decision_aid.ui.plain_text import escaped, plain_label, rich_label
from decision_aid.ui.type_scale import relative_font
from decision_aid.ui.widgets.fit_bar import FitBar, Swatch


def _wrapped(text: str = "") -> QLabel:
    label = plain_label(text, wrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class OptionFitView(QWidget):
    """One option: name and verdict, the balance, then the reasons to avoid it (under the
    bar's avoid side) and to choose it (under its choose side). Mirrored right to left."""

    def __init__(
        self, name: str, avoid_heading: str, choose_heading: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.name = relative_font(_wrapped(name), bold=True)
        self.verdict = relative_font(plain_label(), bold=True)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.bar = FitBar()
        self.avoid = rich_label(wrap=True)
        self.choose = rich_label(wrap=True)
        self.avoid.setAccessibleName(avoid_heading)
        self.choose.setAccessibleName(choose_heading)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(self.fontMetrics().height())
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.verdict, 0, 1)
        grid.addWidget(self.bar, 1, 0, 1, 2)
        grid.addLayout(self._heading(avoid_heading, choose=False), 2, 0)
        grid.addLayout(self._heading(choose_heading, choose=True), 2, 1)
        grid.addWidget(self.avoid, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.choose, 3, 1, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _heading(text: str, *, choose: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(Swatch(choose))
        row.addWidget(relative_font(_wrapped(text), bold=True), 1)
        return row

    def show_fit(
        self,
        verdict: str,
        *,
        towards: float | None,
        away: float | None,
        avoid: list[tuple[str, str]],
        choose: list[tuple[str, str]],
        none: str,
    ) -> None:
        """The verdict, the two pulls (0 to 1), and the reasons on each side as (concern,
        why) pairs; ``none`` stands in for an empty side."""
        self.verdict.setText(verdict)
        self.bar.set_pulls(towards, away)
        self.avoid.setText(_reasons_html(avoid, none))
        self.choose.setText(_reasons_html(choose, none))


def _reasons_html(reasons: list[tuple[str, str]], none: str) -> str:
    """A list of reasons, each its concern in bold with why below; every part escaped."""
    if not reasons:
        return f"<p style='margin:0'><i>{escaped(none)}</i></p>"
    items = "".join(
        f"<li style='margin-bottom:4px'><b>{escaped(concern)}</b><br>{escaped(why)}</li>"
        for concern, why in reasons
    )
    return f"<ul style='margin:0; -qt-list-indent:1'>{items}</ul>"
