"""The option-grid pack format, version 1.

A pack is a folder holding three kinds of file:

* ``pack.yaml`` (or ``pack.json``): the metadata in :class:`PackMeta`. The library
  reads only this file until a pack is opened.
* ``content.yaml`` (or ``content.json``): the grid itself, :class:`PackContent`.
* ``translations/<locale>.yaml``: optional :class:`TranslationFile` per locale.

The docstring under each field is the author documentation; ``decision-aid packs
schema`` publishes it as JSON Schema. Every model forbids unknown fields and is
frozen once loaded.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, StringConstraints, model_validator

from decision_aid.content.community_topics import CommunityTopic
from decision_aid.content.fields import (
    DOI_PATTERN,
    PMID_PATTERN,
    URL_PATTERN,
    Certainty,
    Denominator,
    FormatVersion,
    Id,
    IsoDate,
    LocaleCode,
    PlainStr,
    SemVer,
    SourceHash,
    Strict,
    Text,
    TimeFrame,
)
from decision_aid.content.model_parts import (
    Basis,
    ChangelogEntry,
    Disagreement,
    GlossaryEntry,
    LintException,
    LivingWith,
    Prompt,
    Reviewer,
    SharedStatement,
    ZeroEvents,
)
from decision_aid.content.topics import TopicIcon
from decision_aid.i18n import _

FORMAT_VERSION = 1

MAX_PROMPTS = 12
"""The most question prompts a pack offers: a patient reads them all on one screen."""

Loc = tuple[str | int, ...]
"""A place in a file: the keys and list indexes down to a field."""


# ---------------------------------------------------------------------------
# Metadata (pack.yaml)
# ---------------------------------------------------------------------------


class Person(Strict):
    """Someone who wrote or reviewed the pack."""

    name: PlainStr
    """Full name, or the name of the team."""
    role: PlainStr
    """What they did, e.g. 'clinical author', 'patient reviewer', 'editor'."""
    credentials: PlainStr
    """Qualifications relevant to the role, e.g. 'GP, MRCGP'; write 'none' for a lay reviewer."""
    competing_interests: PlainStr
    """Declared competing interests. Write 'None declared.' when there are none."""


class Review(Strict):
    """Whether a named clinician has reviewed the content."""

    status: Literal["example", "reviewed"]
    """'example' (example content, not clinically reviewed) or 'reviewed'.

    'reviewed' needs a clinician's sign-off of this exact content in 'reviewers' (see
    :class:`Reviewer`); the loader refuses the pack otherwise. 'decision-aid packs review'
    records the sign-off and fills this block."""
    reviewer: PlainStr | None = None
    """Name of the clinician whose sign-off of this content the pack shows. Required when
    reviewed."""
    date: IsoDate | None = None
    """Date of that sign-off. Required when reviewed."""

    @model_validator(mode="after")
    def _reviewed_needs_who_and_when(self) -> Review:
        if self.status == "reviewed" and (self.reviewer is None or self.date is None):
            raise ValueError(_("a reviewed pack names its reviewer and the review date"))
        if self.status == "example" and (self.reviewer is not None or self.date is not None):
            raise ValueError(
                _("an example pack has no reviewer or review date; set status: reviewed")
            )
        return self


class PackMeta(Strict):
    """What the library shows before a pack is opened (pack.yaml)."""

    format_version: FormatVersion
    """Version of this format. Always 1 for now."""
    id: Id
    """Stable identifier of the pack, e.g. 'knee-osteoarthritis'. Matches the folder name."""
    version: SemVer
    """Semantic version of the content, e.g. '1.2.0'. Raise it with every published change."""
    title: Text
    """Title shown in the library, e.g. 'Knee osteoarthritis: treatment options'."""
    decision: Text
    """The decision in the patient's words, e.g. 'Should I have a knee replacement?'."""
    condition: Text
    """A plain description of the condition or problem the decision is about."""
    condition_citations: tuple[Id, ...] = ()
    """Reference ids (in content's 'references') behind the description of the condition."""
    population: Text
    """Who the pack is for: the people whose evidence the figures describe."""
    population_citations: tuple[Id, ...] = ()
    """Reference ids behind the description of who the pack is for."""
    kind: Literal["treatment", "screening", "prevention"]
    """The kind of decision. Screening packs must also fill 'screening' in content."""
    icon: TopicIcon | None = None
    """The picture the kiosk shows beside the title, by name: one of the app's own topic
    pictures, which it draws itself (a pack never brings a picture of its own).

    The names: 'general' (a stethoscope), 'knee' (a bent leg with its knee joint, for
    joints), 'bone', 'heart' (with a heartbeat line), 'lungs', 'medicine' (a capsule and a
    tablet), 'blood-test' (a drop of blood and a test tube, for blood tests and screening),
    'pregnancy', 'child' (an adult holding a child's hand), 'breast' (an awareness ribbon),
    'prostate' (the male sign, for men's health), 'eye', 'mind' (a head with a heart
    inside, for mental health), 'surgery' (a scalpel). Leave it out for a neutral picture
    of a choice (a signpost)."""
    source_language: LocaleCode
    """Language the pack is written in, e.g. 'en'."""
    keywords: tuple[Text, ...] = ()
    """Extra words the library search should match."""
    community_topics: tuple[CommunityTopic, ...] = ()
    """The community topics the decision touches, e.g. 'physical-activity' or 'pain': the
    plan step offers the entries of the clinic's community directories tagged with any of
    them. One of the names listed by 'decision-aid directory topics'."""
    authors: tuple[Person, ...] = Field(min_length=1)
    """Who wrote the content."""
    reviewers: tuple[Reviewer, ...] = ()
    """Who reviewed the content (clinician, patient, lead editor, translator and methods
    reviewers), each with the exact version they signed off."""
    funding: Text
    """Who paid for the development of the pack. Write 'No external funding.' when none."""
    published: IsoDate
    """Date this version was published."""
    evidence_searched: IsoDate
    """Date the evidence was last searched."""
    review_due: IsoDate
    """Date by which the evidence must be checked again."""
    expires: IsoDate
    """Date after which the pack should no longer be used without a new review."""
    update_policy: Text
    """How and when the content is updated."""
    evidence_document: PlainStr
    """Where the evidence summary is: a file in the pack (e.g. 'evidence.md') or a URL."""
    licence: PlainStr
    """Licence of the content, as an SPDX identifier, e.g. 'CC-BY-4.0'."""
    review: Review
    """Clinical review status."""
    changelog: tuple[ChangelogEntry, ...] = ()
    """What changed in each version, oldest first. 'decision-aid packs bump' adds an entry
    as it raises the version."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> PackMeta:
        if self.evidence_searched > self.published:
            raise ValueError(_("evidence_searched is after published; the search comes first"))
        if self.review_due < self.published:
            raise ValueError(_("review_due is before published"))
        if self.expires < self.review_due:
            raise ValueError(
                _("expires is before review_due; a pack is reviewed before it expires")
            )
        return self

    @property
    def review_label(self) -> str:
        """English label of the review status (the UI translates it)."""
        if self.review.status == "example":
            return "example — not clinically reviewed"
        return f"reviewed by {self.review.reviewer} on {self.review.date}"


# ---------------------------------------------------------------------------
# Content (content.yaml)
# ---------------------------------------------------------------------------


class Option(Strict):
    """One column of the grid."""

    id: Id
    """Identifier other sections use to refer to this option."""
    name: Text
    """Short name for the column heading, e.g. 'Knee replacement'."""
    description: Text
    """One or two plain sentences on what the option involves."""
    is_no_treatment: StrictBool = False
    """True for the 'no treatment' / 'wait and see' / 'no test' option."""
    eligibility: Text | None = None
    """Who can have this option, when not everyone the pack is for can, e.g. 'Only for
    people aged 65 or over'. The grid and the record show it beside the option."""
    benefits: tuple[Text, ...] = ()
    """The positive features of this option, one short sentence each.

    Optional: a grid row marked ``shows: [benefits]`` or a benefit outcome with a figure
    for this option also describes them (IPDAS Q4)."""
    harms: tuple[Text, ...] = ()
    """The negative features (harms, side effects, burdens), one short sentence each.

    Optional: a grid row marked ``shows: [harms]`` or a harm outcome with a figure for
    this option also describes them (IPDAS Q5)."""
    living_with: LivingWith
    """What living with this option is like."""
    citations: tuple[Id, ...] = ()
    """Reference ids behind the description, eligibility, benefits and harms."""


