"""The option grid's table model: its rows, its columns and every cell's text.

Column 0 holds the row labels; columns 1.. are the visible options. The rows are the
questions, then what each option is like, with the rows a pack adds only when it has
them (who can have each option first, what holds for every option last). Every text is
made when the model is (re)loaded: the grid's words in the patient's language, its
hints in the screen's. Glossary terms are marked in the rich text for tap-for-meaning
(:mod:`.glossary_terms`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from decision_aid.content.model import Cell, Option
from decision_aid.content.model_parts import GlossaryEntry
from decision_aid.i18n import N_, _, current_language, ngettext, translate, using
from decision_aid.session.state import Session
from decision_aid.ui.plain_text import escaped, tooltip
from decision_aid.ui.widgets.cell_detail import certainty_label
from decision_aid.ui.widgets.glossary_terms import marked_html, meanings_text, used_entries

Index = QModelIndex | QPersistentModelIndex

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 3
OPTION_ID_ROLE = Qt.ItemDataRole.UserRole + 4
TERMS_ROLE = Qt.ItemDataRole.UserRole + 5

PROFILE_ROWS: tuple[tuple[str, str], ...] = (
    ("benefits", N_("Benefits")),
    ("harms", N_("Harms and burdens")),
    ("physical", N_("Body and daily life")),
    ("emotional", N_("Feelings")),
    ("social", N_("Work, family and social life")),
    ("text", N_("Living with it")),
)
"""Rows under the questions: what each option is like, from the pack's option texts. An
option's living with it is three rows (physical, emotional, social) or one ('text')."""
ELIGIBILITY_LABEL = N_("Who can have it")
SHARED_LABEL = N_("True whichever you choose")


@dataclass(frozen=True)
class GridRow:
    """One row of the table: a question, the section heading, or a profile row."""

    kind: str
    """'question', 'section', 'profile' or 'shared' (one text across the options)."""
    key: str
    """The question id, or the profile key ('eligibility', 'benefits', 'physical' ...)."""
    label: str
    """The text in the first column."""


def cell_data(index: Index, role: int) -> Any:
    """``index.data(role)`` without the round trip through QVariant.

    PySide6 6.12 drops a reference to None each time ``QModelIndex.data()`` returns
    an empty value, which aborts the interpreter at exit; asking the Python model
    directly avoids that.
    """
    model = index.model()
    if not index.isValid() or model is None:
        return None
    return model.data(index, role)


def _paragraph(text: str, *, marked: bool = False) -> str:
    """A paragraph of plain ``text``, or of ``marked`` HTML already made safe."""
    return f"<p style='margin:0'>{text if marked else escaped(text)}</p>"


