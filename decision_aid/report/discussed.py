"""What the grid says, for the questions looked at and the options discussed.

The record used to list only the titles of the rows looked at; a reader of the notes
could not tell what the patient had read. Now each row looked at is given with the
grid's answer for every option discussed, as a table laid out like the grid on screen:
the questions down the side, the options across the top. The option names are column
headings that are never broken inside a word (``whole_words``), so five options fit
the width of a page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from decision_aid.i18n import _
from decision_aid.report import styles as st
from decision_aid.report.blocks import Build, esc, para, rich, table

QUESTION_SHARE = {1: 0.34, 2: 0.28, 3: 0.24}
"""The question column's share of the width, by the number of options (else 0.2)."""


def column_widths(options: int) -> list[float]:
    """The question column, then one equal column per option, filling the frame."""
    question = st.FRAME_WIDTH * QUESTION_SHARE.get(options, 0.2)
    return [question] + [(st.FRAME_WIDTH - question) / options] * options


def answers_table(b: Build) -> list[Flowable]:
    """The table of answers (nothing when no option was discussed)."""
    questions, options = b.shown_questions(), b.visible
    if not questions or not options:
        return []
    content = b.content
    header: list[Flowable | str] = [para(_("Question"), st.LABEL)]
    header += [para(content.option(o).name, st.COLUMN_HEADING) for o in options]
    data = [header]
    for question in questions:
        row: list[Flowable | str] = [para(question.text, st.QUESTION)]
        for option in options:
            cell = question.answers.get(option)
            if cell is None:
                row.append(para("—", st.SMALL_CELL))
                continue
            row.append(rich(esc(cell.text) + esc(b.cite(cell.citations)), st.SMALL_CELL))
        data.append(row)
    return [
        table(
            data,
            column_widths(len(options)),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, st.ACCENT),
            grid=True,
            repeatRows=1,
        )
    ]
