"""Honest risk wording (DESIGN.md): no '1 in X', no relative risk alone, no vague words.

* ``risk.one-in-x``: 'N in X' or 'N out of X' where X is not 100 or 1000. A count of
  none ('0 out of 1,447') is a study's count, not a '1 in X' figure, and passes.
* ``risk.relative-only``: a relative effect ('30% lower', 'halves', 'hazard ratio') in a
  text with no absolute figure. An outcome's note is not checked: it is the clinicians'
  note on how the figures were derived, shown beside the outcome's absolute figures.
* ``risk.vague-word``: 'rare', 'common' and the like with no number in the same sentence
  or the next one. Titles (the pack's title, option names, grid questions, concerns,
  support names, glossary terms) hold no numbers and are not checked.

The rules read English only; a pack in another source language gets one info note.
Each ``find_*`` function takes one text and returns the offending phrases, so the rules
can be tested on sentences without a pack.
"""

from __future__ import annotations

import re
from datetime import date

from decision_aid.content.errors import Problem
from decision_aid.content.lint.common import is_english, located_strings, sentences, shorten
from decision_aid.content.loader import LoadedPack
from decision_aid.i18n import _

ALLOWED_DENOMINATORS = (100, 1000)

_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety"
)
_BIG = "hundred|thousand|million|billion"
_NUMERATOR = rf"\d[\d,]*(?:\.\d+)?|{_SMALL}"
_DENOMINATOR = rf"\d[\d,]*|(?:a|one)\s+(?:{_BIG})|(?:{_SMALL}|{_BIG})"
_ONE_IN_X = re.compile(
    rf"\b(?P<num>{_NUMERATOR})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<den>{_DENOMINATOR})\b"
    r"(?!\s*(?:%|per\s*cent|years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b)",
    re.IGNORECASE,
)

_PERCENT = r"\d+(?:\.\d+)?\s*(?:%|per\s?cent\b)"
_FRACTION = r"(?:a|one|two|three)[\s-]+(?:half|third|thirds|quarter|quarters|fifth|fifths|tenth)"
_RELATIVE = re.compile(
    "|".join(
        (
            rf"{_PERCENT}\s*(?:lower|higher|less|more|fewer|greater|smaller|bigger|reduction|"
            r"increase|decrease|drop|rise|fall|relative)\b",
            r"\b(?:reduc|lower|cut|increas|rais|decreas|drop|boost)\w*\b[^.;:]{0,60}?\bby\s+"
            r"(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|up\s+to\s+|over\s+)?"
            rf"(?:{_PERCENT}|{_FRACTION}\b|half\b)",
            r"\b(?:halves|halved|halving|doubles|doubled|doubling|triples|tripled|tripling|"
            r"quadruples|quadrupled)\b",
            r"\b(?:twice|half)\s+(?:as\s+(?:likely|many|much|often|common|high|low)|the\s+"
            r"(?:risk|chance|odds|rate))\b",
            rf"\b(?:\d+(?:\.\d+)?|{_SMALL})(?:\s*|-)(?:times|x|fold)\s+(?:more|less|fewer|higher|"
            r"lower|greater|as|the\s+(?:risk|chance|odds|rate))\b",
            r"\b(?:relative\s+risk|risk\s+ratio|odds\s+ratio|hazard\s+ratio|relative\s+"
            r"(?:reduction|increase))\b",
        )
    ),
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    r"\b\d[\d,]*\s+(?:in|out\s+of|per)\s+(?:100|1,?000)\b|\bout\s+of\s+(?:100|1,?000)\b.*?\b\d+\b",
    re.IGNORECASE | re.DOTALL,
)

_VAGUE = re.compile(
    r"\b(?:(?:very|quite|fairly|extremely|relatively)\s+)?(?:rare|rarely|uncommon|uncommonly|"
    r"common|commonly|frequent|frequently|infrequent|infrequently)\b",
    re.IGNORECASE,
)
_NOT_VAGUE = re.compile(
    r"\bcommon\s+(?:sense|cold|ground|law|room|good)\b|\bin\s+common\b", re.IGNORECASE
)
_DIGIT = re.compile(r"\d")