class Cell(Strict):
    """The answer to one question for one option."""

    text: Text
    """The answer in one or two plain sentences, with numbers where there are numbers
    ('44 out of 100 had less pain'); the linter warns about more, or about trial statistics."""
    citations: tuple[Id, ...] = ()
    """Reference ids that support this answer."""
    certainty: Certainty | None = None
    """GRADE certainty of the evidence behind this answer, when known."""
    detail: Text | None = None
    """Optional longer explanation shown when the cell is opened: the trial's figures and how
    they were measured ('rose by 32.5 points on a 0 to 100 scale')."""


class Question(Strict):
    """One row of the grid: a question patients often ask."""

    id: Id
    """Identifier of the row."""
    text: Text
    """The question, e.g. 'How long will it take to recover?'."""
    answers: dict[Id, Cell]
    """One answer per option, keyed by option id."""
    shows: tuple[Literal["benefits", "harms"], ...] = ()
    """What this row's answers describe for every option: 'benefits', 'harms' or both.

    For example ``shows: [harms]`` on 'What are the side effects?'. The linter then counts
    the row as describing each option's benefits (IPDAS Q4) or harms (Q5)."""


class Range(Strict):
    """A low-high range around a count, on the same denominator."""

    low: StrictInt = Field(ge=0)
    """Lowest plausible count."""
    high: StrictInt = Field(ge=0)
    """Highest plausible count."""


