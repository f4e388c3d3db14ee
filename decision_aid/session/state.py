"""A running consultation: the record, the pack it uses, and every change to it.

The UI never edits the record directly. It calls the methods here, which validate
the change, stamp the time from an injected clock, keep an undo history and tell
subscribers which part changed (a topic such as 'ratings' or 'plan').
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, get_args

from pydantic import ValidationError

from decision_aid.content.model import Pack, TranslationFile
from decision_aid.content.strings import localize
from decision_aid.i18n import N_, _, translate
from decision_aid.session.check import Problem, describe_problems, session_problems
from decision_aid.session.model import (
    MAX_OWN_CONCERNS,
    MAX_QUESTIONS,
    MAX_SHOWN,
    MAX_SUPPORTERS,
    STEPS,
    CollaboRate,
    CommunityChoice,
    KioskCollaborate,
    KnowledgeAnswer,
    OwnConcern,
    PackRef,
    Person,
    Rating,
    RiskView,
    SessionRecord,
    Shown,
    Step,
    Supporter,
    SureItem,
    audit_consultation,
    now_utc,
)

Clock = Callable[[], datetime]
Listener = Callable[[str], None]
UNDO_LIMIT = 200

TOPICS = (
    "step",
    "hidden",
    "risk_views",
    "risk_group",
    "ratings",
    "knowledge",
    "sure",
    "plan",
    "collaborate",
    "people",
    "shown",
    "finished",
    "language",
    "all",
)
"""What a change can touch; 'all' after undo, redo or recovery."""


SURE_ITEMS: tuple[str, ...] = get_args(SureItem)
COLLABORATE_ITEMS = ("explained", "listened", "included")
KIOSK_ANSWERED = N_(
    "The patient answered these questions privately at the kiosk; their answers stay as given."
)


class SessionError(ValueError):
    """A change that does not fit the pack (unknown option, question or choice) or the record.

    A refused change leaves the record, the undo history and the subscribers untouched.
    """


class RecordMismatchError(SessionError):
    """A record (a recovered draft) that does not fit the pack it is opened with."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems


