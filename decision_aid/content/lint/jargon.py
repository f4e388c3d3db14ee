"""Terms a patient may not know, used without a glossary entry to explain them.

* ``plain.jargon``: a term of the jargon list used in the pack's text where no glossary
  entry covers it. One warning per term, at its first use, with how many uses it has.
  The list is :data:`STARTER_JARGON` (English; used when the pack is written in English)
  plus the pack's own ``jargon`` (in any language). Search keywords and the glossary's
  own terms are not checked.
* ``glossary.unused``: a glossary entry whose term occurs in no text of the pack.
* ``glossary.translation``: a translation whose texts do not use the entry's term (in
  that language: its ``term`` or one of its ``also`` forms) where the source text uses
  it, so a patient reading that language could not tap it. One warning per entry and
  language, naming the texts; the usual fix is to list the forms the translation uses,
  such as 'للغضروف' or 'chrząstki', in ``glossary.<id>.also``.

The grid shows each glossary term as a term to tap for its meaning.
"""

from __future__ import annotations

from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.glossary import find_terms, form_pattern
from decision_aid.content.lint.common import Located, is_english, located_strings, shorten
from decision_aid.content.loader import LoadedPack
from decision_aid.content.model_parts import GlossaryEntry
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
    out += translations(loaded)
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


SHOWN_PLACES = 3
"""How many texts a ``glossary.translation`` warning names."""


def translated_entry(entry: GlossaryEntry, strings: dict[str, str]) -> GlossaryEntry:
    """The entry in a translation's words: its term and other forms in that language."""
    term = strings.get(f"glossary.{entry.id}.term")
    also = strings.get(f"glossary.{entry.id}.also")
    if term is None:
        return entry.model_copy(update={"also": also or entry.also})
    return entry.model_copy(update={"term": term, "also": also})


def translations(loaded: LoadedPack) -> list[Problem]:
    """``glossary.translation``: a term the source text uses that its translation does not."""
    texts = [
        item for item in located_strings(loaded) if _checked(item) and item.loc[:1] != ("glossary",)
    ]
    out: list[Problem] = []
    for locale, translation in loaded.translations.items():
        strings = translation.strings
        for entry in loaded.content.glossary:
            local = translated_entry(entry, strings)
            missed = [
                item.path
                for item in texts
                if item.path in strings
                and find_terms(item.text, [entry])
                and not find_terms(strings[item.path], [local])
            ]
            if not missed:
                continue
            places = ", ".join(missed[:SHOWN_PLACES])
            if len(missed) > SHOWN_PLACES:
                places += ", …"
            out.append(
                loaded.problem(
                    locale,
                    ("strings", f"glossary.{entry.id}.term"),
                    ngettext(
                        "glossary entry '{id}': the {locale} text of {n} place that uses "
                        "'{term}' in the source does not use '{local}' ({places}); add the "
                        "form it uses to 'glossary.{id}.also', so patients can tap it there "
                        "too",
                        "glossary entry '{id}': the {locale} texts of {n} places that use "
                        "'{term}' in the source do not use '{local}' ({places}); add the "
                        "forms they use to 'glossary.{id}.also', so patients can tap it there "
                        "too",
                        len(missed),
                    ).format(
                        id=entry.id,
                        locale=locale,
                        n=len(missed),
                        term=entry.term,
                        local=shorten(local.term, 40),
                        places=places,
                    ),
                    severity="warning",
                    rule="glossary.translation",
                )
            )
    return out
