"""The take-home sheet's words: what a patient keeps after the consultation.

One page, in the patient's language, in plain words addressed to the patient (as NHS
patient letters and the Ottawa Personal Decision Guide do): what we discussed, what
matters to you, where you are now, your questions, what happens next, the code for
answering CollaboRATE at the kiosk (while one waits for answers), the local groups and
services chosen (with how to reach and join them), and where to get support. It is not
the clinical record: it is not signed, and it carries no identifier of the patient
(name, identifier, date of birth) unless the clinician asks for them, nor the
consultation's id.

:func:`handout_text` gives the words as a :class:`Handout`; ``handout`` lays them out
as a PDF, and the summary step prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from decision_aid.content.model import Pack
from decision_aid.content.support_text import support_details
from decision_aid.i18n import _, ngettext
from decision_aid.report.community_text import entry_details, entry_name, own
from decision_aid.session.model import SessionRecord

MATTERS_A_LOT = 3
"""Ratings from 'A lot' (3) up are what matters to the patient."""


@dataclass(frozen=True)
class Line:
    """One paragraph or list item: an optional lead in bold (a name), then the text, then
    any details, each on a line of its own (how to reach a group: its phone, how to join)."""

    text: str
    lead: str = ""
    details: tuple[str, ...] = ()

    def __str__(self) -> str:
        head = self.text
        if self.lead:
            head = _("{name}: {description}").format(name=self.lead, description=self.text)
        return "\n".join((head, *self.details))


@dataclass(frozen=True)
class Part:
    """A heading and its lines (each a short paragraph or a list item)."""

    heading: str
    lines: list[Line]
    listed: bool = True
    """Lines are list items (bullets); else paragraphs."""

    @property
    def texts(self) -> list[str]:
        """The lines as plain text."""
        return [str(line) for line in self.lines]


@dataclass(frozen=True)
class Handout:
    """The sheet's words, in order."""

    title: str
    decision: str
    when: str
    """'Your consultation on 25 November 2026 at Riverside Health Centre'."""
    parts: list[Part]
    notes: list[str]
    """Small print at the foot: what the sheet is (and is not)."""
    patient: list[tuple[str, str]] = field(default_factory=list)
    """(label, value) of the patient's identification, when the clinician asked for it."""
    example: str = ""
    """The example-content warning, when the pack is example content."""


@dataclass(frozen=True)
class HandoutOptions:
    """How to make the sheet."""

    created: datetime
    """Aware: the day of the consultation."""
    language: str
    """The patient's language (a Babel locale): the sheet's words, dates and numbers."""
    time_zone: tzinfo
    organisation: str = ""
    identifiers: bool = False
    """Put the patient's name, identifier and date of birth on it."""


def handout_text(pack: Pack, record: SessionRecord, options: HandoutOptions) -> Handout:
    """The sheet's words. ``pack`` is in the patient's language, and so is the catalog in
    force (``i18n.using``)."""
    from decision_aid.report.when import day_text

    day = day_text(options.created.astimezone(options.time_zone).date(), options.language)
    if options.organisation:
        when = _("Your consultation on {date} at {place}").format(
            date=day, place=options.organisation
        )
    else:
        when = _("Your consultation on {date}").format(date=day)
    patient: list[tuple[str, str]] = []
    person = record.patient
    if options.identifiers and person is not None:
        patient = [(_("Name"), person.name or ""), (_("Identifier"), person.identifier or "")]
        if person.birth_date is not None:
            patient.append((_("Date of birth"), day_text(person.birth_date, options.language)))
        patient = [(label, value) for label, value in patient if value]
    parts = [
        _discussed(pack, record),
        _matters(pack, record),
        _leaning(pack, record),
        _questions(record),
        _next(record, options),
        _kiosk(record, options),
        _community(record),
        _support(pack, record),
    ]
    example = ""
    if pack.meta.review.status == "example":
        example = _(
            "Example content, not yet checked by a clinician: ask your clinician before "
            "relying on it."
        )
    notes = [
        _("This sheet is for you to keep. It is not your medical record."),
        _("Bring it, and your questions, to your next appointment."),
    ]
    return Handout(
        title=_("What we talked about today"),
        decision=pack.meta.decision,
        when=when,
        parts=[p for p in parts if p.lines],
        notes=notes,
        patient=patient,
        example=example,
    )


