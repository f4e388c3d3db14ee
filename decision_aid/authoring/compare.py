"""Compare two versions of a pack: every changed figure, denominator, time frame, citation,
reference and text, per option and outcome.

What a clinical reviewer needs to sign off a new version. :func:`compare_packs` returns
structured :class:`Change` items the workbench highlights and ``decision-aid packs compare``
prints. Items are matched by their ids, never by position, so moving an option or a row
is no change to its figures, and a renamed id shows as one item removed and one added.

Changes come in the order a reviewer reads them: figures, denominators, time frames,
citations, references, GRADE certainty, text, translations, then everything else; within
each kind, in the pack's own order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from decision_aid.content.lint.numbers import numbers
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model import Pack, TranslationFile
from decision_aid.content.strings import pack_strings
from decision_aid.i18n import _

__all__ = ["KINDS", "Action", "Change", "Kind", "compare_models", "compare_packs"]

Kind = Literal[
    "figure",
    "denominator",
    "time frame",
    "citation",
    "reference",
    "certainty",
    "text",
    "translation",
    "other",
]
KINDS: tuple[Kind, ...] = (
    "figure",
    "denominator",
    "time frame",
    "citation",
    "reference",
    "certainty",
    "text",
    "translation",
    "other",
)
"""Every kind of change, in the order they are listed."""

Action = Literal["changed", "added", "removed"]

Path = tuple[str | int, ...]

FIGURE_FIELDS = frozenset(
    {"count", "range", "low", "high", "zero_events", "studied", "up_to", "no_data"}
    | {"does_not_apply", "basis"}
)
"""Fields of a figure (and of its range and zero-event bound) that are its figures."""
CITATION_FIELDS = frozenset(
    {"citations", "condition_citations", "population_citations", "follows", "other"}
)
"""Fields that list reference ids."""


@dataclass(frozen=True)
class Change:
    """One difference between two versions of a pack."""

    kind: Kind
    action: Action
    """'changed', or 'added' / 'removed' for a field or a whole item (an option, a
    reference) that only one version has."""
    part: str
    """Where: 'pack' (pack.yaml), 'content' (content.yaml) or a language code (a
    translation file)."""
    path: Path
    """The field, through ids rather than positions: ('outcomes', 'infection', 'figures',
    'replacement', 'count'), or ('strings', 'title') in a translation."""
    place: str
    """The same in words: "outcome 'infection' › option 'replacement' › count"."""
    old: str | None
    """The old value as text; None when added."""
    new: str | None
    """The new value as text; None when removed."""
    numbers_changed: bool = False
    """For a text or a translation: True when its numbers changed too (a figure in words)."""


def _item_words() -> dict[str, str]:
    """How an item of each kind of list is named in a place, by the list's field name."""
    option = _("option '{id}'")
    group = _("group '{id}'")
    return {
        "options": option,
        "answers": option,
        "figures": option,
        "fares": option,
        "questions": _("question '{id}'"),
        "outcomes": _("outcome '{id}'"),
        "groups": group,
        "values": _("concern '{id}'"),
        "knowledge": _("knowledge question '{id}'"),
        "choices": _("choice '{id}'"),
        "support": _("support '{id}'"),
        "glossary": _("glossary entry '{id}'"),
        "references": _("reference '{id}'"),
    }


