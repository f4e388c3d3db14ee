"""The topic pictures a pack may name: a fixed set the app draws itself.

A pack is untrusted input, so it never brings a picture of its own (no SVG, no image file,
no path): ``icon`` in ``pack.yaml`` names one of :data:`TOPIC_ICONS`, and the screens draw
that picture from the app's own code. A pack without one gets a neutral picture of a
choice. This module is the list of names and what each shows, without Qt.
"""

from __future__ import annotations

import difflib
from typing import Annotated, Literal, get_args

from pydantic import BeforeValidator

from decision_aid.i18n import N_, _

TopicIconName = Literal[
    "general",
    "knee",
    "bone",
    "heart",
    "lungs",
    "medicine",
    "blood-test",
    "pregnancy",
    "child",
    "breast",
    "prostate",
    "eye",
    "mind",
    "surgery",
]
"""The names of the topic pictures, in the order authors see them listed."""

TOPIC_ICONS: tuple[str, ...] = get_args(TopicIconName)

TOPIC_PICTURES: dict[str, str] = {
    "general": N_("a stethoscope, for general health"),
    "knee": N_("a bent leg with its knee joint, for joints"),
    "bone": N_("a bone"),
    "heart": N_("a heart with a heartbeat line"),
    "lungs": N_("two lungs and the windpipe"),
    "medicine": N_("a capsule and a tablet, for medicines"),
    "blood-test": N_("a drop of blood and a test tube, for blood tests and screening"),
    "pregnancy": N_("a pregnant woman"),
    "child": N_("an adult holding a child's hand"),
    "breast": N_("an awareness ribbon, for breast health"),
    "prostate": N_("the male sign, for men's health and the prostate"),
    "eye": N_("an eye"),
    "mind": N_("a head with a heart inside, for mental health"),
    "surgery": N_("a scalpel, for an operation"),
}
"""What each picture shows, in words (for authors; the pictures carry no text)."""

DEFAULT_PICTURE = N_("a signpost with two arrows, for a choice")
"""What a pack without an icon shows."""


def unknown_icon_message(given: object) -> str:
    """What ``icon`` says about a name the app has no picture for."""
    names = ", ".join(TOPIC_ICONS)
    if not isinstance(given, str):
        return _("expected the name of a topic picture as text, one of: {names}").format(
            names=names
        )
    close = difflib.get_close_matches(given.strip().lower(), TOPIC_ICONS, n=1)
    if close:
        return _(
            "'{given}' is not one of the topic pictures the app draws; did you mean "
            "'{close}'? The names are: {names}"
        ).format(given=given, close=close[0], names=names)
    return _(
        "'{given}' is not one of the topic pictures the app draws; use one of: {names} "
        "(or leave 'icon' out for a neutral picture)"
    ).format(given=given, names=names)


def _known(value: object) -> object:
    if isinstance(value, str) and value in TOPIC_ICONS:
        return value
    raise ValueError(unknown_icon_message(value))


TopicIcon = Annotated[TopicIconName, BeforeValidator(_known)]
"""The name of one of the app's own topic pictures."""
