"""The detail sections of the record, in its order after the summary, and its signature
block."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from decision_aid.content.model import Option
from decision_aid.i18n import _, translate
from decision_aid.report import styles as st
from decision_aid.report.blocks import (
    IMPORTANCE,
    RELATIONSHIPS,
    Build,
    Value,
    bullets,
    esc,
    fields,
    para,
    rich,
    section,
    table,
)
from decision_aid.report.discussed import answers_table
from decision_aid.report.flowables import RatingRow, RatingsChart
from decision_aid.report.overview import follow_up_text, leaning_text, sure_value
from decision_aid.report.signatures import SignatureBlock, SignatureSlot
from decision_aid.session import scoring
from decision_aid.session.fit_words import (
    REASONS_TO_AVOID,
    REASONS_TO_CHOOSE,
    concerns_text,
    fit_words,
)
from decision_aid.session.summary_text import knowledge_text


def _option_line(option: Option) -> str:
    """An option's name and what it is, and who can have it when the pack limits it."""
    line = _("{name}: {description}").format(
        name=f"<b>{esc(option.name)}</b>", description=esc(option.description)
    )
    if option.eligibility:
        who = _("Who can have it: {eligibility}").format(eligibility=option.eligibility)
        line += " " + esc(who)
    return line


def decision_section(b: Build) -> list[Flowable]:
    """The decision, the options discussed (with what each is), and the grid's answers to
    the questions looked at, for those options."""
    meta, content = b.meta, b.content
    body: list[Flowable] = [
        para(meta.decision, st.SUBHEADING),
        para(_("Options discussed"), st.CAPTION),
    ]
    body += bullets([_option_line(content.option(o)) for o in b.visible], _("None"), markup=True)
    if content.shared:
        body.append(para(_("True whichever option is chosen"), st.CAPTION))
        body += bullets([s.text for s in content.shared], _("None"))
    known = {o.id for o in content.options}
    hidden = [content.option(o).name for o in b.record.hidden_options if o in known]
    if hidden:
        body.append(para(_("Not discussed: {options}").format(options=", ".join(hidden))))
    rest: list[Flowable] = []
    if b.shown_questions():
        rest = [para(_("What the grid says, for the questions looked at"), st.CAPTION)]
        rest += answers_table(b)
    return [*section(_("The decision"), *body), *rest]


def values_section(b: Build) -> list[Flowable]:
    content, record = b.content, b.record
    ratings = {r.concern_id: r.importance for r in record.ratings}
    rows = [
        RatingRow(v.concern, ratings[v.id], translate(IMPORTANCE[ratings[v.id]]))
        if v.id in ratings
        else RatingRow(v.concern, 0, _("Not rated"))
        for v in content.values
    ]
    rows += [
        RatingRow(
            _("{concern} (in the patient's own words)").format(concern=own.text),
            own.importance,
            translate(IMPORTANCE[own.importance]),
        )
        for own in record.own_concerns
    ]
    body: list[Flowable] = []
    if rows:
        body.append(RatingsChart(rows, st.FRAME_WIDTH))
    else:
        body.append(para(_("This pack lists no concerns."), st.SMALL))
    fits = [f for f in scoring.option_fits(content, record) if f.option_id in b.visible]
    heading = para(_("How each option fits"), st.SUBHEADING)
    if all(f.fit is None for f in fits):
        body.append(
            KeepTogether([heading, para(_("No fit: nothing was rated as mattering."), st.SMALL)])
        )
        return section(_("What matters to the patient"), *body)
    data = [
        [
            para(_("Option"), st.LABEL),
            para(_("Fit"), st.LABEL),
            para(translate(REASONS_TO_CHOOSE), st.LABEL),
            para(translate(REASONS_TO_AVOID), st.LABEL),
        ]
    ]
    for fit in fits:
        if fit.fit is None:
            continue
        data.append(
            [
                para(content.option(fit.option_id).name, st.CELL_BOLD),
                para(fit_words(fit.fit), st.CELL),
                para(concerns_text(fit.towards), st.CELL),
                para(concerns_text(fit.away), st.CELL),
            ]
        )
    reasons_width = (st.FRAME_WIDTH - 215) / 2
    body += [
        KeepTogether(
            [
                heading,
                table(data, [125, 90, reasons_width, reasons_width], grid=True, repeatRows=1),
            ]
        ),
        Spacer(1, 4),
        para(
            _("This shows how the ratings line up with the options. It is not a recommendation."),
            st.SMALL,
        ),
    ]
    return section(_("What matters to the patient"), *body)


