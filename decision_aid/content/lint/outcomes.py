"""Outcomes read side by side: one horizon, figures for benefits and harms, both sources.

Three warnings about how outcomes stand together on the risks step:

* ``risk.horizon``: outcomes the risks step shows together (every outcome for everyone,
  plus each grouped outcome's figures for the chosen baseline group) with different time
  frames. A benefit over 10 years beside a harm over 4 years makes the harm look smaller.
  Each outcome whose time frame differs from the first outcome's is named once.
* ``balance.figures``: an option whose benefits have figures (a benefit outcome with a
  count for it) while its harms have none, or the other way round, although the other
  side is described in words (its list, or an outcome with no count for it). The 'no
  treatment' option is not checked (its harms are what it fails to prevent, which the
  benefit outcomes count), nor a pack with outcomes of one kind only (IPDAS C1).
* ``evidence.disagreement``: sources that give different figures, where the pack shows
  one. An outcome (or a group's figures) marked ``sources_disagree`` without the other
  sources' figures in ``other_figures``; or an outcome whose note says that sources
  differ ('we follow ...', 'sources disagree') without ``sources_disagree``. Either way
  the author is asked to show both.
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Option, PackOutcome
from decision_aid.content.model_parts import Disagreement
from decision_aid.i18n import _

Loc = tuple[str | int, ...]

_SOURCES_DIFFER = re.compile(
    r"\bwe (?:follow|use|chose|choose|prefer)\b|\bsources? (?:differ|disagree)|\bdisagree"
    r"|\b(?:gives?|found|finds|reports?) (?:different|other|higher|lower) figures",
    re.IGNORECASE,
)
"""What an outcome's note says when its sources disagree and it follows one of them."""


def _shown_sets(loaded: LoadedPack) -> list[tuple[str | None, list[tuple[Loc, str, str]]]]:
    """Per baseline group (None for a pack without groups): each shown outcome's place,
    id and time frame, in the pack's order."""
    content = loaded.content
    groups = [None] if content.baseline is None else [g.id for g in content.baseline.groups]
    sets: list[tuple[str | None, list[tuple[Loc, str, str]]]] = []
    for group in groups:
        chosen = content.baseline_group(group)
        shown: list[tuple[Loc, str, str]] = []
        for index, pack_outcome in enumerate(content.outcomes):
            stratum = pack_outcome.stratum(chosen)
            if stratum is None or not stratum.counted():
                continue
            loc: Loc = ("outcomes", index)
            if pack_outcome.grouped and group is not None:
                loc = (*loc, "groups", group)
            shown.append((loc, pack_outcome.id, stratum.time_frame))
        sets.append((group, shown))
    return sets


def horizons(loaded: LoadedPack) -> list[Problem]:
    """``risk.horizon``: outcomes shown together over different time frames."""
    out: list[Problem] = []
    seen: set[Loc] = set()
    for group, shown in _shown_sets(loaded):
        if not shown:
            continue
        _first_loc, first_id, first_frame = shown[0]
        for loc, outcome_id, frame in shown[1:]:
            if frame == first_frame or loc in seen:
                continue
            seen.add(loc)
            if group is None:
                message = _(
                    "outcome '{outcome}' is counted over {over}, but '{first}', shown with it "
                    "on the risks step, over {first_over}; give outcomes shown together the "
                    "same time frame, so that benefits and harms can be weighed"
                ).format(outcome=outcome_id, over=frame, first=first_id, first_over=first_frame)
            else:
                message = _(
                    "outcome '{outcome}' is counted over {over}, but '{first}', shown with it "
                    "on the risks step for group '{group}', over {first_over}; give outcomes "
                    "shown together the same time frame, so that benefits and harms can be "
                    "weighed"
                ).format(
                    outcome=outcome_id,
                    over=frame,
                    first=first_id,
                    first_over=first_frame,
                    group=group,
                )
            out.append(
                loaded.problem("content", loc, message, severity="warning", rule="risk.horizon")
            )
    return out


