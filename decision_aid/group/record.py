"""The group's record: a PDF/A-1b page or two, through the record's own engine (the same
fonts, styles, tables and PDF/A plumbing as the consultation record), with no names.

It holds the topic, the date, how many took part (by phone and by show of hands), the
spreads as the projector showed them (a concern under the threshold says so and shows no
counts), the questions raised that the facilitator did not hide (a hidden question may
name someone), the leanings tally only when the facilitator had revealed it, and the
local groups and services discussed, with how to reach and join them (a pack that names
no community topic has no such section).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import reportlab
from reportlab.platypus import Flowable, Spacer

import decision_aid
from decision_aid.content.model import Pack
from decision_aid.group.counts import SCALE, UNSURE, GroupCounts
from decision_aid.group.resources import Discussed, GroupResources
from decision_aid.i18n import (
    _,
    available_languages,
    format_datetime,
    is_right_to_left,
    ngettext,
    translate,
    using,
)
from decision_aid.report import rtl
from decision_aid.report import styles as st
from decision_aid.report.blocks import bullets, esc, para, section, table
from decision_aid.report.community_text import entry_details, entry_name, own
from decision_aid.report.document import one_frame_document
from decision_aid.report.pdfa import DocumentInfo, pdfa_canvas_maker


@dataclass(frozen=True)
class SpreadLine:
    concern: str
    answered: int
    shown: tuple[int, ...] | None


@dataclass(frozen=True)
class GroupRecord:
    """What the record says, taken from the counts when it is printed."""

    title: str
    decision: str
    pack_id: str
    pack_version: str
    created: datetime
    language: str
    threshold: int
    sent: int
    hands_people: int
    spreads: tuple[SpreadLine, ...]
    questions: tuple[str, ...]
    leanings: tuple[tuple[str, int], ...] | None
    organisation: str = ""
    community: tuple[Discussed, ...] | None = None
    """The local groups and services discussed; None when the pack names no community
    topic (nothing could be offered)."""


def group_record(
    counts: GroupCounts,
    pack: Pack,
    created: datetime,
    language: str,
    *,
    organisation: str = "",
    resources: GroupResources | None = None,
) -> GroupRecord:
    """The record of ``counts`` for ``pack`` (already in the record's language), with the
    entries of ``resources`` discussed."""
    concerns = {v.id: v.concern for v in pack.content.values}
    names = {f"option:{o.id}": o.name for o in pack.content.options}
    tally = counts.leanings()
    with using(language):
        names[UNSURE] = _("Not sure yet")
    return GroupRecord(
        title=pack.meta.title,
        decision=pack.meta.decision,
        pack_id=pack.meta.id,
        pack_version=pack.meta.version,
        created=created,
        language=language,
        threshold=counts.threshold,
        sent=counts.sent,
        hands_people=counts.hands_people,
        spreads=tuple(
            SpreadLine(concerns[s.concern_id], s.shown_total if s.shown else s.answered, s.shown)
            for s in counts.spreads()
        ),
        questions=tuple(q.text for q in counts.questions()),
        leanings=None if tally is None else tuple((names[k], n) for k, n in tally.items()),
        organisation=organisation,
        community=(
            None
            if not pack.meta.community_topics
            else resources.discussed()
            if resources is not None
            else ()
        ),
    )


def build_group_record(record: GroupRecord) -> bytes:
    """The record as PDF/A-1b bytes, in the record's language (right to left for Arabic)."""
    st.register_fonts()
    code = record.language if record.language in available_languages() else "en"
    with using(code), rtl.direction(is_right_to_left(code)):
        info = DocumentInfo(
            title=_("Group session: {title}").format(title=record.title),
            author=record.organisation or "decision-aid",
            subject=record.decision,
            keywords="decision-aid",
            creator=f"decision-aid {decision_aid.__version__}",
            producer=f"ReportLab PDF Library {reportlab.Version}",
            created=record.created,
            lang=code.replace("_", "-"),
        )
        out = io.BytesIO()
        doc = one_frame_document(out, info, "group", st.FRAME)
        doc.build(_story(record), canvasmaker=pdfa_canvas_maker(info, "1b"))
    return out.getvalue()


def _story(record: GroupRecord) -> list[Flowable]:
    people = record.sent + record.hands_people
    story: list[Flowable] = [
        para(_("Group session: {title}").format(title=record.title), st.TITLE),
        para(record.decision, st.SUBTITLE),
        para(format_datetime(record.created), st.SUBTITLE),
        Spacer(1, 6),
        para(
            ngettext(
                "{count} person took part: {phones} by phone, {hands} by show of hands.",
                "{count} people took part: {phones} by phone, {hands} by show of hands.",
                people,
            ).format(count=people, phones=record.sent, hands=record.hands_people)
        ),
        para(
            _(
                "This record holds counts only: no names, and nothing about any one person. "
                "A spread is shown only where at least {threshold} people answered."
            ).format(threshold=record.threshold),
            st.SMALL,
        ),
    ]
    story += section(_("What matters to people here"), _spreads_table(record))
    story += section(
        _("Questions raised"),
        bullets(list(record.questions), _("No questions were raised.")),
    )
    if record.leanings is not None:
        rows = [[para(name, st.CELL), para(str(count), st.CELL)] for name, count in record.leanings]
        story += section(
            _("Leanings, as shown to the group"),
            table(rows, [st.FRAME_WIDTH - 80, 80], grid=True),
        )
    if record.community is not None:
        story += section(
            _("Local groups and services discussed"),
            _community(record.community),
        )
    story.append(Spacer(1, 8))
    if record.organisation:
        story.append(para(record.organisation, st.SMALL))
    story.append(
        para(
            _("Pack: {id}, version {version}").format(
                id=record.pack_id, version=record.pack_version
            ),
            st.SMALL,
        )
    )
    return story


def _community(discussed: tuple[Discussed, ...]) -> list[Flowable]:
    """Each entry discussed: its name and who runs it, then how to reach and join it."""
    items = []
    for entry in discussed:
        head = _("{name}: {description}").format(
            name=f"<b>{esc(entry_name(entry.choice))}</b>",
            description=esc(own(entry.choice.organisation)),
        )
        details = [esc(line) for line in entry_details(entry.choice, entry.languages)]
        items.append("<br/>".join((head, *details)))
    return bullets(items, _("None was marked as discussed."), markup=True)


def _spreads_table(record: GroupRecord) -> Flowable:
    if not record.spreads:
        return para(_("This pack lists no concerns to rate."))
    step_width = 58.0
    concern_width = st.FRAME_WIDTH - step_width * len(SCALE)
    header = [para(_("Concern"), st.COLUMN_HEADING)] + [
        para(translate(step), st.COLUMN_HEADING) for step in SCALE
    ]
    rows: list[list[Any]] = [header]
    for line in record.spreads:
        if line.shown is None:
            note = ngettext(
                "Not shown: {count} answered, fewer than {threshold}.",
                "Not shown: {count} answered, fewer than {threshold}.",
                line.answered,
            ).format(count=line.answered, threshold=record.threshold)
            concern = [para(line.concern, st.CELL), para(note, st.SMALL_CELL)]
            rows.append([concern] + [para("–", st.CELL) for _step in SCALE])
        else:
            rows.append([para(line.concern, st.CELL)] + [para(str(n), st.CELL) for n in line.shown])
    return table(rows, [concern_width] + [step_width] * len(SCALE), grid=True)