def _keyed(value: Any) -> Any:
    """Lists of items with ids become blocks keyed by id, all the way down."""
    if isinstance(value, dict):
        return {key: _keyed(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_keyed(item) for item in value]
        if items and all(
            isinstance(item, dict) and isinstance(item.get("id"), str) for item in items
        ):
            return {"#" + item["id"]: item for item in items}
        return items
    return value


def _text(value: Any) -> str | None:
    """A value as a reviewer reads it."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(t for t in (_text(item) for item in value) if t is not None)
    if isinstance(value, dict):
        if set(value) == {"low", "high"}:
            return f"{value['low']}–{value['high']}"
        parts = [
            f"{key.lstrip('#')}: {shown}"
            for key, item in value.items()
            if (shown := _text(item)) is not None and key != "id"
        ]
        return "; ".join(parts) if parts else json.dumps(value, ensure_ascii=False)
    return str(value)


class _Differ:
    def __init__(self, texts: set[str], language: str) -> None:
        self.texts = texts
        self.language = language
        self.words = _item_words()
        self.out: list[Change] = []

    def kind(self, part: str, path: Path) -> Kind:
        names = [step for step in path if isinstance(step, str) and not step.startswith("#")]
        last = names[-1] if names else ""
        if part not in ("pack", "content"):
            return "translation"
        if "figures" in names and last in FIGURE_FIELDS:
            return "figure"
        if last == "out_of":
            return "denominator"
        if last == "over":
            return "time frame"
        if last in CITATION_FIELDS:
            return "citation"
        if names[:1] == ["references"]:
            return "reference"
        if last == "certainty":
            return "certainty"
        if self.string_path(path) in self.texts:
            return "text"
        if len(path) <= 2 and part == "content":
            # A whole item added or removed: an outcome is figures, anything else text.
            return "figure" if names[:1] == ["outcomes"] else "text"
        return "other"

    @staticmethod
    def string_path(path: Path) -> str:
        return ".".join(str(step).lstrip("#") for step in path)

    def place(self, part: str, path: Path) -> str:
        words: list[str] = []
        previous = ""
        for step in path:
            if isinstance(step, str) and step.startswith("#"):
                template = self.words.get(previous, "'{id}'")
                words[-1:] = [template.format(id=step[1:])]
            elif previous in ("figures", "answers", "fares", "groups") and isinstance(step, str):
                words[-1:] = [self.words[previous].format(id=step)]
            elif isinstance(step, int):
                words.append(f"[{step + 1}]")
            else:
                words.append(step)
            previous = step if isinstance(step, str) else previous
        return " › ".join(words)

    def add(self, part: str, path: Path, old: Any, new: Any) -> None:
        action: Action = "changed"
        if old is None:
            action = "added"
        elif new is None:
            action = "removed"
        clean = tuple(step.lstrip("#") if isinstance(step, str) else step for step in path)
        kind = self.kind(part, path)
        language = self.language if part in ("pack", "content") else part
        self.out.append(
            Change(
                kind=kind,
                action=action,
                part=part,
                path=clean,
                place=self.place(part, path)
                if part in ("pack", "content")
                else f"{part} › {path[-1]}",
                old=_text(old),
                new=_text(new),
                numbers_changed=kind in ("text", "translation")
                and isinstance(old, str)
                and isinstance(new, str)
                and numbers(old, language) != numbers(new, language),
            )
        )

    def diff(self, part: str, path: Path, old: Any, new: Any) -> None:
        if old == new:
            return
        name = path[-1] if path else ""
        # A list of items with ids left empty (or first filled) is a block of none.
        if isinstance(old, dict) and new == []:
            new = {}
        if isinstance(new, dict) and old == []:
            old = {}
        if isinstance(old, dict) and isinstance(new, dict):
            for key in [*old, *(k for k in new if k not in old)]:
                self.diff(part, (*path, key), old.get(key), new.get(key))
            return
        if isinstance(old, list) and isinstance(new, list) and name not in CITATION_FIELDS:
            for index in range(max(len(old), len(new))):
                left = old[index] if index < len(old) else None
                right = new[index] if index < len(new) else None
                self.diff(part, (*path, index), left, right)
            return
        self.add(part, path, old, new)


def compare_models(
    old: Pack,
    new: Pack,
    old_translations: dict[str, TranslationFile] | None = None,
    new_translations: dict[str, TranslationFile] | None = None,
) -> list[Change]:
    """Every change from ``old`` to ``new`` (and between their translations)."""
    texts = {s.path for s in (*pack_strings(old), *pack_strings(new))}
    differ = _Differ(texts, new.meta.source_language)
    for part, left, right in (
        ("pack", old.meta, new.meta),
        ("content", old.content, new.content),
    ):
        differ.diff(
            part,
            (),
            _keyed(left.model_dump(mode="json")),
            _keyed(right.model_dump(mode="json")),
        )
    before = old_translations or {}
    after = new_translations or {}
    for locale in [*before, *(k for k in after if k not in before)]:
        left_strings = dict(before[locale].strings) if locale in before else {}
        right_strings = dict(after[locale].strings) if locale in after else {}
        for key in [*left_strings, *(k for k in right_strings if k not in left_strings)]:
            if left_strings.get(key) != right_strings.get(key):
                differ.add(locale, ("strings", key), left_strings.get(key), right_strings.get(key))
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(differ.out, key=lambda change: order[change.kind])


def compare_packs(old: LoadedPack, new: LoadedPack) -> list[Change]:
    """Every change from one loaded version of a pack to another."""
    return compare_models(old.pack, new.pack, old.translations, new.translations)