class Figure(Strict):
    """How many out of how many, over what time, for one option.

    When no reliable figure exists for an option (never studied, or the event cannot
    happen with it), leave out ``count`` and say why in ``no_data``; patients then see
    that reason instead of an icon array. Never guess a count.

    A figure that is 0 by definition (no false alarm without a test, no second operation
    without a first) is not a figure: give ``no_data`` with the reason ('Does not apply:
    ...') and ``does_not_apply: true``, the same way in every pack. A 0 that a study
    observed gives its upper bound in ``zero_events``.
    """

    count: StrictInt | None = Field(default=None, ge=0)
    """Best estimate: how many people out of 'out_of' have the event."""
    out_of: Denominator | None = None
    """The denominator: 100, or 1000 when risks are under 1 in 100. Same for every option."""
    over: TimeFrame | None = None
    """Time frame, e.g. '10 years'. Same for every option."""
    range: Range | None = None
    """Uncertainty range around the count, when the evidence gives one."""
    no_data: Text | None = None
    """Instead of a count: why there is no figure for this option, in plain words."""
    does_not_apply: StrictBool = False
    """True when the event cannot happen with this option, so that its figure would be 0
    by definition; give the reason in ``no_data``. The linter then asks for no count."""
    basis: Basis | None = None
    """How the count was got: 'measured' (counted in a study of such people), 'estimated'
    (worked out from study results, such as a trial's relative effect applied to a
    baseline) or 'assumed' (an assumption, such as a baseline risk a review assumes).
    Screens and the record say it beside the figure."""
    zero_events: ZeroEvents | None = None
    """For a count of 0 seen in a study: how many were studied and the most it could be."""

    @model_validator(mode="after")
    def _count_or_reason(self) -> Figure:
        if self.count is None and self.no_data is None:
            raise ValueError(
                _("give a 'count' with 'out_of' and 'over', or say in 'no_data' why there is none")
            )
        if self.count is not None and self.no_data is not None:
            raise ValueError(_("give either a 'count' or 'no_data', not both"))
        if self.count is not None and (self.out_of is None or self.over is None):
            raise ValueError(_("a 'count' needs its 'out_of' and 'over'"))
        if self.no_data is not None and self.range is not None:
            raise ValueError(_("a 'range' needs a 'count'; remove it or give the count"))
        if self.does_not_apply and self.no_data is None:
            raise ValueError(
                _(
                    "'does_not_apply' goes with 'no_data', which says why; give them instead "
                    "of a count"
                )
            )
        if self.count is None and self.basis is not None:
            raise ValueError(_("a 'basis' says how a count was got; give the count or remove it"))
        if self.zero_events is not None:
            if self.count != 0:
                raise ValueError(_("'zero_events' is for a count of 0; remove it or set count: 0"))
            if self.range is not None:
                raise ValueError(
                    _("give either a 'range' or 'zero_events' for a count of 0, not both")
                )
            if self.out_of is not None and self.zero_events.up_to > self.out_of:
                raise ValueError(
                    _(
                        "'zero_events.up_to' {up_to} is above the denominator {out_of}; give "
                        "the bound out of {out_of}"
                    ).format(up_to=self.zero_events.up_to, out_of=self.out_of)
                )
        return self


