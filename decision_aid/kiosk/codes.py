"""Hand-over codes: six characters a patient can read aloud and a clinician can type.

The alphabet keeps one character of every look-alike group (zero, not the letter O; one,
not I or L; five, not S; two, not Z; eight, not B; six, not G; U, not V) and leaves out Q,
so a code read from a slip or a screen has one meaning. What the clinician types is
forgiving: case is ignored, spaces and dashes are dropped, the left-out look-alikes are
read as the character kept (O and Q as 0, I and L as 1, S as 5, Z as 2, B as 8, G as 6,
V as U), and digits of any script (such as Arabic-Indic) or full-width letters count as
their plain forms.
"""

from __future__ import annotations

import secrets
import unicodedata

from decision_aid.i18n import _
from decision_aid.i18n.bidi import LRI, PDI

ALPHABET = "0123456789ACDEFHJKMNPRTUWXY"
"""The characters of a code: ten digits and seventeen letters (27⁶ ≈ 387 million codes)."""
LENGTH = 6
LOOK_ALIKES = {"O": "0", "Q": "0", "I": "1", "L": "1", "S": "5", "Z": "2", "B": "8"}
LOOK_ALIKES |= {"G": "6", "V": "U"}
"""Characters never used in a code, read as the one they are mistaken for."""
SEPARATORS = frozenset(" -_.·\u00a0\u2010\u2011\u2012\u2013\u2014\u200f\u200e")
"""What a clinician may type between the characters (spaces, dashes, direction marks)."""


class CodeError(ValueError):
    """What was typed is not a hand-over code; the message says why and what to do."""


def new_code() -> str:
    """A random code, from the operating system's secure random source."""
    return "".join(secrets.choice(ALPHABET) for _i in range(LENGTH))


def is_code(text: str) -> bool:
    """True for a code exactly as this module makes them."""
    return len(text) == LENGTH and all(c in ALPHABET for c in text)


def spaced(code: str) -> str:
    """The code as shown and printed: two groups of three, 'K7M 4XP'."""
    return f"{code[:3]} {code[3:]}"


def on_screen(code: str) -> str:
    """The spaced code in a left-to-right isolate, for a label or a sentence on screen.

    Without it an Arabic sentence shows "K7M 4XP" as "4XP K7M", and a code such as
    "673 13K" would be taken for a phone number and split at the letter. The code's
    two groups are kept together by a no-break space.
    """
    return f"{LRI}{code[:3]}\u00a0{code[3:]}{PDI}"


def _plain(char: str) -> str:
    """One typed character as a code character (upper case, plain digit), or itself."""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    folded = unicodedata.normalize("NFKC", char).upper()
    return "".join(LOOK_ALIKES.get(c, c) for c in folded)


def code_char(typed: str) -> str | None:
    """The code character meant by one typed character (forgiving as :func:`read_code`),
    or None when it cannot be one."""
    if len(typed) != 1:
        return None
    plain = _plain(typed)
    return plain if len(plain) == 1 and plain in ALPHABET else None


def read_code(typed: str) -> str:
    """The code meant by ``typed``; CodeError when it cannot be one."""
    chars = [_plain(c) for c in typed if c not in SEPARATORS and not c.isspace()]
    code = "".join(chars)
    wrong = [c for c in code if c not in ALPHABET]
    if wrong:
        raise CodeError(
            _(
                "'{char}' is never part of a hand-over code. Codes have the digits 0 to 9 "
                "and the letters {letters}; read the code on the patient's slip again."
            ).format(char=wrong[0][:5], letters=" ".join(c for c in ALPHABET if c.isalpha()))
        )
    if len(code) != LENGTH:
        raise CodeError(
            _(
                "A hand-over code has {length} characters; {count} were typed. Read the "
                "code on the patient's slip again."
            ).format(length=LENGTH, count=len(code))
        )
    return code
