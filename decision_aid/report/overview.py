"""The top of page 1: who and when, the example-content notice, and the outcome summary.

A clinical letter opens with what the reader needs first and puts the detail after it
(as NHS discharge summaries and clinic letters do: the outcome, then the findings).
The outcome summary says, in a few lines: the decision, the options discussed, the
patient's leaning, the SURE result with a flag for decisional conflict, the patient's
questions and the follow-up date.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from decision_aid.i18n import _, ngettext, translate
from decision_aid.report import styles as st
from decision_aid.report.blocks import (
    LEANINGS,
    Build,
    Value,
    bullets,
    esc,
    fields,
    para,
    person_text,
    rich,
    section,
    shortened,
    table,
)
from decision_aid.report.flowables import Picture
from decision_aid.session import scoring
from decision_aid.session.summary_text import kiosk_text, sure_text

CONFLICT_MARK = "⚠"
SUMMARY_QUESTIONS = 5
"""The patient's questions shown in the summary; the plan lists them all."""
SUMMARY_LABEL_WIDTH = 150.0
QUESTION_CHARACTERS = 160
"""Characters of a question shown in the summary; a longer one ends in '…'."""


def masthead(b: Build) -> list[Flowable]:
    """The organisation and logo, the title, the pack's title; the clinician and the time."""
    options, record = b.options, b.record
    left: list[Flowable] = []
    if options.organisation:
        left.append(para(options.organisation, st.ORGANISATION))
    left += [
        para(_("Record of a shared decision"), st.TITLE),
        para(b.meta.title, st.SUBTITLE),
    ]
    logo: Flowable | str = ""
    if options.logo is not None:
        logo = Picture(options.logo, 130, 44)
    top = table(
        [[left, logo]],
        [st.FRAME_WIDTH - 140, 140],
        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
        ("VALIGN", (1, 0), (1, 0), "MIDDLE"),
        ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        ("LINEBELOW", (0, 0), (-1, -1), 1.2, st.ACCENT),
        hAlign="CENTER",
    )
    rows: list[tuple[str, Value]] = []
    if clinician := person_text(record.clinician):
        rows.append((_("Clinician"), clinician))
    rows.append((_("Date and time"), b.words.datetime(options.created)))
    return [top, Spacer(1, 8), *example_notice(b), fields(rows), *kiosk_note(b)]


def kiosk_note(b: Build) -> list[Flowable]:
    """One line when the patient prepared answers at the kiosk: when, and which."""
    handover = b.record.kiosk
    if handover is None:
        return []
    return [Spacer(1, 3), para(kiosk_text(handover, b.words.datetime(handover.prepared)))]


def example_notice(b: Build) -> list[Flowable]:
    """A boxed warning when the pack is example content, not clinically reviewed."""
    if b.meta.review.status != "example":
        return []
    heading = esc(_("Example — not clinically reviewed"))
    text = (
        "<b>"
        + heading
        + "</b> "
        + esc(
            _(
                "The option grid behind this record is example content: no clinician has "
                "checked its figures. Do not rely on it for care."
            )
        )
    )
    box = table(
        [[rich(text, st.CELL)]],
        [st.FRAME_WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), st.NOTICE_FILL),
        ("BOX", (0, 0), (-1, -1), 0.8, st.NOTICE.textColor),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    )
    return [box, Spacer(1, 6)]


def leaning_text(b: Build) -> str:
    """The patient's leaning: an option's name, 'Not sure yet', or 'Not chosen yet'."""
    leaning = b.record.plan.leaning
    if leaning is None:
        return _("Not chosen yet")
    if leaning in LEANINGS:
        return translate(LEANINGS[leaning])
    return b.content.option(leaning.removeprefix("option:")).name


def follow_up_text(b: Build) -> str:
    plan = b.record.plan
    return b.words.date(plan.follow_up, weekday=True) if plan.follow_up else _("No follow-up date")


def sure_value(b: Build) -> Value:
    """The SURE result; a decisional conflict is flagged with a mark, in bold red."""
    text = sure_text(b.record)
    if not scoring.sure_score(b.record.sure).conflict:
        return text
    return rich(
        f'<font color="{st.CONFLICT_HEX}"><b>{CONFLICT_MARK} {esc(text)}</b></font>', st.CELL
    )


def questions_value(b: Build) -> Value:
    """The patient's first few questions, each cut short if long, and how many more."""
    questions = b.record.plan.questions
    shown = [shortened(q, QUESTION_CHARACTERS) for q in questions[:SUMMARY_QUESTIONS]]
    items = bullets(shown, _("None"))
    more = len(questions) - len(shown)
    if more:
        text = ngettext(
            "and {count} more question, under Plan",
            "and {count} more questions, under Plan",
            more,
        ).format(count=more)
        items.append(para(text, st.SMALL))
    return items


def outcome_summary(b: Build) -> list[Flowable]:
    """The summary box: what a reader of the notes needs first."""
    content = b.content
    names = [content.option(o).name for o in b.visible]
    rows: list[tuple[str, Value]] = [
        (_("Decision"), b.meta.decision),
        (_("Options discussed"), "; ".join(names) if names else _("None")),
        (_("The patient's leaning"), para(leaning_text(b), st.CELL_BOLD)),
        (_("SURE test"), sure_value(b)),
        (_("The patient's questions"), questions_value(b)),
        (_("Follow-up"), follow_up_text(b)),
    ]
    data = [
        [para(label, st.SUMMARY_LABEL), para(value, st.CELL) if isinstance(value, str) else value]
        for label, value in rows
    ]
    box = table(
        data,
        [SUMMARY_LABEL_WIDTH, st.FRAME_WIDTH - SUMMARY_LABEL_WIDTH],
        ("BACKGROUND", (0, 0), (-1, -1), st.FAINT),
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, st.ACCENT),
        ("LEFTPADDING", (0, 0), (0, -1), 8),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, 0), 6),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        splitInRow=1,
    )
    return section(_("Summary"), box)
