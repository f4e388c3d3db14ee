"""A new pack from the template, or from a first draft of its grid.

:func:`new_pack` writes a minimal valid pack into ``<out>/<id>/``: pack.yaml,
content.yaml and evidence.md, with comments that guide the author through each part.
Every text the author still has to write is an instruction in square brackets, such as
``"[What the option involves, in one or two plain sentences.]"``; the linter lists each
one left (rule ``template.text``), and apart from them and the example-content note the
new pack lints clean. Its figures are made up to show the form, and say so.

Given a :class:`Grid` (read from a spreadsheet by :mod:`.sheet`), the options, the
questions and their answers are the grid's instead of instructions.

The pack is written into a temporary folder beside the target, loaded and checked, then
renamed into place: the target never holds half a pack, and an existing folder is never
touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from decision_aid.authoring.errors import AuthoringError
from decision_aid.content.errors import PackError
from decision_aid.content.fields import ID_PATTERN
from decision_aid.content.loader import load_pack
from decision_aid.i18n import _

__all__ = ["Grid", "new_pack", "slug"]

MAX_OPTIONS = 6
MIN_OPTIONS = 2


@dataclass(frozen=True)
class Grid:
    """A first draft of a grid: option names (columns), questions (rows), and the
    answer to each question for each option (``answers[row][column]``)."""

    options: tuple[str, ...]
    questions: tuple[str, ...]
    answers: tuple[tuple[str, ...], ...]


_TEMPLATE_GRID = Grid(
    options=("[Name of the first option]", "[Name of the second option]"),
    questions=("[A question patients often ask, such as: What does it involve?]",),
    answers=(
        (
            "[The answer for this option, in one or two plain sentences.]",
            "[The answer for this option, in one or two plain sentences.]",
        ),
    ),
)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string form is one)."""
    return json.dumps(text, ensure_ascii=False)


def slug(text: str, fallback: str, taken: set[str], limit: int = 40) -> str:
    """An id made from a text: lower-case letters and digits joined by '-', unique among
    ``taken`` (which it joins); ``fallback`` when the text has no such letters."""
    words = re.findall(r"[a-z0-9]+", text.casefold())
    base = "-".join(words)[:limit].strip("-") or fallback
    candidate, number = base, 2
    while candidate in taken or not re.fullmatch(ID_PATTERN, candidate):
        candidate = f"{base[: limit - 4]}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def _pack_yaml(pack_id: str, title: str, day: date) -> str:
    review_due = day + timedelta(days=365)
    expires = review_due + timedelta(days=365)
    return f"""\
# A new option-grid pack, made by 'decision-aid packs new'.
# Replace every text in [square brackets] with the pack's own words: 'decision-aid
# packs lint FOLDER' lists each one left (template.text). 'decision-aid packs schema'
# documents every field.
format_version: 1
# The id matches the folder's name. Keep it once the pack is published.
id: {pack_id}
# Raise the version for every published change: decision-aid packs bump FOLDER
version: 0.1.0
title: {_q(title)}
# The decision in the patient's own words.
decision: "[The choice as a patient would ask it, such as: Should I have the operation?]"
condition: "[What the condition or problem is, in two or three plain sentences.]"
population: "[Who the pack is for: the people the figures are about.]"
# treatment, screening or prevention. A screening pack also fills 'screening' in
# content.yaml.
kind: treatment
# The language this pack is written in. Translations go in translations/<code>.yaml.
source_language: en
keywords: []
authors:
  - name: "[Your name, or your team's name]"
    role: content authors
    credentials: "[Your qualifications, or: none]"
    competing_interests: "[Your competing interests, or: None declared.]"
# Reviewers are added by: decision-aid packs review FOLDER --role ROLE --name NAME
# --interests TEXT. Each sign-off names the exact content the reviewer saw.
reviewers: []
funding: "[Who paid for the work, or: No external funding.]"
published: {day.isoformat()}
evidence_searched: {day.isoformat()}
review_due: {review_due.isoformat()}
expires: {expires.isoformat()}
update_policy: "[How and when you will check the evidence again, such as: every year.]"
evidence_document: evidence.md
licence: CC-BY-4.0
# The pack stays example content until a clinician signs off this exact version
# (decision-aid packs review FOLDER --role clinician ...).
review:
  status: example
"""


