"""The reading grade of a text as the author types it, by the linter's own measure.

The three formulas of :mod:`decision_aid.content.lint.readability` (Flesch-Kincaid,
Coleman-Liau, ARI), with its limit and its rule: too hard when two of the three are
above grade 8. textstat loads its pronouncing dictionary on first use (a few tenths of
a second), so :func:`warm_up` does that off the GUI thread once, when the workbench
opens; until then a grade says it is being measured.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from decision_aid.content.lint.common import is_english, word_count
from decision_aid.content.lint.readability import (
    ADDRESS,
    FORMULAS_OVER,
    MAX_GRADE,
    MIN_WORDS,
    Grades,
    reading_grades,
)
from decision_aid.i18n import _, ngettext
from decision_aid.i18n.bidi import LRI, PDI
from decision_aid.ui.plain_text import plain_label
from decision_aid.ui.tasks import run_task

_ready = threading.Event()


class _Warmth(QObject):
    ready = Signal()


warmth = _Warmth()
"""Says ``ready`` once textstat has loaded (on the GUI thread)."""


def warm_up(parent: QObject) -> None:
    """Load textstat off the GUI thread; ``warmth.ready`` fires when it is done."""
    if _ready.is_set():
        return

    def work() -> None:
        reading_grades("This sentence warms up the reading grade formulas for the author.")
        _ready.set()

    run_task(parent, work, lambda _result: warmth.ready.emit(), lambda _exc: None)


def is_ready() -> bool:
    return _ready.is_set()


def grades_of(text: str) -> Grades | None:
    """The three grades of an English text; None when it is too short to measure."""
    measured = ADDRESS.sub("", text)
    if word_count(measured) < MIN_WORDS:
        return None
    return reading_grades(measured)


def grade_text(text: str, language: str) -> tuple[str, bool]:
    """What the grade line says about ``text``, and whether it is too hard."""
    if not is_english(language):
        return _("Reading grade: measured for English text only."), False
    if not text.strip():
        return "", False
    words = word_count(ADDRESS.sub("", text))
    if words < MIN_WORDS:
        return (
            ngettext(
                "Reading grade: not measured under {min} words ({n} word so far).",
                "Reading grade: not measured under {min} words ({n} words so far).",
                words,
            ).format(min=MIN_WORDS, n=words),
            False,
        )
    if not is_ready():
        return _("Reading grade: measuring…"), False
    grades = grades_of(text)
    assert grades is not None
    hard = grades.over() >= FORMULAS_OVER
    numbers = (
        LRI
        + _("Flesch-Kincaid {fk}, Coleman-Liau {cl}, ARI {ari}").format(
            fk=f"{grades.flesch_kincaid:.1f}",
            cl=f"{grades.coleman_liau:.1f}",
            ari=f"{grades.ari:.1f}",
        )
        + PDI
    )  # the formulas' names and figures keep their order in a right-to-left sentence
    if hard:
        return (
            _(
                "Reading grade: {numbers}. Above {limit} by {count} of 3 formulas: use "
                "shorter sentences and everyday words."
            ).format(numbers=numbers, limit=f"{MAX_GRADE:.0f}", count=grades.over()),
            True,
        )
    return _("Reading grade: {numbers}. Plain enough (aim for {limit} or below).").format(
        numbers=numbers, limit=f"{MAX_GRADE:.0f}"
    ), False


def short_grade(text: str) -> str:
    """The Flesch-Kincaid grade alone, for the structure's column ('' when not measured)."""
    if not is_ready():
        return ""
    grades = grades_of(text)
    if grades is None:
        return ""
    mark = " !" if grades.over() >= FORMULAS_OVER else ""
    return f"{grades.flesch_kincaid:.1f}{mark}"


class GradeLabel(QWidget):
    """One line under a text field: its reading grade, updated as the author types."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.label: QLabel = plain_label(wrap=True, parent=self)
        self.label.setAccessibleName(_("Reading grade"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self._text = ""
        warmth.ready.connect(self._measure)

    def show_text(self, text: str) -> None:
        self._text = text
        self._measure()

    def _measure(self) -> None:
        words, hard = grade_text(self._text, self.language)
        self.label.setText(words)
        self.label.setVisible(bool(words))
        self.label.setStyleSheet("QLabel { color: #8a1c00; font-weight: bold; }" if hard else "")