Valence = Literal["good", "bad"]
"""Whether an outcome's event is good or bad for the person it happens to."""


class BaselineGroup(Strict):
    """One group of people the evidence reports figures for (a baseline-risk stratum)."""

    id: Id
    """Identifier outcomes use to give figures for this group, e.g. 'qrisk-10'."""
    label: Text
    """Who is in the group, in plain words and as the source reports it.

    For example 'People whose QRISK3 score is about 10 out of 100 over 10 years'. Never
    make up a band the source does not report.
    """


class Baseline(Strict):
    """The groups of people whose figures differ, such as people at higher or lower risk.

    The clinician picks the group closest to the patient once, at the top of the risk
    step; every outcome that gives figures per group then shows that group's figures.
    Choosing a group is choosing among the figures the sources publish: the app never
    works out a personal risk.
    """

    measure: Text
    """What the groups differ by, in plain words.

    For example 'The chance of heart disease or a stroke in the next 10 years, as worked
    out with QRISK3 by a doctor or nurse'.
    """
    groups: tuple[BaselineGroup, ...] = Field(min_length=2, max_length=8)
    """The groups, 2 to 8, in order (lowest risk first)."""


class GroupFigures(Strict):
    """An outcome's figures for one baseline group."""

    reference_class: Text
    """Who 'people like you' are in this group."""
    figures: dict[Id, Figure]
    """One figure per option, keyed by option id: the same denominator and time frame."""
    note: Text | None = None
    """How this group's figures were derived, when it differs from the outcome's note."""
    sources_disagree: Disagreement | None = None
    """For this group, when it differs from the outcome's: sources that disagree."""


class Outcome(Strict):
    """One outcome's figures for one group of people: what a screen or a record shows.

    Made from a pack's :class:`PackOutcome` by :meth:`PackOutcome.stratum`, so an outcome
    with figures per baseline group is shown for the chosen group only.
    """

    id: Id
    """Identifier of the outcome (the pack outcome's id)."""
    event: Text
    """What happens, completing 'Out of 100 people like you, N will ...'."""
    kind: Literal["benefit", "harm"]
    """'benefit' or 'harm', as in the pack."""
    valence: Valence | None = None
    """Whether the event is good or bad; None when the pack does not say."""
    reference_class: Text
    """Who 'people like you' are."""
    figures: dict[Id, Figure]
    """One figure per option, keyed by option id."""
    certainty: Certainty
    """GRADE certainty of the evidence for this outcome."""
    citations: tuple[Id, ...] = Field(min_length=1)
    """Reference ids the figures come from."""
    note: Text | None = None
    """How the figures were derived."""
    group: BaselineGroup | None = None
    """The baseline group these figures are for; None when they are for everyone."""
    sources_disagree: Disagreement | None = None
    """Sources that give other figures, and what they give."""

    def counted(self) -> dict[str, Figure]:
        """The figures that have a count, by option id."""
        return {key: fig for key, fig in self.figures.items() if fig.count is not None}

    @property
    def event_valence(self) -> Valence | None:
        """Good or bad: as the pack says, else bad for a harm; None when it cannot be known."""
        if self.valence is not None:
            return self.valence
        return "bad" if self.kind == "harm" else None

    @property
    def denominator(self) -> int:
        """The shared denominator (validation guarantees it is shared)."""
        for figure in self.figures.values():
            if figure.out_of is not None:
                return figure.out_of
        raise ValueError(self.id)

    @property
    def time_frame(self) -> str:
        """The shared time frame, e.g. '10 years'."""
        for figure in self.figures.values():
            if figure.over is not None:
                return figure.over
        raise ValueError(self.id)