def _options(grid: Grid, ids: list[str]) -> str:
    lines = [
        "# The options, 2 to 6, as the grid's columns. Mark the 'no treatment' or 'wait",
        "# and see' option with 'is_no_treatment: true'.",
        "options:",
    ]
    for option_id, name in zip(ids, grid.options, strict=True):
        lines += [
            f"  - id: {option_id}",
            f"    name: {_q(name)}",
            '    description: "[What the option involves, in one or two plain sentences.]"',
            "    benefits:",
            '      - "[A good thing about this option, in one short sentence.]"',
            "    harms:",
            '      - "[A bad thing about this option, in one short sentence.]"',
            "    living_with:",
            '      physical: "[How it changes daily life: visits, pain, time to get better.]"',
            '      emotional: "[How people often feel about this option.]"',
            '      social: "[What it means for work, family, driving and money.]"',
            "    citations: [source]",
        ]
    return "\n".join(lines) + "\n"


def _questions(grid: Grid, option_ids: list[str], named: bool) -> str:
    lines = [
        "# The grid's rows: the questions patients most often ask, with an answer for",
        "# every option, in one or two plain sentences with numbers where there are",
        "# numbers. A longer explanation goes in an answer's 'detail'.",
        "questions:",
    ]
    taken: set[str] = set()
    for index, question in enumerate(grid.questions):
        fallback = f"question-{index + 1}"
        question_id = slug(question if named else "", fallback, taken)
        lines += [f"  - id: {question_id}", f"    text: {_q(question)}", "    answers:"]
        for option_id, answer in zip(option_ids, grid.answers[index], strict=True):
            lines += [
                f"      {option_id}:",
                f"        text: {_q(answer)}",
                "        citations: [source]",
            ]
    return "\n".join(lines) + "\n"


def _figures(option_ids: list[str], first: int, others: int, spread: int) -> list[str]:
    lines = []
    for index, option_id in enumerate(option_ids):
        count = first if index == 0 else others
        lines.append(
            f"      {option_id}: {{count: {count}, out_of: 100, over: 1 year, "
            f"range: {{low: {count - spread}, high: {count + spread}}}}}"
        )
    return lines


def _outcomes(option_ids: list[str]) -> str:
    lines = [
        "# Risk figures, shown as pictures of 100 people: how many out of 100 (or 1000",
        "# for risks under 1 in 100), over the same time frame for every option. THESE",
        "# FIGURES ARE MADE UP to show the form: replace them with the evidence's, or",
        "# remove the outcome. Give a 'range' where the evidence gives one.",
        "outcomes:",
        "  - id: benefit-1",
        '    event: "[what an option can make more likely, such as: feel less pain]"',
        "    kind: benefit",
        "    valence: good",
        '    reference_class: "[who the figures are about, such as: adults with this problem]"',
        "    figures:",
        *_figures(option_ids, 30, 20, 5),
        "    certainty: low",
        "    citations: [source]",
        "  - id: harm-1",
        '    event: "[a side effect or other harm, such as: feel sick]"',
        "    kind: harm",
        "    valence: bad",
        '    reference_class: "[who the figures are about, such as: adults with this problem]"',
        "    figures:",
        *_figures(option_ids, 10, 5, 3),
        "    certainty: low",
        "    citations: [source]",
    ]
    return "\n".join(lines) + "\n"