def _visible(pack: Pack, record: SessionRecord) -> list[str]:
    hidden = set(record.hidden_options)
    return [o.id for o in pack.content.options if o.id not in hidden]


def _discussed(pack: Pack, record: SessionRecord) -> Part:
    content = pack.content
    lines = [
        Line(content.option(o).description, content.option(o).name) for o in _visible(pack, record)
    ]
    return Part(_("What we discussed"), lines)


def _matters(pack: Pack, record: SessionRecord) -> Part:
    concerns = {v.id: v.concern for v in pack.content.values}
    lines = [
        Line(concerns[r.concern_id])
        for r in record.ratings
        if r.concern_id in concerns and r.importance >= MATTERS_A_LOT
    ]
    lines += [Line(own.text) for own in record.own_concerns if own.importance >= MATTERS_A_LOT]
    if not lines:
        return Part(
            _("What matters to you"),
            [Line(_("You did not mark anything as mattering a lot to you."))],
            listed=False,
        )
    return Part(_("What matters to you"), lines)


def _leaning(pack: Pack, record: SessionRecord) -> Part:
    leaning = record.plan.leaning
    if leaning is None:
        text = _("You have not chosen yet. That is fine: take the time you need.")
    elif leaning == "unsure":
        text = _("You are not sure yet. That is fine: take the time you need.")
    elif leaning == "later":
        text = _("You want to decide later.")
    else:
        name = pack.content.option(leaning.removeprefix("option:")).name
        text = _("You are leaning towards: {option}.").format(option=name)
    return Part(_("Where you are now"), [Line(text)], listed=False)


def _questions(record: SessionRecord) -> Part:
    questions = list(record.plan.questions)
    if not questions:
        return Part(
            _("Your questions"),
            [Line(_("You can write down any questions you think of and bring them next time."))],
            listed=False,
        )
    return Part(_("Your questions"), [Line(q) for q in questions])


def _next(record: SessionRecord, options: HandoutOptions) -> Part:
    from decision_aid.report.when import day_text

    plan = record.plan
    lines = [Line(line) for line in plan.next_steps.splitlines() if line.strip()]
    if plan.follow_up is not None:
        day = day_text(plan.follow_up, options.language, weekday=True)
        lines.append(Line(day, _("Your next appointment")))
    else:
        lines.append(Line(_("No date was set for a next appointment.")))
    return Part(_("What happens next"), lines)


def _kiosk(record: SessionRecord, options: HandoutOptions) -> Part:
    """The code for answering CollaboRATE at the kiosk, while it waits for answers."""
    from decision_aid.report.when import until_text

    kiosk = record.collaborate.kiosk
    if kiosk is None or kiosk.answered is not None:
        return Part("", [])
    code = f"{kiosk.code[:3]}\u00a0{kiosk.code[3:]}"  # its two groups kept on one line
    text = _(
        'At the kiosk in the waiting room, tap "I have seen my clinician" and type the '
        "code {code}. Three short questions ask how much you were involved in the "
        "decision; your answers go privately to the clinic."
    ).format(code=code)
    until = until_text(kiosk.expires, options.created, options.time_zone)
    return Part(_("Three questions about today"), [Line(text), Line(until)], listed=False)


def _community(record: SessionRecord) -> Part:
    """The local groups and services chosen in the plan, each with who runs it and how to
    reach and join it (the words the directory had on the day)."""
    lines = [
        Line(own(chosen.organisation), entry_name(chosen), tuple(entry_details(chosen)))
        for chosen in record.plan.community
    ]
    return Part(_("Local groups and services you chose"), lines)


def _support(pack: Pack, record: SessionRecord) -> Part:
    resources = {r.id: r for r in pack.content.support}
    chosen = [resources[k] for k in record.plan.resources if k in resources]
    lines = [
        Line(" ".join(t for t in (r.offers, r.contact, support_details(r)) if t), r.name)
        for r in (chosen or resources.values())
    ]
    people = [s.name for s in record.plan.supporters]
    if people:
        lead = ngettext(
            "The person you named to help you", "The people you named to help you", len(people)
        )
        lines.append(Line(", ".join(people), lead))
    return Part(_("Where to get support"), lines)