class PackOutcome(Strict):
    """A risk figure compared across options, shown as icon arrays.

    Give ``reference_class`` and ``figures`` when the figures hold for everyone the pack
    is for. When the sources give different figures for groups of people at different
    baseline risk, list those groups once in the content's ``baseline`` and give
    ``groups`` here instead: one ``reference_class`` and ``figures`` per group.
    """

    id: Id
    """Identifier of the outcome."""
    event: Text
    """What happens, completing 'Out of 100 people like you, N will ...'.

    For example 'have a heart attack or stroke'.
    """
    kind: Literal["benefit", "harm"]
    """'benefit' when the outcome shows what an option can gain.

    'harm' for side effects and complications.
    """
    valence: Valence | None = None
    """Whether the event itself is 'good' or 'bad' for the person it happens to.

    Separate from 'kind': 'die from prostate cancer' is a bad event in a benefit outcome
    (testing can make it less likely), 'still have their own knee' a good one. Screens
    and records show it by colour and word. Left out, a harm counts as bad and a benefit
    is shown without either; the linter asks for it.
    """
    reference_class: Text | None = None
    """Who 'people like you' are, e.g. 'men aged 55 to 69 who have a PSA test'.

    Leave out when the outcome gives ``groups``.
    """
    figures: dict[Id, Figure] | None = None
    """One figure per option, keyed by option id. Leave out when the outcome gives ``groups``."""
    groups: dict[Id, GroupFigures] | None = None
    """Instead of ``reference_class`` and ``figures``: the figures per baseline group.

    Keyed by the ids of the content's ``baseline.groups``, one entry for every group.
    """
    certainty: Certainty
    """GRADE certainty of the evidence for this outcome."""
    citations: tuple[Id, ...] = Field(min_length=1)
    """Reference ids the figures come from."""
    note: Text | None = None
    """How the figures were derived, and which source is followed where sources disagree."""
    sources_disagree: Disagreement | None = None
    """When sources give different figures: which the pictures follow, which differ, and
    the other figures in plain words (shown beside the pictures)."""

    @model_validator(mode="after")
    def _figures_or_groups(self) -> PackOutcome:
        if self.groups is not None:
            if self.figures is not None or self.reference_class is not None:
                raise ValueError(
                    _(
                        "give either 'groups' or 'reference_class' with 'figures', not both; "
                        "with groups, each group has its own"
                    )
                )
        elif self.figures is None or self.reference_class is None:
            raise ValueError(
                _(
                    "give 'reference_class' and 'figures', or 'groups' with the figures "
                    "for each baseline group"
                )
            )
        return self

    @property
    def grouped(self) -> bool:
        """True when the figures are given per baseline group."""
        return self.groups is not None

    def stratum(self, group: BaselineGroup | None) -> Outcome | None:
        """The figures to show for this group (None: no group chosen).

        An outcome for everyone ignores the group; a grouped outcome gives None when no
        group is chosen, so that nothing is shown until one is.
        """
        common: dict[str, Any] = {
            "id": self.id,
            "event": self.event,
            "kind": self.kind,
            "valence": self.valence,
            "certainty": self.certainty,
            "citations": self.citations,
        }
        if self.groups is None:
            assert self.reference_class is not None and self.figures is not None
            return Outcome(
                **common,
                reference_class=self.reference_class,
                figures=self.figures,
                note=self.note,
                sources_disagree=self.sources_disagree,
            )
        if group is None or group.id not in self.groups:
            return None
        part = self.groups[group.id]
        notes = [n for n in (part.note, self.note) if n]
        return Outcome(
            **common,
            reference_class=part.reference_class,
            figures=part.figures,
            note="\n\n".join(notes) or None,
            group=group,
            sources_disagree=part.sources_disagree or self.sources_disagree,
        )

    def strata(self, baseline: Baseline | None) -> list[tuple[Loc, Outcome]]:
        """Every set of figures with its place in the outcome: one, or one per group."""
        if self.groups is None:
            shown = self.stratum(None)
            assert shown is not None
            return [((), shown)]
        out: list[tuple[Loc, Outcome]] = []
        known = {g.id: g for g in baseline.groups} if baseline else {}
        for key in self.groups:
            group = known.get(key, BaselineGroup(id=key, label=key))
            shown = self.stratum(group)
            assert shown is not None
            out.append((("groups", key), shown))
        return out


