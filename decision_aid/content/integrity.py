"""Checks across the fields and files of a pack, beyond what each model checks alone.

Every option answered in every row, outcome and concern; ids unique; citations naming
references; one denominator and time frame per set of figures. The loader reports each
problem at its place in ``content.yaml`` (or ``pack.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable

from decision_aid.content.fields import Id
from decision_aid.content.model import Figure, Loc, PackContent, PackMeta
from decision_aid.content.model_parts import Disagreement
from decision_aid.i18n import N_, _, translate


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for item in ids:
        if item in seen:
            dups.append(item)
        seen.add(item)
    return dups


MIN_COUNTED = 1
"""An outcome shows a count for at least this many options."""

_UNKNOWN_OPTION = {
    "row": N_("the row names unknown option '{option}'; expected one of: {expected}"),
    "outcome": N_("the outcome names unknown option '{option}'; expected one of: {expected}"),
    "concern": N_("the concern names unknown option '{option}'; expected one of: {expected}"),
}
"""Message for a key that names no option, by the kind of block holding the keys."""
_MISSING_OPTION = {
    "row": N_("the row has nothing for option '{option}'; add it"),
    "outcome": N_("the outcome has nothing for option '{option}'; add it"),
    "concern": N_("the concern has nothing for option '{option}'; add it"),
}
"""Message for an option a block has no entry for, by the kind of block."""


def _figure_problems(
    where: Loc, figures: dict[str, Figure], check_keys: Callable[[Loc, list[str], str], None]
) -> list[tuple[Loc, str]]:
    """One set of an outcome's figures: every option, a shared denominator and time frame."""
    problems: list[tuple[Loc, str]] = []
    loc: Loc = (*where, "figures")
    check_keys(loc, list(figures), "outcome")
    counted = [(k, f) for k, f in figures.items() if f.count is not None]
    if len(counted) < MIN_COUNTED:
        problems.append(
            (
                loc,
                _(
                    "an outcome needs a count for at least {n} option; "
                    "without any, describe the evidence in a grid row instead"
                ).format(n=MIN_COUNTED),
            )
        )
    if not counted:
        return problems
    first_id, first = counted[0]
    for key, fig in figures.items():
        at = (*loc, key)
        if fig.out_of is not None and fig.out_of != first.out_of:
            problems.append(
                (
                    (*at, "out_of"),
                    _(
                        "denominator {out_of} differs from {first} for '{option}'; "
                        "every option of an outcome uses the same denominator"
                    ).format(out_of=fig.out_of, first=first.out_of, option=first_id),
                )
            )
        if fig.over is not None and fig.over != first.over:
            problems.append(
                (
                    (*at, "over"),
                    _(
                        "time frame '{over}' differs from '{first}' for '{option}'; "
                        "every option of an outcome uses the same time frame"
                    ).format(over=fig.over, first=first.over, option=first_id),
                )
            )
        if fig.count is None or fig.out_of is None:
            continue
        if fig.count > fig.out_of:
            problems.append(
                (
                    (*at, "count"),
                    _(
                        "count {count} is above its denominator {out_of}; "
                        "expected a whole number from 0 to {out_of}"
                    ).format(count=fig.count, out_of=fig.out_of),
                )
            )
        if fig.range is not None:
            low, high = fig.range.low, fig.range.high
            if not low <= fig.count <= high:
                problems.append(
                    (
                        (*at, "range"),
                        _(
                            "range {low}-{high} does not include the count {count}; "
                            "expected low <= count <= high"
                        ).format(low=low, high=high, count=fig.count),
                    )
                )
            if high > fig.out_of:
                problems.append(
                    (
                        (*at, "range", "high"),
                        _("range high {high} is above the denominator {out_of}").format(
                            high=high, out_of=fig.out_of
                        ),
                    )
                )

    return problems


def meta_citation_problems(meta: PackMeta, content: PackContent) -> list[tuple[Loc, str]]:
    """Citations in pack.yaml that name no reference in content.yaml (locations in pack.yaml)."""
    known = {r.id for r in content.references}
    problems: list[tuple[Loc, str]] = []
    for field in ("condition_citations", "population_citations"):
        for cite in getattr(meta, field):
            if cite not in known:
                problems.append(
                    (
                        (field,),
                        _(
                            "citation '{citation}' is not in the references of content.yaml; "
                            "add it there or fix the id"
                        ).format(citation=cite),
                    )
                )
    return problems


