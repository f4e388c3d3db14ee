"""Terms a patient may not know, used without a glossary entry to explain them.

* ``plain.jargon``: a term of the jargon list used in the pack's text where no glossary
  entry covers it. One warning per term, at its first use, with how many uses it has.
  The list is :data:`STARTER_JARGON` (English; used when the pack is written in English)
  plus the pack's own ``jargon`` (in any language). Search keywords and the glossary's
  own terms are not checked.
* ``glossary.unused``: a glossary entry whose term occurs in no text of the pack.

The grid shows each glossary term as a term to tap for its meaning.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.glossary import find_terms, form_pattern
from decision_aid.content.lint.common import Located, is_english, located_strings
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _, ngettext

STARTER_JARGON: tuple[tuple[str, ...], ...] = (
    ("NICE",),
    ("QRISK3", "QRISK"),
    ("anti-inflammatory", "anti-inflammatories"),
    ("cartilage",),
    ("radiotherapy",),
    ("biopsy", "biopsies"),
    ("sepsis", "septic"),
    ("MRI",),
    ("metastasis", "metastases", "metastatic"),
    ("incontinence", "incontinent"),
    ("placebo", "placebos"),
    ("prosthesis", "prostheses", "prosthetic"),
    ("arthroplasty",),
    ("corticosteroid", "corticosteroids"),
    ("NSAID", "NSAIDs"),
    ("opioid", "opioids"),
    ("anticoagulant", "anticoagulants"),
    ("catheter",),
    ("haematuria", "hematuria"),
    ("thrombosis",),
    ("embolism",),
    ("cardiovascular",),
)
"""Terms that need explaining, each with its other forms (English)."""


def _checked(item: Located) -> bool:
    """Whether a text is read for jargon: not a search keyword, not a glossary term."""
    first = item.loc[0] if item.loc else ""
    if first == "keywords":
        return False
    return not (first == "glossary" and len(item.loc) >= 3 and item.loc[2] in ("term", "also"))


def jargon_list(loaded: LoadedPack) -> list[tuple[str, ...]]:
    """The terms checked for this pack: the starter list (English packs) and its own."""
    terms = list(STARTER_JARGON) if is_english(loaded.meta.source_language) else []
    return terms + [(term,) for term in loaded.content.jargon]


def _unexplained(item: Located, forms: tuple[str, ...], loaded: LoadedPack) -> int:
    """How many uses of the term in this text no glossary entry covers."""
    covered = [(m.start, m.end) for m in find_terms(item.text, loaded.content.glossary)]
    count = 0
    for form in forms:
        for match in form_pattern(form).finditer(item.text):
            if not any(start <= match.start() < end for start, end in covered):
                count += 1
    return count


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """A warning per unexplained jargon term, and per glossary entry that nothing uses."""
    texts = [item for item in located_strings(loaded) if _checked(item)]
    out: list[Problem] = []
    for forms in jargon_list(loaded):
        first: Located | None = None
        uses = 0
        for item in texts:
            found = _unexplained(item, forms, loaded)
            if found and first is None:
                first = item
            uses += found
        if first is None:
            continue
        out.append(
            loaded.problem(
                first.part,
                first.loc,
                ngettext(
                    "'{term}' is used {n} time and never explained; add a glossary entry "
                    "with its plain meaning (the grid shows it when the term is tapped), or "
                    "use everyday words",
                    "'{term}' is used {n} times and never explained; add a glossary entry "
                    "with its plain meaning (the grid shows it when the term is tapped), or "
                    "use everyday words",
                    uses,
                ).format(term=forms[0], n=uses),
                severity="warning",
                rule="plain.jargon",
            )
        )
    for index, entry in enumerate(loaded.content.glossary):
        if any(find_terms(item.text, [entry]) for item in texts if item.loc[:1] != ("glossary",)):
            continue
        out.append(
            loaded.problem(
                "content",
                ("glossary", index, "term"),
                _(
                    "glossary entry '{id}': '{term}' occurs in no text of the pack; fix the "
                    "term (add the form the text uses to 'also') or remove the entry"
                ).format(id=entry.id, term=entry.term),
                severity="warning",
                rule="glossary.unused",
            )
        )
    return out
