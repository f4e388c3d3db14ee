"""Shared pieces of the summary's sections: words, paragraphs, field tables, the build.

Every pack and patient string put into a paragraph is escaped; every fixed string goes
through ``_()``. Dates and numbers follow ``ReportOptions.locale`` (Babel).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias
from xml.sax.saxutils import escape

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Table,
)

from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Outcome, PackContent
from decision_aid.i18n import N_, _
from decision_aid.report import styles as st
from decision_aid.session.model import Person, SessionRecord

if TYPE_CHECKING:
    from decision_aid.report.summary import ReportOptions

IMPORTANCE = (N_("Not at all"), N_("A little"), N_("Somewhat"), N_("A lot"), N_("Extremely"))
LEANINGS = {"unsure": N_("Not sure yet"), "later": N_("I want to decide later")}
RELATIONSHIPS = {
    "family": N_("Family"),
    "carer": N_("Carer"),
    "friend": N_("Friend"),
    "other": N_("Other"),
}
FITS_WELL_AT = 0.5
EVEN = 0.005

esc = escape


# -- words ----------------------------------------------------------------------------------


class Words:
    """Locale-aware formatting of dates and numbers, and small phrases, for one build."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def date(self, when: date, form: str = "long") -> str:
        return str(format_date(when, format=form, locale=self.locale))

    def datetime(self, when: datetime) -> str:
        return str(format_datetime(when, format="long", tzinfo=when.tzinfo, locale=self.locale))

    def fit(self, fit: float) -> str:
        """'Fits partly (+0.35)'."""
        if fit >= FITS_WELL_AT:
            words = _("Fits well")
        elif fit >= EVEN:
            words = _("Fits partly")
        elif fit > -EVEN:
            words = _("Fits neither well nor badly")
        elif fit > -FITS_WELL_AT:
            words = _("Fits poorly")
        else:
            words = _("Does not fit")
        number = (
            format_decimal(0, format="0.00", locale=self.locale)
            if abs(fit) < EVEN
            else format_decimal(fit, format="+0.00;−0.00", locale=self.locale)
        )
        return _("{words} ({number})").format(words=words, number=number)


def person_text(person: Person | None) -> str:
    """'Name, role, identifier' with whatever was entered."""
    if person is None:
        return ""
    return ", ".join(p for p in (person.name, person.role, person.identifier) if p)


# -- building blocks ------------------------------------------------------------------------


def para(text: str, style: Any = st.BODY) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Paragraph(esc(st.printable(text)), style)


def rich(markup: str, style: Any = st.BODY) -> Paragraph:
    """A paragraph of reportlab mini-markup; every inserted value must be escaped."""
    return Paragraph(st.printable(markup), style)


def bullets(items: Sequence[str], empty: str, *, markup: bool = False) -> list[Flowable]:
    """Items as a bulleted list (plain text unless ``markup``), or the ``empty`` text."""
    if not items:
        return [para(empty, st.SMALL)]
    return [
        Paragraph(st.printable(i if markup else esc(i)), st.BULLET, bulletText="•") for i in items
    ]


Value: TypeAlias = Flowable | list[Flowable] | str
"""A table cell: a flowable, several, or plain text."""


def fields(rows: Sequence[tuple[str, Value]], label_width: float = 118) -> Table:
    """Label / value rows, labels in the left column, values aligned."""
    data = [
        [para(label, st.LABEL), para(value, st.CELL) if isinstance(value, str) else value]
        for label, value in rows
    ]
    table = Table(
        data, colWidths=[label_width, st.FRAME_WIDTH - label_width], hAlign="LEFT", splitInRow=1
    )
    table.setStyle(st.table_style())
    return table


def section(title: str, first: Flowable | list[Flowable], *rest: Flowable) -> list[Flowable]:
    """A heading kept on the same page as the start (``first``) of its section."""
    start = first if isinstance(first, list) else [first]
    return [KeepTogether([para(title, st.HEADING), *start]), *rest]


@dataclass
class Build:
    """Everything one build needs, with the references numbered in order of use."""

    loaded: LoadedPack
    content: PackContent
    record: SessionRecord
    options: ReportOptions
    words: Words
    references: dict[str, int] = field(default_factory=dict)

    @property
    def visible(self) -> list[str]:
        hidden = set(self.record.hidden_options)
        return [o.id for o in self.content.options if o.id not in hidden]

    def cite(self, ids: Sequence[str]) -> str:
        """' [1, 3]' for these reference ids, numbering new ones."""
        numbers = []
        for ref in ids:
            numbers.append(self.references.setdefault(ref, len(self.references) + 1))
        if not numbers:
            return ""
        return " [" + ", ".join(str(n) for n in sorted(set(numbers))) + "]"

    def shown_outcomes(self) -> list[Outcome]:
        outcomes = {o.id: o for o in self.content.outcomes}
        keys = [s.item.removeprefix("outcome:") for s in self.record.shown]
        seen = dict.fromkeys(k for k in keys if k in outcomes)
        return [outcomes[key] for key in seen]

    def shown_rows(self) -> list[tuple[str, list[str]]]:
        """Grid questions shown, with the references behind their visible cells."""
        rows = {q.id: q for q in self.content.questions}
        keys = [s.item.removeprefix("row:") for s in self.record.shown if s.item.startswith("row:")]
        result = []
        for key in dict.fromkeys(k for k in keys if k in rows):
            question = rows[key]
            cites = [
                ref
                for option in self.visible
                if option in question.answers
                for ref in question.answers[option].citations
            ]
            result.append((question.text, list(dict.fromkeys(cites))))
        return result
