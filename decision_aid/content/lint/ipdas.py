"""IPDAS minimum standards: the 6 qualifying and 6 certification criteria.

Source: Joseph-Williams N, Newcombe R, Politi M, et al. Toward minimum standards for
certifying patient decision aids: a modified Delphi consensus process. Med Decis Making
2014;34(6):699-710. doi:10.1177/0272989X13501721. These criteria are part of IPDASi v4.0.

Qualifying criteria (without them a tool is not a decision aid):

* Q1 (1.1.1) describes the health condition or problem: ``meta.condition``;
* Q2 (1.1.2) explicitly states the decision that needs to be considered: ``meta.decision``;
* Q3 (1.1.3) describes the options available: ``options[].description``;
* Q4 (1.1.4) describes the positive features (benefits, advantages) of each option:
  ``options[].benefits``, a grid row marked ``shows: [benefits]``, or a benefit outcome
  with a count for the option;
* Q5 (1.1.5) describes the negative features (harms, side effects, disadvantages) of each
  option: ``options[].harms``, a row marked ``shows: [harms]``, or a harm outcome with a
  count for the option;
* Q6 (1.2.1) describes what it is like to experience the consequences of the options
  (physical, psychological, social): ``options[].living_with``, its three parts or one
  whole text.

Certification criteria (without them a decision aid risks harmful bias):

* C1 (2.1.1) shows the negative and positive features of options in equal detail: both
  kinds of outcome (a warning: a pack about harms only may be right), and benefits and
  harms of similar length (rule ``balance``);
* C2 (2.2.1) provides citations to the evidence selected: every cell and outcome cites;
* C3 (2.2.2) provides a production or publication date: ``meta.published``;
* C4 (2.2.3) provides information about the update policy: ``meta.update_policy``;
* C5 (2.2.4) provides information about the levels of uncertainty around event or outcome
  probabilities: a range or a zero-event bound on some figure, or an outcome note that
  speaks of how certain the figures are;
* C6 (2.3.1) provides information about the funding source used for development:
  ``meta.funding``.

The four screening criteria (2.4.1-2.4.4) are in :mod:`.screening`.

These checks find whether what a criterion needs is *present*: filled in, long enough,
not a placeholder. Whether it is good enough is for a reviewer to judge; the linter's
summary (rule ``ipdas.present``) says so in those words.
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import is_placeholder, too_thin, word_count
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Option
from decision_aid.i18n import N_, _, ngettext, translate

MIN_WORDS = 3
"""Fewest words a description needs to count as written."""
BALANCE_FACTOR = 2.0
"""Benefits and harms of one option may differ in length by at most this factor."""

_EXPLAINS_UNCERTAINTY = re.compile(
    r"certain|confiden|range|between|imprecis|estimat|may be|might be|could be|vary|varies|"
    r"observational|few (?:events|people|deaths|cases|patients)|small (?:trial|study|studies)|"
    r"margin of error|GRADE",
    re.IGNORECASE,
)
"""Words that say how sure figures are (checked in outcome notes for C5)."""

THIN_LIVING_WITH = {
    "physical": N_(
        "'{text}' says too little about the physical side of living with option '{option}'; "
        "write at least a short sentence (IPDAS Q6)"
    ),
    "emotional": N_(
        "'{text}' says too little about the emotional side of living with option '{option}'; "
        "write at least a short sentence (IPDAS Q6)"
    ),
    "social": N_(
        "'{text}' says too little about the social side of living with option '{option}'; "
        "write at least a short sentence (IPDAS Q6)"
    ),
}
"""Q6 message for each side of living with an option, by field of ``living_with``."""


def qualifying(loaded: LoadedPack) -> list[Problem]:
    """Q1-Q6: the pack describes the condition, decision, options, their features and life."""
    meta, content = loaded.meta, loaded.content
    out: list[Problem] = []
    if too_thin(meta.condition, MIN_WORDS):
        out.append(
            loaded.problem(
                "pack",
                ("condition",),
                _(
                    "the condition is not described; write a sentence or two on what it is "
                    "(IPDAS Q1)"
                ),
                rule="ipdas.Q1",
            )
        )
    if too_thin(meta.decision, MIN_WORDS):
        out.append(
            loaded.problem(
                "pack",
                ("decision",),
                _(
                    "the decision is not stated; write it as the patient would ask it, e.g. "
                    "'Should I have a knee replacement?' (IPDAS Q2)"
                ),
                rule="ipdas.Q2",
            )
        )
    for index, option in enumerate(content.options):
        where = ("options", index)
        if too_thin(option.description, MIN_WORDS):
            out.append(
                loaded.problem(
                    "content",
                    (*where, "description"),
                    _(
                        "option '{option}' is not described; say in plain words what it "
                        "involves (IPDAS Q3)"
                    ).format(option=option.id),
                    rule="ipdas.Q3",
                )
            )
        if not describes(loaded, option, "benefit"):
            out.append(
                loaded.problem(
                    "content",
                    (*where, "benefits"),
                    _(
                        "option '{option}' describes no benefits: its 'benefits' list is "
                        "empty, no grid row is marked 'shows: [benefits]' and no benefit "
                        "outcome gives it a figure; add its positive features in one of these "
                        "places, even for 'no treatment' (IPDAS Q4)"
                    ).format(option=option.id),
                    rule="ipdas.Q4",
                )
            )
        if not describes(loaded, option, "harm"):
            out.append(
                loaded.problem(
                    "content",
                    (*where, "harms"),
                    _(
                        "option '{option}' describes no harms: its 'harms' list is empty, no "
                        "grid row is marked 'shows: [harms]' and no harm outcome gives it a "
                        "figure; add its negative features, side effects or burdens in one "
                        "of these places (IPDAS Q5)"
                    ).format(option=option.id),
                    rule="ipdas.Q5",
                )
            )
        out += _living_with(loaded, index, option)
    return out


def describes(loaded: LoadedPack, option: Option, kind: str) -> bool:
    """Whether the pack describes an option's benefits (or harms) anywhere IPDAS Q4/Q5 count:
    its own list, a grid row marked as showing them, or an outcome of that kind with a count."""
    content = loaded.content
    listed = option.benefits if kind == "benefit" else option.harms
    if listed:
        return True
    shown = "benefits" if kind == "benefit" else "harms"
    if any(shown in question.shows for question in content.questions):
        return True
    for outcome in content.outcomes:
        if outcome.kind != kind:
            continue
        for _loc, stratum in outcome.strata(content.baseline):
            figure = stratum.figures.get(option.id)
            if figure is not None and figure.count is not None:
                return True
    return False


def _living_with(loaded: LoadedPack, index: int, option: Option) -> list[Problem]:
    """Q6: each side of living with the option, or its one whole text, is written."""
    where = ("options", index, "living_with")
    living = option.living_with
    if living.text is not None:
        if not too_thin(living.text, MIN_WORDS):
            return []
        return [
            loaded.problem(
                "content",
                (*where, "text"),
                _(
                    "'{text}' says too little about living with option '{option}'; say what "
                    "it is like in body, feelings and social life (IPDAS Q6)"
                ).format(text=living.text, option=option.id),
                rule="ipdas.Q6",
            )
        ]
    out: list[Problem] = []
    for aspect, message in THIN_LIVING_WITH.items():
        text: str | None = getattr(living, aspect)
        if too_thin(text, MIN_WORDS):
            out.append(
                loaded.problem(
                    "content",
                    (*where, aspect),
                    translate(message).format(text=text or "", option=option.id),
                    rule="ipdas.Q6",
                )
            )
    return out


def equal_detail(loaded: LoadedPack) -> list[Problem]:
    """C1: both kinds of outcome, and benefits and harms of similar length per option."""
    content = loaded.content
    out: list[Problem] = []
    kinds = {outcome.kind for outcome in content.outcomes}
    if len(kinds) == 1:
        if kinds == {"benefit"}:
            message = _(
                "every outcome is a benefit; add at least one harm outcome so benefits "
                "and harms get equal detail (IPDAS C1)"
            )
        else:
            message = _(
                "every outcome is a harm; if the options' benefits can be counted, add a "
                "benefit outcome so benefits and harms get equal detail; a pack about harms "
                "only can keep this with a reason in 'lint_exceptions' (IPDAS C1)"
            )
        out.append(
            loaded.problem(
                "content",
                ("outcomes",),
                message,
                severity="warning",
                rule="ipdas.C1",
            )
        )
    for index, option in enumerate(content.options):
        gains = sum(word_count(text) for text in option.benefits)
        losses = sum(word_count(text) for text in option.harms)
        if not gains or not losses:
            continue  # the other places that describe them have no length to compare
        if max(gains, losses) > BALANCE_FACTOR * min(gains, losses):
            if gains > losses:
                message = _(
                    "option '{option}' has {gains} words of benefits and {losses} of "
                    "harms; the benefits get much more detail, so give both equal detail "
                    "(IPDAS C1)"
                )
            else:
                message = _(
                    "option '{option}' has {gains} words of benefits and {losses} of "
                    "harms; the harms get much more detail, so give both equal detail "
                    "(IPDAS C1)"
                )
            out.append(
                loaded.problem(
                    "content",
                    ("options", index),
                    message.format(option=option.id, gains=gains, losses=losses),
                    severity="warning",
                    rule="balance",
                )
            )
    return out


def citations(loaded: LoadedPack) -> list[Problem]:
    """C2: every cell cites evidence, and every reference is cited somewhere."""
    content = loaded.content
    out: list[Problem] = []
    used: set[str] = set()
    for qi, question in enumerate(content.questions):
        for key, cell in question.answers.items():
            used.update(cell.citations)
            if not cell.citations:
                out.append(
                    loaded.problem(
                        "content",
                        ("questions", qi, "answers", key),
                        _(
                            "the answer for '{option}' to '{question}' cites no evidence; add "
                            "'citations' with reference ids (IPDAS C2)"
                        ).format(option=key, question=question.id),
                        rule="ipdas.C2",
                    )
                )
    used.update(loaded.meta.condition_citations)
    used.update(loaded.meta.population_citations)
    for option in content.options:
        used.update(option.citations)
    for items in (
        content.values,
        content.knowledge,
        content.support,
        content.shared,
        content.prompts,
    ):
        for item in items:
            used.update(item.citations)
    for entry in content.glossary:
        used.update(entry.citations)
    for outcome in content.outcomes:
        parts = [
            outcome.sources_disagree,
            *(g.sources_disagree for g in (outcome.groups or {}).values()),
        ]
        for part in parts:
            if part is not None:
                used.update((*part.follows, *part.other))
    for oi, outcome in enumerate(content.outcomes):
        used.update(outcome.citations)
        if not outcome.citations:  # the model requires one; kept for hand-built packs
            out.append(
                loaded.problem(
                    "content",
                    ("outcomes", oi),
                    _("outcome '{outcome}' cites no evidence (IPDAS C2)").format(
                        outcome=outcome.id
                    ),
                    rule="ipdas.C2",
                )
            )
    for ri, reference in enumerate(content.references):
        if reference.id not in used:
            out.append(
                loaded.problem(
                    "content",
                    ("references", ri, "id"),
                    _("reference '{reference}' is never cited; cite it or remove it").format(
                        reference=reference.id
                    ),
                    severity="warning",
                    rule="ipdas.C2",
                )
            )
    return out


def provenance(loaded: LoadedPack, today: date) -> list[Problem]:
    """C3 publication date, C4 update policy, C6 funding source."""
    meta = loaded.meta
    out: list[Problem] = []
    if meta.published > today:
        out.append(
            loaded.problem(
                "pack",
                ("published",),
                _(
                    "published {published} is in the future (today is {today}); give "
                    "the date this version was published (IPDAS C3)"
                ).format(published=meta.published, today=today),
                rule="ipdas.C3",
            )
        )
    if too_thin(meta.update_policy, MIN_WORDS):
        out.append(
            loaded.problem(
                "pack",
                ("update_policy",),
                _(
                    "the update policy says too little; say how and when the content is "
                    "checked and updated (IPDAS C4)"
                ),
                rule="ipdas.C4",
            )
        )
    if is_placeholder(meta.funding):
        out.append(
            loaded.problem(
                "pack",
                ("funding",),
                _(
                    "'{funding}' does not name a funding source; name who paid, or write "
                    "'No external funding.' (IPDAS C6)"
                ).format(funding=meta.funding),
                rule="ipdas.C6",
            )
        )
    return out


def uncertainty(loaded: LoadedPack) -> list[Problem]:
    """C5: uncertainty around the figures is shown as a range or explained in a note."""
    outcomes = loaded.content.outcomes
    if not outcomes:
        return []
    shown = [s for o in outcomes for _loc, s in o.strata(loaded.content.baseline)]
    has_range = any(
        fig.range is not None or fig.zero_events is not None
        for o in shown
        for fig in o.figures.values()
    )
    explained = any(o.note and _EXPLAINS_UNCERTAINTY.search(o.note) for o in shown)
    if has_range or explained:
        return []
    return [
        loaded.problem(
            "content",
            ("outcomes",),
            _(
                "no figure has a range or a zero-event bound, and no outcome note says how "
                "certain the figures are; add 'range' to the figures or a 'note' on how sure "
                "they are (IPDAS C5)"
            ),
            severity="warning",
            rule="ipdas.C5",
        )
    ]


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """Every qualifying and certification criterion."""
    return [
        *qualifying(loaded),
        *equal_detail(loaded),
        *citations(loaded),
        *provenance(loaded, today),
        *uncertainty(loaded),
    ]


QUALIFYING_CODES = ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6")
CERTIFICATION_CODES = ("C1", "C2", "C3", "C4", "C5", "C6")
SCREENING_CODES = ("S1", "S2", "S3", "S4")


def _code(rule: str) -> str | None:
    """The IPDAS criterion a rule checks ('ipdas.Q4' -> 'Q4', 'balance' -> 'C1')."""
    if rule == "balance":
        return "C1"
    if rule.startswith("ipdas."):
        return rule.removeprefix("ipdas.")
    return None


def present_summary(loaded: LoadedPack, problems: list[Problem]) -> Problem:
    """One note that says which criteria are present, and what 'present' means."""
    codes = [*QUALIFYING_CODES, *CERTIFICATION_CODES]
    if loaded.meta.kind == "screening":
        codes += SCREENING_CODES
    missing = {_code(p.rule) for p in problems if p.severity == "error"}
    warned = {_code(p.rule) for p in problems if p.severity == "warning"}
    present = [code for code in codes if code not in missing]
    parts = [
        ngettext(
            "IPDAS: {n} of {total} criterion present ({codes})",
            "IPDAS: {n} of {total} criteria present ({codes})",
            len(codes),
        ).format(n=len(present), total=len(codes), codes=", ".join(present) or "-")
    ]
    absent = [code for code in codes if code in missing]
    if absent:
        parts.append(_("not present: {codes}").format(codes=", ".join(absent)))
    noted = [code for code in present if code in warned]
    if noted:
        parts.append(_("present, with warnings: {codes}").format(codes=", ".join(noted)))
    parts.append(
        _(
            "'present' means the fields a criterion needs are filled in, long enough and not "
            "placeholders; whether they meet the standard is for a reviewer to judge"
        )
    )
    return loaded.problem("pack", (), "; ".join(parts) + ".", severity="info", rule="ipdas.present")
