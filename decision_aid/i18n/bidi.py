"""Left-to-right runs inside right-to-left text: phone numbers, web addresses, e-mail.

In an Arabic sentence the Unicode bidirectional algorithm treats the spaces between the
digit groups of a phone number as right-to-left, so "0808 808 00 00" is shown as
"00 00 808 0808", a misdial waiting to happen; a web address's trailing "/" jumps to its
front. Wrapping each such run in a left-to-right isolate (LRI ... PDI, Unicode's
isolates, which Qt and python-bidi both honour) keeps it in the order it was written.
In left-to-right text the isolates change nothing that is seen.
"""

from __future__ import annotations

import re

LRI = "\u2066"
"""LEFT-TO-RIGHT ISOLATE: starts a run laid out left to right on its own."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: ends the run."""
ISOLATES = "\u2066\u2067\u2068\u2069"
"""Every isolate character (LRI, RLI, FSI, PDI)."""

_URL = r"(?:https?://|www\.)[^\s\u2066-\u2069]+[^\s\u2066-\u2069.,;:!?)\]}\"'،؛؟]"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
# Two or more digit groups joined by a space, hyphen, dot or brackets (a phone number, an
# opening-hours range "9-5" is left alone: it needs five digits), or a leading "+".
_PHONE = r"(?:\+|\(\d)?\d[\d()]*(?:[ \-.]\(?\d[\d()]*){1,}"
_RUN = re.compile(rf"(?P<url>{_URL})|(?P<email>{_EMAIL})|(?P<phone>{_PHONE})")
_DIGITS_NEEDED = 5
_ANY_ISOLATE = re.compile("[\u2066-\u2069]")


def _isolate(match: re.Match[str]) -> str:
    run = match.group(0)
    if match.lastgroup == "phone" and sum(ch.isdigit() for ch in run) < _DIGITS_NEEDED:
        return run
    return f"{LRI}{run}{PDI}"


def isolate_ltr_runs(text: str) -> str:
    """``text`` with every phone number, web address and e-mail address in an LTR isolate.

    Text that already holds isolates is returned as it is (it was isolated once).
    """
    if _ANY_ISOLATE.search(text):
        return text
    return _RUN.sub(_isolate, text)


def strip_isolates(text: str) -> str:
    """``text`` without isolate characters: for output that has been ordered already, or
    for comparing what a reader sees with what was written."""
    return text.translate({ord(ch): None for ch in ISOLATES})
