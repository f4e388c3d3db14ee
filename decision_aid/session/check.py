"""Does a session record fit its pack? Every id it refers to must exist there, once.

The schema (:mod:`decision_aid.session.model`) checks a record on its own: types,
patterns, sizes. This checks what only the pack can tell: that the options, rows,
outcomes, baseline group, concerns, knowledge questions, answers and support
resources the record names are the pack's, that nothing is listed twice (a second
rating of the same concern would otherwise be taken silently), and that the record's
language is one of the pack's. It runs wherever a record comes in from outside:
``report build`` and ``report fhir`` (with the file named), and a recovered draft
(through :class:`decision_aid.session.state.Session`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from decision_aid.content.model import Pack
from decision_aid.i18n import _, ngettext
from decision_aid.session.model import SessionRecord

SHOWN_IDS = 10
"""How many of the expected ids a message lists."""
SHOWN_PROBLEMS = 10
"""How many problems a summary lists."""


@dataclass(frozen=True)
class Problem:
    """One place where the record does not fit the pack."""

    where: str
    """Field path in the record, e.g. 'ratings[1].concern_id'."""
    problem: str
    """What is wrong and what is expected, for the user."""

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}"


def _known(ids: Iterable[str]) -> str:
    listed = list(ids)
    if not listed:
        return _("(none: the pack has none)")
    text = ", ".join(listed[:SHOWN_IDS])
    if len(listed) > SHOWN_IDS:
        text += ", …"
    return text


class _Checker:
    def __init__(self, record: SessionRecord, pack: Pack) -> None:
        self.record = record
        content = pack.content
        self.options = [o.id for o in content.options]
        self.rows = [q.id for q in content.questions]
        self.outcomes = [o.id for o in content.outcomes]
        self.groups = [g.id for g in content.baseline.groups] if content.baseline else []
        self.concerns = [v.id for v in content.values]
        self.questions = {q.id: [c.id for c in q.choices] for q in content.knowledge}
        self.resources = [s.id for s in content.support]
        self.problems: list[Problem] = []

    def add(self, where: str, problem: str) -> None:
        self.problems.append(Problem(where, problem))

    def unknown(self, where: str, value: str, known: Sequence[str], message: str) -> bool:
        """Report ``value`` if it is not in ``known``; ``message`` has {id} and {known}."""
        if value in known:
            return False
        self.add(where, message.format(id=value, known=_known(known)))
        return True

    def once(self, where: str, value: str, seen: set[str]) -> None:
        if value in seen:
            self.add(where, _("'{id}' is listed more than once; keep one").format(id=value))
        seen.add(value)

    def ids(self, field: str, values: Sequence[str], known: Sequence[str], message: str) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            where = f"{field}[{index}]"
            self.unknown(where, value, known, message)
            self.once(where, value, seen)

    def run(self, languages: Sequence[str]) -> list[Problem]:
        record = self.record
        if record.pack.language not in languages:
            self.add(
                "pack.language",
                _("the pack has no '{lang}' text; expected one of: {known}").format(
                    lang=record.pack.language, known=_known(languages)
                ),
            )
        no_option = _("no option '{id}' in the pack; expected one of: {known}")
        no_row = _("no row '{id}' in the pack; expected one of: {known}")
        self.ids("hidden_options", record.hidden_options, self.options, no_option)
        if self.options and set(self.options) <= set(record.hidden_options):
            self.add("hidden_options", _("every option is hidden; at least one must show"))
        self.ids("hidden_rows", record.hidden_rows, self.rows, no_row)
        if self.rows and set(self.rows) <= set(record.hidden_rows):
            self.add("hidden_rows", _("every row is hidden; at least one must show"))
        for outcome in record.risk_views:
            self.unknown(
                f"risk_views.{outcome}",
                outcome,
                self.outcomes,
                _("no outcome '{id}' in the pack; expected one of: {known}"),
            )
        self._risk_group()
        self._values()
        self._knowledge()
        self._plan(no_option)
        return self.problems

    def _risk_group(self) -> None:
        group = self.record.risk_group
        if group is None:
            return
        if not self.groups:
            self.add(
                "risk_group",
                _("the pack has no baseline groups to choose from; remove 'risk_group'"),
            )
            return
        self.unknown(
            "risk_group",
            group,
            self.groups,
            _("no baseline group '{id}' in the pack; expected one of: {known}"),
        )

    def _values(self) -> None:
        record = self.record
        seen: set[str] = set()
        for index, rating in enumerate(record.ratings):
            where = f"ratings[{index}].concern_id"
            self.unknown(
                where,
                rating.concern_id,
                self.concerns,
                _("no concern '{id}' in the pack; expected one of: {known}"),
            )
            self.once(where, rating.concern_id, seen)
        own_seen: set[str] = set()
        for index, own in enumerate(record.own_concerns):
            where = f"own_concerns[{index}]"
            if own.id in self.concerns:
                self.add(
                    f"{where}.id",
                    _("'{id}' is the id of one of the pack's concerns; give it another").format(
                        id=own.id
                    ),
                )
            self.once(f"{where}.id", own.id, own_seen)
            for option in own.fares:
                self.unknown(
                    f"{where}.fares.{option}",
                    option,
                    self.options,
                    _("no option '{id}' in the pack; expected one of: {known}"),
                )

    def _knowledge(self) -> None:
        seen: set[str] = set()
        for index, answer in enumerate(self.record.knowledge):
            where = f"knowledge[{index}]"
            if self.unknown(
                f"{where}.question_id",
                answer.question_id,
                list(self.questions),
                _("no knowledge question '{id}' in the pack; expected one of: {known}"),
            ):
                continue
            self.once(f"{where}.question_id", answer.question_id, seen)
            self.unknown(
                f"{where}.choice_id",
                answer.choice_id,
                self.questions[answer.question_id],
                _("no answer '{id}' to this question; expected one of: {known}"),
            )

    def _plan(self, no_option: str) -> None:
        plan = self.record.plan
        leaning = plan.leaning
        if leaning is not None and leaning.startswith("option:"):
            self.unknown("plan.leaning", leaning.removeprefix("option:"), self.options, no_option)
        self.ids(
            "plan.resources",
            plan.resources,
            self.resources,
            _("no support resource '{id}' in the pack; expected one of: {known}"),
        )


def session_problems(
    record: SessionRecord, pack: Pack, languages: Sequence[str] | None = None
) -> list[Problem]:
    """Every place where ``record`` does not fit ``pack`` (none: it fits).

    ``languages``: the pack's languages (its source language when not given). A record
    for another pack has one problem, at 'pack.id'.
    """
    if record.pack.id != pack.meta.id:
        return [
            Problem(
                "pack.id",
                _("the session is for the pack '{session}', not '{pack}'").format(
                    session=record.pack.id, pack=pack.meta.id
                ),
            )
        ]
    known = list(languages) if languages is not None else [pack.meta.source_language]
    return _Checker(record, pack).run(known)


def describe_problems(record: SessionRecord, pack: Pack, problems: Sequence[Problem]) -> str:
    """The problems as lines for the user, with a hint when the pack's version differs."""
    lines = [str(p) for p in problems[:SHOWN_PROBLEMS]]
    more = len(problems) - SHOWN_PROBLEMS
    if more > 0:
        lines.append(
            ngettext("… and {n} more problem", "… and {n} more problems", more).format(n=more)
        )
    if record.pack.id == pack.meta.id and record.pack.version != pack.meta.version:
        lines.append(
            _(
                "The session was made with version {old} of the pack; this is version {new}. "
                "Use the version the session was made with."
            ).format(old=record.pack.version, new=pack.meta.version)
        )
    return "\n".join(lines)