def integrity_problems(meta: PackMeta, content: PackContent) -> list[tuple[Loc, str]]:
    """Checks across fields and files, as (location in content, message) pairs.

    The loader runs these after the field checks; any problem makes the pack invalid.
    """
    problems: list[tuple[Loc, str]] = []
    if meta.kind == "screening" and content.screening is None:
        problems.append(
            (
                ("screening",),
                _("a screening pack fills 'screening' (IPDAS screening criteria); add it"),
            )
        )
    option_ids = [o.id for o in content.options]
    ref_ids = {r.id for r in content.references}
    expected = ", ".join(option_ids)

    for section, ids in (
        ("options", option_ids),
        ("questions", [q.id for q in content.questions]),
        ("outcomes", [o.id for o in content.outcomes]),
        ("values", [v.id for v in content.values]),
        ("knowledge", [k.id for k in content.knowledge]),
        ("support", [s.id for s in content.support]),
        ("prompts", [p.id for p in content.prompts]),
        ("glossary", [g.id for g in content.glossary]),
        ("references", [r.id for r in content.references]),
    ):
        for dup in _duplicates(ids):
            problems.append(
                ((section,), _("id '{id}' is used twice; ids must be unique").format(id=dup))
            )

    def check_keys(loc: Loc, keys: list[str], what: str) -> None:
        missing = [o for o in option_ids if o not in keys]
        unknown = [k for k in keys if k not in option_ids]
        if unknown:
            message = translate(_UNKNOWN_OPTION[what]).format(option=unknown[0], expected=expected)
            problems.append((loc, message))
        if missing:
            problems.append((loc, translate(_MISSING_OPTION[what]).format(option=missing[0])))

    def check_refs(loc: Loc, cites: tuple[str, ...]) -> None:
        for cite in cites:
            if cite not in ref_ids:
                problems.append(
                    (
                        loc,
                        _(
                            "citation '{citation}' is not in references; add it there or fix the id"
                        ).format(citation=cite),
                    )
                )

    for qi, question in enumerate(content.questions):
        check_keys(("questions", qi, "answers"), list(question.answers), "row")
        for key, cell in question.answers.items():
            check_refs(("questions", qi, "answers", key, "citations"), cell.citations)

    forms = {option.living_with.whole for option in content.options}
    if len(forms) > 1:
        problems.append(
            (
                ("options",),
                _(
                    "some options give 'living_with' as one 'text' and others as three parts; "
                    "use the same form for every option so the grid's rows line up"
                ),
            )
        )
    for index, option in enumerate(content.options):
        check_refs(("options", index, "citations"), option.citations)
    cited: list[tuple[str, tuple[tuple[Id, ...], ...]]] = [
        ("values", tuple(v.citations for v in content.values)),
        ("knowledge", tuple(k.citations for k in content.knowledge)),
        ("support", tuple(s.citations for s in content.support)),
        ("shared", tuple(s.citations for s in content.shared)),
        ("prompts", tuple(p.citations for p in content.prompts)),
        ("glossary", tuple(g.citations for g in content.glossary)),
    ]
    for section, lists in cited:
        for index, cites in enumerate(lists):
            check_refs((section, index, "citations"), cites)

    group_ids = [g.id for g in content.baseline.groups] if content.baseline else []
    for dup in _duplicates(group_ids):
        problems.append(
            (
                ("baseline", "groups"),
                _("id '{id}' is used twice; ids must be unique").format(id=dup),
            )
        )
    if content.baseline is not None and not content.grouped:
        problems.append(
            (
                ("baseline",),
                _(
                    "no outcome gives figures per baseline group; give an outcome 'groups' "
                    "or remove 'baseline'"
                ),
            )
        )
    for oi, outcome in enumerate(content.outcomes):
        check_refs(("outcomes", oi, "citations"), outcome.citations)
        disagreements: list[tuple[Loc, Disagreement | None]] = [
            (("outcomes", oi, "sources_disagree"), outcome.sources_disagree)
        ]
        for key, part in (outcome.groups or {}).items():
            disagreements.append(
                (("outcomes", oi, "groups", key, "sources_disagree"), part.sources_disagree)
            )
        for where, disagreement in disagreements:
            if disagreement is not None:
                check_refs((*where, "follows"), disagreement.follows)
                check_refs((*where, "other"), disagreement.other)
        if outcome.groups is None:
            assert outcome.figures is not None
            problems += _figure_problems(("outcomes", oi), outcome.figures, check_keys)
            continue
        if content.baseline is None:
            problems.append(
                (
                    ("outcomes", oi, "groups"),
                    _(
                        "the outcome gives figures per group, but the pack has no 'baseline' "
                        "listing the groups; add it"
                    ),
                )
            )
            continue
        for key in outcome.groups:
            if key not in group_ids:
                problems.append(
                    (
                        ("outcomes", oi, "groups", key),
                        _(
                            "the outcome names unknown baseline group '{group}'; "
                            "expected one of: {expected}"
                        ).format(group=key, expected=", ".join(group_ids)),
                    )
                )
        for key in group_ids:
            if key not in outcome.groups:
                problems.append(
                    (
                        ("outcomes", oi, "groups"),
                        _(
                            "the outcome has no figures for baseline group '{group}'; add them"
                        ).format(group=key),
                    )
                )
        for key, part in outcome.groups.items():
            problems += _figure_problems(("outcomes", oi, "groups", key), part.figures, check_keys)

    for vi, value in enumerate(content.values):
        check_keys(("values", vi, "fares"), list(value.fares), "concern")

    for ki, item in enumerate(content.knowledge):
        choice_ids = [c.id for c in item.choices]
        for dup in _duplicates(choice_ids):
            problems.append(
                (("knowledge", ki, "choices"), _("choice id '{id}' is used twice").format(id=dup))
            )
        if item.answer not in choice_ids:
            problems.append(
                (
                    ("knowledge", ki, "answer"),
                    _("answer '{answer}' is not one of the choices: {choices}").format(
                        answer=item.answer, choices=", ".join(choice_ids)
                    ),
                )
            )
    return problems
