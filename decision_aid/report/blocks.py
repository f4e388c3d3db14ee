"""Shared pieces of the summary's sections: words, paragraphs, field tables, the build.

Every pack and patient string put into a paragraph is escaped; every fixed string goes
through ``_()``. Dates and numbers follow the record's language (Babel). In a
right-to-left record, paragraphs are ``rtl_paragraph.RtlParagraph`` and tables have their columns
in reverse order (:func:`table`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Table,
    TableStyle,
)

from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Outcome, PackContent, PackMeta, Question
from decision_aid.i18n import N_
from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.rtl_paragraph import RtlParagraph, mirror_style, mirror_table_command
from decision_aid.report.signatures import SignaturePlace
from decision_aid.report.when import day_text, moment_text
from decision_aid.report.whole_words import RtlWholeWordsParagraph, WholeWordsParagraph
from decision_aid.report.wrapping import Paragraph
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

esc = escape


# -- words ----------------------------------------------------------------------------------


class Words:
    """Locale-aware formatting of dates and numbers, and small phrases, for one build:
    dates and times in the record's language and the clinic's time zone (``when``)."""

    def __init__(self, locale: str, zone: tzinfo) -> None:
        self.locale = locale
        self.zone = zone

    def date(self, when: date, *, weekday: bool = False) -> str:
        """'4 December 2026' (with ``weekday``: 'Friday, 4 December 2026')."""
        return day_text(when, self.locale, weekday=weekday)

    def datetime(self, when: datetime) -> str:
        """'4 December 2026, 14:05 GMT', in the clinic's time zone."""
        return moment_text(when, self.locale, self.zone)


def shortened(text: str, limit: int) -> str:
    """``text``, or its first ``limit`` characters and '…' when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def person_text(person: Person | None) -> str:
    """'Name, role, identifier' with whatever was entered."""
    if person is None:
        return ""
    return ", ".join(p for p in (person.name, person.role, person.identifier) if p)


# -- building blocks ------------------------------------------------------------------------


def paragraph(
    markup: str, style: Any, bullet: str | None = None, *, own_direction: bool = False
) -> Paragraph:
    """A paragraph of reportlab mini-markup, right-to-left in a right-to-left record.

    ``own_direction``: text with no right-to-left letter (a citation) is laid out left to
    right, even in a right-to-left record. A style in ``styles.WHOLE_WORDS`` (a column
    heading) is set smaller rather than broken inside a word.
    """
    whole = style.name in st.WHOLE_WORDS
    if rtl.is_rtl() and not (own_direction and not rtl.has_rtl(markup)):
        kind = RtlWholeWordsParagraph if whole else RtlParagraph
        return kind(markup, mirror_style(style), bulletText=bullet)
    return (WholeWordsParagraph if whole else Paragraph)(markup, style, bulletText=bullet)


def para(text: str, style: Any = st.BODY) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return paragraph(esc(st.printable(text)), style)


def rich(markup: str, style: Any = st.BODY, *, own_direction: bool = False) -> Paragraph:
    """A paragraph of reportlab mini-markup; every inserted value must be escaped."""
    return paragraph(st.printable(markup), style, own_direction=own_direction)


def bullets(
    items: Sequence[str], empty: str, *, markup: bool = False, style: Any = st.BULLET
) -> list[Flowable]:
    """Items as a bulleted list (plain text unless ``markup``), or the ``empty`` text."""
    if not items:
        return [para(empty, st.SMALL)]
    return [paragraph(st.printable(i if markup else esc(i)), style, "•") for i in items]


Value: TypeAlias = Flowable | list[Flowable] | str
"""A table cell: a flowable, several, or plain text."""


def table(
    data: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *commands: tuple[Any, ...],
    grid: bool = False,
    **kwargs: Any,
) -> Table:
    """A table in the shared look (``styles.table_commands``), left-aligned on the page.

    In a right-to-left record its columns come in reverse order, its padding and
    alignment are mirrored, and it sits on the right.
    """
    style = st.table_commands(*commands, grid=grid)
    rows = [list(row) for row in data]
    if rtl.is_rtl():
        count = len(widths)
        style = [("ALIGN", (0, 0), (-1, -1), "RIGHT")] + [
            mirror_table_command(c, count) for c in style
        ]
        rows = [row[::-1] for row in rows]
        widths = list(widths)[::-1]
        kwargs["hAlign"] = {"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(
            kwargs.get("hAlign", "LEFT"), "CENTER"
        )
    else:
        kwargs.setdefault("hAlign", "LEFT")
    made = Table(rows, colWidths=list(widths), **kwargs)
    made.setStyle(TableStyle(style))
    return made


def fields(rows: Sequence[tuple[str, Value]], label_width: float = 118) -> Table:
    """Label / value rows, labels in the left column (right when RTL), values aligned."""
    data = [
        [para(label, st.LABEL), para(value, st.CELL) if isinstance(value, str) else value]
        for label, value in rows
    ]
    return table(data, [label_width, st.FRAME_WIDTH - label_width], splitInRow=1)


def section(title: str, first: Flowable | list[Flowable], *rest: Flowable) -> list[Flowable]:
    """A heading kept on the same page as the start (``first``) of its section."""
    start = first if isinstance(first, list) else [first]
    return [KeepTogether([para(title, st.HEADING), *start]), *rest]


@dataclass
class Build:
    """Everything one build needs, with the references numbered in order of use."""

    loaded: LoadedPack
    meta: PackMeta
    """The pack's metadata in the record's language."""
    content: PackContent
    """The pack's content in the record's language."""
    record: SessionRecord
    options: ReportOptions
    words: Words
    references: dict[str, int] = field(default_factory=dict)
    signature: SignaturePlace = field(default_factory=SignaturePlace)
    """Where the digital signature's box is drawn (filled in as the record is drawn)."""

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
        """Outcomes shown, with the chosen baseline group's figures where they depend on it."""
        group = self.content.baseline_group(self.record.risk_group)
        outcomes = {o.id: o.stratum(group) for o in self.content.outcomes}
        keys = [s.item.removeprefix("outcome:") for s in self.record.shown]
        seen = dict.fromkeys(k for k in keys if outcomes.get(k) is not None)
        return [shown for key in seen if (shown := outcomes[key]) is not None]

    def shown_questions(self) -> list[Question]:
        """The grid's rows that were looked at, in the order first looked at."""
        rows = {q.id: q for q in self.content.questions}
        keys = [s.item.removeprefix("row:") for s in self.record.shown if s.item.startswith("row:")]
        return [rows[key] for key in dict.fromkeys(k for k in keys if k in rows)]
