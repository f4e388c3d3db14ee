"""A local group or service from a community directory, as the paper says it: the
patient's take-home sheet (the entries chosen in the plan) and the group's record (the
entries discussed) print the same lines, from this one place.

Its name (marked when the directory is example data), who runs it, then one labelled
line each: how to get in touch first (a reader who has nothing else needs that), then
how to join, when and where. The labels are the plan step's own, in the language of the
catalog in force; the entry's own words stay as the directory wrote them. In a
right-to-left PDF, an entry's left-to-right words end in a left-to-right mark, so that
their full stop stays at their end ("Turn up on the day.") rather than moving to the far
side of the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from decision_aid.i18n import _, native_name
from decision_aid.report import rtl
from decision_aid.session.model import CommunityChoice

LRM = "\u200e"


def own(text: str) -> str:
    """The directory's ``text``, its end kept in its own direction in a right-to-left PDF."""
    if rtl.is_rtl() and text and not rtl.has_rtl(text):
        return text + LRM
    return text


def entry_name(choice: CommunityChoice) -> str:
    """The entry's name, with '(example data)' when its directory is example data."""
    if choice.example:
        return _("{name} (example data)").format(name=own(choice.name))
    return own(choice.name)


def entry_details(choice: CommunityChoice, languages: Sequence[str] = ()) -> list[str]:
    """How to reach and join it, one labelled line each (only what the directory gave),
    and, given ``languages`` (language codes), the languages it runs in."""
    labelled = (
        (_("Contact: {value}"), choice.contact),
        (_("How to join: {value}"), choice.how_to_join),
        (_("When: {value}"), choice.when),
        (_("Where: {value}"), choice.where),
    )
    lines = [label.format(value=own(value)) for label, value in labelled if value]
    if languages:
        names = ", ".join(native_name(code) for code in languages)
        lines.append(_("Runs in: {languages}").format(languages=names))
    return lines
