"""Numbers that differ between a source text and its translation (``translation.numbers``).

A patient reading Welsh, Polish or Arabic must see the figures an English reader sees: a
"5 out of 1000" that becomes "6 out of 1000" in translation is a wrong figure, whatever the
wording around it. Each translated text is compared with the source text at the same string
path, as a multiset of numbers.

Numbers are read as the languages write them:

* Arabic-Indic digits (and their Persian forms) count as the digits 0 to 9;
* a decimal point, a decimal comma and the Arabic decimal sign are the same;
* a thousands separator (a comma, a space or the Arabic one) before three digits joins the
  number: "123,940", "123 940" and "123940" are one number;
* a percentage is its own kind of number: "5%", "5 %", "٥٪", "5 y cant", "5 procent" and
  "5 بالمئة" are all 5 per cent, and differ from a bare 5;
* leading zeros do not count: "04" is 4;
* a few words stand for a number where a language does not use a digit: English "twice",
  Welsh "ddwywaith", Polish "dwa razy", and Arabic dual nouns (two years, two weeks ...) and a
  single time unit ("شهر واحد", one month), which Arabic grammar writes in words.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.loader import LoadedPack
from decision_aid.content.strings import pack_strings
from decision_aid.i18n import _

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(
    r"\d+(?:[,\u066c\u00a0\u202f ]\d{3}(?!\d))*(?:[.,\u066b]\d+)?"
    r"(?P<percent>\s?(?:%|\u066a|y cant\b|procent\w*|proc\.|بالمئة|بالمائة|في المئة|في المائة))?",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"[,\u066c\u00a0\u202f ](?=\d{3}(?!\d))")
_ARABIC_DUALS = (
    "سنتين",
    "سنتان",
    "عامين",
    "عامان",
    "أسبوعين",
    "أسبوعان",
    "شهرين",
    "شهران",
    "مرتين",
    "مرتان",
    "حصتين",
    "حصتان",
    "يومين",
    "يومان",
)
_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": ((r"\btwice\b", "2"),),
    "cy": ((r"\bddwywaith\b", "2"),),
    "pl": ((r"\bdwa razy\b", "2"),),
    "ar": (
        *((rf"(?<!\w){word}(?!\w)", " 2 ") for word in _ARABIC_DUALS),
        (r"(?<!\w)(?:شهر|أسبوع|يوم|سنة|عام) واحدة?(?!\w)", " 1 "),
    ),
}
"""Words that stand for a number, by language (the part of a locale before '_')."""


def _plain(raw: str) -> str:
    """One number as plain digits with a decimal point and no leading zeros."""
    whole = _THOUSANDS.sub("", raw).replace(",", ".").replace("\u066b", ".")
    integer, dot, fraction = whole.partition(".")
    return (integer.lstrip("0") or "0") + dot + fraction


def numbers(text: str, locale: str) -> Counter[str]:
    """The numbers a text gives, as plain digits ('27.1', or '5%' for a percentage), counted."""
    text = text.translate(_DIGITS)
    for pattern, digit in _WORDS.get(locale.split("_", 1)[0], ()):
        text = re.sub(pattern, digit, text, flags=re.IGNORECASE)
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        percent = match.group("percent")
        raw = match.group(0)[: match.start("percent") - match.start()] if percent else match[0]
        found[_plain(raw) + ("%" if percent else "")] += 1
    return found


def differ(source: str, source_locale: str, translated: str, locale: str) -> bool:
    """True when the two texts do not give the same numbers."""
    return numbers(source, source_locale) != numbers(translated, locale)


def listed(found: Counter[str]) -> str:
    """Numbers for a message, in the order of their value: '5, 1000' (or '-' for none)."""

    def value(item: str) -> float:
        return float(item.rstrip("%"))

    return ", ".join(sorted(found.elements(), key=value)) or "-"


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """A warning for each translated text whose numbers differ from its source text's."""
    source = {s.path: s.text for s in pack_strings(loaded.pack)}
    language = loaded.meta.source_language
    out: list[Problem] = []
    for locale, translation in loaded.translations.items():
        for key, text in translation.strings.items():
            if key not in source:
                continue
            want, got = numbers(source[key], language), numbers(text, locale)
            if want == got:
                continue
            out.append(
                loaded.problem(
                    locale,
                    ("strings", key),
                    _(
                        "{locale}: '{key}' gives other numbers than the {source} text: "
                        "{source} {want}, here {got}; check every figure against the source"
                    ).format(
                        locale=locale,
                        key=key,
                        source=language,
                        want=listed(want),
                        got=listed(got),
                    ),
                    severity="warning",
                    rule="translation.numbers",
                )
            )
    return out