def _rest(option_ids: list[str]) -> str:
    fares = "\n".join(
        f'      {option_id}: {{score: 0, reason: "[Why, in a few words]"}}'
        for option_id in option_ids
    )
    return f"""\
# What patients weigh when they choose, and how each option fares on it, from -2
# (works against it) to 2 (serves it well).
values:
  - id: concern-1
    concern: "[Something patients weigh, such as: Avoiding an operation]"
    fares:
{fares}
# Questions that check a key fact, with the right answer and why.
knowledge:
  - id: fact-1
    question: "[A question about a key fact, such as: How many people feel sick?]"
    choices:
      - {{id: a, text: "[A wrong answer]"}}
      - {{id: b, text: "[The right answer]"}}
    answer: b
    explanation: "[Why the right answer is right, in one plain sentence.]"
# Groups, helplines and services a patient can turn to.
support:
  - id: support-1
    name: "[The name of a group, helpline or service]"
    kind: helpline
    offers: "[What it offers, in plain words.]"
    contact: "[Its web address or phone number.]"
# Every source the pack cites, with a doi, pmid or url so readers can find it.
references:
  - id: source
    citation: "[Authors. Title. Journal or publisher, year.]"
    url: https://example.org/replace-with-the-address-of-the-source
"""


def _content_yaml(grid: Grid, named: bool) -> str:
    """content.yaml; ``named``: ids made from the grid's own option names and questions."""
    taken: set[str] = set()
    option_ids = [
        slug(name if named else "", f"option-{index + 1}", taken)
        for index, name in enumerate(grid.options)
    ]
    parts = [
        "# The grid and everything around it. Replace every text in [square brackets].\n",
        "format_version: 1\n",
        _options(grid, option_ids),
        _questions(grid, option_ids, named),
        _outcomes(option_ids),
        _rest(option_ids),
    ]
    return "".join(parts)


def _evidence_md(title: str) -> str:
    return f"""\
# Evidence for {title}

[Where every figure and statement of the pack comes from: how and when the evidence
was searched, the sources, how each figure was worked out, and which source the pack
follows where sources differ.]
"""


def _check_inputs(pack_id: str, title: str, grid: Grid) -> None:
    if not re.fullmatch(ID_PATTERN, pack_id):
        raise AuthoringError(
            "--id",
            _(
                "'{id}' is not a pack id: use lower-case letters, digits, '-' and '_', "
                "starting with a letter or a digit, at most 64 characters"
            ).format(id=pack_id),
        )
    if not " ".join(title.split()):
        raise AuthoringError("--title", _("give a value; it cannot be empty"))
    if not MIN_OPTIONS <= len(grid.options) <= MAX_OPTIONS:
        raise AuthoringError(
            "options",
            _("a grid has 2 to 6 options; this one has {n}").format(n=len(grid.options)),
        )


def new_pack(out: Path, pack_id: str, title: str, day: date, grid: Grid | None = None) -> Path:
    """Write a new pack into ``out/pack_id`` and return that folder.

    Raises :class:`AuthoringError` for a bad id or title, a folder that already exists, or
    one that cannot be written; nothing is left behind then.
    """
    named = grid is not None
    grid = grid or _TEMPLATE_GRID
    _check_inputs(pack_id, title, grid)
    title = " ".join(title.split())
    target = out / pack_id
    if target.exists() or target.is_symlink():
        raise AuthoringError(
            str(target),
            _("already exists; choose another --out folder or id (nothing was changed)"),
        )
    files = {
        "pack.yaml": _pack_yaml(pack_id, title, day),
        "content.yaml": _content_yaml(grid, named),
        "evidence.md": _evidence_md(title),
    }
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{pack_id}.", dir=out))
    except OSError as exc:
        raise AuthoringError(
            str(out), _("cannot write here ({reason})").format(reason=exc.strerror or exc)
        ) from exc
    try:
        folder = staging / pack_id
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        try:
            load_pack(folder)
        except PackError as exc:
            raise AuthoringError(
                str(target),
                _("the new pack would not be valid: {problem}").format(problem=exc.problems[0]),
            ) from exc
        for name in files:
            with (folder / name).open("rb") as handle:
                os.fsync(handle.fileno())
        try:
            folder.rename(target)
        except OSError as exc:
            raise AuthoringError(
                str(target),
                _("cannot write here ({reason})").format(reason=exc.strerror or exc),
            ) from exc
    except OSError as exc:
        raise AuthoringError(
            str(out), _("cannot write here ({reason})").format(reason=exc.strerror or exc)
        ) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
