"""The lint panel: the pack's errors and warnings as the author types.

While the pack breaks the format, the panel lists what the loader found; once it loads,
what the linter finds (:func:`decision_aid.content.lint.lint`, the same rules as
``decision-aid packs lint``), which runs off the GUI thread. Notes are listed when asked
for. Choosing a problem (a click, or Enter) says ``problem_chosen``: the window then
opens the field it is about.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from decision_aid.content.errors import Problem
from decision_aid.i18n import _, ngettext
from decision_aid.ui.author.directions import in_order
from decision_aid.ui.plain_text import literal_ampersands, plain_label, typed


def severity_word(severity: str) -> str:
    if severity == "error":
        return _("Error")
    if severity == "warning":
        return _("Warning")
    return _("Note")


def place_text(problem: Problem, folder: str) -> str:
    """Where a problem is, shortened to the file's place in the pack."""
    file = problem.file
    if folder and file.startswith(folder):
        file = file[len(folder) :].lstrip("/\\!")
    where = f"{file}:{problem.line}" if problem.line is not None else file
    return f"{where} · {problem.path}"


class LintPanel(QWidget):
    """The problems of the pack as it stands; ``problem_chosen(problem)`` on a choice."""

    problem_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Problems"))
        self.folder = ""
        self.problems: list[Problem] = []
        self.checking = False
        self.summary: QLabel = plain_label()
        self.summary.setAccessibleName(_("Problems found"))
        self.notes = QCheckBox(literal_ampersands(_("Show notes")))
        self.notes.setAccessibleName(_("Show notes"))
        self.notes.toggled.connect(lambda _on: self._fill())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.notes)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Problems"))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._icons = {
            "error": self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }
        self._fill()

    def show_problems(self, problems: list[Problem], *, checking: bool = False) -> None:
        """List these problems; ``checking``: the linter is still at work on a newer text."""
        self.problems = list(problems)
        self.checking = checking
        self._fill()

    def set_checking(self, checking: bool) -> None:
        self.checking = checking
        self._summarise()

    def _shown(self) -> list[Problem]:
        if self.notes.isChecked():
            return self.problems
        return [p for p in self.problems if p.severity != "info"]

    def _fill(self) -> None:
        self.list.clear()
        shown = self._shown()
        if not shown:
            item = QListWidgetItem(
                _("No errors or warnings.")
                if self.problems or not self.checking
                else _("Checking the pack…")
            )
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
        for problem in shown:
            place = typed(place_text(problem, self.folder))
            text = f"{severity_word(problem.severity)} · {place}\n{in_order(problem.message)}"
            item = QListWidgetItem(self._icons[problem.severity], text)
            item.setData(Qt.ItemDataRole.UserRole, problem)
            item.setToolTip(str(problem))
            self.list.addItem(item)
        self._summarise()

    def _summarise(self) -> None:
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = sum(p.severity == "warning" for p in self.problems)
        notes = sum(p.severity == "info" for p in self.problems)
        parts = [
            ngettext("{n} error", "{n} errors", errors).format(n=errors),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
            ngettext("{n} note", "{n} notes", notes).format(n=notes),
        ]
        text = ", ".join(parts)
        if self.checking:
            text = _("{counts} (checking the latest change…)").format(counts=text)
        self.summary.setText(text)

    def _chosen(self, item: QListWidgetItem) -> None:
        problem = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(problem, Problem):
            self.problem_chosen.emit(problem)