def _value(denominator: str) -> int | None:
    """A denominator as a whole number, when it is one."""
    text = denominator.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    if text.endswith("hundred"):
        return 100
    if text.endswith("thousand"):
        return 1000
    return None


def find_one_in_x(text: str) -> list[str]:
    """'1 in 20', 'one in ten' and the like: phrases whose denominator is not 100 or 1000.

    A numerator of 0 is a count of none in a study ('0 out of 1,447'), not a frequency."""
    return [
        match.group(0)
        for match in _ONE_IN_X.finditer(text)
        if _value(match.group("den")) not in ALLOWED_DENOMINATORS
        and match.group("num").replace(",", "").strip("0.") != ""
    ]


def has_absolute(text: str) -> bool:
    """True when a text gives an absolute figure such as '10 out of 100'."""
    return _ABSOLUTE.search(text) is not None


def find_relative_only(text: str) -> list[str]:
    """Relative effects ('30% lower', 'halves') in a text that gives no absolute figure."""
    if has_absolute(text):
        return []
    return [match.group(0) for match in _RELATIVE.finditer(text)]


def find_vague(text: str) -> list[str]:
    """'rare', 'common' and the like in sentences that give no number, themselves or in the
    sentence right after them ('Infection is very rare. About 2 in 1000 get one.')."""
    found: list[str] = []
    parts = sentences(text)
    for index, sentence in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else ""
        if _DIGIT.search(sentence) or _DIGIT.search(following):
            continue
        cleaned = _NOT_VAGUE.sub(" ", sentence)
        found += [match.group(0) for match in _VAGUE.finditer(cleaned)]
    return found


def is_title(loc: tuple[str | int, ...]) -> bool:
    """Whether a text is a title or a name, where no number can go."""
    first, last = (loc[0], loc[-1]) if loc else ("", "")
    return (
        loc == ("title",)
        or (first == "options" and last == "name")
        or (first == "questions" and last == "text" and len(loc) == 3)
        or (first == "values" and last == "concern")
        or (first == "support" and last == "name")
        or (first == "glossary" and len(loc) >= 3 and loc[2] in ("term", "also"))
    )


def is_outcome_note(loc: tuple[str | int, ...]) -> bool:
    """Whether a text is an outcome's note (or a group's), beside its absolute figures."""
    return bool(loc) and loc[0] == "outcomes" and loc[-1] == "note"


def check(loaded: LoadedPack, today: date) -> list[Problem]:
    """Every English text of the pack against the three wording rules."""
    language = loaded.meta.source_language
    if not is_english(language):
        return [
            loaded.problem(
                "pack",
                ("source_language",),
                _(
                    "risk wording ('1 in X', relative risk, vague words) not checked for "
                    "{language}; check it by hand"
                ).format(language=language),
                severity="info",
                rule="risk.language",
            )
        ]
    out: list[Problem] = []
    for item in located_strings(loaded):
        for phrase in find_one_in_x(item.text):
            out.append(
                loaded.problem(
                    item.part,
                    item.loc,
                    _(
                        "'{phrase}' is a '1 in X' figure, which is hard to compare; write how "
                        "many out of 100 (or out of 1000 for small risks), the same for every "
                        "option"
                    ).format(phrase=phrase),
                    rule="risk.one-in-x",
                )
            )
        relative = [] if is_outcome_note(item.loc) else find_relative_only(item.text)
        for phrase in relative:
            out.append(
                loaded.problem(
                    item.part,
                    item.loc,
                    _(
                        "'{phrase}' is a relative effect with no absolute figure; add both "
                        "numbers, e.g. '10 out of 100 instead of 20 out of 100'"
                    ).format(phrase=phrase),
                    rule="risk.relative-only",
                )
            )
        vague = [] if is_title(item.loc) else find_vague(item.text)
        for word in vague:
            out.append(
                loaded.problem(
                    item.part,
                    item.loc,
                    _(
                        "'{word}' without a number means different things to different people; "
                        "give the figure in the same sentence ('{text}')"
                    ).format(word=word, text=shorten(item.text, 40)),
                    rule="risk.vague-word",
                )
            )
    return out
