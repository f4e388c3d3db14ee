"""Smaller blocks of the pack format: living with an option, a figure's basis and zero-event
bound, disagreeing sources, statements for every option, question prompts, the glossary,
kept warnings, reviewers' sign-offs and the changelog.

All optional, so packs written before they existed stay valid. :mod:`.model` builds the
pack from them; the field docstrings here are part of the published JSON Schema.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, StrictInt, model_validator

from decision_aid.content.fields import Id, IsoDate, PlainStr, ReviewHash, SemVer, Strict, Text
from decision_aid.i18n import _

LIVING_WITH_PARTS = ("physical", "emotional", "social")
"""The three sides of living with an option: IPDAS Q6's physical, psychological and social."""


class LivingWith(Strict):
    """What living with an option is like, beyond the figures.

    Give the three sides IPDAS asks about (physical, emotional, social), or, when the
    source describes them together, keep its words whole in ``text``. Every option of a
    pack uses the same form, so the grid's rows line up.
    """

    physical: Text | None = None
    """Physical effects on daily life: pain, recovery time, tiredness, visits."""
    emotional: Text | None = None
    """How people often feel: worry, relief, confidence."""
    social: Text | None = None
    """Effects on work, family, driving, hobbies and money."""
    text: Text | None = None
    """Instead of the three sides: one text on what living with the option is like, kept
    whole as the source gives it (a source that does not separate the sides)."""

    @model_validator(mode="after")
    def _parts_or_whole(self) -> LivingWith:
        parts = [getattr(self, name) for name in LIVING_WITH_PARTS]
        if self.text is not None:
            if any(part is not None for part in parts):
                raise ValueError(
                    _(
                        "give either 'text' or the three parts 'physical', 'emotional' and "
                        "'social', not both"
                    )
                )
        elif any(part is None for part in parts):
            missing = [n for n, part in zip(LIVING_WITH_PARTS, parts, strict=True) if part is None]
            raise ValueError(
                _(
                    "'{missing}' is missing; give all three parts 'physical', 'emotional' and "
                    "'social', or one 'text' for the whole"
                ).format(missing="', '".join(missing))
            )
        return self

    @property
    def whole(self) -> bool:
        """True when the pack gives one text rather than the three sides."""
        return self.text is not None


Basis = Literal["measured", "estimated", "assumed"]
"""How a figure was got: counted in a study, worked out from study results, or assumed."""


class ZeroEvents(Strict):
    """For a count of 0 that a study observed: the most it could still be.

    No event among the people studied does not mean it never happens. State the upper
    bound the evidence allows, as the source or the pack's own working gives it (for
    example by the rule of three: about 3 divided by the number studied). The app shows
    the pack's numbers as written and works nothing out.
    """

    studied: StrictInt = Field(ge=1)
    """How many people the study followed, none of whom had the event, e.g. 1447."""
    up_to: StrictInt = Field(ge=1)
    """The upper bound, on the figure's own denominator: e.g. 3 out of 1000 for 1447 people
    by the rule of three (3 / 1447 = 2.1 per 1000, rounded up)."""


class Disagreement(Strict):
    """Sources that give different figures for the same outcome, and which one is shown.

    Mark it here rather than only in a note: the linter then asks for the other
    sources' figures, and screens and the record show them beside the pictures.
    """

    follows: tuple[Id, ...] = Field(min_length=1)
    """Reference ids whose figures the pictures show."""
    other: tuple[Id, ...] = Field(min_length=1)
    """Reference ids that give different figures."""
    other_figures: Text | None = None
    """The other sources' figures in plain words, shown beside the pictures, e.g. 'Trials
    on average: 7 or 8 out of 100 with a statin'."""


class SharedStatement(Strict):
    """Something that holds whatever the patient chooses."""

    text: Text
    """The statement, e.g. 'Whatever you choose, staying active helps your knee'."""
    citations: tuple[Id, ...] = ()
    """Reference ids that support it."""