def check_section(b: Build) -> list[Flowable]:
    content, record = b.content, b.record
    rows: list[tuple[str, Value]] = [
        (_("Knowledge"), knowledge_text(content, record)),
        (_("SURE test"), sure_value(b)),
        (_("Leaning"), para(leaning_text(b), st.CELL_BOLD)),
    ]
    note = _(
        "The SURE test (Légaré et al. 2010) gives one point per ‘yes’ to four questions; "
        "3 or less flags decisional conflict."
    )
    return section(_("Check"), fields(rows), Spacer(1, 3), para(note, st.SMALL))


def plan_section(b: Build) -> list[Flowable]:
    plan = b.record.plan
    resources = {r.id: r for r in b.content.support}
    supporters = [
        _("{name} ({relationship}): {note}").format(
            name=s.name, relationship=translate(RELATIONSHIPS[s.relationship]), note=s.note
        )
        if s.note
        else _("{name} ({relationship})").format(
            name=s.name, relationship=translate(RELATIONSHIPS[s.relationship])
        )
        for s in plan.supporters
    ]
    chosen = [
        _("{name} — {contact}").format(name=resources[k].name, contact=resources[k].contact)
        for k in plan.resources
        if k in resources
    ]
    community = [
        _("{name} ({organisation}) — {contact}. How to join: {how}").format(
            name=c.name, organisation=c.organisation, contact=c.contact, how=c.how_to_join
        )
        for c in plan.community
    ]
    if community and plan.community_referral:
        community.append(_("The patient agreed that these are sent on as a referral."))
    next_steps: Value = _("None written")
    if plan.next_steps:  # the patient's own line breaks are kept
        next_steps = rich(esc(plan.next_steps).replace("\n", "<br/>"), st.CELL)
    rows: list[tuple[str, Value]] = [
        (_("Questions"), bullets(plan.questions, _("None"))),
        (_("Who else is involved"), bullets(supporters, _("Nobody named"))),
        (_("Support chosen"), bullets(chosen, _("None"))),
        *([(_("Local groups and services"), bullets(community, ""))] if community else []),
        (_("Next steps"), next_steps),
        (_("Follow-up"), follow_up_text(b)),
    ]
    return section(_("Plan"), fields(rows))


def provenance_section(b: Build) -> list[Flowable]:
    meta = b.meta
    if meta.review.status == "example":
        review = _("Example — not clinically reviewed")
    else:
        review = _("Reviewed by {who} on {date}").format(
            who=meta.review.reviewer,
            date=b.words.date(meta.review.date) if meta.review.date else "",
        )
    rows: list[tuple[str, Value]] = [
        (_("Option grid"), _("{id}, version {version}").format(id=meta.id, version=meta.version)),
        (_("Content hash"), para(b.loaded.content_hash, st.SMALL)),
        (_("Published"), b.words.date(meta.published)),
        (_("Review due"), b.words.date(meta.review_due)),
        (_("Review"), review),
        (_("Session"), b.record.id),
        (_("Made with"), _("decision-aid {version}").format(version=b.options.app_version)),
    ]
    refs = {r.id: r for r in b.content.references}
    entries = []
    for ref_id, number in sorted(b.references.items(), key=lambda item: item[1]):
        ref = refs.get(ref_id)
        if ref is None:
            continue
        where = [f"doi:{ref.doi}" if ref.doi else "", f"PMID {ref.pmid}" if ref.pmid else ""]
        where.append(ref.url or "")
        text = " ".join([ref.citation, *(w for w in where if w)])
        # A citation keeps the language it was published in, and its direction.
        entries.append(rich(f"[{number}]&nbsp;&nbsp;{esc(text)}", st.REFERENCE, own_direction=True))
    body: list[Flowable] = [fields(rows)]
    if entries:
        body += [para(_("References for the figures and answers shown"), st.SUBHEADING), *entries]
    return section(_("About this record"), *body)


def signature_block(b: Build) -> SignatureBlock:
    record, images = b.record, b.options.signatures
    slots = []
    for who, person, caption in (
        ("patient", record.patient, _("Patient's signature")),
        ("clinician", record.clinician, _("Clinician's signature")),
    ):
        name = (person.name if person and person.name else "") or ""
        if who == "clinician" and person and person.role:
            name = ", ".join(p for p in (name, person.role) if p)
        slots.append(SignatureSlot(images.get(who), name, caption))
    note = _("The digital signature, when present, covers the whole file.")
    return SignatureBlock(_("Signatures"), slots, _("Digital signature"), note, b.signature)