class GridModel(QAbstractTableModel):
    """Column 0 holds the row labels; columns 1.. are the visible options.

    Every text is made when the model is (re)loaded: the grid's words in the patient's
    language, its hints in ``ui_language`` (the screen's, or the patient view's).
    """

    def __init__(self, session: Session, ui_language: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.ui_language = ui_language or current_language()
        self.options: list[Option] = []
        self.rows: list[GridRow] = []
        self.glossary: list[GlossaryEntry] = []
        self._header_tips: list[str] = []
        self._texts: dict[tuple[int, int], tuple[str, str]] = {}
        self._terms: dict[tuple[int, int], list[GlossaryEntry]] = {}
        self._heading = ""
        self._hint = ""
        self.reload()

    def reload(self) -> None:
        """Re-read the visible options and rows from the session."""
        self.beginResetModel()
        with using(self.ui_language):
            self._hint = tooltip(_("Double-click or press Enter for the details and sources."))
        with using(self.session.language):
            self._load()
        self.endResetModel()

    def _load(self) -> None:
        content = self.session.pack.content
        visible = self.session.visible_options()
        self.options = [o for o in content.options if o.id in visible]
        self.glossary = list(content.glossary)
        shown_rows = set(self.session.visible_rows())
        self.rows = []
        if any(o.eligibility for o in self.options):
            self.rows.append(GridRow("profile", "eligibility", translate(ELIGIBILITY_LABEL)))
        self.rows += [
            GridRow("question", q.id, q.text) for q in content.questions if q.id in shown_rows
        ]
        self.rows.append(GridRow("section", "profile", _("What is each option like?")))
        self.rows += [
            GridRow("profile", key, translate(label))
            for key, label in PROFILE_ROWS
            if self._has_profile(key)
        ]
        if content.shared:
            self.rows.append(GridRow("shared", "shared", translate(SHARED_LABEL)))
        self._heading = _("Questions people ask")
        self._header_tips = [
            option.description
            + (
                "\n" + _("Who can have it: {eligibility}").format(eligibility=option.eligibility)
                if option.eligibility
                else ""
            )
            for option in self.options
        ]
        self._texts = {}
        self._terms = {}
        for row_number, row in enumerate(self.rows):
            for column in range(len(self.options) + 1):
                option = self.options[column - 1] if column > 0 else None
                plain_text = self._text(row, option, rich=False)
                self._texts[row_number, column] = (plain_text, self._text(row, option, rich=True))
                self._terms[row_number, column] = used_entries([plain_text], self.glossary)

    def _has_profile(self, key: str) -> bool:
        """Whether any visible option has text for this profile row."""
        if key in ("benefits", "harms"):
            return any(getattr(o, key) for o in self.options)
        return any(getattr(o.living_with, key) is not None for o in self.options)

    def shared_row(self) -> int | None:
        """Index of the row of statements that hold for every option, if the pack has one."""
        return next((i for i, row in enumerate(self.rows) if row.kind == "shared"), None)

    def terms(self, index: Index) -> list[GlossaryEntry]:
        """The glossary entries whose terms the cell uses, in order."""
        return self._terms.get((index.row(), index.column()), [])

    def section_row(self) -> int:
        """Index of the 'What is each option like?' heading row."""
        return next(i for i, row in enumerate(self.rows) if row.kind == "section")

    # -- Qt model ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.options) + 1

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._heading if section == 0 else self.options[section - 1].name
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            return tooltip(self._header_tips[section - 1])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def kind(self, index: Index) -> str:
        """'label', 'answer', 'section', 'profile' or 'shared'."""
        row = self.rows[index.row()]
        if row.kind == "section":
            return "section"
        if index.column() == 0:
            return "label"
        if row.kind == "shared":
            return "shared"
        return "answer" if row.kind == "question" else "profile"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        option = self.options[index.column() - 1] if index.column() > 0 else None
        if role == KIND_ROLE:
            return self.kind(index)
        if role == ROW_ID_ROLE:
            return row.key
        if role == OPTION_ID_ROLE:
            return option.id if option else None
        if role in (Qt.ItemDataRole.DisplayRole, HTML_ROLE):
            return self._texts[index.row(), index.column()][role == HTML_ROLE]
        if role == TERMS_ROLE:
            return [entry.id for entry in self.terms(index)]
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and self.terms(index):
            return meanings_text(self.terms(index))
        if role == Qt.ItemDataRole.ToolTipRole and self.kind(index) == "answer":
            return self._hint
        return None

    def _lines(self, row: GridRow, option: Option) -> list[str]:
        if row.key == "eligibility":
            return [option.eligibility or _("No limit stated in this pack.")]
        if row.key == "benefits":
            return list(option.benefits) or [_("None listed in this pack.")]
        if row.key == "harms":
            return list(option.harms) or [_("None listed in this pack.")]
        text = getattr(option.living_with, row.key)
        return [text if text is not None else _("None listed in this pack.")]

    def _meta_line(self, cell: Cell) -> str:
        parts = [certainty_label(cell.certainty)] if cell.certainty is not None else []
        if count := len(cell.citations):
            parts.append(ngettext("{n} source", "{n} sources", count).format(n=count))
        if cell.detail:
            parts.append(_("more detail"))
        return " · ".join(parts)

    def _marked(self, text: str) -> str:
        """Pack text as HTML, its glossary terms marked to tap."""
        return marked_html(text, self.glossary)

    def _list(self, lines: list[str]) -> str:
        items = "".join(f"<li style='margin-bottom:3px'>{self._marked(x)}</li>" for x in lines)
        return f"<ul style='margin:0'>{items}</ul>"

    def _text(self, row: GridRow, option: Option | None, *, rich: bool) -> str:
        """A cell's text: plain (for assistive technology) or rich (for painting)."""
        if option is None:
            return _paragraph(self._marked(row.label), marked=True) if rich else row.label
        if row.kind == "section":
            return ""
        if row.kind == "shared":
            if option is not self.options[0]:
                return ""  # the first answer column spans them all
            lines = [statement.text for statement in self.session.pack.content.shared]
            return self._list(lines) if rich else "\n".join(lines)
        if row.kind == "profile":
            lines = self._lines(row, option)
            if not rich:
                return "\n".join(lines)
            if row.key in ("benefits", "harms"):
                return self._list(lines)
            return _paragraph(self._marked(lines[0]), marked=True)
        question = next(q for q in self.session.pack.content.questions if q.id == row.key)
        cell = question.answers[option.id]
        meta = self._meta_line(cell)
        if not rich:
            return f"{cell.text}\n{meta}" if meta else cell.text
        text = _paragraph(self._marked(cell.text), marked=True)
        if not meta:
            return text
        note = f"<p class='meta' style='margin:6px 0 0 0'><small>{escaped(meta)}</small></p>"
        return text + note