class Prompt(Strict):
    """A question patients often want to ask about this decision, offered for them to pick.

    The kiosk's questions screen lists the pack's prompts to tap (and the patient may type
    their own); what they pick goes with their answers to the appointment. Write each as
    the patient would ask it, short and plain, and cite where it comes from: a question
    list such as the NHS's 'Ask 3 Questions', or the pack's own evidence.
    """

    id: Id
    """Identifier of the prompt, e.g. 'options'."""
    text: Text
    """The question in the patient's words, e.g. 'What are my options?'."""
    citations: tuple[Id, ...] = ()
    """Reference ids the question comes from."""


class GlossaryEntry(Strict):
    """A term the pack explains once; the grid shows its meaning when the term is tapped."""

    id: Id
    """Identifier of the entry, e.g. 'nice'."""
    term: Text
    """The term as the text uses it, e.g. 'NICE'. A term in capitals (an abbreviation)
    matches only in capitals; any other matches in any case."""
    also: Text | None = None
    """Other forms of the term the text uses, separated by commas, e.g. 'biopsies' for
    'biopsy'. One text, so that a translation lists the forms its own language uses (such
    as 'الخزعة، للخزعة')."""
    meaning: Text
    """What it means, in one or two plain sentences."""
    citations: tuple[Id, ...] = ()
    """Reference ids behind the meaning, when it needs one."""

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form the term takes in the text: the term, then each of ``also``."""
        others = re.split(r"[,،;؛]", self.also) if self.also else []
        return (self.term, *(form.strip() for form in others if form.strip()))


class LintException(Strict):
    """A linter warning the authors chose to keep, with why: shown by the linter, never hidden."""

    rule: PlainStr
    """The rule, as the linter names it, e.g. 'risk.horizon'."""
    at: PlainStr
    """Where: the field path as the linter prints it, or its beginning, e.g. 'outcomes[2]'."""
    reason: PlainStr
    """Why the warning does not apply here, for the next author and reviewer to judge."""


REVIEW_ROLES = ("clinician", "patient", "lead editor", "translator", "methods")
"""The roles a sign-off names. Only a 'clinician' sign-off lets a pack be 'reviewed'."""


class Reviewer(Strict):
    """Someone who reviewed the pack; with ``date`` and ``reviewed_hash``, their sign-off
    of one exact version.

    ``decision-aid packs review PACK --role clinician --name ... --interests ...`` records
    a sign-off of the pack as it is. A pack's ``review.status`` can be 'reviewed' only while
    a clinician's sign-off names the review hash of its content as it is now: any later
    change to the content (a figure, a translation, the version) needs a new sign-off.
    """

    name: PlainStr
    """Full name."""
    role: PlainStr
    """What they reviewed as: 'clinician', 'patient', 'lead editor', 'translator' or
    'methods' (older packs may name another role; only 'clinician' signs a pack off)."""
    credentials: PlainStr | None = None
    """Qualifications relevant to the role, e.g. 'GP, MRCGP'; 'none' for a lay reviewer."""
    competing_interests: PlainStr
    """Declared competing interests. Write 'None declared.' when there are none."""
    date: IsoDate | None = None
    """The day of the sign-off."""
    reviewed_hash: ReviewHash | None = None
    """The review hash of the exact content signed off: the pack's files, leaving out this
    list and the review status (so signing off does not change it). Written by
    'decision-aid packs review'; do not type it."""

    @model_validator(mode="after")
    def _sign_off_has_a_date(self) -> Reviewer:
        if self.reviewed_hash is not None and self.date is None:
            raise ValueError(_("a sign-off ('reviewed_hash') needs the 'date' it was made"))
        return self


class ChangelogEntry(Strict):
    """What changed in one version, for readers and reviewers of the next one."""

    version: SemVer
    """The version these changes made, e.g. '1.2.0'."""
    date: IsoDate
    """The day the version was made."""
    changes: tuple[PlainStr, ...] = Field(min_length=1)
    """What changed, one line each, e.g. 'Infection figure from the 2026 registry report'."""