class Session:
    """One consultation over one pack."""

    def __init__(
        self,
        pack: Pack,
        *,
        content_hash: str,
        record: SessionRecord | None = None,
        clock: Clock = now_utc,
        language: str | None = None,
        translations: Mapping[str, TranslationFile] | None = None,
    ) -> None:
        self.source_pack = pack
        """The pack in its source language."""
        self.translations = dict(translations or {})
        """The pack's translations by locale, for the patient's language."""
        self.pack = pack
        """The pack in the patient's language (what every page shows)."""
        self.clock = clock
        language = language or pack.meta.source_language
        if record is None:
            now = clock()
            record = SessionRecord(
                pack=PackRef(
                    id=pack.meta.id,
                    version=pack.meta.version,
                    content_hash=content_hash,
                    language=language,
                ),
                started=now,
                updated=now,
            )
            audit_consultation("consultation.started", record)
        elif record.pack.id != pack.meta.id:
            raise SessionError(f"the session is for pack '{record.pack.id}', not '{pack.meta.id}'")
        else:
            languages = [pack.meta.source_language, *self.translations]
            problems = session_problems(record, pack, languages)
            if problems:
                raise RecordMismatchError(
                    _("The consultation does not fit the pack {title}:").format(
                        title=pack.meta.title
                    )
                    + "\n"
                    + describe_problems(record, pack, problems),
                    problems,
                )
        self.record = record
        self.dirty = False
        self._listeners: list[Listener] = []
        self._undo: list[str] = []
        self._redo: list[str] = []
        self.pack = self._localized(record.pack.language)

    # -- the patient's language ------------------------------------------------------

    def languages(self) -> list[str]:
        """The languages this pack can be shown in: its source language, then translations."""
        return [self.source_pack.meta.source_language, *self.translations]

    @property
    def language(self) -> str:
        """The language the patient sees the content in."""
        return self.record.pack.language

    def _localized(self, code: str) -> Pack:
        if code == self.source_pack.meta.source_language:
            return self.source_pack
        translation = self.translations.get(code)
        if translation is None:
            raise SessionError(f"the pack has no '{code}' translation")
        return localize(self.source_pack, translation)[0]

    def set_language(self, code: str) -> None:
        """Show the content in another of the pack's languages (not undoable; noted as shown)."""
        if code == self.language:
            return
        self.pack = self._localized(code)
        self.record.pack.language = code
        self._changed("language")

    # -- observation ---------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(topic)`` after every change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self, topic: str) -> None:
        self.record.updated = self.clock()
        self.dirty = True
        for listener in list(self._listeners):
            listener(topic)

    @contextmanager
    def _edit(self, topic: str) -> Iterator[None]:
        """Make an undoable change: kept for undo and announced only if it is valid.

        The record validates every assignment, and a refused assignment changes
        nothing, so a failure leaves the record, the history and the listeners as
        they were; it surfaces as a SessionError.
        """
        before = self.record.model_dump_json()
        try:
            yield
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or topic
            raise SessionError(f"{where}: {problem['msg']}") from exc
        self._undo.append(before)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._changed(topic)

    def mark_saved(self) -> None:
        """The record has been written to disk."""
        self.dirty = False

    # -- undo ------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        """Go back one change (what was shown, and finishing, are kept: they happened)."""
        if not self._undo:
            return
        self._redo.append(self.record.model_dump_json())
        self._restore(self._undo.pop())

    def redo(self) -> None:
        if not self._redo:
            return
        self._undo.append(self.record.model_dump_json())
        self._restore(self._redo.pop())

    def _restore(self, data: str) -> None:
        shown = list(self.record.shown)
        finished = self.record.finished
        language = self.record.pack.language
        kiosk = self.record.collaborate.kiosk
        from_kiosk = self.record.collaborate if kiosk and kiosk.answered else None
        self.record = SessionRecord.model_validate_json(data)
        self.record.shown = shown
        self.record.finished = finished
        self.record.pack.language = language  # the language is not undone, like what was shown
        # The kiosk's code was given, and its answers were read from a spool entry that is
        # gone now: neither is undone.
        if from_kiosk is not None:
            self.record.collaborate = from_kiosk
        else:
            self.record.collaborate.kiosk = kiosk
        self._changed("all")

    # -- checks ----------------------------------------------------------------------

    def _option(self, option_id: str) -> None:
        if option_id not in {o.id for o in self.pack.content.options}:
            raise SessionError(f"no option '{option_id}' in this pack")

    def _row(self, row_id: str) -> None:
        if row_id not in {q.id for q in self.pack.content.questions}:
            raise SessionError(f"no row '{row_id}' in this pack")

    # -- the journey -----------------------------------------------------------------

    def go_to(self, step: Step) -> None:
        if step not in STEPS:
            raise SessionError(f"no step '{step}'")
        if step != self.record.step:
            self.record.step = step
            self._changed("step")

    def next_step(self) -> Step | None:
        index = STEPS.index(self.record.step)
        return STEPS[index + 1] if index + 1 < len(STEPS) else None  # type: ignore[return-value]

    def previous_step(self) -> Step | None:
        index = STEPS.index(self.record.step)
        return STEPS[index - 1] if index > 0 else None  # type: ignore[return-value]

    def visible_options(self) -> list[str]:
        hidden = set(self.record.hidden_options)
        return [o.id for o in self.pack.content.options if o.id not in hidden]

    def visible_rows(self) -> list[str]:
        hidden = set(self.record.hidden_rows)
        return [q.id for q in self.pack.content.questions if q.id not in hidden]

    def set_option_hidden(self, option_id: str, hidden: bool) -> None:
        """Hide or show an option column; at least one option stays visible."""
        self._option(option_id)
        current = option_id in self.record.hidden_options
        if hidden == current:
            return
        if hidden and len(self.visible_options()) <= 1:
            raise SessionError("at least one option stays visible")
        with self._edit("hidden"):
            if hidden:
                self.record.hidden_options = [*self.record.hidden_options, option_id]
            else:
                kept = [o for o in self.record.hidden_options if o != option_id]
                self.record.hidden_options = kept

    def set_row_hidden(self, row_id: str, hidden: bool) -> None:
        """Hide or show a grid row; at least one row stays visible."""
        self._row(row_id)
        current = row_id in self.record.hidden_rows
        if hidden == current:
            return
        if hidden and len(self.visible_rows()) <= 1:
            raise SessionError("at least one row stays visible")
        with self._edit("hidden"):
            if hidden:
                self.record.hidden_rows = [*self.record.hidden_rows, row_id]
            else:
                self.record.hidden_rows = [r for r in self.record.hidden_rows if r != row_id]

    def risk_view(self, outcome_id: str) -> RiskView:
        return self.record.risk_views.get(outcome_id, "icons")

    def set_risk_view(self, outcome_id: str, view: RiskView) -> None:
        if outcome_id not in {o.id for o in self.pack.content.outcomes}:
            raise SessionError(f"no outcome '{outcome_id}' in this pack")
        if self.risk_view(outcome_id) == view:
            return
        with self._edit("risk_views"):
            self.record.risk_views = {**self.record.risk_views, outcome_id: view}

    # -- values ----------------------------------------------------------------------

    @property
    def risk_group(self) -> str | None:
        """The baseline group chosen for the patient, or None."""
        return self.record.risk_group

    def set_risk_group(self, group_id: str | None) -> None:
        """Choose the pack's baseline group closest to the patient (None: not chosen)."""
        baseline = self.pack.content.baseline
        if group_id is not None and (
            baseline is None or group_id not in {g.id for g in baseline.groups}
        ):
            raise SessionError(f"no baseline group '{group_id}' in this pack")
        if self.record.risk_group == group_id:
            return
        with self._edit("risk_group"):
            self.record.risk_group = group_id

    def importance(self, concern_id: str) -> int | None:
        for rating in self.record.ratings:
            if rating.concern_id == concern_id:
                return rating.importance
        for own in self.record.own_concerns:
            if own.id == concern_id:
                return own.importance
        return None

    def rate(self, concern_id: str, importance: int | None) -> None:
        """Set how much a concern matters (0-4), or clear it with None."""
        own = [c for c in self.record.own_concerns if c.id == concern_id]
        if not own and concern_id not in {v.id for v in self.pack.content.values}:
            raise SessionError(f"no concern '{concern_id}' in this pack")
        if own and importance is None:
            raise SessionError("an own concern always has an importance; remove it instead")
        if self.importance(concern_id) == importance:
            return
        with self._edit("ratings"):
            if own and importance is not None:
                own[0].importance = importance
                self.record.own_concerns = list(self.record.own_concerns)
            else:
                kept = [r for r in self.record.ratings if r.concern_id != concern_id]
                if importance is not None:
                    kept.append(Rating(concern_id=concern_id, importance=importance))
                self.record.ratings = kept

    def add_own_concern(self, text: str, importance: int = 2) -> str:
        """Add a concern in the patient's words; returns its id."""
        if len(self.record.own_concerns) >= MAX_OWN_CONCERNS:
            raise SessionError(
                _("At most {n} concerns of the patient's own can be added.").format(
                    n=MAX_OWN_CONCERNS
                )
            )
        taken = {c.id for c in self.record.own_concerns} | {v.id for v in self.pack.content.values}
        number = 1
        while f"own-{number}" in taken:
            number += 1
        with self._edit("ratings"):
            concern = OwnConcern(id=f"own-{number}", text=text, importance=importance)
            self.record.own_concerns = [*self.record.own_concerns, concern]
        return concern.id

    def set_own_fare(self, concern_id: str, option_id: str, score: int) -> None:
        """How an option fares on the patient's own concern (-2 to +2)."""
        self._option(option_id)
        for concern in self.record.own_concerns:
            if concern.id == concern_id:
                if concern.fares.get(option_id, 0) == score:
                    return
                with self._edit("ratings"):
                    concern.fares = {**concern.fares, option_id: score}
                    self.record.own_concerns = list(self.record.own_concerns)
                return
        raise SessionError(f"no own concern '{concern_id}'")

    def remove_own_concern(self, concern_id: str) -> None:
        kept = [c for c in self.record.own_concerns if c.id != concern_id]
        if len(kept) == len(self.record.own_concerns):
            return
        with self._edit("ratings"):
            self.record.own_concerns = kept

    # -- check -----------------------------------------------------------------------

    def answer(self, question_id: str) -> str | None:
        for item in self.record.knowledge:
            if item.question_id == question_id:
                return item.choice_id
        return None

    def answer_knowledge(self, question_id: str, choice_id: str | None) -> None:
        questions = {q.id: q for q in self.pack.content.knowledge}
        if question_id not in questions:
            raise SessionError(f"no knowledge question '{question_id}'")
        if choice_id is not None and choice_id not in {
            c.id for c in questions[question_id].choices
        }:
            raise SessionError(f"no choice '{choice_id}' for question '{question_id}'")
        if self.answer(question_id) == choice_id:
            return
        with self._edit("knowledge"):
            kept = [a for a in self.record.knowledge if a.question_id != question_id]
            if choice_id is not None:
                kept.append(KnowledgeAnswer(question_id=question_id, choice_id=choice_id))
            self.record.knowledge = kept

    def answer_sure(self, item: SureItem, value: bool | None) -> None:
        if item not in SURE_ITEMS:
            raise SessionError(f"no SURE item '{item}'")
        if getattr(self.record.sure, item) == value:
            return
        with self._edit("sure"):
            setattr(self.record.sure, item, value)

    # -- plan ------------------------------------------------------------------------

    def set_leaning(self, leaning: str | None) -> None:
        """'option:<id>', 'unsure', 'later', or None."""
        if leaning is not None and leaning.startswith("option:"):
            self._option(leaning.removeprefix("option:"))
        if self.record.plan.leaning == leaning:
            return
        with self._edit("plan"):
            self.record.plan.leaning = leaning

    def _set_plan(self, field: str, value: Any) -> None:
        if getattr(self.record.plan, field) == value:
            return
        with self._edit("plan"):
            setattr(self.record.plan, field, value)

    def set_questions(self, questions: list[str]) -> None:
        kept = [q.strip() for q in questions if q.strip()]
        if len(kept) > MAX_QUESTIONS:
            raise SessionError(_("At most {n} questions can be noted.").format(n=MAX_QUESTIONS))
        self._set_plan("questions", kept)

    def set_supporters(self, supporters: list[Supporter]) -> None:
        if len(supporters) > MAX_SUPPORTERS:
            raise SessionError(_("At most {n} people can be named.").format(n=MAX_SUPPORTERS))
        self._set_plan("supporters", list(supporters))

    def set_resources(self, resource_ids: list[str]) -> None:
        known = [s.id for s in self.pack.content.support]
        unknown = [r for r in resource_ids if r not in known]
        if unknown:
            raise SessionError(f"no support resource '{unknown[0]}' in this pack")
        self._set_plan("resources", [r for r in known if r in resource_ids])

    def set_community(self, choices: list[CommunityChoice]) -> None:
        """The chosen local groups and services, each once."""
        if len(choices) > MAX_SUPPORTERS:
            raise SessionError(
                _("At most {n} groups or services can be chosen.").format(n=MAX_SUPPORTERS)
            )
        seen = {(c.directory, c.entry) for c in choices}
        if len(seen) != len(choices):
            raise SessionError("a group or service was chosen twice")
        self._set_plan("community", list(choices))

    def set_community_referral(self, agreed: bool) -> None:
        self._set_plan("community_referral", agreed)

    def set_next_steps(self, text: str) -> None:
        self._set_plan("next_steps", text.strip())

    def set_follow_up(self, when: date | None) -> None:
        self._set_plan("follow_up", when)

    # -- people and afterwards -------------------------------------------------------

    def set_patient(self, person: Person | None) -> None:
        if self.record.patient != person:
            with self._edit("people"):
                self.record.patient = person

    def set_clinician(self, person: Person | None) -> None:
        if self.record.clinician != person:
            with self._edit("people"):
                self.record.clinician = person

    def set_collaborate(self, item: str, value: int | None) -> None:
        if item not in COLLABORATE_ITEMS:
            raise SessionError(f"no CollaboRATE item '{item}'")
        if getattr(self.record.collaborate, item) == value:
            return
        if self.answered_at_kiosk:
            raise SessionError(translate(KIOSK_ANSWERED))
        with self._edit("collaborate"):
            setattr(self.record.collaborate, item, value)

    @property
    def answered_at_kiosk(self) -> bool:
        """The CollaboRATE items are the patient's answers from the kiosk."""
        kiosk = self.record.collaborate.kiosk
        return kiosk is not None and kiosk.answered is not None

    def give_kiosk_code(self, code: str, issued: datetime, expires: datetime) -> None:
        """The patient was given ``code`` to answer CollaboRATE at the kiosk until
        ``expires`` (not undoable: the code was given). A code given before and not
        answered is replaced."""
        if self.answered_at_kiosk:
            raise SessionError(translate(KIOSK_ANSWERED))
        try:
            given = KioskCollaborate(code=code, issued=issued, expires=expires)
        except ValidationError as exc:
            raise SessionError(f"not a kiosk code: {code!r}") from exc
        self.record.collaborate.kiosk = given
        self._changed("collaborate")

    def fill_from_kiosk(
        self, code: str, answers: Mapping[str, int | None], answered: datetime
    ) -> None:
        """The patient's CollaboRATE answers from the kiosk, read with the clinic's key, as
        the three items (an item they left out stays unanswered). Not undoable: the spool
        entry they came from is shredded once they are saved."""
        given = self.record.collaborate.kiosk
        if given is None or given.code != code:
            raise SessionError(
                _("This consultation did not give the kiosk code {code}.").format(code=code)
            )
        if given.answered is not None:
            raise SessionError(_("The patient's answers from the kiosk were read in already."))
        try:
            filled = CollaboRate(
                **{item: answers.get(item) for item in COLLABORATE_ITEMS},
                kiosk=given.model_copy(update={"answered": answered}),
            )
        except ValidationError as exc:
            raise SessionError(f"answers from the kiosk: {exc.errors()[0]['msg']}") from exc
        self.record.collaborate = filled
        self._changed("collaborate")

    # -- the record of what was shown ------------------------------------------------

    def mark_shown(self, step: Step, item: str = "", view: RiskView | None = None) -> None:
        """Note that something was on screen (not undoable: it happened).

        The log keeps its first ``MAX_SHOWN`` entries (far more than a consultation makes).
        """
        last = self.record.shown[-1] if self.record.shown else None
        if last is not None and (last.step, last.item, last.view) == (step, item, view):
            return
        if len(self.record.shown) >= MAX_SHOWN:
            return
        entry = Shown(at=self.clock(), step=step, item=item, view=view)
        self.record.shown = [*self.record.shown, entry]
        self._changed("shown")

    def finish(self) -> None:
        """The summary was confirmed: the session is complete and no longer a draft."""
        if self.record.finished is None:
            self.record.finished = self.clock()
            self._changed("finished")
            audit_consultation("consultation.finished", self.record)