def _counted(loaded: LoadedPack, option: Option, kind: str) -> tuple[bool, bool]:
    """Whether any outcome of this kind gives the option a count, and whether any gives it
    none (a reason instead)."""
    content = loaded.content
    counted = uncounted = False
    for outcome in content.outcomes:
        if outcome.kind != kind:
            continue
        for _loc, stratum in outcome.strata(content.baseline):
            figure = stratum.figures.get(option.id)
            if figure is None:
                continue
            if figure.count is not None:
                counted = True
            elif not figure.does_not_apply:
                uncounted = True
    return counted, uncounted


def figure_balance(loaded: LoadedPack) -> list[Problem]:
    """``balance.figures``: one side of an option in figures, the other in words only.

    Not for the 'no treatment' option, whose harms are what it does not prevent: the
    benefit outcomes count them. Not for a pack whose outcomes are all of one kind,
    which IPDAS C1 reports once."""
    out: list[Problem] = []
    if len({outcome.kind for outcome in loaded.content.outcomes}) < 2:
        return out
    for index, option in enumerate(loaded.content.options):
        if option.is_no_treatment:
            continue
        gains, gains_untold = _counted(loaded, option, "benefit")
        losses, losses_untold = _counted(loaded, option, "harm")
        harms_in_words = bool(option.harms) or losses_untold
        benefits_in_words = bool(option.benefits) or gains_untold
        if gains and not losses and harms_in_words:
            message = _(
                "option '{option}': its benefits have figures but its harms are given in "
                "words only; add a harm outcome with a count for it, so that both get the "
                "same detail (IPDAS C1)"
            ).format(option=option.id)
        elif losses and not gains and benefits_in_words:
            message = _(
                "option '{option}': its harms have figures but its benefits are given in "
                "words only; add a benefit outcome with a count for it, so that both get the "
                "same detail (IPDAS C1)"
            ).format(option=option.id)
        else:
            continue
        out.append(
            loaded.problem(
                "content", ("options", index), message, severity="warning", rule="balance.figures"
            )
        )
    return out


def _disagreement_places(
    pack_outcome: PackOutcome, index: int
) -> list[tuple[Loc, Disagreement | None]]:
    places: list[tuple[Loc, Disagreement | None]] = [
        (("outcomes", index, "sources_disagree"), pack_outcome.sources_disagree)
    ]
    for key, part in (pack_outcome.groups or {}).items():
        loc: Loc = ("outcomes", index, "groups", key, "sources_disagree")
        places.append((loc, part.sources_disagree))
    return places


def disagreements(loaded: LoadedPack) -> list[Problem]:
    """``evidence.disagreement``: one source shown where the pack names another that differs."""
    out: list[Problem] = []
    for index, pack_outcome in enumerate(loaded.content.outcomes):
        places = _disagreement_places(pack_outcome, index)
        marked = False
        for loc, disagreement in places:
            if disagreement is None:
                continue
            marked = True
            if disagreement.other_figures is None:
                other = ", ".join(disagreement.other)
                out.append(
                    loaded.problem(
                        "content",
                        loc,
                        _(
                            "outcome '{outcome}': the pictures follow one source while "
                            "'{other}' gives other figures; show both, by giving the other "
                            "figures in plain words in 'other_figures'"
                        ).format(outcome=pack_outcome.id, other=other),
                        severity="warning",
                        rule="evidence.disagreement",
                    )
                )
        if marked:
            continue
        notes: list[tuple[Loc, str | None]] = [(("outcomes", index, "note"), pack_outcome.note)]
        notes += [
            (("outcomes", index, "groups", key, "note"), part.note)
            for key, part in (pack_outcome.groups or {}).items()
        ]
        for loc, note in notes:
            found = _SOURCES_DIFFER.search(note or "")
            if found is None:
                continue
            out.append(
                loaded.problem(
                    "content",
                    loc,
                    _(
                        "outcome '{outcome}': its note says the sources differ ('{words}'), "
                        "but the pictures show one; mark it with 'sources_disagree' (the "
                        "source followed, the other one, and the other figures in "
                        "'other_figures') so that patients see both"
                    ).format(outcome=pack_outcome.id, words=found.group(0)),
                    severity="warning",
                    rule="evidence.disagreement",
                )
            )
            break
    return out


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """Horizons, figures for both sides, and disagreeing sources."""
    return [*horizons(loaded), *figure_balance(loaded), *disagreements(loaded)]