class Screening(Strict):
    """What a screening test does. Required for screening packs."""

    measures: Text
    """What the test is designed to measure."""
    if_positive: Text
    """Next steps when the test finds something."""
    if_negative: Text
    """Next steps when the test finds nothing."""
    overdiagnosis: Text
    """The chance of finding a condition that would never have caused problems, and what follows."""


class Fare(Strict):
    """How one option fares on one concern."""

    score: StrictInt = Field(ge=-2, le=2)
    """-2 (works strongly against this concern) to +2 (serves it well)."""
    reason: Text | None = None
    """Why, in a few words."""


class Value(Strict):
    """A concern patients weigh when choosing."""

    id: Id
    """Identifier of the concern."""
    concern: Text
    """The concern in the patient's words, e.g. 'Avoiding an operation'."""
    fares: dict[Id, Fare]
    """How each option fares on this concern, keyed by option id."""
    citations: tuple[Id, ...] = ()
    """Reference ids behind how the options fare."""


class Choice(Strict):
    """One possible answer to a knowledge question."""

    id: Id
    """Identifier of the choice."""
    text: Text
    """The answer as shown."""


class KnowledgeQuestion(Strict):
    """A check that the patient has understood a key fact."""

    id: Id
    """Identifier of the question."""
    question: Text
    """The question."""
    choices: tuple[Choice, ...] = Field(min_length=2, max_length=6)
    """The possible answers."""
    answer: Id
    """Id of the correct choice."""
    explanation: Text
    """A plain explanation shown after the patient answers."""
    citations: tuple[Id, ...] = ()
    """Reference ids behind the correct answer."""


class SupportResource(Strict):
    """A community or peer resource a patient can turn to."""

    id: Id
    """Identifier of the resource."""
    name: Text
    """Name of the group, helpline or service (a translation keeps a proper name as it is)."""
    kind: Literal["group", "helpline", "website", "social prescribing", "charity", "service"]
    """What sort of resource it is."""
    offers: Text
    """What it offers, in plain words."""
    contact: Text
    """How to reach it: a web address, phone number or 'ask your GP practice'.

    Translated like every text a patient reads; a translation keeps numbers and addresses.
    """
    region: Text | None = None
    """Where it is available, e.g. 'England and Wales' or 'UK-wide, online'."""
    hours: Text | None = None
    """When it can be reached, e.g. 'Monday to Friday, 9am to 5pm'."""
    cost: Text | None = None
    """What it costs, e.g. 'Free' or 'Free to call from UK landlines and mobiles'."""
    citations: tuple[Id, ...] = ()
    """Reference ids behind what the entry says (a service's own page, say)."""


class Reference(Strict):
    """A source of evidence."""

    id: Id
    """Identifier used in 'citations'."""
    citation: PlainStr
    """Full citation: authors, title, journal or publisher, year."""
    doi: Annotated[StrictStr, StringConstraints(pattern=DOI_PATTERN)] | None = None
    """DOI, e.g. '10.1056/NEJMoa1505467'."""
    pmid: Annotated[StrictStr, StringConstraints(pattern=PMID_PATTERN)] | None = None
    """PubMed identifier."""
    url: Annotated[StrictStr, StringConstraints(pattern=URL_PATTERN)] | None = None
    """Web address. Use https:// where the site has it; an http:// address is accepted (many
    guideline sites still use it) and the linter warns about it."""

    @model_validator(mode="after")
    def _findable(self) -> Reference:
        if self.doi is None and self.pmid is None and self.url is None:
            raise ValueError(_("a reference needs a doi, pmid or url so readers can find it"))
        return self


class PackContent(Strict):
    """The grid and everything around it (content.yaml)."""

    format_version: FormatVersion
    """Version of this format. Always 1 for now."""
    options: tuple[Option, ...] = Field(min_length=2, max_length=6)
    """The options, 2 to 6, in the order they appear as columns."""
    questions: tuple[Question, ...] = Field(min_length=1)
    """The grid rows: questions patients most often ask."""
    baseline: Baseline | None = None
    """The baseline groups (risk strata) that outcomes may give figures for; see 'groups'."""
    outcomes: tuple[PackOutcome, ...] = ()
    """Risk figures compared across options."""
    screening: Screening | None = None
    """For screening decisions: what the test measures and what follows."""
    values: tuple[Value, ...] = ()
    """Concerns patients weigh, for values clarification."""
    knowledge: tuple[KnowledgeQuestion, ...] = ()
    """Questions that check understanding of key facts."""
    support: tuple[SupportResource, ...] = ()
    """Community and peer support."""
    prompts: tuple[Prompt, ...] = Field(default=(), max_length=MAX_PROMPTS)
    """Questions patients often want to ask about this decision, at most 12, each with an
    id and cited where it comes from. The kiosk offers them for the patient to pick (when
    a pack has none, it offers the grid's questions). Translations key them by id:
    'prompts.<id>.text'."""
    shared: tuple[SharedStatement, ...] = ()
    """Statements that hold for every option, shown once across the grid rather than
    repeated in each column."""
    glossary: tuple[GlossaryEntry, ...] = ()
    """Terms explained once. Wherever the grid shows a term, the patient can tap it (or
    press F1 on its cell) for its meaning. The linter asks for an entry for every term of
    its jargon list (and of ``jargon``) that the pack uses."""
    jargon: tuple[PlainStr, ...] = ()
    """More words the linter should treat as jargon needing a glossary entry, on top of its
    own list, e.g. 'TKR' or a term of the pack's source language."""
    references: tuple[Reference, ...] = Field(min_length=1)
    """The evidence cited in the pack."""
    lint_exceptions: tuple[LintException, ...] = ()
    """Linter warnings kept on purpose, each with its reason. The linter reports them as
    notes (with -v) and counts them; errors cannot be kept this way."""

    def option(self, option_id: str) -> Option:
        """The option with this id."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def baseline_group(self, group_id: str | None) -> BaselineGroup | None:
        """The baseline group with this id; None for None or an id the pack lacks."""
        if self.baseline is None or group_id is None:
            return None
        for group in self.baseline.groups:
            if group.id == group_id:
                return group
        return None

    @property
    def grouped(self) -> bool:
        """True when some outcome gives its figures per baseline group."""
        return any(outcome.grouped for outcome in self.outcomes)


# ---------------------------------------------------------------------------
# Translations (translations/<locale>.yaml)
# ---------------------------------------------------------------------------


class TranslationFile(Strict):
    """Text of one pack in one more language.

    Keys are the paths that ``decision-aid packs strings PATH`` lists, such as
    ``title`` or ``options.surgery.name``. A missing key falls back to the source
    language and the linter reports it.
    """

    format_version: FormatVersion
    """Version of this format. Always 1 for now."""
    locale: LocaleCode
    """The language of this file, e.g. 'cy'. Matches the file name."""
    status: PlainStr
    """Review state of the translation.

    For example 'translation not yet reviewed by a native-speaking clinician'.
    """
    translators: tuple[Person, ...] = ()
    """Who translated the text."""
    strings: dict[
        StrictStr, Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
    ]
    """Translated text keyed by string path."""
    source_hashes: dict[StrictStr, SourceHash] = Field(default_factory=dict)
    """For each translated string, the hash of the source text it was translated from,
    keyed by the same string path, e.g. ``title: "3f2a9c0b1d4e"``.

    ``decision-aid packs translations PACK --lang L --mark-current KEY`` writes it once the
    translation has been checked against the source; do not type it by hand. When the source
    text changes, its hash no longer matches and the linter marks the translation stale.
    A file without it still loads; the linter asks for it."""


class Pack(Strict):
    """A whole pack: metadata and content, checked by
    :func:`decision_aid.content.integrity.integrity_problems`."""

    meta: PackMeta
    content: PackContent


def pack_json_schema() -> dict[str, Any]:
    """JSON Schema of the three files, for authors' editors."""
    import sys

    from decision_aid.content import model_parts
    from decision_aid.content.docs import attribute_docs, describe

    docs = {**attribute_docs(model_parts), **attribute_docs(sys.modules[__name__])}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "decision-aid option-grid pack, format version 1",
        "description": __doc__,
        "$defs": {
            "pack.yaml": describe(PackMeta.model_json_schema(), "PackMeta", docs),
            "content.yaml": describe(PackContent.model_json_schema(), "PackContent", docs),
            "translations/<locale>.yaml": describe(
                TranslationFile.model_json_schema(), "TranslationFile", docs
            ),
        },
    }
